using System.Diagnostics;
using Xunit;

namespace Nas64.TestSupport;

/// <summary>
/// Outside truths the tests compare against (nasm, ld, strace, …). A test that needs one is marked
/// <see cref="RequiresToolsFactAttribute"/>: it is skipped, with how to install the tool, when the tool
/// is missing, unless NAS64_REQUIRE_TOOLS=1 (as CI sets), where it runs and fails instead.
/// </summary>
public static class ExternalTool
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["nasm"] = "nasm",
        ["yasm"] = "yasm",
        ["ld"] = "binutils",
        ["readelf"] = "binutils",
        ["objdump"] = "binutils",
        ["objcopy"] = "binutils",
        ["ar"] = "binutils",
        ["as"] = "binutils",
        ["strace"] = "strace",
        ["eu-elflint"] = "elfutils",
        ["gdb"] = "gdb",
        ["gcc"] = "gcc",
        ["ld.lld"] = "lld",
        ["mold"] = "mold",
    };

    public static bool Required => Environment.GetEnvironmentVariable("NAS64_REQUIRE_TOOLS") == "1";

    public static string? Find(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string InstallHint(string tool) =>
        $"{tool} not found: install it with `apt-get install {Packages.GetValueOrDefault(tool, tool)}`";

    /// <summary>The reason to skip, or null when every tool is present or tools are required.</summary>
    public static string? SkipReason(IEnumerable<string> tools)
    {
        if (Required) return null;
        var missing = tools.Where(t => Find(t) is null).ToList();
        return missing.Count == 0 ? null : string.Join("; ", missing.Select(InstallHint));
    }

    /// <summary>The tool's path; fails the test when it is missing.</summary>
    public static string Require(string tool) =>
        Find(tool) ?? throw new Xunit.Sdk.XunitException(InstallHint(tool) + " (NAS64_REQUIRE_TOOLS=1)");

    /// <summary>Runs a tool to completion and returns its exit code and output.</summary>
    public static ProcessResult Run(string tool, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutMs = 60_000)
    {
        string path = tool.Contains('/') ? tool : Require(tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using var process = Start(info);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in {timeoutMs} ms");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts a process, retrying while the kernel says ETXTBSY: an executable a test has just written
    /// stays "busy" while a child another test forked at that moment still holds the write descriptor between
    /// its fork and exec (the race Go's os/exec documents in golang/go#22315).</summary>
    private static Process Start(ProcessStartInfo info)
    {
        const int TextFileBusy = 26;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
            }
            catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Runs a tool and fails the test unless it exits 0.</summary>
    public static ProcessResult RunChecked(string tool, params string[] arguments) => RunCheckedIn(null, tool, arguments);

    /// <summary>Runs a tool in <paramref name="workingDirectory"/> and fails the test unless it exits 0.</summary>
    public static ProcessResult RunCheckedIn(string? workingDirectory, string tool, params string[] arguments)
    {
        var result = Run(tool, arguments, workingDirectory);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        return result;
    }
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>A fact that needs external tools: skipped with an install hint when one is missing,
/// failed instead when NAS64_REQUIRE_TOOLS=1.</summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        string? reason = ExternalTool.SkipReason(tools);
        if (reason is not null) Skip = reason;
    }
}

/// <summary>The theory counterpart of <see cref="RequiresToolsFactAttribute"/>.</summary>
public sealed class RequiresToolsTheoryAttribute : TheoryAttribute
{
    public RequiresToolsTheoryAttribute(params string[] tools)
    {
        string? reason = ExternalTool.SkipReason(tools);
        if (reason is not null) Skip = reason;
    }
}

/// <summary>A temporary folder removed when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("nas64-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
