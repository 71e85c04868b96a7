using System.Runtime;
using System.Text;
using Nas64.Assembler.Passes;
using Nas64.Objects;

namespace Nas64.Assembler.Tests.Language;

/// <summary>Tests that read the process's GC latency mode run alone: another assembly's no-GC region would change it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideGcCollection
{
    public const string Name = "process-wide GC";
}

/// <summary>
/// A large program whose lines come mostly from macros is assembled inside one no-GC region, from the parse to the written
/// object (Assembler.PauseCollections): the bytes are nasm's, the region is ended by the assembly when the caller did not
/// ask to end it, and by the caller's CollectionPause when it did.
/// </summary>
[Collection(ProcessWideGcCollection.Name)]
public sealed class CollectionPauseTests
{
    /// <summary>20,000 source lines of macro calls (two lines each), over 64 KiB: the preprocessor thread, the first pass's
    /// catch-up and the region that lasts through the passes all apply.</summary>
    private static string MacroHeavy()
    {
        var text = new StringBuilder("bits 64\n%macro round 1\nlabel%1: add eax, %1\njmp label%1\n%endmacro\n");
        for (int i = 0; i < 20_000; i++) text.Append("round ").Append(i).Append('\n');
        return text.ToString();
    }

    [RequiresToolsFact("nasm")]
    public void MacroHeavyProgramIsNasmsAndLeavesNoRegionOpen()
    {
        NasmComparison.AssertSameBin(MacroHeavy());
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void TheCallersPauseEndsTheRegion()
    {
        var diagnostics = new DiagnosticBag();
        var module = Passes.Assembler.Assemble("round.asm", MacroHeavy(), new AssemblerOptions { Format = OutputFormat.Bin }, diagnostics,
            out _, out var pause);
        Assert.NotNull(module);
        Assert.False(diagnostics.HasErrors);
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        pause.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
