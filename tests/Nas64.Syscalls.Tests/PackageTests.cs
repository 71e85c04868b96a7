using System.IO.Compression;
using System.Reflection;

namespace Nas64.Syscalls.Tests;

/// <summary>
/// The Nas64.Syscalls package as a user gets it: packed from runtime/Nas64.Syscalls, it holds the runtime
/// library and, under analyzers/dotnet/cs, the generator with Iced and the model; samples/syscalls-package
/// restores it from a local feed into an empty package folder (a fresh version, so no cached copy can
/// stand in), builds and runs.
/// </summary>
[Collection("dotnet publish and pack")]
public sealed class PackageTests
{
    [Fact]
    public void PackedPackageRestoresBuildsAndRunsInTheSample()
    {
        string root = typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        using var dir = new TempDirectory();
        string feed = Directory.CreateDirectory(dir.File("feed")).FullName;
        string version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        Dotnet(root, "pack", Path.Combine(root, "runtime/Nas64.Syscalls/Nas64.Syscalls.csproj"), "-c", "Release", "-o", feed,
            $"-p:PackageVersion={version}");

        string package = Path.Combine(feed, $"Nas64.Syscalls.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/Nas64.Syscalls.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Nas64.Syscalls.Generator.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Nas64.Syscalls.Model.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Iced.dll", entries);
        }

        string sample = Directory.CreateDirectory(dir.File("sample")).FullName;
        foreach (string file in Directory.GetFiles(Path.Combine(root, "samples/syscalls-package")))
            File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(sample, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        Dotnet(sample, "restore", "--packages", dir.File("packages"), $"-p:Nas64SyscallsVersion={version}");
        Dotnet(sample, "build", "--no-restore", "-c", "Release", "-o", dir.File("out"), $"-p:Nas64SyscallsVersion={version}");

        var run = ExternalTool.Run(dir.File("out/Nas64.Syscalls.PackageSample"), []);
        Assert.Equal("getpid() == Environment.ProcessId: True\nclose(-1) = -9\nopenat: Errno.ENOENT\n", run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
    }

    private static void Dotnet(string workingDirectory, params string[] arguments)
    {
        var result = ExternalTool.Run("dotnet", [.. arguments, "-nologo", "-nodeReuse:false"], workingDirectory, timeoutMs: 20 * 60_000);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
    }
}
