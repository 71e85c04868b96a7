using System.Text.Json;
using Nas64.EndToEnd.Tests.Stubs;

namespace Nas64.EndToEnd.Tests.SyscallInventory;

/// <summary>`nas64 syscalls`: the static syscall set of a program against what strace records when it runs,
/// and the site addresses against objdump's.</summary>
public sealed class SyscallInventoryTests
{
    /// <summary>The addresses objdump decodes a `syscall` at: the sites must be exactly these.</summary>
    private static SortedSet<ulong> ObjdumpSyscallAddresses(string file)
    {
        var addresses = new SortedSet<ulong>();
        foreach (string line in ExternalTool.RunChecked("objdump", "-d", file).StandardOutput.Split('\n'))
        {
            if (!line.TrimEnd().EndsWith("\tsyscall", StringComparison.Ordinal)) continue;
            addresses.Add(ulong.Parse(line[..line.IndexOf(':')].Trim(), System.Globalization.NumberStyles.HexNumber, null));
        }
        return addresses;
    }

    private static void AssertSitesAreObjdumps(string file, List<InventoryTool.Site> sites) =>
        Assert.Equal(ObjdumpSyscallAddresses(file), new SortedSet<ulong>(sites.Where(s => s.Instruction == "syscall").Select(s => s.Address)));

    private static string Nasm(TempDirectory dir, string source)
    {
        File.WriteAllText(dir.File("prog.asm"), source);
        ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("prog.asm"), "-o", dir.File("prog.o"));
        ExternalTool.RunChecked("ld", "-static", dir.File("prog.o"), "-o", dir.File("prog"));
        return dir.File("prog");
    }

    [RequiresToolsFact("strace", "objdump")]
    public void Hello_sample_makes_exactly_the_write_and_exit_strace_records()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello"));
        var sites = InventoryTool.Sites(dir.Path, dir.File("hello"));
        var traced = InventoryTool.Traced(dir.File("hello"), dir.File("run.log"), 0);
        Assert.Equal(["exit", "write"], traced);
        Assert.Equal(traced, InventoryTool.Names(sites));
        Assert.Equal(2, sites.Count);
        AssertSitesAreObjdumps(dir.File("hello"), sites);

        var text = Nas64Command.RunChecked(dir.Path, "syscalls", dir.File("hello"), "--strace-compare", dir.File("run.log")).StandardOutput;
        Assert.Contains("_start+0x", text);
        Assert.Contains("seen at run time, not found statically: (none)", text);
        Assert.Contains("found statically, not seen at run time: (none)", text);
    }

    [RequiresToolsFact("strace", "nasm", "ld", "objdump")]
    public void Nasm_program_with_a_branch_has_every_number_strace_records_and_the_branch_never_taken()
    {
        using var dir = new TempDirectory();
        string program = Nasm(dir, InventoryPrograms.BranchAsm);
        var sites = InventoryTool.Sites(dir.Path, program);
        var traced = InventoryTool.Traced(program, dir.File("run.log"), 3);
        Assert.Equal(["exit", "getpid", "getppid", "getuid", "read", "write"], traced);
        Assert.DoesNotContain(sites, s => s.Unknown);
        var found = InventoryTool.Names(sites);
        Assert.Superset(traced, found);
        found.ExceptWith(traced);
        Assert.Equal(["getgid"], found);
        AssertSitesAreObjdumps(program, sites);

        var compare = Nas64Command.Run(dir.Path, "syscalls", program, "--format=json", "--strace-compare", dir.File("run.log"));
        Assert.Equal(0, compare.ExitCode);
        using var json = JsonDocument.Parse(compare.StandardOutput);
        var straceCompare = json.RootElement.GetProperty("straceCompare");
        Assert.Empty(straceCompare.GetProperty("onlyAtRunTime").EnumerateArray());
        Assert.Equal(["getgid"], straceCompare.GetProperty("onlyStatic").EnumerateArray().Select(e => e.GetString()));
    }

    [RequiresToolsFact("strace", "nasm", "ld", "objdump")]
    public void Numbers_from_memory_or_from_disagreeing_paths_are_reported_unknown()
    {
        using var dir = new TempDirectory();
        string program = Nasm(dir, InventoryPrograms.UnknownAsm);
        var sites = InventoryTool.Sites(dir.Path, program);
        AssertSitesAreObjdumps(program, sites);
        Assert.Equal([true, true, false], sites.Select(s => s.Unknown));
        Assert.All(sites.Take(2), s => Assert.Null(s.Number));
        Assert.Equal("exit", sites[2].Name);

        var traced = InventoryTool.Traced(program, dir.File("run.log"), 0);
        Assert.Equal(["exit", "getpid"], traced);
        var compare = Nas64Command.Run(dir.Path, "syscalls", program, "--strace-compare", dir.File("run.log"));
        Assert.Equal(0, compare.ExitCode);
        Assert.Contains("seen at run time, not found statically: getpid", compare.StandardOutput);
        Assert.Contains("unknown", compare.StandardOutput);
    }

    [RequiresToolsTheory("strace", "nasm", "gcc", "ld")]
    [InlineData("asm")]
    [InlineData("c")]
    public void Calls_to_nas64_stubs_are_uses_of_the_stubs_numbers(string language)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Linux.cs"), StubPrograms.LinuxCs);
        StubsTool.Nas64Checked(dir.Path, "stubs", "Linux.cs", "-o", "linux.o");
        string main;
        if (language == "asm")
        {
            File.WriteAllText(dir.File("main.asm"), StubPrograms.HelloAsm);
            ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("main.asm"), "-o", dir.File("main.o"));
        }
        else
        {
            File.WriteAllText(dir.File("main.c"), StubPrograms.PidC);
            ExternalTool.RunChecked("gcc", "-ffreestanding", "-nostdlib", "-fno-stack-protector", "-O2", "-c", dir.File("main.c"), "-o", dir.File("main.o"));
        }
        main = dir.File("main.o");
        ExternalTool.RunChecked("ld", "-static", main, dir.File("linux.o"), "-o", dir.File("prog"));

        var sites = InventoryTool.Sites(dir.Path, dir.File("prog"));
        var traced = InventoryTool.Traced(dir.File("prog"), dir.File("run.log"), language == "asm" ? 7 : 0);
        Assert.DoesNotContain(sites, s => s.Unknown);
        Assert.Superset(traced, InventoryTool.Names(sites));
        // The calls alone name what the program asks for: exactly what the kernel saw.
        Assert.Equal(traced, InventoryTool.Names(sites.Where(s => s.Instruction == "call")));
    }

    [RequiresToolsFact("strace", "gcc", "objdump")]
    public void Freestanding_gcc_inline_asm_syscalls_contain_what_strace_records_in_the_executable_and_the_object()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("prog.c"), InventoryPrograms.InlineAsmC);
        string[] flags = ["-ffreestanding", "-nostdlib", "-static", "-fno-stack-protector", "-O2"];
        ExternalTool.RunChecked("gcc", [.. flags, dir.File("prog.c"), "-o", dir.File("prog")]);
        ExternalTool.RunChecked("gcc", [.. flags, "-c", dir.File("prog.c"), "-o", dir.File("prog.o")]);

        var traced = InventoryTool.Traced(dir.File("prog"), dir.File("run.log"), 0);
        Assert.Equal(["exit", "getpid", "getuid", "write"], traced);
        foreach (string file in new[] { "prog", "prog.o" })
        {
            var sites = InventoryTool.Sites(dir.Path, dir.File(file));
            Assert.DoesNotContain(sites, s => s.Unknown);
            Assert.Superset(traced, InventoryTool.Names(sites));
            Assert.Equal(["exit", "getgid", "getpid", "getuid", "write"], InventoryTool.Names(sites));
            AssertSitesAreObjdumps(dir.File(file), sites);
        }
    }

    [RequiresToolsFact("strace", "gcc")]
    public void Calls_to_a_syscall_wrapper_are_uses_of_the_number_in_the_first_argument()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("prog.c"), InventoryPrograms.WrapperC);
        ExternalTool.RunChecked("gcc", "-ffreestanding", "-nostdlib", "-static", "-fno-stack-protector", "-O2", dir.File("prog.c"), "-o", dir.File("prog"));
        var traced = InventoryTool.Traced(dir.File("prog"), dir.File("run.log"), 0);
        Assert.Equal(["exit", "getpid", "write"], traced);
        var sites = InventoryTool.Sites(dir.Path, dir.File("prog"));
        // The wrapper's own site cannot know its number; its callers do.
        Assert.Single(sites, s => s.Unknown);
        Assert.Equal(traced, InventoryTool.Names(sites.Where(s => s.Instruction == "call")));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_a_diagnostic_not_a_stack_trace()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.txt"), "not a program\n");
        var result = Nas64Command.Run(dir.Path, "syscalls", dir.File("notes.txt"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("notes.txt", result.StandardError);
        Assert.Contains("not an ELF file", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }
}
