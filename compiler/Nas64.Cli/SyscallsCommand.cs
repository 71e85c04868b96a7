using System.CommandLine;
using Nas64.Cli.SyscallInventory;
using Nas64.Linker.Seccomp;
using Nas64.Linker.SyscallInventory;
using Nas64.Objects;

namespace Nas64.Cli;

/// <summary>
/// `nas64 syscalls FILE`: the static counterpart of strace. Lists every syscall, int 0x80 and sysenter site of an
/// ELF executable or object (ours or anyone's), and each call to a one-syscall stub, with the number that reaches it.
/// </summary>
public static class SyscallsCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("file") { Description = "An ELF executable or object" };
        var format = new Option<string>("--format") { Description = "Output: text (default) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var strace = new Option<string?>("--strace-compare") { Description = "An `strace -f` log of a run: report syscalls seen at run time but not found statically, and the other way round" };

        var command = new Command("syscalls",
            "List the system call sites of an ELF file and the syscall number reaching each.\n\n" +
            "Exit status: 0; with --strace-compare, 1 when the run made a syscall no site accounts for and no site is unknown.\n" +
            "For an executable linked with --seccomp, also what its filter allows.\n\n" +
            "Examples:\n" +
            "  nas64 syscalls hello                       site address, symbol+offset, number, name\n" +
            "  nas64 syscalls hello --format=json\n" +
            "  strace -f -o run.log ./hello; nas64 syscalls hello --strace-compare run.log")
        {
            input, format, strace,
        };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(format)!, result.GetValue(strace)));
        return command;
    }

    private static int Run(string path, string format, string? stracePath)
    {
        byte[] bytes;
        string? log = null;
        string reading = path;
        try
        {
            bytes = File.ReadAllBytes(path);
            reading = stracePath ?? path;
            if (stracePath is not null) log = File.ReadAllText(stracePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Driver.Fail($"{reading}: unable to read: {(e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : e.Message)}");
        }

        List<SyscallSite> sites;
        try
        {
            sites = SyscallSiteAnalyzer.Analyze(ExecutableImageReader.Read(path, bytes));
        }
        catch (DiagnosticException e)
        {
            var diagnostics = new DiagnosticBag();
            diagnostics.Add(e.Diagnostic);
            return Driver.Report(diagnostics);
        }

        InventoryReport.Comparison? comparison = log is null ? null
            : InventoryReport.Comparison.Of(InventoryReport.StaticNames(sites), StraceLog.ReadNames(log));
        SealReport? seal = SeccompSealReader.Read(bytes) is SeccompSeal found ? SealReport.Of(found, sites) : null;
        if (format == "json") Console.Out.Write(InventoryReport.Json(path, sites, comparison, seal));
        else
        {
            Console.Out.Write(InventoryReport.Text(path, sites));
            if (seal is not null) Console.Out.Write(seal.Text());
            if (comparison is not null) Console.Out.Write(comparison.Text());
        }
        return comparison is not null && comparison.OnlyAtRunTime.Count > 0 && InventoryReport.UnknownCount(sites) == 0 ? 1 : 0;
    }
}
