namespace Nas64.Linker.Tests;

/// <summary>What every executable we write must pass: readelf and eu-elflint find nothing wrong,
/// no PT_LOAD is writable and executable, and PT_GNU_STACK is present and not executable.</summary>
internal static class ExecutableChecks
{
    public static void Verify(string path)
    {
        var readelf = ExternalTool.RunChecked("readelf", "-a", "-W", path);
        Assert.DoesNotContain("Warning", readelf.StandardError + readelf.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", readelf.StandardError);
        var lint = ExternalTool.Run("eu-elflint", ["--gnu-ld", path]);
        Assert.True(lint.ExitCode == 0, $"eu-elflint:\n{lint.StandardOutput}{lint.StandardError}");

        var headers = ExternalTool.RunChecked("readelf", "-l", "-W", path).StandardOutput;
        bool stack = false;
        foreach (string line in headers.Split('\n'))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8) continue;
            string flags = string.Join("", fields[6..^1]);
            if (fields[0] == "LOAD") Assert.False(flags.Contains('W') && flags.Contains('E'), $"W+X segment: {line}");
            if (fields[0] == "GNU_STACK")
            {
                stack = true;
                Assert.DoesNotContain('E', flags);
            }
        }
        Assert.True(stack, "no PT_GNU_STACK:\n" + headers);
    }
}
