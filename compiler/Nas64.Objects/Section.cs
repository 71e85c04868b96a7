namespace Nas64.Objects;

/// <summary>What a section holds and how it is mapped; the ELF section flags and types, in one set.</summary>
[Flags]
public enum SectionFlags
{
    None = 0,
    /// <summary>Occupies memory at run time (SHF_ALLOC).</summary>
    Alloc = 1 << 0,
    /// <summary>Writable at run time (SHF_WRITE).</summary>
    Write = 1 << 1,
    /// <summary>Executable (SHF_EXECINSTR).</summary>
    Execute = 1 << 2,
    /// <summary>Has no bytes in the file, only a size (SHT_NOBITS, like .bss).</summary>
    NoBits = 1 << 3,
    /// <summary>Elements of <see cref="Section.EntrySize"/> bytes that may be merged (SHF_MERGE).</summary>
    Merge = 1 << 4,
    /// <summary>NUL-terminated strings (SHF_STRINGS).</summary>
    Strings = 1 << 5,
    /// <summary>Thread-local storage (SHF_TLS).</summary>
    Tls = 1 << 6,
    /// <summary>Member of a section group (SHF_GROUP).</summary>
    Group = 1 << 7,
}

/// <summary>A section's ELF type where it is not plain PROGBITS or NOBITS.</summary>
public enum SectionType : uint
{
    ProgBits = 1,
    NoBits = 8,
    Note = 7,
    InitArray = 14,
    FiniArray = 15,
    PreinitArray = 16,
}

/// <summary>
/// A section of an object module: its bytes (or, for NOBITS, just a size), alignment and the
/// relocations that patch it.
/// </summary>
public sealed class Section
{
    private ulong _noBitsSize;

    public Section(string name, SectionFlags flags, ulong alignment, SectionType? type = null)
    {
        Name = name;
        Flags = flags;
        Alignment = alignment == 0 ? 1 : alignment;
        Type = type ?? ((flags & SectionFlags.NoBits) != 0 ? SectionType.NoBits : SectionType.ProgBits);
    }

    public string Name { get; }
    public SectionFlags Flags { get; set; }
    public SectionType Type { get; set; }

    /// <summary>Required alignment of the section's start, a power of two (1 = none).</summary>
    public ulong Alignment { get; set; }

    /// <summary>Size of one element for <see cref="SectionFlags.Merge"/> sections (sh_entsize).</summary>
    public ulong EntrySize { get; set; }

    /// <summary>The section's bytes; empty for NOBITS sections.</summary>
    public ByteBuffer Data { get; } = new();

    /// <summary>Patches to apply at link time, in the order they were added.</summary>
    public List<Relocation> Relocations { get; } = [];

    /// <summary>Size in memory: the byte count, or the reserved size of a NOBITS section.</summary>
    public ulong Size
    {
        get => IsNoBits ? _noBitsSize : (ulong)Data.Length;
        set
        {
            if (!IsNoBits)
                throw new InvalidOperationException($"section {Name} has bytes; its size follows them");
            _noBitsSize = value;
        }
    }

    /// <summary>Signature of the COMDAT group (SHT_GROUP with GRP_COMDAT) the section belongs to, or null.
    /// A linker keeps the first group of each signature and discards the sections of later ones.</summary>
    public string? GroupSignature { get; set; }

    /// <summary>Placement in a flat binary (-f bin): NASM's start=, vstart=, follows=, vfollows=.</summary>
    public FlatPlacement? Flat { get; set; }

    public bool IsNoBits => (Flags & SectionFlags.NoBits) != 0;
    public bool IsAlloc => (Flags & SectionFlags.Alloc) != 0;
    public bool IsWritable => (Flags & SectionFlags.Write) != 0;
    public bool IsExecutable => (Flags & SectionFlags.Execute) != 0;

    public override string ToString() => Name;
}

/// <summary>
/// Where a section goes in a flat binary, as NASM's bin format section attributes say. Null members
/// were not given; the flat writer then places the section after the previous one, as NASM does.
/// </summary>
public sealed record FlatPlacement(ulong? Start = null, ulong? VStart = null, string? Follows = null, string? VFollows = null)
{
    /// <summary>align= (or a raised SECTALIGN); null when not given, where NASM aligns to 4 unless
    /// <see cref="Section.Alignment"/> is above 1.</summary>
    public ulong? Align { get; init; }

    /// <summary>valign=; null when not given (NASM then uses 4 where it needs one).</summary>
    public ulong? VAlign { get; init; }

    /// <summary>An alignment (align= or SECTALIGN) came after start=, which drops only an earlier one: nasm's map file
    /// shows it (the layout has no use for it).</summary>
    public bool AlignAfterStart { get; init; }

    /// <summary>valign= came after vstart= (see <see cref="AlignAfterStart"/>).</summary>
    public bool VAlignAfterVStart { get; init; }
}
