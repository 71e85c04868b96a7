namespace Nas64.EndToEnd.Tests;

/// <summary>Runs the nas64 command that was built with this test project, as a user runs it.</summary>
public static class Nas64Command
{
    private static readonly string Directory = AppContext.BaseDirectory;

    /// <summary>Path to the nas64 apphost next to the tests (dotnet + nas64.dll when it is missing).</summary>
    public static ProcessResult Run(string workingDirectory, params string[] arguments)
    {
        string apphost = Path.Combine(Directory, "nas64");
        if (File.Exists(apphost)) return ExternalTool.Run(apphost, arguments, workingDirectory);
        return ExternalTool.Run("dotnet", [Path.Combine(Directory, "nas64.dll"), .. arguments], workingDirectory);
    }

    /// <summary>Runs nas64 and fails the test unless it exits 0.</summary>
    public static ProcessResult RunChecked(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"nas64 {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        return result;
    }

    public static string Sample(string relativePath) => Path.Combine(Directory, "samples", relativePath);

    public static string Golden(string name) => Path.Combine(Directory, "golden", name);

    /// <summary>The golden file's source copy in the repository (for NAS64_UPDATE_GOLDEN=1).</summary>
    public static string GoldenSource(string name) =>
        Path.Combine(typeof(Nas64Command).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "GoldenSourceDirectory").Value!, name);
}
