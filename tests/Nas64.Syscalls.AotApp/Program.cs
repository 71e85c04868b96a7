// The kernel tests (tests/Nas64.Syscalls.Tests/KernelTests.cs) as checks a NativeAOT binary runs: one line
// "<check> ok" or "<check> FAILED: <why>" each; the exit status is the number of failures.
using System.Runtime.CompilerServices;
using System.Text;
using Nas64.Syscalls;
using Nas64.Syscalls.Tests;

int failures = 0;
void Check(string name, Func<string?> check)
{
    string? problem;
    try { problem = check(); }
    catch (Exception e) { problem = e.GetType().Name + ": " + e.Message; }
    Console.WriteLine(problem is null ? $"{name} ok" : $"{name} FAILED: {problem}");
    if (problem is not null) failures++;
}
string? Expect(bool condition, string otherwise) => condition ? null : otherwise;

string directory = Directory.CreateTempSubdirectory("nas64-aot-").FullName;
try
{
    Check("native aot", () => Expect(!RuntimeFeature.IsDynamicCodeSupported, "dynamic code is supported: not NativeAOT"));
    Check("getpid", () => Expect(Linux.GetPid() == Environment.ProcessId && Linux.GetPidByNumber() == Environment.ProcessId,
        $"{Linux.GetPid()} / {Linux.GetPidByNumber()} vs {Environment.ProcessId}"));
    Check("write and read through spans", () =>
    {
        Linux.Pipe2(out PipeEnds pipe, Linux.OCloexec);
        try
        {
            byte[] message = Encoding.UTF8.GetBytes("through the kernel, no libc ✓");
            nint written = Linux.Write(pipe.WriteEnd, message);
            Span<byte> buffer = stackalloc byte[128];
            nint read = Linux.Read(pipe.ReadEnd, buffer);
            return Expect(written == message.Length && read == message.Length && buffer[..(int)read].SequenceEqual(message), $"wrote {written}, read {read}");
        }
        finally
        {
            Linux.CloseOrThrow(pipe.ReadEnd);
            Linux.CloseOrThrow(pipe.WriteEnd);
        }
    });
    Check("openat short path", () =>
    {
        string path = Path.Combine(directory, "short.txt");
        File.WriteAllText(path, "short path");
        string text = ReadWithSyscalls(path);
        return Expect(text == "short path", text);
    });
    Check("openat 400-byte path", () =>
    {
        string path = directory;
        while (Encoding.UTF8.GetByteCount(path) < 380) path = Path.Combine(path, new string('é', 60));
        Directory.CreateDirectory(path);
        path = Path.Combine(path, "f" + new string('x', 400 - Encoding.UTF8.GetByteCount(path) - 2));
        File.WriteAllText(path, "long path");
        string text = ReadWithSyscalls(path);
        return Expect(Encoding.UTF8.GetByteCount(path) == 400 && text == "long path", text);
    });
    Check("-ENOENT", () =>
    {
        int result = Linux.Open(Linux.AtFdCwd, "/nonexistent/nas64/file", Linux.ORdOnly, 0);
        return Expect(result == -2 && result == -(int)Errno.ENOENT, result.ToString());   // ENOENT is 2 in errno-base.h
    });
    Check("-EBADF", () => Expect(Linux.Close(-1) == -9 && Linux.Read(-1, new byte[4]) == -9, "close(-1) or read(-1) not -9"));
    Check("SyscallException", () =>
    {
        try
        {
            Linux.OpenOrThrow(Linux.AtFdCwd, "/nonexistent/nas64/file", Linux.ORdOnly, 0);
            return "no exception";
        }
        catch (SyscallException e)
        {
            return Expect(e.Errno == Errno.ENOENT && e.Syscall == "openat" && e.Message.Contains("No such file or directory"), $"{e.Errno} {e.Syscall} {e.Message}");
        }
    });
    Check("mmap and munmap", () =>
    {
        unsafe
        {
            nint address = Linux.Mmap(null, 8192, 0x3, 0x22, -1, 0);
            if (SyscallResult.IsError(address)) return $"mmap returned {address}";
            new Span<byte>((void*)address, 8192).Fill(0x5A);
            bool mapped = ProcMaps.Read().Exists(m => m.Start <= address && address + 8192 <= m.End && m.Permissions.StartsWith("rw", StringComparison.Ordinal));
            int unmapped = Linux.Munmap((void*)address, 8192);
            bool gone = !ProcMaps.Read().Exists(m => m.Start <= address && address < m.End);
            return Expect(mapped && unmapped == 0 && gone, $"mapped {mapped}, munmap {unmapped}, gone {gone}");
        }
    });
    Check("no writable and executable mapping", () =>
    {
        Linux.GetPid();
        var bad = ProcMaps.Read().FindAll(m => m.IsWritableAndExecutable);
        return Expect(bad.Count == 0, string.Join("; ", bad.Select(m => m.Line)));
    });
}
finally
{
    Directory.Delete(directory, recursive: true);
}
return failures;

static string ReadWithSyscalls(string path)
{
    int fd = Linux.OpenOrThrow(Linux.AtFdCwd, path, Linux.ORdOnly | Linux.OCloexec, 0);
    try
    {
        Span<byte> buffer = stackalloc byte[256];
        nint read = Linux.Read(fd, buffer);
        return SyscallResult.IsError(read) ? $"read returned {read}" : Encoding.UTF8.GetString(buffer[..(int)read]);
    }
    finally
    {
        Linux.Close(fd);
    }
}
