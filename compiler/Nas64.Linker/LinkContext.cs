using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>The one piece of state every pass reads and extends, in the order the passes run.</summary>
internal sealed class LinkContext(LinkOptions options, DiagnosticBag diagnostics, bool mappedImage = false)
{
    /// <summary>The image may be an anonymous mapping (<see cref="ImageBuffer.Allocate"/>): the caller disposes it.</summary>
    public bool MappedImage { get; } = mappedImage;

    public LinkOptions Options { get; } = options;
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>Objects in link order: command-line objects and archive members as they are pulled in.</summary>
    public List<InputObject> Objects { get; } = [];

    /// <summary>Global names to their one linker symbol.</summary>
    public Dictionary<string, LinkSymbol> Globals { get; } = new(StringComparer.Ordinal);

    /// <summary>Global names in first-seen order, so output is deterministic.</summary>
    public List<LinkSymbol> GlobalOrder { get; } = [];

    /// <summary>COMDAT signature to the object whose group was kept (the first one seen, as ld does).</summary>
    public Dictionary<string, InputObject> ComdatOwners { get; } = new(StringComparer.Ordinal);

    /// <summary>Output sections in address order once laid out.</summary>
    public List<OutputSection> OutputSections { get; } = [];

    /// <summary>The inputs' .debug_* sections, kept after the loaded part (Passes/DebugSections).</summary>
    public List<Passes.DebugOutputSection> DebugSections { get; } = [];

    /// <summary>Symbols needing a GOT slot, in slot order.</summary>
    public List<LinkSymbol> GotEntries { get; } = [];

    public OutputSection? Got { get; set; }

    /// <summary>True when some relocation refers to the GOT's address (GOTPC32, GOTOFF64, …).</summary>
    public bool NeedsGotBase { get; set; }

    public ulong GotBase => Got?.Address ?? 0;

    public ulong EntryAddress { get; set; }

    /// <summary>The executable's bytes, filled by the layout and write passes.</summary>
    public ImageBuffer Image { get; set; } = ImageBuffer.FromArray([]);

    public List<Segment> Segments { get; } = [];

    /// <summary>The TLS template (.tdata then .tbss), when there is one.</summary>
    public TlsTemplate? Tls { get; set; }

    /// <summary>Loaded SHT_NOTE sections, each described by a PT_NOTE.</summary>
    public List<OutputSection> Notes { get; } = [];

    /// <summary>Archive members pulled in, and why (for the link map).</summary>
    public List<ArchiveExtraction> ArchiveLog { get; } = [];

    /// <summary>End of the loadable part of the file (where non-alloc sections and headers follow).</summary>
    public ulong LoadedFileSize { get; set; }

    /// <summary>The image writer's plan for what follows the loaded part (private to it).</summary>
    public object? TrailerState { get; set; }

    /// <summary>Number of program headers the layout reserved.</summary>
    public int ProgramHeaderCount { get; set; }

    /// <summary>The global symbol called <paramref name="name"/>, created undefined if new.</summary>
    public LinkSymbol GetGlobal(string name)
    {
        if (Globals.TryGetValue(name, out var symbol)) return symbol;
        symbol = new LinkSymbol(name);
        Globals.Add(name, symbol);
        GlobalOrder.Add(symbol);
        return symbol;
    }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Records the time since the previous checkpoint under <paramref name="pass"/> (LinkOptions.PassTimes).</summary>
    public void Checkpoint(string pass)
    {
        if (Options.PassTimes is null) return;
        Options.PassTimes.Add(new(pass, _clock.Elapsed));
        _clock.Restart();
    }

    public void Error(string where, string message) => Diagnostics.Error(new SourceLocation(where, 0), message);
}

/// <summary>A PT_LOAD segment: its output sections and placement.</summary>
internal sealed class Segment(SegmentKind kind)
{
    public SegmentKind Kind { get; } = kind;
    public List<OutputSection> Sections { get; } = [];
    public bool IncludesHeaders { get; set; }

    /// <summary>The segment opens with relro sections, described by PT_GNU_RELRO from its start to
    /// <see cref="RelroEnd"/> (a page boundary), <see cref="RelroFileSize"/> bytes of them in the file.</summary>
    public bool HasRelro { get; set; }
    public ulong RelroEnd { get; set; }
    public ulong RelroFileSize { get; set; }
    public ulong FileOffset { get; set; }
    public ulong Address { get; set; }
    public ulong FileSize { get; set; }
    public ulong MemorySize { get; set; }
}

/// <summary>An archive member pulled in to define <see cref="Symbol"/>, first needed by <see cref="ReferencedBy"/>.</summary>
internal sealed record ArchiveExtraction(string Member, string ReferencedBy, string Symbol);

/// <summary>
/// The PT_TLS template. x86-64 uses TLS variant II: the thread pointer (%fs:0) points just past the
/// block, so a local-exec offset is S − TP with TP = start + memory size rounded up to the alignment.
/// </summary>
internal sealed class TlsTemplate
{
    public ulong Address { get; set; }
    public ulong FileOffset { get; set; }
    public ulong FileSize { get; set; }
    public ulong MemorySize { get; set; }
    public ulong Alignment { get; set; } = 1;

    public ulong ThreadPointer => Address + Passes.Layout.AlignUp(MemorySize, Alignment);
}
