using System.Text;
using Nas64.Syscalls;

Linux.Write(1, Encoding.UTF8.GetBytes($"getpid() == Environment.ProcessId: {Linux.GetPid() == Environment.ProcessId}\n"));
Console.WriteLine($"close(-1) = {Linux.Close(-1)}");
try
{
    Linux.OpenOrThrow(-100, "/no/such/file", 0, 0);
}
catch (SyscallException e)
{
    Console.WriteLine($"openat: Errno.{e.Errno}");
}

static partial class Linux
{
    [Syscall, System.Runtime.InteropServices.SuppressGCTransition] public static partial int GetPid();
    [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);
    [Syscall(Sys.Close)] public static partial int Close(int fd);
    [Syscall("openat", ThrowOnError = true)] public static partial int OpenOrThrow(int dirfd, string path, int flags, int mode);
}
