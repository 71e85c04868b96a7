using System.Text;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>NASM's %use packages (smartalign, altreg, ifunc, fp) and %ifusable/%ifusing: nas64's bytes must equal nasm's.</summary>
public sealed class StandardPackageTests
{
    public static TheoryData<int, string> SmartAlignModes
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (int bits in new[] { 16, 32, 64 })
                foreach (string mode in new[] { "", "nop", "generic", "p6", "k7", "k8", "p6, 4", "generic, nojmp", "k8, 30" })
                    data.Add(bits, mode);
            return data;
        }
    }

    /// <summary>Every alignment 1..64 from every start offset 0..63 (so every padding length), in one alignmode and bits.</summary>
    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(SmartAlignModes))]
    public void SmartAlignPadsLikeNasm(int bits, string mode)
    {
        var sb = new StringBuilder($"%use smartalign\nbits {bits}\n");
        if (mode.Length > 0) sb.Append($"alignmode {mode}\n");
        for (int alignment = 1; alignment <= 64; alignment *= 2)
            for (int offset = 0; offset < 64; offset++)
                sb.Append($"times {offset} db 0xcc\nalign {alignment}\ndb 0xdd\nalign 64, db 0\n");
        string source = sb.ToString();
        NasmComparison.AssertSameBytes(NasmComparison.NasmBin(source), NasmComparison.OursBin(source));
    }

    /// <summary>Mode switches mid-file (k7's 16-bit table keeps the group size of the mode before it), long jumps over
    /// 256-byte padding, labels before align, fills, and the ..@N.end labels nasm's macro leaves in the symbol table.</summary>
    [RequiresToolsFact("nasm", "objcopy", "nm", "readelf")]
    public void SmartAlignObjectMatchesNasm()
    {
        const string source = """
            %use smartalign
            section .text
            %macro tick 0
            %%here: nop
            %endmacro
            tick
            align 16
            nop
            entry: align 32
            tick
            alignmode p6
            align 16
            times 3 nop
            align 256
            alignmode k7
            bits 16
            align 16
            nop
            align 64
            bits 32
            alignmode nop, 0
            align 256
            ALIGN 8, int3
            .local: align 4
            %ifdef __?USE_SMARTALIGN?__
            db 1
            %endif
            %defstr mode __?ALIGNMODE?__
            db mode
            """;
        var nasm = NasmComparison.NasmElf(source);
        var ours = NasmComparison.OursElf(source);
        NasmComparison.AssertSameBytes(nasm.Text, ours.Text);
        Assert.Equal(nasm.Symbols, ours.Symbols);
        Assert.Contains(nasm.Symbols, s => s.EndsWith(".end", StringComparison.Ordinal));
    }

    [RequiresToolsFact("nasm")]
    public void AltregIfuncAndFpMatchNasm()
    {
        const string source = """
            %use altreg
            %use ifunc
            %use fp
            bits 64
            mov r0, r15
            mov R1D, r9d
            mov r0h, r3h
            mov r4w, r5W
            mov r6b, r7l
            mov r8l, r15l
            mov r4l, r12l
            %ifdef __?USE_ALTREG?__
            db 1
            %endif
            %ifdef __?USE_FP?__
            db 2
            %endif
            %ifdef __?USE_IFUNC?__
            db 3
            %endif
            db ilog2(1), ilog2(2), ilog2(1<<40), ilog2e(256), ilog2w(256), ilog2f(1), ilog2f(255), ilog2f(256)
            db ilog2c(255), ilog2c(256), ilog2c(1), ilog2c(0), ilog2f(0), ilog2cw(256), ilog2fw(512)
            dq ilog2f(0x7fffffffffffffff), ilog2c(0x4000000000000001), ilog2f(-1)
            %if ilog2(4096) == 12
            db 4
            %endif
            dd float32(1.5), float32(-0.0), float32(Inf), float32(NaN), float32(QNaN), float32(SNaN), float32(-Inf)
            dw float16(1.5), bfloat16(3.25), float16(65504.0)
            db float8(1.5), float8(0.5)
            dq float64(3.14159), float64(1e300)
            dq float80m(1.5)
            dw float80e(1.5)
            dq float128l(1.5), float128h(1.5)
            bf16 1.5, 2.0, -3.0
            """;
        NasmComparison.AssertSameBytes(NasmComparison.NasmBin(source), NasmComparison.OursBin(source));
    }

    [RequiresToolsFact("nasm")]
    public void IfusableAndIfusingMatchNasm()
    {
        const string source = """
            %ifusable altreg
            db 1
            %endif
            %ifusable nosuch
            db 2
            %endif
            %ifnusable nosuch
            db 3
            %endif
            %ifusable 'smartalign'
            db 4
            %endif
            %ifusing altreg
            db 6
            %endif
            %use altreg
            %ifusing altreg
            db 7
            %endif
            %ifnusing fp
            db 8
            %endif
            %ifusable ALTREG
            db 10
            %endif
            %if 0
            %elifusable ifunc
            db 11
            %endif
            db %isusable(fp), %isusing(fp), %isusing(altreg)
            """;
        NasmComparison.AssertSameBytes(NasmComparison.NasmBin(source), NasmComparison.OursBin(source));
    }

    [RequiresToolsFact("nasm")]
    public void Ilog2OfANonPowerOfTwoIsAnErrorLikeNasm()
    {
        const string source = "%use ifunc\ndb ilog2(3)\n";
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("t.asm"), source);
        var result = ExternalTool.Run("nasm", ["-f", "bin", "-o", temp.File("t.bin"), "t.asm"], temp.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ilog2 argument is not a power of two", result.StandardError);

        var diagnostics = new DiagnosticBag();
        var module = Passes.Assembler.Assemble("t.asm", source, new Passes.AssemblerOptions { Format = Passes.OutputFormat.Bin }, diagnostics);
        Assert.Null(module);
        Assert.Contains(diagnostics.Items, d => d.Severity == Severity.Error && d.Message.Contains("ilog2 argument is not a power of two") && d.Location.Line == 2);
    }
}
