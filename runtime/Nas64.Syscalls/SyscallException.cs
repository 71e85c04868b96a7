namespace Nas64.Syscalls;

/// <summary>A system call declared with <c>ThrowOnError = true</c> returned −errno.</summary>
public sealed class SyscallException : Exception
{
    /// <summary>Creates the exception for <paramref name="syscall"/> failing with <paramref name="errno"/>.</summary>
    public SyscallException(string syscall, Errno errno)
        : base($"{syscall} failed: {ErrnoText.Name(errno)} ({ErrnoText.Description(errno)})")
    {
        Syscall = syscall;
        Errno = errno;
    }

    /// <summary>The kernel's name of the call that failed (e.g. <c>openat</c>).</summary>
    public string Syscall { get; }

    /// <summary>Why it failed.</summary>
    public Errno Errno { get; }
}
