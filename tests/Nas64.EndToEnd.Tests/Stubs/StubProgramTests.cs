using Nas64.Linker;

namespace Nas64.EndToEnd.Tests.Stubs;

/// <summary>`nas64 stubs Linux.cs -o linux.o`: programs in assembly and freestanding C call the stubs, link
/// statically and run; the kernel's answers (output, exit status, /proc/self/stat) are the truth.</summary>
public sealed class StubProgramTests
{
    private static string BuildStubs(TempDirectory dir)
    {
        File.WriteAllText(dir.File("Linux.cs"), StubPrograms.LinuxCs);
        StubsTool.Nas64Checked(dir.Path, "stubs", "Linux.cs", "-o", "linux.o");
        return dir.File("linux.o");
    }

    private static string BuildProgram(TempDirectory dir, string program)
    {
        if (program == "asm")
        {
            File.WriteAllText(dir.File("hello.asm"), StubPrograms.HelloAsm);
            ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("hello.asm"), "-o", dir.File("hello.o"));
            return dir.File("hello.o");
        }
        File.WriteAllText(dir.File("pid.c"), StubPrograms.PidC);
        ExternalTool.RunChecked("gcc", "-ffreestanding", "-nostdlib", "-fno-stack-protector", "-O2", "-c", dir.File("pid.c"), "-o", dir.File("pid.o"));
        return dir.File("pid.o");
    }

    private static void AssertRuns(string executable, string program)
    {
        var run = ExternalTool.Run(executable, []);
        if (program == "asm")
        {
            Assert.Equal("hello from asm\n", run.StandardOutput);
            Assert.Equal(7, run.ExitCode);
        }
        else
        {
            Assert.Equal("hello from C\n", run.StandardOutput);
            Assert.Equal(0, run.ExitCode);
        }
    }

    [RequiresToolsTheory("nasm", "gcc", "ld")]
    [InlineData("asm")]
    [InlineData("c")]
    public void Program_calling_stubs_links_with_ld_and_runs(string program)
    {
        using var dir = new TempDirectory();
        string stubs = BuildStubs(dir);
        string main = BuildProgram(dir, program);
        ExternalTool.RunChecked("ld", "-static", main, stubs, "-o", dir.File("prog"));
        AssertRuns(dir.File("prog"), program);
    }

    [RequiresToolsTheory("nasm", "gcc")]
    [InlineData("asm")]
    [InlineData("c")]
    public void Program_calling_stubs_links_with_the_nas64_linker_and_runs(string program)
    {
        using var dir = new TempDirectory();
        string stubs = BuildStubs(dir);
        string main = BuildProgram(dir, program);
        var diagnostics = new DiagnosticBag();
        byte[]? image = Linker.Linker.Link([LinkInput.FromFile(main), LinkInput.FromFile(stubs)], new LinkOptions { OutputPath = dir.File("prog") }, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Items));
        Assert.NotNull(image);
        Objects.OutputFile.Write(dir.File("prog"), image, executable: true);
        AssertRuns(dir.File("prog"), program);
    }

    [RequiresToolsFact("objdump", "readelf")]
    public void Each_declaration_becomes_a_sized_global_function_making_the_kernels_syscall()
    {
        using var dir = new TempDirectory();
        string stubs = BuildStubs(dir);
        var kernel = StubsTool.KernelNumbers();
        var expected = new Dictionary<string, int>
        {
            ["GetPid"] = kernel["getpid"],
            ["Write"] = kernel["write"],
            ["Read"] = kernel["read"],
            ["Open"] = kernel["openat"],
            ["Close"] = kernel["close"],
            ["Exit"] = kernel["exit"],
            ["GetPidByNumber"] = kernel["getpid"],
            ["ClockGettime"] = kernel["clock_gettime"],
            ["ParentId"] = kernel["getppid"],
            ["UserId"] = kernel["getuid"],
        };
        Assert.Equal(expected.OrderBy(p => p.Key), StubsTool.NumbersInEax(stubs).OrderBy(p => p.Key));

        string symbols = ExternalTool.RunChecked("readelf", "-sW", stubs).StandardOutput;
        foreach (string name in expected.Keys)
            Assert.Matches($@"\s11 FUNC\s+GLOBAL DEFAULT\s+\d+ {name}\n", symbols);

        string code = ExternalTool.RunChecked("objdump", "-d", "--no-show-raw-insn", stubs).StandardOutput;
        Assert.Equal(expected.Count, CountOf(code, "mov    %rcx,%r10"));
        Assert.Equal(expected.Count, CountOf(code, "syscall"));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
