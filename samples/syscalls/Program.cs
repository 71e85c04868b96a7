using System.Text;
using Nas64.Syscalls;

const int AtFdCwd = -100;
const int StandardOutput = 1;

Linux.Write(StandardOutput, Encoding.UTF8.GetBytes($"getpid() = {Linux.GetPid()} (by number: {Linux.GetPidByNumber()})\n"));

int fd = Linux.Open(AtFdCwd, "/proc/self/comm", 0, 0);
Span<byte> name = stackalloc byte[64];
nint length = Linux.Read(fd, name);
Linux.Close(fd);
Linux.Write(StandardOutput, "comm: "u8);
Linux.Write(StandardOutput, name[..(int)length]);

Console.WriteLine($"open(\"/no/such/file\") = {Linux.Open(AtFdCwd, "/no/such/file", 0, 0)} (raw -errno)");
try
{
    Linux.OpenOrThrow(AtFdCwd, "/no/such/file", 0, 0);
}
catch (SyscallException e)
{
    Console.WriteLine($"OpenOrThrow: {e.Message} (Errno.{e.Errno})");
}
