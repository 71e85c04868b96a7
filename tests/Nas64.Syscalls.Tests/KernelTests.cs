using System.Text;

namespace Nas64.Syscalls.Tests;

/// <summary>The generated stubs against the running kernel, checked with .NET's own view of the same facts.</summary>
public sealed unsafe class KernelTests
{
    [Fact]
    public void GetPidEqualsEnvironmentProcessId()
    {
        Assert.Equal(Environment.ProcessId, Linux.GetPid());
        Assert.Equal(Environment.ProcessId, Linux.GetPidByNumber());
    }

    [Fact]
    public void WriteAndReadThroughAPipeWithSpans()
    {
        Linux.Pipe2(out PipeEnds pipe, Linux.OCloexec);
        try
        {
            byte[] message = Encoding.UTF8.GetBytes("through the kernel, no libc ✓");
            Assert.Equal(message.Length, Linux.Write(pipe.WriteEnd, message));
            Span<byte> buffer = stackalloc byte[128];
            nint read = Linux.Read(pipe.ReadEnd, buffer);
            Assert.Equal(message.Length, read);
            Assert.True(buffer[..(int)read].SequenceEqual(message));
        }
        finally
        {
            Linux.CloseOrThrow(pipe.ReadEnd);
            Linux.CloseOrThrow(pipe.WriteEnd);
        }
    }

    [Fact]
    public void OpenatWithAShortPathReadsTheFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("short.txt");
        File.WriteAllText(path, "short path");
        Assert.Equal("short path", ReadWithSyscalls(path));
    }

    [Fact]
    public void OpenatWithA400BytePathReadsTheFile()
    {
        using var directory = new TempDirectory();
        string path = directory.Path;
        while (Encoding.UTF8.GetByteCount(path) < 380) path = Path.Combine(path, new string('é', 60));
        Directory.CreateDirectory(path);
        path = Path.Combine(path, "f" + new string('x', 400 - Encoding.UTF8.GetByteCount(path) - 2));
        Assert.Equal(400, Encoding.UTF8.GetByteCount(path));
        File.WriteAllText(path, "long path");
        Assert.Equal("long path", ReadWithSyscalls(path));
    }

    [Fact]
    public void MkdiratAndUnlinkatWithALongPathAgreeWithDotNet()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, new string('d', 200), new string('e', 200));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, Linux.Mkdirat(Linux.AtFdCwd, path, 0x1ED));
        Assert.True(Directory.Exists(path));
        Assert.Equal(0, Linux.Unlinkat(Linux.AtFdCwd, path, 0x200));
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void MissingFileReturnsNegativeEnoent()
    {
        // ENOENT is 2 in asm-generic/errno-base.h.
        Assert.Equal(-2, Linux.Open(Linux.AtFdCwd, "/nonexistent/nas64/file", Linux.ORdOnly, 0));
        Assert.Equal(-(int)Errno.ENOENT, Linux.Open(Linux.AtFdCwd, "/nonexistent/nas64/file", Linux.ORdOnly, 0));
    }

    [Fact]
    public void BadDescriptorReturnsNegativeEbadf()
    {
        // EBADF is 9 in asm-generic/errno-base.h.
        Assert.Equal(-9, Linux.Close(-1));
        Assert.Equal(-9, Linux.Read(-1, new byte[4]));
    }

    [Fact]
    public void ThrowOnErrorThrowsSyscallExceptionWithErrno()
    {
        var exception = Assert.Throws<SyscallException>(() => Linux.OpenOrThrow(Linux.AtFdCwd, "/nonexistent/nas64/file", Linux.ORdOnly, 0));
        Assert.Equal(Errno.ENOENT, exception.Errno);
        Assert.Equal("openat", exception.Syscall);
        Assert.Contains("No such file or directory", exception.Message);
        Assert.Equal(Errno.EBADF, Assert.Throws<SyscallException>(() => Linux.CloseOrThrow(-1)).Errno);
    }

    [Fact]
    public void NullStringPassesANullPointer()
    {
        // readlinkat(2): a null pathname is a bad address.
        Assert.Equal(-(int)Errno.EFAULT, Linux.Readlinkat(Linux.AtFdCwd, null, new byte[64]));
    }

    [Fact]
    public void MmapAndMunmapChangeProcSelfMaps()
    {
        // A shared mapping of a file only this test knows: after munmap no other thread can put a mapping
        // of it back, so its absence from /proc/self/maps is the kernel's answer, not a race with the
        // runtime's own anonymous mappings (which may reuse a freed anonymous range at once).
        const int protReadWrite = 0x3;
        const int mapShared = 0x01;
        const int oReadWrite = 0x2;
        string path = Path.Combine(Path.GetTempPath(), $"nas64-mmap-{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, new byte[8192]);
        try
        {
            int fd = Linux.Open(Linux.AtFdCwd, path, oReadWrite | Linux.OCloexec, 0);
            Assert.True(fd >= 0, $"openat returned {fd}");
            nint address = Linux.Mmap(null, 8192, protReadWrite, mapShared, fd, 0);
            Assert.Equal(0, Linux.Close(fd));
            Assert.False(SyscallResult.IsError(address), $"mmap returned {address}");
            Assert.Equal(0, address % Environment.SystemPageSize);
            new Span<byte>((void*)address, 8192).Fill(0x5A);
            Assert.Contains(ProcMaps.Read(), m => m.Start == address && m.End == address + 8192
                && m.Permissions == "rw-s" && m.Line.EndsWith(path, StringComparison.Ordinal));

            Assert.Equal(0, Linux.Munmap((void*)address, 8192));
            Assert.DoesNotContain(ProcMaps.Read(), m => m.Line.EndsWith(path, StringComparison.Ordinal));
            Assert.All(File.ReadAllBytes(path), b => Assert.Equal(0x5A, b));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnonymousMmapIsZeroedWritableMemory()
    {
        const int protReadWrite = 0x3;
        const int mapPrivateAnonymous = 0x22;
        nint address = Linux.Mmap(null, 8192, protReadWrite, mapPrivateAnonymous, -1, 0);
        Assert.False(SyscallResult.IsError(address), $"mmap returned {address}");
        Assert.Equal(0, address % Environment.SystemPageSize);
        var memory = new Span<byte>((void*)address, 8192);
        Assert.True(memory.IndexOfAnyExcept((byte)0) < 0, "anonymous pages start zeroed");
        memory.Fill(0x5A);
        Assert.Equal(0x5A, ((byte*)address)[8191]);
        Assert.Contains(ProcMaps.Read(), m => m.Start <= address && address + 8192 <= m.End && m.Permissions.StartsWith("rw", StringComparison.Ordinal));
        Assert.Equal(0, Linux.Munmap((void*)address, 8192));
    }

    [Fact]
    public void MmapReturningAPointerReportsErrorsAsNegativeErrno()
    {
        byte* result = Linux.MapPointer(null, 0, 0x3, 0x22, -1, 0);
        Assert.Equal(Errno.EINVAL, SyscallResult.GetErrno((nint)result));
    }

    [Fact]
    public void ClockGettimeFillsAnOutStruct()
    {
        Assert.Equal(0, Linux.ClockGettime(ClockId.Realtime, out TimeSpec now));
        long unixSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(now.Seconds, unixSeconds - 5, unixSeconds + 5);
        Assert.InRange(now.Nanoseconds, 0, 999_999_999);
    }

    [Fact]
    public void GetcwdMatchesEnvironmentCurrentDirectory()
    {
        Span<byte> buffer = stackalloc byte[4096];
        int length = Linux.Getcwd(buffer);
        Assert.True(length > 0);
        Assert.Equal(Environment.CurrentDirectory, Encoding.UTF8.GetString(buffer[..(length - 1)]));
    }

    [Fact]
    public void ShortStringsAllocateNothing()
    {
        Linux.Open(Linux.AtFdCwd, "/nonexistent/warm-up", 0, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Linux.Open(Linux.AtFdCwd, "/nonexistent/nas64/file", 0, 0);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static string ReadWithSyscalls(string path)
    {
        int fd = Linux.OpenOrThrow(Linux.AtFdCwd, path, Linux.ORdOnly | Linux.OCloexec, 0);
        try
        {
            Span<byte> buffer = stackalloc byte[256];
            nint read = Linux.Read(fd, buffer);
            Assert.False(SyscallResult.IsError(read));
            return Encoding.UTF8.GetString(buffer[..(int)read]);
        }
        finally
        {
            Assert.Equal(0, Linux.Close(fd));
        }
    }
}
