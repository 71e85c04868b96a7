using System.Globalization;

namespace Nas64.EndToEnd.Tests.Stubs;

/// <summary>Runs `nas64 stubs` as a user does (its own process, so its stderr and exit status are its own),
/// and reads the kernel's syscall numbers from the C library's headers: the outside truth for every stub.</summary>
internal static class StubsTool
{
    private const string UnistdHeader = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";

    /// <summary>nas64.dll sits beside the tests because the project references the CLI.</summary>
    public static ProcessResult Nas64(string workingDirectory, params string[] arguments) =>
        ExternalTool.Run("dotnet", [typeof(Nas64.Cli.CommandLine).Assembly.Location, .. arguments], workingDirectory);

    public static void Nas64Checked(string workingDirectory, params string[] arguments)
    {
        var result = Nas64(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"nas64 {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardError}");
    }

    /// <summary>__NR_name → number, from the kernel UAPI header gcc compiles against.</summary>
    public static Dictionary<string, int> KernelNumbers()
    {
        Assert.True(File.Exists(UnistdHeader), $"{UnistdHeader} missing: install it with `apt-get install linux-libc-dev`");
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(UnistdHeader))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 3 && words[0] == "#define" && words[1].StartsWith("__NR_", StringComparison.Ordinal)
                && int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                numbers.Add(words[1]["__NR_".Length..], number);
        }
        Assert.True(numbers.Count > 300, $"{UnistdHeader} lists only {numbers.Count} syscalls");
        return numbers;
    }

    /// <summary>What objdump says each function loads into eax: the syscall number it makes, per symbol.</summary>
    public static Dictionary<string, int> NumbersInEax(string objectOrArchive)
    {
        var output = ExternalTool.RunChecked("objdump", "-d", "--no-show-raw-insn", objectOrArchive).StandardOutput;
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        string? function = null;
        foreach (string line in output.Split('\n'))
        {
            int open = line.IndexOf(" <", StringComparison.Ordinal);
            if (open > 0 && line.EndsWith(">:", StringComparison.Ordinal))
            {
                function = line[(open + 2)..^2];
                continue;
            }
            int mov = line.IndexOf("mov    $0x", StringComparison.Ordinal);
            if (function is null || mov < 0 || !line.EndsWith(",%eax", StringComparison.Ordinal)) continue;
            string hex = line[(mov + "mov    $0x".Length)..^",%eax".Length];
            numbers[function] = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            function = null;
        }
        return numbers;
    }
}
