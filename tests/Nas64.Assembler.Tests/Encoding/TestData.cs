namespace Nas64.Assembler.Tests.Encoding;

/// <summary>The committed data files (copied next to the test assembly).</summary>
public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>Instruction lines of corpus files: blank lines and `#`/`;` comments skipped, duplicates dropped.</summary>
    public static List<string> Lines(params string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (string name in names)
            foreach (string raw in File.ReadLines(PathOf(name)))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] is '#' or ';' || !seen.Add(line)) continue;
                lines.Add(line);
            }
        return lines;
    }
}
