namespace Nas64.Objects;

/// <summary>
/// The hub every front end produces and every back end consumes: one relocatable object's sections
/// and symbols. The assembler builds one per source file; the ELF reader builds one per object file;
/// the ELF and flat writers and the linker read them.
/// </summary>
public sealed class ObjectModule
{
    private readonly Dictionary<string, Symbol> _symbolsByName = new(StringComparer.Ordinal);
    private ulong _origin;
    private readonly Dictionary<Section, Symbol> _sectionSymbols = [];

    public ObjectModule(string sourceName, int bits = 64)
    {
        SourceName = sourceName;
        Bits = bits;
    }

    /// <summary>The file the module came from; ELF writers put it in an STT_FILE symbol.</summary>
    public string SourceName { get; }

    /// <summary>The name in a read object's first STT_FILE symbol (the source it was assembled or compiled
    /// from), or null when it has none; ld names the object's locals in an executable's .symtab after it.</summary>
    public string? FileSymbolName { get; set; }

    /// <summary>32 or 64: the ELF class the module is for.</summary>
    public int Bits { get; set; }

    /// <summary>The address a flat binary is loaded at (ORG); 0 when not given. Setting it sets <see cref="HasOrigin"/>.</summary>
    public ulong Origin
    {
        get => _origin;
        set
        {
            _origin = value;
            HasOrigin = true;
        }
    }

    /// <summary>ORG was given. NASM's bin format then lays sections out from the origin (padding up to a
    /// first section with start=); without it the output begins at the first section.</summary>
    public bool HasOrigin { get; set; }

    /// <summary>
    /// The ELF writers add an empty <c>.note.GNU-stack</c> section (PROGBITS, no flags) so linkers keep the
    /// stack non-executable. NASM writes it only when the source says <c>section .note.GNU-stack</c>;
    /// our output asks for it by default. Ignored when the module already has that section.
    /// </summary>
    public bool NoteGnuStack { get; set; } = true;

    /// <summary>The bin format's map file the source asked for ([map]); null for none.</summary>
    public Flat.FlatMapRequest? Map { get; set; }

    /// <summary>EI_OSABI and EI_ABIVERSION of an ELF object (nasm's osabi directive); 0 (System V) by default.</summary>
    public byte OsAbi { get; set; }

    /// <inheritdoc cref="OsAbi"/>
    public byte AbiVersion { get; set; }

    /// <summary>Sections in the order they were first declared.</summary>
    public List<Section> Sections { get; } = [];

    /// <summary>Named symbols in the order they were first seen (section symbols are implicit).</summary>
    public List<Symbol> Symbols { get; } = [];

    /// <summary>Named locals kept compact (<see cref="Elf.ElfReader.ReadForLink"/>), in addition to
    /// <see cref="Symbols"/>; null when every symbol is in <see cref="Symbols"/>.</summary>
    public LocalSymbolTable? Locals { get; set; }

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

    /// <summary>Makes room for <paramref name="count"/> symbols in all (a producer that knows how many it adds).</summary>
    public void EnsureSymbolCapacity(int count)
    {
        _symbolsByName.EnsureCapacity(count);
        Symbols.EnsureCapacity(count);
    }

    /// <summary>Adds a symbol made elsewhere; its name must be new to the module.</summary>
    public Symbol AddSymbol(Symbol symbol)
    {
        _symbolsByName.Add(symbol.Name, symbol);
        Symbols.Add(symbol);
        return symbol;
    }

    /// <summary>The symbol called <paramref name="name"/>, created undefined and local if new.</summary>
    public Symbol GetOrAddSymbol(string name)
    {
        if (_symbolsByName.TryGetValue(name, out var symbol)) return symbol;
        symbol = new Symbol(name);
        _symbolsByName.Add(name, symbol);
        Symbols.Add(symbol);
        return symbol;
    }

    /// <summary>
    /// The STT_SECTION symbol standing for <paramref name="section"/>'s start. Relocations against a
    /// defined local address use it with the offset in the addend, as NASM and GNU as do. It is not
    /// in <see cref="Symbols"/>; writers emit one per section anyway and map it by its Section.
    /// </summary>
    public Symbol GetSectionSymbol(Section section)
    {
        if (_sectionSymbols.TryGetValue(section, out var symbol)) return symbol;
        symbol = new Symbol(section.Name) { Type = SymbolType.Section, Section = section, Binding = SymbolBinding.Local };
        _sectionSymbols.Add(section, symbol);
        return symbol;
    }

    public override string ToString() => DisplayName.Length > 0 ? DisplayName : SourceName;
}
