namespace Nas64.Assembler.Passes;

public sealed class AssemblerOptions
{
    public OutputFormat Format { get; init; } = OutputFormat.Elf64;

    /// <summary>NASM's -Ox (default: shortest forms, passes until stable); false is -O0.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>NASM's -O1 (with <see cref="Optimize"/>): immediates as -Ox, but relative jumps stay near unless `short'
    /// and mov keeps its 64-bit immediate and segment-register forms, as at -O0.</summary>
    public bool MinimalOptimization { get; init; }

    /// <summary>Execution limits (--limit-X); docs/limits.md.</summary>
    public LimitOptions Limits { get; init; } = new();

    /// <summary>Folders searched by incbin (and %include), after the source's own folder (-I).</summary>
    public IReadOnlyList<string> IncludePaths { get; init; } = [];

    /// <summary>Single-line macros from the command line (-D): <c>NAME</c> or <c>NAME=value</c>, applied in order.</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];

    /// <summary>Macro names removed before the source is read (-U), after <see cref="Defines"/>.</summary>
    public IReadOnlyList<string> Undefines { get; init; } = [];

    /// <summary>Files included before the source (-P), as if by %include on its first line.</summary>
    public IReadOnlyList<string> PreIncludes { get; init; } = [];

    /// <summary>-g: add DWARF line tables and a compile unit (ELF formats only; ignored for bin, as NASM does).</summary>
    public bool DebugInfo { get; init; }

    /// <summary>DW_AT_comp_dir for -g; null means the working directory (what NASM writes).</summary>
    public string? CompilationDirectory { get; init; }

    /// <summary>Collects the listing (-l) while the source is preprocessed and the last pass emits; null for none.</summary>
    public Listing.ListingRecorder? Listing { get; init; }

    /// <summary>
    /// The caller calls <see cref="Assembler.ResumeCollections"/> once it has written the object: a large program whose
    /// heap has room may then make its symbols and object file in a no-GC region instead of collecting first (the
    /// region is the process's; another assembly before the call runs without one of its own).
    /// </summary>
    public bool CallerResumesCollections { get; init; }

    public int DefaultBits => Format == OutputFormat.Elf64 ? 64 : Format == OutputFormat.Elf32 ? 32 : 16;
}
