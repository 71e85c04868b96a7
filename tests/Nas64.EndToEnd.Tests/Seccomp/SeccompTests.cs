using System.Globalization;
using System.Text.RegularExpressions;

namespace Nas64.EndToEnd.Tests.Seccomp;

/// <summary>
/// `--seccomp`: sealed executables run under the kernel's seccomp and under strace, which records the prctl and
/// seccomp calls, decodes the filter the program hands the kernel (strace -v prints it as BPF_STMT/BPF_JUMP) and
/// says when the kernel kills the process. Syscall numbers come from the kernel headers (asm/unistd_64.h).
/// </summary>
public sealed partial class SeccompTests
{
    private const string UnistdHeader = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";

    /// <summary>The x86-64 syscall numbers, `#define __NR_name N`, as the kernel headers give them.</summary>
    private static Dictionary<string, int> KernelNumbers()
    {
        Assert.True(File.Exists(UnistdHeader), $"{UnistdHeader} is missing (apt-get install linux-libc-dev)");
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in DefineNr().Matches(File.ReadAllText(UnistdHeader)))
            numbers[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return numbers;
    }

    [GeneratedRegex(@"^#define __NR_(\w+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex DefineNr();

    /// <summary>The syscall names of an strace log, in order, without the execve that started the program.</summary>
    private static List<string> Calls(string log) =>
        File.ReadLines(log).Select(l => l[(l.IndexOf(' ') + 1)..].TrimStart())
            .Where(l => l.Length > 0 && char.IsAsciiLetterLower(l[0]) && l.Contains('('))
            .Select(l => l[..l.IndexOf('(')]).Where(n => n != "execve").ToList();

    /// <summary>An strace log with the padding before ` = result` squeezed to one space.</summary>
    private static string ReadLog(string log) => Regex.Replace(File.ReadAllText(log), @"\) +=", ") =");

    private static ProcessResult Strace(string executable, string log, params string[] extra) =>
        ExternalTool.Run("strace", ["-f", "-qq", .. extra, "-o", log, executable]);

    private static string Assemble(TempDirectory dir, string source, string output, params string[] options)
    {
        File.WriteAllText(dir.File(output + ".asm"), source);
        Nas64Command.RunChecked(dir.Path, [output + ".asm", "-o", output, .. options]);
        return dir.File(output);
    }

    [RequiresToolsFact("strace", "eu-elflint", "readelf")]
    public void Hello_runs_sealed_prctl_and_seccomp_come_first()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "--seccomp", "-o", "hello");
        var run = Strace(dir.File("hello"), dir.File("run.log"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["prctl", "seccomp", "write", "exit"], Calls(dir.File("run.log")));
        string log = ReadLog(dir.File("run.log"));
        Assert.Contains("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0", log);
        Assert.Equal("Hello, world!\n", ExternalTool.RunChecked(dir.File("hello")).StandardOutput);

        var lint = ExternalTool.Run("eu-elflint", ["--gnu-ld", dir.File("hello")]);
        Assert.True(lint.ExitCode == 0, $"eu-elflint:\n{lint.StandardOutput}{lint.StandardError}");
        // The filter lies in a read-only segment: nothing can rewrite it before seccomp(2) copies it.
        var symbol = Regex.Match(ExternalTool.RunChecked("readelf", "-sW", dir.File("hello")).StandardOutput, @"([0-9a-f]{16})\s+80\s+OBJECT\s+LOCAL\s+DEFAULT\s+\d+\s+__nas64_seccomp_filter");
        Assert.True(symbol.Success, "readelf -s lists __nas64_seccomp_filter, 80 bytes (10 instructions)");
        ulong address = Convert.ToUInt64(symbol.Groups[1].Value, 16);
        var segment = LoadSegment().Matches(ExternalTool.RunChecked("readelf", "-lW", dir.File("hello")).StandardOutput)
            .Single(m => Convert.ToUInt64(m.Groups[1].Value, 16) <= address && address + 80 <= Convert.ToUInt64(m.Groups[1].Value, 16) + Convert.ToUInt64(m.Groups[2].Value, 16));
        Assert.Equal("R", segment.Groups[3].Value.Trim());
    }

    /// <summary>readelf -lW: LOAD offset vaddr paddr filesz memsz flags align.</summary>
    [GeneratedRegex(@"LOAD\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+([RWE ]+?)\s+0x")]
    private static partial Regex LoadSegment();

    /// <summary>The filter, as strace disassembles what the program passes to seccomp(2), against the filter written
    /// out by hand from seccomp(2) and &lt;linux/audit.h&gt;: arch check, x32 check, one jeq per allowed number.</summary>
    [RequiresToolsTheory("strace")]
    [InlineData("kill", "SECCOMP_RET_KILL_PROCESS")]
    [InlineData("errno", "SECCOMP_RET_ERRNO|0x1")]
    [InlineData("log", "SECCOMP_RET_LOG")]
    public void Filter_is_the_one_strace_disassembles(string mode, string otherwise)
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "--seccomp", "--seccomp-mode=" + mode, "-o", "hello");
        Assert.Equal(0, Strace(dir.File("hello"), dir.File("run.log"), "-v", "-e", "trace=seccomp").ExitCode);
        string expected =
            "seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=10, filter=[" +
            "BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0x4), " +                          // A = seccomp_data.arch
            "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0xc000003e, 0, 0x2), " +          // AUDIT_ARCH_X86_64, else kill
            "BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0), " +                            // A = seccomp_data.nr
            "BPF_JUMP(BPF_JMP|BPF_K|BPF_JGE, 0x40000000, 0, 0x1), " +          // x32 numbers are killed
            "BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_KILL_PROCESS), " +
            "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x1, 0x3, 0), " +                 // write
            "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x3c, 0x2, 0), " +                // exit
            "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0xe7, 0x1, 0), " +                // exit_group
            $"BPF_STMT(BPF_RET|BPF_K, {otherwise}), " +
            "BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW)]}) = 0";
        Assert.Equal(expected, File.ReadLines(dir.File("run.log")).Select(l => l[(l.IndexOf(' ') + 1)..].TrimStart()).Single(l => l.StartsWith("seccomp(", StringComparison.Ordinal)));
    }

    [RequiresToolsFact("strace")]
    public void A_syscall_outside_the_set_is_killed_by_SIGSYS()
    {
        using var dir = new TempDirectory();
        string program = Assemble(dir, SeccompPrograms.ComputedAsm, "computed", "--seccomp", "--seccomp-allow=write");
        var direct = ExternalTool.Run(program, []);
        Assert.Equal("before\n", direct.StandardOutput);
        Assert.Equal(128 + 31, direct.ExitCode);    // SIGSYS is 31 on x86-64

        Strace(program, dir.File("run.log"));
        string log = File.ReadAllText(dir.File("run.log"));
        Assert.Contains("getpid()", log);
        Assert.Contains("+++ killed by SIGSYS +++", log);
        Assert.Equal(["prctl", "seccomp", "write", "getpid"], Calls(dir.File("run.log")));
    }

    [RequiresToolsFact("strace")]
    public void Errno_mode_fails_the_syscall_with_EPERM_and_log_mode_lets_it_through()
    {
        using var dir = new TempDirectory();
        string errno = Assemble(dir, SeccompPrograms.ComputedAsm, "errno", "--seccomp-allow=write", "--seccomp-mode=errno");
        var run = Strace(errno, dir.File("errno.log"));
        Assert.Equal(1, run.ExitCode);               // EPERM, the errno the program exits with
        Assert.Contains("getpid() = -1 EPERM (Operation not permitted)", ReadLog(dir.File("errno.log")));
        Assert.Equal("before\nafter\n", ExternalTool.Run(errno, []).StandardOutput);

        string logged = Assemble(dir, SeccompPrograms.ComputedAsm, "logged", "--seccomp-allow=write", "--seccomp-mode=log");
        Assert.Equal(0, Strace(logged, dir.File("logged.log")).ExitCode);
        Assert.Matches(@"getpid\(\) = [1-9]", ReadLog(dir.File("logged.log")));

        string allowed = Assemble(dir, SeccompPrograms.ComputedAsm, "allowed", "--seccomp-allow=write,getpid");
        var allowedRun = ExternalTool.Run(allowed, []);
        Assert.Equal(0, allowedRun.ExitCode);
        Assert.Equal("before\nafter\n", allowedRun.StandardOutput);
    }

    [Fact]
    public void A_site_with_an_unknown_number_stops_the_link_unless_seccomp_allow_names_its_calls()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("computed.asm"), SeccompPrograms.ComputedAsm);
        var result = Nas64Command.Run(dir.Path, "computed.asm", "-o", "computed", "--seccomp");
        Assert.Equal(1, result.ExitCode);
        Assert.False(File.Exists(dir.File("computed")), "no output file may be left behind");
        Assert.Contains("error: --seccomp: the number reaching the syscall site at 0x", result.StandardError);
        Assert.Contains("(_start+0x", result.StandardError);
        Assert.Contains("is not a constant; name the syscalls it can make with --seccomp-allow=NAME,", result.StandardError);
        Assert.DoesNotContain("Exception", result.StandardError);

        var unknownName = Nas64Command.Run(dir.Path, "computed.asm", "-o", "computed", "--seccomp-allow=write,frobnicate");
        Assert.Equal(1, unknownName.ExitCode);
        Assert.False(File.Exists(dir.File("computed")));
        Assert.Contains("--seccomp-allow: `frobnicate' is not an x86-64 syscall name", unknownName.StandardError);

        var badMode = Nas64Command.Run(dir.Path, "computed.asm", "-o", "computed", "--seccomp-mode=trap");
        Assert.Equal(1, badMode.ExitCode);
        Assert.False(File.Exists(dir.File("computed")));

        File.WriteAllText(dir.File("int80.asm"), SeccompPrograms.Int80Asm);
        var int80 = Nas64Command.Run(dir.Path, "int80.asm", "-o", "int80", "--seccomp");
        Assert.Equal(1, int80.ExitCode);
        Assert.Contains("is an i386 `int 0x80'", int80.StandardError);
        Assert.False(File.Exists(dir.File("int80")));

        File.WriteAllText(dir.File("main.asm"), "global main\nmain: mov eax, 60\n syscall\n");
        var noEntry = Nas64Command.Run(dir.Path, "main.asm", "-o", "main", "--seccomp");
        Assert.Equal(1, noEntry.ExitCode);
        Assert.Contains("--seccomp: the entry symbol `_start' is not defined", noEntry.StandardError);
        Assert.False(File.Exists(dir.File("main")));

        var objectFile = Nas64Command.Run(dir.Path, "-f", "elf64", "computed.asm", "-o", "computed.o", "--seccomp");
        Assert.Equal(1, objectFile.ExitCode);
        Assert.Contains("--seccomp seals executables", objectFile.StandardError);
    }

    /// <summary>The prologue hands the program the registers, flags and stack the kernel gave it: the program's
    /// own dump of its entry state is the same sealed as unsealed.</summary>
    [Fact]
    public void The_program_starts_with_the_state_the_kernel_left()
    {
        using var dir = new TempDirectory();
        string plain = Assemble(dir, SeccompPrograms.EntryStateAsm, "plain");
        string sealedProgram = Assemble(dir, SeccompPrograms.EntryStateAsm, "sealed", "--seccomp");
        var expected = ExternalTool.Run(plain, ["one", "two"]);
        var actual = ExternalTool.Run(sealedProgram, ["one", "two"]);
        Assert.Equal(0, expected.ExitCode);
        Assert.Equal(0, actual.ExitCode);
        Assert.Equal(17 * 8, expected.StandardOutput.Length);
        Assert.Equal(3, expected.StandardOutput[16 * 8]);   // argc
        Assert.Equal(expected.StandardOutput, actual.StandardOutput);
    }

    /// <summary>`nas64 syscalls` on a sealed executable (also stripped, also --tiny): the filter's set is the kernel
    /// header's numbers strace decoded, and the program's own sites plus exit and exit_group.</summary>
    [RequiresToolsFact("strace")]
    public void Syscalls_lists_the_filter_set_of_a_sealed_executable()
    {
        using var dir = new TempDirectory();
        var kernel = KernelNumbers();
        string program = Assemble(dir, SeccompPrograms.ComputedAsm, "computed", "--seccomp-allow=getuid,write");
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "computed.asm", "-o", "computed.o");
        Nas64Command.RunChecked(dir.Path, "link", "computed.o", "-s", "--tiny", "--seccomp-allow", "getuid,write", "-o", "tiny");

        Strace(program, dir.File("run.log"), "-v", "-e", "trace=seccomp");
        string filter = File.ReadAllText(dir.File("run.log"));
        var decoded = JeqConstant().Matches(filter).Select(m => Convert.ToInt32(m.Groups[1].Value, 16)).ToHashSet();
        var expected = new[] { "write", "exit", "getuid", "exit_group" };
        Assert.Equal(expected.Select(n => kernel[n]).ToHashSet(), decoded);

        foreach (string file in new[] { "computed", "tiny" })
        {
            string text = Nas64Command.RunChecked(dir.Path, "syscalls", file).StandardOutput;
            // In number order: write 1, exit 60, getuid 102, exit_group 231.
            Assert.Contains("  allows: write exit getuid exit_group\n", text);
            Assert.Contains("  any other syscall: kill-process; x32 numbers: kill-process; another architecture (int 0x80): kill-process\n", text);
            Assert.Contains("  the prologue's own sites (exit_group, prctl, seccomp) run before the filter is installed\n", text);
            Assert.Matches(@"  sites the filter stops: 0x[0-9a-f]+ \(unknown\)\n", text);
        }
        using var json = System.Text.Json.JsonDocument.Parse(Nas64Command.RunChecked(dir.Path, "syscalls", "computed", "--format=json").StandardOutput);
        var seal = json.RootElement.GetProperty("seccomp");
        Assert.Equal(expected, seal.GetProperty("allowed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Regex.Match(filter, @"\{len=(\d+),").Groups[1].Value, seal.GetProperty("instructions").GetInt32().ToString(CultureInfo.InvariantCulture));
        var unknown = json.RootElement.GetProperty("sites").EnumerateArray().Single(e => e.GetProperty("unknown").GetBoolean());
        Assert.Equal([unknown.GetProperty("address").GetUInt64()], seal.GetProperty("stoppedSites").EnumerateArray().Select(e => e.GetUInt64()));
        var tiny = ExternalTool.Run(dir.File("tiny"), []);
        Assert.Equal(128 + 31, tiny.ExitCode);
    }

    /// <summary>BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, k, …) comparisons after the arch check (k = 0xc000003e is the arch).</summary>
    [GeneratedRegex(@"BPF_JUMP\(BPF_JMP\|BPF_K\|BPF_JEQ, (0x[0-9a-f]+|0), 0x[0-9a-f]+, 0\)")]
    private static partial Regex JeqConstant();

    /// <summary>More numbers than an 8-bit jump can skip: each comparison gets its own return, and the kernel
    /// allows getppid, one of 300 numbers, and kills getpid, left out.</summary>
    [RequiresToolsFact("strace")]
    public void A_set_too_large_for_one_shared_return_still_allows_exactly_its_numbers()
    {
        using var dir = new TempDirectory();
        var kernel = KernelNumbers();
        var names = kernel.Where(k => k.Key != "getpid").OrderBy(k => k.Value).Select(k => k.Key).Take(300).ToList();
        Assert.Contains("getppid", names);
        string allow = "--seccomp-allow=" + string.Join(',', names);
        string killed = Assemble(dir, SeccompPrograms.ComputedAsm, "killed", allow);
        Assert.Equal(128 + 31, ExternalTool.Run(killed, []).ExitCode);
        string getppid = kernel["getppid"].ToString(CultureInfo.InvariantCulture);
        string allowed = Assemble(dir, SeccompPrograms.ComputedAsm.Replace("dq      39 ", "dq      " + getppid + " ", StringComparison.Ordinal), "allowed", allow);
        Assert.Equal(0, Strace(allowed, dir.File("run.log")).ExitCode);
        string log = File.ReadAllText(dir.File("run.log"));
        Assert.DoesNotContain("killed by SIGSYS", log);
        Assert.Contains("getppid()", log);
    }
}
