using System.Runtime.InteropServices;
using Nas64.Syscalls;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>The generated routes: each method's body calls a stub encoded by the generator.</summary>
internal static unsafe partial class Linux
{
    [Syscall, SuppressGCTransition] public static partial int GetPid();

    [Syscall("getpid")] public static partial int GetPidWithTransition();

    [Syscall] public static partial nint Write(int fd, byte* data, nuint count);

    // Only /dev/null here, which never blocks; the warning is right for write in general.
#pragma warning disable NSYS009
    [Syscall("write"), SuppressGCTransition] public static partial nint WriteNoTransition(int fd, byte* data, nuint count);
#pragma warning restore NSYS009
}
