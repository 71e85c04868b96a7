using System.Runtime.InteropServices;
using Nas64.Syscalls;

namespace Nas64.Syscalls.Tests;

/// <summary>The declarations the kernel tests call: the surface plus what the tests need.</summary>
internal static unsafe partial class Linux
{
    public const int AtFdCwd = -100;
    public const int ORdOnly = 0;
    public const int OCloexec = 0x80000;

    [Syscall, SuppressGCTransition] public static partial int GetPid();
    [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);
    [Syscall] public static partial nint Read(int fd, Span<byte> buffer);
    [Syscall("openat")] public static partial int Open(int dirfd, string path, int flags, int mode);
    [Syscall(Sys.Close)] public static partial int Close(int fd);
    [Syscall("openat", ThrowOnError = true)] public static partial int OpenOrThrow(int dirfd, string path, int flags, int mode);
    [Syscall(39)] public static partial int GetPidByNumber();
    [Syscall(ThrowOnError = true)] public static partial void Pipe2(out PipeEnds fds, int flags);
    [Syscall(Sys.Close, ThrowOnError = true, RetryOnInterrupt = true)] public static partial void CloseOrThrow(int fd);
    [Syscall] public static partial nint Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);
    [Syscall] public static partial int Munmap(void* address, nuint length);
    [Syscall("mmap")] public static partial byte* MapPointer(void* address, nuint length, int protection, int flags, int fd, long offset);
    [Syscall] public static partial int Getcwd(Span<byte> buffer);
    [Syscall, SuppressGCTransition] public static partial int ClockGettime(ClockId clock, out TimeSpec time);
    [Syscall] public static partial nint Readlinkat(int dirfd, string? path, Span<byte> buffer);
    [Syscall] public static partial int Mkdirat(int dirfd, string path, uint mode);
    [Syscall] public static partial int Unlinkat(int dirfd, string path, int flags);
}

/// <summary>The two descriptors pipe2 fills in: read end, write end.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PipeEnds
{
    public int ReadEnd;
    public int WriteEnd;
}

/// <summary>struct timespec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

internal enum ClockId
{
    Realtime = 0,
    Monotonic = 1,
}
