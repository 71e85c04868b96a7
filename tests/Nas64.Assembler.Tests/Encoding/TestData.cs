namespace Nas64.Assembler.Tests.Encoding;

/// <summary>The committed data files (copied next to the test assembly).</summary>
public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>Instruction lines of a corpus file: blank lines and `#`/`;` comments skipped, duplicates dropped.</summary>
    public static List<string> Lines(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (string raw in File.ReadLines(PathOf(name)))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' || !seen.Add(line)) continue;
            lines.Add(line);
        }
        return lines;
    }
}
