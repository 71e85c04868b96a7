namespace Nas64.Assembler.Passes;

public sealed class AssemblerOptions
{
    public OutputFormat Format { get; init; } = OutputFormat.Elf64;

    /// <summary>NASM's -Ox (default: shortest forms, passes until stable); false is -O0.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>The most layout passes before giving up on a program whose sizes never settle.</summary>
    public int MaxPasses { get; init; } = 1000;

    /// <summary>Folders searched by incbin (and %include), after the source's own folder (-I).</summary>
    public IReadOnlyList<string> IncludePaths { get; init; } = [];

    public int DefaultBits => Format == OutputFormat.Elf64 ? 64 : Format == OutputFormat.Elf32 ? 32 : 16;
}
