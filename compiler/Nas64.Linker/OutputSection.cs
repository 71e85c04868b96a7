using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>Which PT_LOAD segment an output section goes to, in address order.</summary>
internal enum SegmentKind
{
    ReadOnly,
    Executable,
    Writable,
    /// <summary>--tiny's one segment when the program has writable data: readable, writable and executable.</summary>
    ExecutableWritable,
}

/// <summary>A section of the executable: input sections concatenated (or synthesized, like .got).</summary>
internal sealed class OutputSection(string name, SectionFlags flags, SectionType type)
{
    public string Name { get; } = name;
    public SectionFlags Flags { get; set; } = flags;
    public SectionType Type { get; set; } = type;
    public ulong Alignment { get; set; } = 1;
    public ulong EntrySize { get; set; }

    public List<InputSection> Inputs { get; } = [];

    /// <summary>Bytes made by the linker (merged strings, GOT), or null when the inputs supply them.</summary>
    public byte[]? SyntheticData { get; set; }

    public ulong Size { get; set; }
    public ulong Address { get; set; }
    public ulong FileOffset { get; set; }

    /// <summary>Index in the section header table (0 when headers are not written).</summary>
    public int HeaderIndex { get; set; }

    public SegmentKind Segment => (Flags & SectionFlags.Write) != 0 ? SegmentKind.Writable
        : (Flags & SectionFlags.Execute) != 0 ? SegmentKind.Executable
        : SegmentKind.ReadOnly;

    /// <summary>Orders output sections inside a segment: ld's default script order, others after their kind.</summary>
    public int Rank { get; set; }

    public bool IsNoBits => Type == SectionType.NoBits;

    /// <summary>Thread-local (.tdata/.tbss): the template of each thread's TLS block, described by PT_TLS.</summary>
    public bool IsTls => (Flags & SectionFlags.Tls) != 0;

    public override string ToString() => Name;
}
