using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>
/// A symbol as the linker sees it: one per global name (shared by every object that names it) and one
/// per local or section symbol. Holds the winning definition and, after layout, the address.
/// </summary>
internal sealed class LinkSymbol(string name)
{
    public string Name { get; } = name;

    /// <summary>The object whose definition won, or null when undefined or linker-defined.</summary>
    public InputObject? File { get; set; }

    /// <summary>The model symbol of the winning definition.</summary>
    public Symbol? Definition { get; set; }

    /// <summary>Section of the definition; null for absolute, common (before allocation) and undefined.</summary>
    public InputSection? Section { get; set; }

    public ulong Value { get; set; }
    public ulong Size { get; set; }
    public SymbolBinding Binding { get; set; } = SymbolBinding.Global;
    public SymbolType Type { get; set; }
    public bool IsAbsolute { get; set; }
    public bool IsCommon { get; set; }
    public bool IsLocal { get; init; }
    public bool IsSectionSymbol { get; init; }

    /// <summary>Defined by the linker itself (__bss_start, _end, …): <see cref="Output"/> + <see cref="Value"/>.</summary>
    public bool IsLinkerDefined { get; set; }
    public OutputSection? Output { get; set; }

    /// <summary>Some object refers to the name with a non-weak undefined symbol (pulls archive members).</summary>
    public bool HasStrongReference { get; set; }

    /// <summary>The first object that needed the name (for the map's archive section).</summary>
    public InputObject? FirstReference { get; set; }

    /// <summary>Some object refers to the name at all.</summary>
    public bool IsReferenced { get; set; }

    public bool IsDefined => Section is not null || IsAbsolute || IsCommon || IsLinkerDefined;

    /// <summary>Index of the symbol's GOT slot, or -1 when it needs none.</summary>
    public int GotIndex { get; set; } = -1;

    /// <summary>The address after layout; 0 for undefined weak symbols.</summary>
    public ulong Address { get; set; }

    /// <summary>Where the definition is, for messages: <c>file:(section+0xoffset)</c>.</summary>
    public string DescribeDefinition() =>
        Section is not null ? Section.Describe(Value)
        : File is not null ? $"{File.Name}" + (IsCommon ? " (common)" : " (absolute)")
        : "the linker";

    public override string ToString() => Name;
}
