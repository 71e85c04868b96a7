using Nas64.Linker.Seccomp;

namespace Nas64.Linker;

/// <summary>How to link: the options of <c>nas64 link</c> (named after GNU ld's).</summary>
public sealed record LinkOptions
{
    /// <summary>Entry symbol (<c>-e</c>), or a number (0x… or decimal) taken as the address.</summary>
    public string Entry { get; init; } = "_start";

    /// <summary>Omit .symtab and .strtab (<c>-s</c>).</summary>
    public bool StripSymbols { get; init; }

    /// <summary>Drop input sections nothing reachable from the entry refers to (<c>--gc-sections</c>).</summary>
    public bool GcSections { get; init; }

    /// <summary>When set, a link map (output sections, input sections, symbols) is written here on success.</summary>
    public string? MapFile { get; init; }

    /// <summary>Smallest file: no section headers, and the headers and read-only data share the
    /// read-execute segment instead of having their own read-only one.</summary>
    public bool Tiny { get; init; }

    /// <summary>The output's name, used in messages.</summary>
    public string OutputPath { get; init; } = "a.out";

    /// <summary>When set, each pass appends its name and wall time here (like mold's --perf).</summary>
    public IList<KeyValuePair<string, TimeSpan>>? PassTimes { get; init; }

    /// <summary>Seal the executable with a seccomp filter allowing the syscalls it makes (<c>--seccomp</c>), or null.</summary>
    public SeccompOptions? Seccomp { get; init; }

    /// <summary>Address of the first byte of the file in memory (ld's default for x86-64).</summary>
    public ulong BaseAddress { get; init; } = 0x400000;
}
