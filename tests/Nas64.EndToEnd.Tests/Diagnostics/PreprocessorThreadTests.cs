namespace Nas64.EndToEnd.Tests.Diagnostics;

/// <summary>
/// With two cores the preprocessor runs ahead of the parser on a thread of its own, many batches of lines ahead.
/// Its diagnostics must still come out between the parser's in nasm's order, and a <c>[warning …]</c> line must
/// switch warnings off and on exactly where it stands for both (nasm's stderr and output, same source).
/// </summary>
public sealed class PreprocessorThreadTests
{
    /// <summary>Each round: a preprocessor warning, a parser warning, both classes switched off for one of each, then on again.
    /// 3000 rounds are some 30,000 preprocessed lines, far more than the hand-over batches between the threads hold.</summary>
    private const string Interleaved = """
        %assign i 0
        %rep 3000
        %warning round i
        foo %+ i
        [warning -label-orphan]
        [warning -user]
        %warning hidden i
        bar %+ i
        [warning +label-orphan]
        [warning +user]
            db i & 0xff
        %assign i i+1
        %endrep
        """;

    [RequiresToolsFact("nasm")]
    public void DiagnosticsAndWarningSwitchesKeepNasmsOrder()
    {
        using var dir = new TempDirectory();
        // The thread starts only for sources of 64 KiB and more (PreprocessorPipeline): a comment block gets there.
        File.WriteAllText(dir.File("t.asm"), string.Concat(Enumerable.Repeat("; padding: the preprocessor thread starts at 64 KiB of source\n", 1200)) + Interleaved);
        var nasm = ExternalTool.Run("nasm", ["-f", "bin", "t.asm", "-o", "nasm.bin"], dir.Path);
        var ours = Nas64Command.Run(dir.Path, ["-f", "bin", "t.asm", "-o", "ours.bin"]);
        Assert.Equal(0, nasm.ExitCode);
        Assert.Contains("round 2999", nasm.StandardError);
        Assert.Equal(nasm.StandardError, ours.StandardError);
        Assert.Equal(nasm.ExitCode, ours.ExitCode);
        Assert.Equal(File.ReadAllBytes(dir.File("nasm.bin")), File.ReadAllBytes(dir.File("ours.bin")));
    }
}
