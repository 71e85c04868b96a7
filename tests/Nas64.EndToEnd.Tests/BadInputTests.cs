namespace Nas64.EndToEnd.Tests;

/// <summary>Bad input: `file:line: error: message` for every problem, exit status 1, no output file,
/// never a stack trace.</summary>
public sealed class BadInputTests
{
    private static ProcessResult Assemble(TempDirectory dir, string source, params string[] extra)
    {
        File.WriteAllText(dir.File("bad.asm"), source);
        return Nas64Command.Run(dir.Path, ["bad.asm", "-o", "bad", .. extra]);
    }

    private static void AssertFailedCleanly(TempDirectory dir, ProcessResult result, string output = "bad")
    {
        Assert.Equal(1, result.ExitCode);
        Assert.False(File.Exists(dir.File(output)), "no output file may be left behind");
        Assert.Empty(Directory.GetFiles(dir.Path, ".*.tmp"));
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.DoesNotContain("Exception", result.StandardError);
    }

    [Fact]
    public void EveryErrorIsReportedWithFileAndLine()
    {
        using var dir = new TempDirectory();
        var result = Assemble(dir, """
            section .text
            global _start
            _start: mov rax, 1
                    frobnicate rax
                    mov rax, [rbx+rcx+rdx]
                    mov eax, rbx
                    jmp nowhere
            """);
        AssertFailedCleanly(dir, result);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("bad.asm:4: error: parser: instruction expected", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.asm:5: error:", StringComparison.Ordinal));
        // Lines that do not parse stop nasm after its first pass (its output for this source is these two lines): the
        // final pass's errors come when every line parses.
        Assert.Equal(2, lines.Length);
        result = Assemble(dir, """
            section .text
            global _start
            _start: mov rax, 1
                    mov eax, rbx
                    jmp nowhere
            """);
        AssertFailedCleanly(dir, result);
        lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("bad.asm:4: error: invalid combination of opcode and operands", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.asm:5: error: symbol `nowhere' not defined", StringComparison.Ordinal));
    }

    [RequiresToolsFact("nasm")]
    public void RejectsWhatNasmRejects()
    {
        using var dir = new TempDirectory();
        string[] invalid = ["mov eax, rbx", "frobnicate rax", "mov [rax], 1", "jmp nowhere", "add rax, strict dword 0x80000000"];
        foreach (string line in invalid)
        {
            File.WriteAllText(dir.File("one.asm"), "bits 64\n" + line + "\n");
            var nasm = ExternalTool.Run("nasm", ["-f", "elf64", dir.File("one.asm"), "-o", dir.File("one.o")]);
            Assert.NotEqual(0, nasm.ExitCode);
            var ours = Nas64Command.Run(dir.Path, "-f", "elf64", "one.asm", "-o", "ours.o");
            Assert.True(ours.ExitCode == 1, $"`{line}': nasm rejects it, nas64 exited {ours.ExitCode}");
            Assert.StartsWith("one.asm:2: error:", ours.StandardError);
            Assert.False(File.Exists(dir.File("ours.o")));
        }
    }

    [Fact]
    public void MissingInputIsOneClearLine()
    {
        using var dir = new TempDirectory();
        var result = Nas64Command.Run(dir.Path, "missing.asm", "-o", "out");
        AssertFailedCleanly(dir, result, "out");
        Assert.Equal("nas64: fatal: unable to open input file `missing.asm': No such file or directory", result.StandardError.Trim());
    }

    [Fact]
    public void UnwritableOutputIsOneClearLine()
    {
        using var dir = new TempDirectory();
        File.Copy(Nas64Command.Sample("hello/hello.asm"), dir.File("hello.asm"));
        var result = Nas64Command.Run(dir.Path, "hello.asm", "-o", "no/such/dir/hello");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("nas64: fatal: unable to write output file `no/such/dir/hello'", result.StandardError.Trim());
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void AFailedRunLeavesAnExistingOutputUntouched()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad"), "previous");
        var result = Assemble(dir, "frobnicate eax\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("previous", File.ReadAllText(dir.File("bad")));
    }
}
