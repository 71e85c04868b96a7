using System.Diagnostics.CodeAnalysis;

namespace Nas64.Syscalls;

/// <summary>Reading the kernel's raw return value: −4095..−1 is −errno, anything else is a result.</summary>
public static class SyscallResult
{
    /// <summary>Largest errno the kernel returns as a negated result.</summary>
    public const int MaxErrno = 4095;

    /// <summary>True when <paramref name="result"/> is −errno.</summary>
    public static bool IsError(nint result) => (nuint)result >= unchecked((nuint)(-MaxErrno));

    /// <summary>The errno carried by <paramref name="result"/>, or <see cref="Errno.None"/> on success.</summary>
    public static Errno GetErrno(nint result) => IsError(result) ? (Errno)(int)-result : Errno.None;

    /// <summary>Throws <see cref="SyscallException"/> for a failed <paramref name="syscall"/>; kept out of line so callers stay small.</summary>
    [DoesNotReturn]
    public static void Throw(string syscall, nint result) => throw new SyscallException(syscall, (Errno)(int)-result);
}
