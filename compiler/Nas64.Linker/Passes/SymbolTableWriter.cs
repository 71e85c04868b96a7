using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Nas64.Objects;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Linker.Passes;

/// <summary>
/// .symtab and .strtab as ld writes them for an executable: a FILE symbol per object (the object's own,
/// else its file name) followed by its
/// locals, then hidden and internal globals made local, then the globals; section indexes are output
/// sections. Runs twice over the same symbols: once without a destination to measure both tables (so
/// the file is allocated at its final size), then straight into the file's bytes, with no copy between.
/// </summary>
internal sealed class SymbolTableWriter
{
    private readonly LinkContext _ctx;
    private readonly ImageBuffer? _file;
    private readonly int _symbolsAt, _stringsAt;
    private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

    private SymbolTableWriter(LinkContext ctx, ImageBuffer? file, int symbolsAt, int stringsAt)
    {
        _ctx = ctx;
        _file = file;
        _symbolsAt = symbolsAt;
        _stringsAt = stringsAt;
        Count = 1;          // symbol 0, all zero
        StringLength = 1;   // the empty name
    }

    /// <summary>Entries in .symtab, symbol 0 included.</summary>
    public int Count { get; private set; }

    /// <summary>Index of the first global (.symtab's sh_info).</summary>
    public int FirstGlobal { get; private set; }

    /// <summary>Bytes in .strtab.</summary>
    public int StringLength { get; private set; }

    /// <summary>Sizes both tables without writing them.</summary>
    public static SymbolTableWriter Measure(LinkContext ctx)
    {
        var writer = new SymbolTableWriter(ctx, null, 0, 0);
        writer.Run();
        return writer;
    }

    /// <summary>Writes both tables into <paramref name="file"/> (zero-filled there) at the given offsets.</summary>
    public static void Write(LinkContext ctx, ImageBuffer file, int symbolsAt, int stringsAt, SymbolTableWriter measured)
    {
        var writer = new SymbolTableWriter(ctx, file, symbolsAt, stringsAt);
        writer.Run();
        if (writer.Count != measured.Count || writer.StringLength != measured.StringLength)
            throw new InvalidOperationException("symbol table changed between measuring and writing");
    }

    private void Run()
    {
        foreach (var obj in _ctx.Objects) WriteLocals(obj);
        foreach (var global in _ctx.GlobalOrder)
        {
            if (!IsEmitted(global) || !IsHidden(global)) continue;
            WriteSymbol(Add(global.Name), StbLocal, ElfType(global.Type), Visibility(global), SectionIndex(global), SymbolValue(global), global.Size);
        }
        FirstGlobal = Count;
        foreach (var global in _ctx.GlobalOrder)
        {
            bool undefinedWeak = !global.IsDefined && global.IsReferenced && !global.HasStrongReference;
            if (!undefinedWeak && (!IsEmitted(global) || IsHidden(global))) continue;
            byte binding = global.Binding == SymbolBinding.Weak || undefinedWeak ? StbWeak : StbGlobal;
            WriteSymbol(Add(global.Name), binding, ElfType(global.Type), Visibility(global),
                undefinedWeak ? ShnUndef : SectionIndex(global), SymbolValue(global), global.Size);
        }
    }

    /// <summary>One object's locals (model symbols, then the compact ones), after its FILE symbol.</summary>
    private void WriteLocals(InputObject obj)
    {
        InputSection? input = null;
        bool fileWritten = false;
        foreach (var local in obj.Module.Symbols)
        {
            if (local.IsGlobal || !local.IsDefined || local.Name.Length == 0 || local.Type is Objects.SymbolType.File or Objects.SymbolType.Section) continue;
            if (Place(obj, ref input, ref fileWritten, local.Section, local.Value, out ushort index, out ulong address))
                WriteLocal(AddUnique(local.Name), local.Type, index, address, local.Size);
        }
        if (obj.Module.Locals is not { } table) return;
        foreach (ref readonly var local in table.Entries)
        {
            if (table.Strings[local.Name] == 0) continue;
            if (Place(obj, ref input, ref fileWritten, local.Section, local.Value, out ushort index, out ulong address))
                WriteLocal(AddUnique(table.NameOf(local)), local.Type, index, address, local.Size);
        }
    }

    /// <summary>The output section index and address of a local at <paramref name="value"/> in
    /// <paramref name="section"/> (absolute when null); false when its section is not in the output.
    /// The first local placed is preceded by the object's FILE symbol.</summary>
    private bool Place(InputObject obj, ref InputSection? input, ref bool fileWritten, Section? section, ulong value, out ushort index, out ulong address)
    {
        index = ShnAbs;
        address = value;
        if (section is not null)
        {
            if (input?.Section != section) input = obj.Find(section);
            if (input is null || !input.IsLive || (input.Output is null && input.Merged is null)) return false;
            address = input.AddressOf(value);
            index = (ushort)(input.Merged?.Target.Output ?? input.Output)!.HeaderIndex;
        }
        if (!fileWritten)
        {
            WriteSymbol(Add(obj.Module.FileSymbolName ?? Path.GetFileName(obj.Module.SourceName)), StbLocal, SttFile, StvDefault, ShnAbs, 0, 0);
            fileWritten = true;
        }
        return true;
    }

    private void WriteLocal(uint name, Objects.SymbolType type, ushort index, ulong address, ulong size)
    {
        if (type == Objects.SymbolType.Tls) address -= _ctx.Tls?.Address ?? 0;
        WriteSymbol(name, StbLocal, ElfType(type), 0, index, address, size);
    }

    private void WriteSymbol(uint name, byte binding, byte type, byte other, ushort section, ulong value, ulong size)
    {
        if (_file is not null)
        {
            var entry = _file.Span.Slice(_symbolsAt + Count * Elf64SymbolSize, Elf64SymbolSize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, name);
            entry[4] = (byte)(binding << 4 | type);
            entry[5] = other;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], section);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], value);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], size);
        }
        Count++;
    }

    /// <summary>Appends without looking for an earlier copy: local names rarely repeat, and hashing
    /// every one costs more than the bytes it would save.</summary>
    private uint AddUnique(string name)
    {
        if (name.Length == 0) return 0;
        uint offset = (uint)StringLength;
        int length = Encoding.UTF8.GetByteCount(name);
        if (_file is not null) Encoding.UTF8.GetBytes(name, _file.Span.Slice(_stringsAt + StringLength, length));
        StringLength += length + 1;
        return offset;
    }

    /// <summary>Appends raw name bytes (from an input string table) without looking for an earlier copy.</summary>
    private uint AddUnique(ReadOnlySpan<byte> name)
    {
        uint offset = (uint)StringLength;
        if (_file is not null) name.CopyTo(_file.Span[(_stringsAt + StringLength)..]);
        StringLength += name.Length + 1;
        return offset;
    }

    /// <summary>Appends <paramref name="name"/> unless an earlier Add appended it.</summary>
    private uint Add(string name)
    {
        if (name.Length == 0) return 0;
        ref uint offset = ref CollectionsMarshal.GetValueRefOrAddDefault(_offsets, name, out bool exists);
        if (exists) return offset;
        offset = AddUnique(name);
        return offset;
    }

    private static bool IsEmitted(LinkSymbol symbol) =>
        symbol.Section is { } section ? section.IsLive && (section.Output is not null || section.Merged is not null)
        : symbol.IsAbsolute || symbol.IsLinkerDefined;

    /// <summary>st_value: the address, or for a TLS symbol its offset in the TLS template (as in ld's executables).</summary>
    private ulong SymbolValue(LinkSymbol symbol) =>
        symbol.Type == Objects.SymbolType.Tls ? symbol.Address - (_ctx.Tls?.Address ?? 0) : symbol.Address;

    private static bool IsHidden(LinkSymbol symbol) =>
        symbol.Definition?.Visibility is SymbolVisibility.Hidden or SymbolVisibility.Internal;

    private static byte Visibility(LinkSymbol symbol) => (byte)(symbol.Definition?.Visibility ?? SymbolVisibility.Default);

    private static ushort SectionIndex(LinkSymbol symbol)
    {
        if (symbol.Section is { } section) return (ushort)(section.Merged?.Target.Output ?? section.Output)!.HeaderIndex;
        if (symbol.Output is { } output) return (ushort)output.HeaderIndex;
        return ShnAbs;
    }

    private static byte ElfType(Objects.SymbolType type) => type switch
    {
        Objects.SymbolType.Object => SttObject,
        Objects.SymbolType.Function => SttFunc,
        Objects.SymbolType.Tls => SttTls,
        _ => SttNoType,
    };
}
