using System.Text.Json;

namespace Nas64.EndToEnd.Tests.SyscallInventory;

/// <summary>Runs `nas64 syscalls` and the program under strace: the kernel's record of what the program called is the truth.</summary>
internal static class InventoryTool
{
    /// <summary>One site as `nas64 syscalls --format=json` prints it.</summary>
    public sealed record Site(ulong Address, string Location, string Instruction, long? Number, string? Name, bool Unknown);

    public static List<Site> Sites(string directory, string file)
    {
        var result = Nas64Command.RunChecked(directory, "syscalls", file, "--format=json");
        using var document = JsonDocument.Parse(result.StandardOutput);
        var sites = new List<Site>();
        foreach (JsonElement site in document.RootElement.GetProperty("sites").EnumerateArray())
        {
            JsonElement number = site.GetProperty("number");
            JsonElement name = site.GetProperty("name");
            sites.Add(new Site(site.GetProperty("address").GetUInt64(), site.GetProperty("location").GetString()!,
                site.GetProperty("instruction").GetString()!, number.ValueKind == JsonValueKind.Null ? null : number.GetInt64(),
                name.ValueKind == JsonValueKind.Null ? null : name.GetString(), site.GetProperty("unknown").GetBoolean()));
        }
        return sites;
    }

    public static SortedSet<string> Names(IEnumerable<Site> sites) =>
        new(sites.Where(s => s.Name is not null).Select(s => s.Name!), StringComparer.Ordinal);

    /// <summary>The syscalls `strace -f -qq` records for a run, without the execve that started it; the log stays for --strace-compare.</summary>
    public static SortedSet<string> Traced(string executable, string log, int expectedExit)
    {
        var run = ExternalTool.Run("strace", ["-f", "-qq", "-o", log, executable]);
        Assert.True(run.ExitCode == expectedExit, $"{executable} under strace exited {run.ExitCode}:\n{run.StandardError}");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(log))
        {
            // `PID name(args…` — the pid, one space, the call.
            string call = line[(line.IndexOf(' ') + 1)..].TrimStart();
            int paren = call.IndexOf('(');
            if (paren > 0 && char.IsAsciiLetterLower(call[0])) names.Add(call[..paren]);
        }
        names.Remove("execve");
        Assert.NotEmpty(names);
        return names;
    }
}
