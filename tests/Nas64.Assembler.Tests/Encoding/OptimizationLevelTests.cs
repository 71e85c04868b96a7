using Nas64.Assembler.Passes;
using Nas64.Objects;
using Nas64.Objects.Flat;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Encoding;

/// <summary>
/// A whole program at each of nasm's optimization levels, flat binary against nasm's: -O1 takes -Ox's immediates but keeps
/// jumps near unless `short' (conditional ones too, which -O0 shortens), and mov's 64-bit immediate and segment-register
/// forms as -O0 does; -O2 is -Ox.
/// </summary>
public sealed class OptimizationLevelTests
{
    private const string Program = """
        bits 64
        start:
        mov rax, 5
        mov rax, -1
        add rax, 1
        push 1
        imul eax, ebx, 3
        mov ds, ax
        mov rax, ds
        jmp near fwd
        jmp short fwd
        jmp fwd
        jz fwd
        call fwd
        loop fwd
        jecxz fwd
        fwd: jmp fwd
        jz start
        jmp $+2
        and rax, 0xffffffff
        bits 32
        mov ds, ax
        mov es, bx
        push 300
        jnz start
        bits 16
        mov ds, eax
        jmp fwd
        """;

    [RequiresToolsTheory("nasm")]
    [InlineData("-O0")]
    [InlineData("-O1")]
    [InlineData("-O2")]
    [InlineData("-Ox")]
    public void ProgramAsNasmAssemblesIt(string level)
    {
        using var temp = new TempDirectory();
        string input = temp.File("levels.asm"), output = temp.File("levels.bin");
        File.WriteAllText(input, Program + "\n");
        var nasm = ExternalTool.Run("nasm", [level, "-f", "bin", "-o", output, input]);
        Assert.True(nasm.ExitCode == 0, nasm.StandardError);
        var diagnostics = new DiagnosticBag();
        var options = new AssemblerOptions { Format = OutputFormat.Bin, Optimize = level != "-O0", MinimalOptimization = level == "-O1" };
        var module = Passes.Assembler.Assemble("levels.asm", Program + "\n", options, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(output)), Convert.ToHexString(FlatWriter.Write(module!, diagnostics)));
    }
}
