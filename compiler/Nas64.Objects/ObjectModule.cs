namespace Nas64.Objects;

/// <summary>
/// The hub every front end produces and every back end consumes: one relocatable object's sections
/// and symbols. The assembler builds one per source file; the ELF reader builds one per object file;
/// the ELF and flat writers and the linker read them.
/// </summary>
public sealed class ObjectModule
{
    private readonly Dictionary<string, Symbol> _symbolsByName = new(StringComparer.Ordinal);

    public ObjectModule(string sourceName, int bits = 64)
    {
        SourceName = sourceName;
        Bits = bits;
    }

    /// <summary>The file the module came from; ELF writers put it in an STT_FILE symbol.</summary>
    public string SourceName { get; }

    /// <summary>32 or 64: the ELF class the module is for.</summary>
    public int Bits { get; set; }

    /// <summary>The address a flat binary is loaded at (ORG); 0 when not given.</summary>
    public ulong Origin { get; set; }

    /// <summary>Sections in the order they were first declared.</summary>
    public List<Section> Sections { get; } = [];

    /// <summary>Named symbols in the order they were first seen (section symbols are implicit).</summary>
    public List<Symbol> Symbols { get; } = [];

    /// <summary>Archive or file name shown in diagnostics, e.g. <c>libsys.a(write.o)</c>.</summary>
    public string DisplayName { get; set; } = "";

    public Section? FindSection(string name)
    {
        foreach (var section in Sections)
            if (section.Name == name) return section;
        return null;
    }

    public Section AddSection(Section section)
    {
        Sections.Add(section);
        return section;
    }

    public Symbol? FindSymbol(string name) => _symbolsByName.GetValueOrDefault(name);

    /// <summary>The symbol called <paramref name="name"/>, created undefined and local if new.</summary>
    public Symbol GetOrAddSymbol(string name)
    {
        if (_symbolsByName.TryGetValue(name, out var symbol)) return symbol;
        symbol = new Symbol(name);
        _symbolsByName.Add(name, symbol);
        Symbols.Add(symbol);
        return symbol;
    }

    public override string ToString() => DisplayName.Length > 0 ? DisplayName : SourceName;
}
