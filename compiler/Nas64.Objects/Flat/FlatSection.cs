namespace Nas64.Objects.Flat;

/// <summary>
/// One section as NASM's bin format tracks it while laying out: its attributes, whether each was given,
/// and the list links (outbin.c moves sections around a singly linked list; so do we, to keep its order).
/// </summary>
internal sealed class FlatSection(string name, Section? section)
{
    public string Name { get; } = name;

    /// <summary>The module's section; null for the implicit empty <c>.text</c>.</summary>
    public Section? Section { get; } = section;

    public ulong Length { get; init; }
    public bool NoBits { get; init; }

    public ulong Start { get; set; }
    public ulong Align { get; set; }
    public string? Follows { get; set; }
    public ulong VStart { get; set; }
    public ulong VAlign { get; set; }
    public string? VFollows { get; set; }

    public bool StartDefined { get; set; }
    public bool AlignDefined { get; set; }
    public bool FollowsDefined { get; set; }
    public bool VStartDefined { get; set; }
    public bool VAlignDefined { get; set; }
    public bool VFollowsDefined { get; set; }

    /// <summary>The section declared just before this one (null for .text and .bss): NOBITS sections follow it.</summary>
    public FlatSection? Prev { get; set; }

    public FlatSection? Next { get; set; }

    public override string ToString() => Name;
}
