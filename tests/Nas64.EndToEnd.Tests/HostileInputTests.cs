using System.Diagnostics;

namespace Nas64.EndToEnd.Tests;

/// <summary>The command under hostile conditions: execution limits from the command line, output that is never left
/// half-written when the process is killed, and bytes that do not depend on the environment it runs in.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void LimitOptionsAreAcceptedAndNamedInTheError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("rep.asm"), "db 1\n%rep 3\nnop\n%endrep\n");
        var result = Nas64Command.Run(dir.Path, ["-f", "bin", "rep.asm", "-o", "rep.bin", "--limit-rep", "2"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rep.asm:2: error: `%rep' count 3 exceeds --limit-rep (currently 2)", result.StandardError);
        Assert.False(File.Exists(dir.File("rep.bin")));

        Nas64Command.RunChecked(dir.Path, ["-f", "bin", "rep.asm", "-o", "rep.bin", "--limit-rep", "3"]);
        Assert.Equal([1, 0x90, 0x90, 0x90], File.ReadAllBytes(dir.File("rep.bin")));

        var bad = Nas64Command.Run(dir.Path, ["-f", "bin", "rep.asm", "-o", "rep.bin", "--limit-rep", "lots"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--limit-rep", bad.StandardError);
        Assert.DoesNotContain("   at ", bad.StandardError);
    }

    [Fact]
    public void HelpListsEveryLimitWithItsDefault()
    {
        using var dir = new TempDirectory();
        var help = Nas64Command.RunChecked(dir.Path, ["--help"]).StandardOutput;
        foreach (string name in Nas64.Assembler.Passes.LimitOptions.Names) Assert.Contains("--limit-" + name, help);
        // nasm -h prints the defaults of the limits it has; ours must match.
        Assert.Contains("%rep count [1000000]", help);
        Assert.Contains("number of passes without forward progress [1000]", help);
    }

    [Fact]
    public void OutputKilledWhileBeingWrittenLeavesTheOldFileIntact()
    {
        using var dir = new TempDirectory();
        // 600 MB of zeroed space: assembled in moments, written in a noticeable time.
        File.WriteAllText(dir.File("big.asm"), "db 1\nresb 600000000\n");
        File.WriteAllText(dir.File("big.bin"), "old contents\n");
        bool killedMidWrite = false;
        for (int attempt = 0; attempt < 3 && !killedMidWrite; attempt++)
        {
            using var process = Start(dir.Path, ["-f", "bin", "big.asm", "-o", "big.bin"], []);
            var stopwatch = Stopwatch.StartNew();
            while (!process.HasExited && stopwatch.Elapsed < TimeSpan.FromSeconds(120))
            {
                var partial = Directory.GetFiles(dir.Path, ".big.bin.*.tmp");
                if (partial.Length > 0 && new FileInfo(partial[0]).Length > 0)
                {
                    process.Kill(entireProcessTree: true);   // SIGKILL: no handler runs
                    process.WaitForExit();
                    killedMidWrite = true;
                    break;
                }
                Thread.Sleep(1);
            }
            if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
            if (!killedMidWrite) File.WriteAllText(dir.File("big.bin"), "old contents\n");
        }
        Assert.True(killedMidWrite, "the write never was caught in progress");
        Assert.Equal("old contents\n", File.ReadAllText(dir.File("big.bin")));
    }

    public static TheoryData<string> Formats() => ["exe", "elf64", "elf32", "bin"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void BytesDoNotDependOnDirectoryLocaleTimeOrThreads(string format)
    {
        string source = format switch
        {
            "elf32" => "section .text\nglobal _start\n_start: mov eax, 1\nxor ebx, ebx\nint 0x80\nsection .data\nmsg: db 'hi', 10\n",
            "bin" => "org 0x100\nmov ah, 9\nmov dx, msg\nint 0x21\nret\nmsg: db 'hi$'\ndq 1.5\n",
            _ => File.ReadAllText(Nas64Command.Sample("hello/hello.asm")),
        };
        (string Name, string Value)[][] environments =
        [
            [],
            [("TZ", "Pacific/Kiritimati"), ("LANG", "tr_TR.UTF-8"), ("LC_ALL", "tr_TR.UTF-8"), ("DOTNET_PROCESSOR_COUNT", "1"), ("SOURCE_DATE_EPOCH", "1")],
            [("TZ", "America/St_Johns"), ("LANG", "de_DE.UTF-8"), ("LC_ALL", "ar_SA.UTF-8"), ("DOTNET_PROCESSOR_COUNT", "7"), ("SOURCE_DATE_EPOCH", "2000000000")],
        ];
        byte[]? first = null;
        foreach (var environment in environments)
        {
            // A fresh directory each time, at a different depth: only the name given on the command line may matter.
            using var dir = new TempDirectory();
            string work = Path.Combine(dir.Path, new string('d', environment.Length + 1));
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, "prog.asm"), source);
            using var process = Start(work, ["-f", format, "prog.asm", "-o", "prog.out"], environment);
            string errors = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "nas64 did not finish");
            Assert.True(process.ExitCode == 0, errors);
            byte[] bytes = File.ReadAllBytes(Path.Combine(work, "prog.out"));
            if (first is null) first = bytes;
            else Assert.True(first.AsSpan().SequenceEqual(bytes), $"-f {format}: output differs under {string.Join(' ', environment.Select(e => $"{e.Name}={e.Value}"))}");
        }
    }

    private static Process Start(string workingDirectory, string[] arguments, (string Name, string Value)[] environment)
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, "nas64");
        var info = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "nas64.dll") } };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start nas64");
    }
}
