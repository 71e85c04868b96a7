namespace Nas64.Syscalls;

/// <summary>
/// Marks a <c>static partial</c> method whose body the Nas64.Syscalls generator writes: a direct Linux
/// x86-64 system call through a machine-code stub, with no libc in between. The call is named by the
/// method (case and underscores ignored), a kernel name, a <see cref="Sys"/> value or a number.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SyscallAttribute : Attribute
{
    /// <summary>The call named by the method: <c>ClockGettime</c> calls <c>clock_gettime</c>.</summary>
    public SyscallAttribute()
    {
    }

    /// <summary>The call with the kernel name <paramref name="name"/> (case and underscores ignored).</summary>
    public SyscallAttribute(string name) => Name = name;

    /// <summary>The call <paramref name="syscall"/>.</summary>
    public SyscallAttribute(Sys syscall) => Number = (int)syscall;

    /// <summary>The call with number <paramref name="number"/> (the value in <c>rax</c>).</summary>
    public SyscallAttribute(int number) => Number = number;

    /// <summary>The kernel name given to the constructor, if any.</summary>
    public string? Name { get; }

    /// <summary>The number given to the constructor, if any.</summary>
    public int? Number { get; }

    /// <summary>Throw <see cref="SyscallException"/> when the kernel returns −errno, instead of returning it.</summary>
    public bool ThrowOnError { get; set; }

    /// <summary>Repeat the call while the kernel returns −EINTR (interrupted by a signal).</summary>
    public bool RetryOnInterrupt { get; set; }
}
