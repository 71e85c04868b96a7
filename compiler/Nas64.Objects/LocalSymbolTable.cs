namespace Nas64.Objects;

/// <summary>
/// The named local symbols of an object read for linking, kept compact instead of as one
/// <see cref="Symbol"/> and one string each (an assembler's object is mostly locals, and a linker only
/// copies them to the executable's symbol table). Entries are in symbol-table order; names stay as the
/// bytes of the file's string table.
/// </summary>
public sealed class LocalSymbolTable(byte[] strings, LocalSymbol[] entries, int count)
{
    /// <summary>The object's string table (a copy); names are NUL-terminated at <see cref="LocalSymbol.Name"/>.</summary>
    public byte[] Strings { get; } = strings;

    /// <summary>The first <see cref="Count"/> elements are the entries.</summary>
    private readonly LocalSymbol[] _entries = entries;

    public int Count { get; } = count;

    public ReadOnlySpan<LocalSymbol> Entries => _entries.AsSpan(0, Count);

    /// <summary>The name of <paramref name="entry"/> as bytes, without the NUL.</summary>
    public ReadOnlySpan<byte> NameOf(in LocalSymbol entry)
    {
        var rest = Strings.AsSpan((int)entry.Name);
        return rest[..rest.IndexOf((byte)0)];
    }
}

/// <summary>One named, defined local symbol (not a section or file symbol).</summary>
/// <param name="Name">Offset of the name in <see cref="LocalSymbolTable.Strings"/> (checked: NUL-terminated inside it).</param>
/// <param name="Section">The section it is defined in; null when absolute.</param>
public readonly record struct LocalSymbol(uint Name, Section? Section, ulong Value, ulong Size, SymbolType Type);
