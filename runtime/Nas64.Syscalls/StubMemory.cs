using System.Runtime.InteropServices;

namespace Nas64.Syscalls;

/// <summary>
/// Maps generated machine code write-xor-execute: fresh pages are mapped read-write, the code is copied in,
/// then the pages become read-execute. No page is ever writable and executable at once.
/// </summary>
/// <remarks>
/// Raw system calls need executable memory first, so this one step asks libc (<c>mmap</c>, <c>mprotect</c>)
/// through P/Invoke: once per stub table (one per type declaring <c>[Syscall]</c> methods), never on a call path.
/// The pages live for the whole process, as the code that calls them does.
/// </remarks>
public static unsafe partial class StubMemory
{
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int ProtExec = 0x4;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    /// <summary>Copies <paramref name="code"/> into new read-execute pages and returns their address.</summary>
    public static nint MapExecutable(ReadOnlySpan<byte> code)
    {
        if (code.IsEmpty) throw new ArgumentException("no machine code to map", nameof(code));
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new PlatformNotSupportedException("Nas64.Syscalls stubs run on Linux x86-64 only.");

        nuint length = (nuint)code.Length;
        void* pages = Libc.Mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (pages == (void*)-1) throw new SyscallException("mmap", (Errno)Marshal.GetLastPInvokeError());
        code.CopyTo(new Span<byte>(pages, code.Length));
        if (Libc.Mprotect(pages, length, ProtRead | ProtExec) != 0)
        {
            var errno = (Errno)Marshal.GetLastPInvokeError();
            Libc.Munmap(pages, length);
            throw new SyscallException("mprotect", errno);
        }
        return (nint)pages;
    }

    private static partial class Libc
    {
        [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
        internal static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

        [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
        internal static partial int Mprotect(void* address, nuint length, int protection);

        [LibraryImport("libc", EntryPoint = "munmap")]
        internal static partial int Munmap(void* address, nuint length);
    }
}
