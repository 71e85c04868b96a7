using System.Reflection;

namespace Nas64.Syscalls.Tests;

/// <summary>
/// The kernel tests under NativeAOT: tests/Nas64.Syscalls.AotApp runs the same checks (getpid, spans,
/// openat with short and 400-byte paths, −ENOENT, −EBADF, the exception, mmap/munmap, no W+X mapping)
/// compiled ahead of time. Publishing takes minutes, so one test publishes once and asserts every line.
/// </summary>
// One collection with PackageTests: both build runtime/Nas64.Syscalls in Release, which must not run twice at once.
[Collection("dotnet publish and pack")]
public sealed class AotKernelTests
{
    private static readonly string[] Checks =
    [
        "native aot", "getpid", "write and read through spans", "openat short path", "openat 400-byte path",
        "-ENOENT", "-EBADF", "SyscallException", "mmap and munmap", "no writable and executable mapping",
    ];

    [RequiresToolsFact("gcc")]
    public void KernelChecksPassInANativeAotBinary()
    {
        string project = typeof(AotKernelTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AotAppProject").Value!;
        using var output = new TempDirectory();
        var publish = ExternalTool.Run("dotnet", ["publish", project, "-c", "Release", "-o", output.Path, "-nologo", "-nodeReuse:false"],
            timeoutMs: 30 * 60_000);
        Assert.True(publish.ExitCode == 0, $"dotnet publish exited {publish.ExitCode}:\n{publish.StandardOutput}{publish.StandardError}");
        string binary = output.File("Nas64.Syscalls.AotApp");
        // A native executable, not a managed apphost: no IL assembly is published beside it.
        Assert.False(File.Exists(output.File("Nas64.Syscalls.AotApp.dll")), "published IL: not NativeAOT");

        var run = ExternalTool.Run(binary, []);
        Assert.Equal(string.Concat(Checks.Select(c => c + " ok\n")), run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
    }
}
