using Nas64.Assembler.Passes;

namespace Nas64.Fuzz.Tests;

/// <summary>Each --limit-X (docs/limits.md): input that runs away stops with one error at the offending line that names
/// the limit, and no module. Where NASM has the limit, nasm 2.16 rejects the same input with its default too.</summary>
public sealed class LimitTests
{
    private static (Diagnostic Error, bool Assembled) Assemble(string source, LimitOptions? limits = null, string? directory = null)
    {
        var diagnostics = new DiagnosticBag();
        var options = new AssemblerOptions { Format = OutputFormat.Bin, Limits = limits ?? new LimitOptions() };
        string path = Path.Combine(directory ?? Path.GetTempPath(), "limit.asm");
        var module = BigStack.Run(() => Nas64.Assembler.Passes.Assembler.Assemble(path, source, options, diagnostics));
        var error = diagnostics.Items.FirstOrDefault(d => d.Severity >= Severity.Error)
            ?? throw new Xunit.Sdk.XunitException("no error reported");
        return (error, module is not null);
    }

    private static void AssertLimit(string source, int line, string limit, LimitOptions? limits = null)
    {
        var (error, assembled) = Assemble(source, limits);
        Assert.False(assembled);
        Assert.Equal(line, error.Location.Line);
        Assert.Contains($"--limit-{limit}", error.Message);
    }

    /// <summary>nasm with its default limits must reject <paramref name="source"/> at the same line.</summary>
    private static void AssertNasmRejectsAt(string source, int line)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("limit.asm"), source);
        var result = ExternalTool.Run("nasm", ["-f", "bin", "limit.asm", "-o", "limit.bin"], dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"limit.asm:{line}: error:", result.StandardError);
    }

    [Fact]
    public void RecursiveMacroDoublingItsArgumentStopsAtTheMacroArgsLimit()
    {
        // count 3 → count 33 → count 3333 …: the argument doubles at every level (found by the fuzzer);
        // reported at the outermost call, as --limit-mmacros is.
        AssertLimit("%rmacro count 1\n%if %1 > 0\n    db 1\n    count %1%1\n%endif\n%endmacro\ncount 3\n", 7, "macro-args");
    }

    private const string HugeRep = "db 1\n%rep 4000000000\nnop\n%endrep\n";

    [RequiresToolsFact("nasm")]
    public void RepCountBeyondTheDefaultLimit()
    {
        AssertLimit(HugeRep, 2, "rep");
        AssertNasmRejectsAt(HugeRep, 2);
    }

    [Fact]
    public void RepCountWithinARaisedLimitAssembles()
    {
        var (error, _) = Assemble("%rep 3\nnop\n%endrep\ndb 1 +\n", new LimitOptions { Rep = 3 });
        Assert.DoesNotContain("--limit", error.Message);
    }

    private static readonly string LongSum = "dd 1" + string.Concat(Enumerable.Repeat("+1", 9000)) + "\n";

    [RequiresToolsFact("nasm")]
    public void ExpressionLongerThanTheEvalLimit()
    {
        AssertLimit("nop\n" + LongSum, 2, "eval");
        AssertNasmRejectsAt("nop\n" + LongSum, 2);
    }

    [Fact]
    public void DeeplyNestedParenthesesStopAtTheEvalLimit()
    {
        string deep = "dd " + new string('(', 9000) + "1" + new string(')', 9000) + "\n";
        AssertLimit(deep, 1, "eval");
    }

    [Fact]
    public void RunawayMacroRecursionStopsAtTheMultiLineMacroLimit()
    {
        // Every level also warns: without stopping, the warnings' macro backtraces alone grow quadratically.
        AssertLimit("%rmacro r 0\ndb 300\nr\n%endmacro\nr\n", 5, "mmacros", new LimitOptions { MultiLineMacros = 2000 });
        AssertLimit("%rmacro r 0\nr\n%endmacro\nr\n", 4, "mmacros");
    }

    [Fact]
    public void ExponentialSingleLineExpansionStopsAtTheMacroTokenLimit()
    {
        var source = new System.Text.StringBuilder("%define a0 x\n");
        for (int i = 1; i <= 40; i++) source.Append($"%define a{i} a{i - 1} a{i - 1}\n");
        source.Append("db a40\n");
        AssertLimit(source.ToString(), 42, "macro-tokens");
    }

    [Fact]
    public void NestedSingleLineMacrosStopAtTheMacroLevelLimit()
    {
        // b0 expands to b1 (…), each inside the one before: 50 levels.
        var source = new System.Text.StringBuilder();
        for (int i = 0; i < 50; i++) source.Append($"%define b{i} b{i + 1}\n");
        source.Append("%define b50 1\ndb b0\n");
        AssertLimit(source.ToString(), 52, "macro-levels", new LimitOptions { MacroLevels = 20 });
    }

    [Fact]
    public void TotalSourceLinesStopAtTheLinesLimit()
    {
        AssertLimit("nop\n%rep 1000\nnop\n%endrep\n", 3, "lines", new LimitOptions { Lines = 500 });
    }

    [Fact]
    public void TimesCountBeyondTheDefaultLimit()
    {
        AssertLimit("nop\ntimes 4000000000 db 0\n", 2, "times");
    }

    [Fact]
    public void SectionLargerThanTheOutputLimit()
    {
        AssertLimit("db 1\nresb 1 << 40\n", 2, "output");
        AssertLimit("db 1\nalign 1 << 40\n", 2, "output");
        AssertLimit("times 100 db 0\ntimes 100 dq 0\n", 2, "output", new LimitOptions { Output = 500 });
    }

    [Fact]
    public void IncbinOfAnEndlessFileStopsAtTheIncbinLimit()
    {
        AssertLimit("db 1\nincbin \"/dev/zero\"\n", 2, "incbin", new LimitOptions { Incbin = 1 << 20 });
    }

    [Fact]
    public void IncbinOfSomethingUnreadableIsAnErrorAtItsLine()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("folder"));
        var (error, assembled) = Assemble($"db 1\nincbin \"{dir.File("folder")}\"\n", directory: dir.Path);
        Assert.False(assembled);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("incbin", error.Message);
    }

    // A short jmp pads 200 bytes after itself, which makes it near, which removes the padding: L moves every pass.
    private const string Oscillating = "start:\n jmp tgt\nL:\n times ((L - start) == 2) * 200 db 0\ntgt:\n";

    [RequiresToolsFact("nasm")]
    public void LayoutThatNeverSettlesStopsAtTheStalledPassesLimit()
    {
        var (error, assembled) = Assemble(Oscillating);
        Assert.False(assembled);
        Assert.Equal(3, error.Location.Line);
        Assert.Contains("--limit-stalled-passes (1000)", error.Message);
        // nasm gives up on the same program after its 1000 stalled passes.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("osc.asm"), Oscillating);
        var nasm = ExternalTool.Run("nasm", ["-f", "bin", "osc.asm", "-o", "osc.bin"], dir.Path);
        Assert.Contains("stalled for 1001", nasm.StandardError);
    }

    [Fact]
    public void LayoutPassesStopAtThePassesLimit()
    {
        var (error, _) = Assemble(Oscillating, new LimitOptions { Passes = 5 });
        Assert.Contains("--limit-passes (5)", error.Message);
    }

    [Fact]
    public void UnknownLimitNamesAndBadValuesAreRejected()
    {
        Assert.Null(LimitOptions.Parse([("frobs", "1")], out string? unknown));
        Assert.Contains("--limit-frobs", unknown);
        Assert.Null(LimitOptions.Parse([("rep", "-3")], out string? negative));
        Assert.Contains("--limit-rep", negative);
        Assert.Equal(long.MaxValue, LimitOptions.Parse([("rep", "unlimited")], out _)!.Rep);
    }
}
