namespace Nas64.Cli.SyscallInventory;

/// <summary>The syscall names of an `strace -f` log: `name(args) = result` lines, with or without a
/// `[pid N]` or `N ` prefix; signals, exits and `&lt;... resumed&gt;` halves are not calls.</summary>
public static class StraceLog
{
    public static SortedSet<string> ReadNames(string text)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string rawLine in text.Split('\n'))
        {
            string? name = NameOf(rawLine);
            if (name is not null) names.Add(name);
        }
        return names;
    }

    private static string? NameOf(string line)
    {
        int at = 0;
        if (line.StartsWith("[pid", StringComparison.Ordinal))
        {
            int close = line.IndexOf(']');
            if (close < 0) return null;
            at = close + 1;
        }
        else
        {
            // `strace -f -o FILE` starts each line with the pid alone.
            int digits = 0;
            while (digits < line.Length && char.IsAsciiDigit(line[digits])) digits++;
            if (digits > 0 && digits < line.Length && line[digits] == ' ') at = digits;
        }
        while (at < line.Length && line[at] == ' ') at++;
        int start = at;
        while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] == '_')) at++;
        if (at == start || at >= line.Length || line[at] != '(' || !char.IsAsciiLetterLower(line[start])) return null;
        return line[start..at];
    }
}
