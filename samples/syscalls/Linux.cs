using System.Runtime.InteropServices;
using Nas64.Syscalls;

/// <summary>The declarations of the [Syscall] issue, exactly as a user writes them.</summary>
static unsafe partial class Linux
{
    [Syscall, SuppressGCTransition] public static partial int GetPid();   // number from the name: getpid
    [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data); // span → pointer, length
    [Syscall] public static partial nint Read(int fd, Span<byte> buffer);
    [Syscall("openat")] public static partial int Open(int dirfd, string path, int flags, int mode);
    [Syscall(Sys.Close)] public static partial int Close(int fd);
    [Syscall("openat", ThrowOnError = true)] public static partial int OpenOrThrow(int dirfd, string path, int flags, int mode);
    [Syscall(39)] public static partial int GetPidByNumber();
}
