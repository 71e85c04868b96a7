namespace Nas64.EndToEnd.Tests.Stubs;

/// <summary>`nas64 stubs --all -o libsys.a`: one member per syscall, numbered as the kernel headers say,
/// and a static link takes only the members a program calls.</summary>
public sealed class SyscallArchiveTests
{
    private static string BuildArchive(TempDirectory dir)
    {
        StubsTool.Nas64Checked(dir.Path, "stubs", "--all", "-o", "libsys.a");
        return dir.File("libsys.a");
    }

    [RequiresToolsFact("nm", "ar", "objdump")]
    public void Archive_has_one_member_per_syscall_numbered_as_the_kernel_headers_say()
    {
        using var dir = new TempDirectory();
        string archive = BuildArchive(dir);
        var kernel = StubsTool.KernelNumbers();

        // nm --print-armap reads the archive index ld uses: every syscall of the headers must be there.
        string index = ExternalTool.RunChecked("nm", "--print-armap", archive).StandardOutput;
        foreach (string name in kernel.Keys)
            Assert.Contains($"sys_{name} in sys_{name}.o\n", index);

        string[] members = ExternalTool.RunChecked("ar", "t", archive).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(members.Length, members.Distinct().Count());
        foreach (string name in kernel.Keys) Assert.Contains($"sys_{name}.o", members);

        var inEax = StubsTool.NumbersInEax(archive);
        Assert.Equal(members.Length, inEax.Count);
        foreach (var (name, number) in kernel)
            Assert.True(inEax[$"sys_{name}"] == number, $"sys_{name} loads {inEax[$"sys_{name}"]}, the kernel's __NR_{name} is {number}");
    }

    [RequiresToolsFact("gcc", "ld", "nm")]
    public void Static_link_pulls_only_the_two_members_the_program_calls()
    {
        using var dir = new TempDirectory();
        string archive = BuildArchive(dir);
        File.WriteAllText(dir.File("two.c"), StubPrograms.TwoStubsC);
        ExternalTool.RunChecked("gcc", "-ffreestanding", "-nostdlib", "-fno-stack-protector", "-O2", "-c", dir.File("two.c"), "-o", dir.File("two.o"));
        ExternalTool.RunChecked("ld", "-static", dir.File("two.o"), archive, "-Map", dir.File("two.map"), "-o", dir.File("two"));

        var run = ExternalTool.Run(dir.File("two"), []);
        Assert.Equal("two stubs\n", run.StandardOutput);
        Assert.Equal(5, run.ExitCode);

        // ld's map lists each archive member it loaded, with the symbol that pulled it in.
        string map = File.ReadAllText(dir.File("two.map"));
        var included = map.Split('\n').Where(line => line.StartsWith(archive + "(", StringComparison.Ordinal)).Select(line => line.Split(' ')[0]).ToList();
        Assert.Equal([$"{archive}(sys_exit.o)", $"{archive}(sys_write.o)"], included.Order());

        var stubSymbols = ExternalTool.RunChecked("nm", dir.File("two")).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[^1])
            .Where(name => name.StartsWith("sys_", StringComparison.Ordinal))
            .Order();
        Assert.Equal(["sys_exit", "sys_write"], stubSymbols);
    }
}
