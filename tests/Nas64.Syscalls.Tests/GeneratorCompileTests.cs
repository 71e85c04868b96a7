using Microsoft.CodeAnalysis;

namespace Nas64.Syscalls.Tests;

/// <summary>Snippets that must compile cleanly once the generator has written their bodies.</summary>
public sealed class GeneratorCompileTests
{
    private const string IssueSurface = """
        using System;
        using System.Runtime.InteropServices;
        using Nas64.Syscalls;
        static unsafe partial class Linux
        {
            [Syscall, SuppressGCTransition] public static partial int GetPid();
            [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);
            [Syscall] public static partial nint Read(int fd, Span<byte> buffer);
            [Syscall("openat")] public static partial int Open(int dirfd, string path, int flags, int mode);
            [Syscall(Sys.Close)] public static partial int Close(int fd);
            [Syscall("openat", ThrowOnError = true)] public static partial int OpenOrThrow(int dirfd, string path, int flags, int mode);
            [Syscall(39)] public static partial int GetPidByNumber();
        }
        """;

    private const string EveryParameterKind = """
        using System;
        using Nas64.Syscalls;
        namespace Deep.Space
        {
            public enum Clock : uint { Realtime = 0 }
            public enum Flags : long { None = 0 }
            public struct TimeSpec { public long S, N; }
            public partial class Outer<T> where T : struct
            {
                internal unsafe partial record struct Kernel
                {
                    [Syscall] internal static partial int ClockGettime(Clock clock, out TimeSpec time);
                    [Syscall("clock_settime")] internal static partial int SetClock(Clock clock, in TimeSpec time);
                    [Syscall] internal static partial Flags Pipe2(ref long fds, bool cloexec);
                    [Syscall(ThrowOnError = true, RetryOnInterrupt = true)] internal static partial void Close(uint fd);
                    [Syscall] internal static partial byte* Mmap(void* address, nuint length, int protection, Flags flags, int fd, long offset);
                    [Syscall("readlinkat")] internal static partial ulong ReadLink(int dirfd, string? path, Span<char> buffer);
                    [Syscall] internal static partial void Exit(int status);
                    [Syscall("write")] private static partial short WriteInts(int fd, ReadOnlySpan<int> values);
                }
            }
        }
        """;

    [Fact]
    public void IssueSurfaceCompilesWithoutDiagnostics() => AssertCompilesCleanly(IssueSurface, expectedFiles: 1);

    [Fact]
    public void EveryParameterAndReturnKindCompilesWithoutDiagnostics() => AssertCompilesCleanly(EveryParameterKind, expectedFiles: 1);

    [Fact]
    public void EachDeclaringTypeGetsItsOwnFileAndStubTable()
    {
        const string twoTypes = """
            using Nas64.Syscalls;
            static partial class A { [Syscall] public static partial int GetPid(); }
            static partial class B { [Syscall] public static partial int GetPid(); }
            """;
        AssertCompilesCleanly(twoTypes, expectedFiles: 2);
    }

    [Fact]
    public void GeneratedStubHoldsTheMachineCodeForTheNamedNumber()
    {
        (Compilation _, GeneratorDriverRunResult result) = GeneratorHarness.Generate(GeneratorHarness.Compile(true, IssueSurface));
        string text = result.GeneratedTrees.Single().ToString();
        // openat is 257 = 0x101: mov eax, 0x101 is B8 01 01 00 00 (per the Intel SDM's B8+rd id).
        Assert.Contains("0xB8, 0x01, 0x01, 0x00, 0x00, 0x49, 0x89, 0xCA, 0x0F, 0x05, 0xC3", text);
        Assert.Contains("delegate* unmanaged[Cdecl, SuppressGCTransition]<nint>", text);
        Assert.Contains("delegate* unmanaged<nint, nint, nint, nint>", text);
    }

    private static void AssertCompilesCleanly(string source, int expectedFiles)
    {
        (Compilation output, GeneratorDriverRunResult result) = GeneratorHarness.Generate(GeneratorHarness.Compile(true, source));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(expectedFiles, result.GeneratedTrees.Length);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.Analyze(output));
    }
}
