namespace Nas64.Objects;

public enum SymbolBinding
{
    Local,
    Global,
    Weak,
}

public enum SymbolType
{
    NoType,
    Object,
    Function,
    Section,
    File,
    Tls,
}

public enum SymbolVisibility
{
    Default,
    Internal,
    Hidden,
    Protected,
}

/// <summary>
/// A named address. Defined in a section (<see cref="Section"/> set), absolute
/// (<see cref="IsAbsolute"/>), common (<see cref="IsCommon"/>: <see cref="Value"/> is the alignment),
/// or undefined (none of these: an extern).
/// </summary>
public sealed class Symbol
{
    public Symbol(string name) => Name = name;

    /// <summary>ELF's symbol 0, absolute address 0: what a PC-relative reference to a plain number is relocated
    /// against (nasm's `jmp 0x1234' in elf32 is R_386_PC32 with symbol 0). Never listed in a symbol table.</summary>
    public static Symbol AddressZero { get; } = new("") { IsAbsolute = true };

    public string Name { get; }
    public SymbolBinding Binding { get; set; }
    public SymbolType Type { get; set; }
    public SymbolVisibility Visibility { get; set; }

    /// <summary>The section the symbol is defined in; null when undefined, absolute or common.</summary>
    public Section? Section { get; set; }

    /// <summary>Offset in <see cref="Section"/>, the absolute value, or a common symbol's alignment.</summary>
    public ulong Value { get; set; }

    /// <summary>Size in bytes (st_size), 0 when unknown.</summary>
    public ulong Size { get; set; }

    /// <summary>
    /// Position in NASM's definition order (a label defined, an extern or common declared). The ELF writer
    /// emits symbols in this order, as NASM does; ties keep <see cref="ObjectModule.Symbols"/> order, so
    /// leaving it 0 on every symbol means "first seen" order.
    /// </summary>
    public int DefinitionOrder { get; set; }

    public bool IsAbsolute { get; set; }
    public bool IsCommon { get; set; }

    public bool IsDefined => Section is not null || IsAbsolute || IsCommon;
    public bool IsGlobal => Binding != SymbolBinding.Local;

    public override string ToString() => Name;
}
