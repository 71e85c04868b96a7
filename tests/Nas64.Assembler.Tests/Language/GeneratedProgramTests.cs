using Nas64.TestSupport;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Whole generated programs (data/programs/gen_asm.py, the team's benchmark workload: thousands of labels,
/// forward and backward branches, several sections, RIP-relative and absolute relocations) assemble to nasm's
/// object: the same sections, symbols and relocations. This is where branch relaxation has to land on NASM's
/// own fixed point, which a hand-made case does not exercise: where a branch has two self-consistent sizes, the
/// one nasm ends with depends on its first pass's sizes (docs/design.md, item 4). Seeds 4, 5 and 1, 6, 9 with
/// --relax-stress are files that came out differently before nas64's first pass sized lines as nasm's does.
/// </summary>
public sealed class GeneratedProgramTests
{
    [RequiresToolsTheory("nasm", "python3")]
    [InlineData(20_000, 1, false)]
    [InlineData(20_000, 2, false)]
    [InlineData(20_000, 3, false)]
    [InlineData(20_000, 2, true)]
    [InlineData(20_000, 3, true)]
    [InlineData(20_000, 4, false)]
    [InlineData(20_000, 5, false)]
    [InlineData(20_000, 1, true)]
    [InlineData(20_000, 6, true)]
    [InlineData(20_000, 9, true)]
    [InlineData(100_000, 1, false)]
    public void GeneratedProgramEqualsNasm(int lines, int seed, bool relaxStress)
    {
        string generator = Path.Combine(AppContext.BaseDirectory, "data", "programs", "gen_asm.py");
        List<string> arguments = [generator, "--lines", lines.ToString(), "--seed", seed.ToString()];
        if (relaxStress) arguments.Add("--relax-stress");
        var generated = ExternalTool.Run("python3", arguments, timeoutMs: 120_000);
        Assert.Equal(0, generated.ExitCode);
        NasmComparison.AssertSameElf(generated.StandardOutput);
    }
}
