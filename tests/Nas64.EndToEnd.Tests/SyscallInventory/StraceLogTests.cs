using Nas64.Cli.SyscallInventory;

namespace Nas64.EndToEnd.Tests.SyscallInventory;

/// <summary>The names --strace-compare reads from an `strace -f` log are the ones strace's own summary (-C) counts.</summary>
public sealed class StraceLogTests
{
    [RequiresToolsFact("strace")]
    public void Names_of_a_forking_run_with_pid_prefixes_are_strace_summarys_names()
    {
        using var dir = new TempDirectory();
        var run = ExternalTool.Run("strace", ["-f", "-qq", "-C", "sh", "-c", "/bin/true; /bin/true"]);
        Assert.Equal(0, run.ExitCode);
        string log = run.StandardError;
        int summary = log.IndexOf("% time", StringComparison.Ordinal);
        Assert.True(summary > 0, log);
        Assert.Contains("[pid ", log[..summary]);

        var counted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in log[summary..].Split('\n').Skip(2))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 5 && char.IsAsciiDigit(columns[0][0]) && columns[^1] != "total") counted.Add(columns[^1]);
        }
        Assert.Contains("wait4", counted);
        var read = StraceLog.ReadNames(log[..summary]);
        // The summary counts only calls that return; exit_group ends the process first.
        Assert.True(read.Remove("exit_group"));
        Assert.Equal(counted, read);
    }
}
