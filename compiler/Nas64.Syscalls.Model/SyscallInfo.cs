namespace Nas64.Syscalls.Model;

/// <summary>One row of the x86-64 syscall table (<c>syscalls-x86_64.tsv</c>).</summary>
public sealed class SyscallInfo
{
    public SyscallInfo(int number, string name, string entryPoint, int? argumentCount, bool isNoReturn)
    {
        Number = number;
        Name = name;
        EntryPoint = entryPoint;
        ArgumentCount = argumentCount;
        IsNoReturn = isNoReturn;
    }

    /// <summary>The value placed in <c>rax</c>.</summary>
    public int Number { get; }

    /// <summary>The kernel's name, as in <c>syscall_64.tbl</c> (e.g. <c>clock_gettime</c>).</summary>
    public string Name { get; }

    /// <summary>The kernel entry symbol; empty when the kernel does not implement the call.</summary>
    public string EntryPoint { get; }

    /// <summary>Arguments the kernel's prototype takes; null when no source knows.</summary>
    public int? ArgumentCount { get; }

    /// <summary>True for calls that never return (exit, exit_group).</summary>
    public bool IsNoReturn { get; }

    /// <summary>False for table rows with no entry point or <c>sys_ni_syscall</c>: the kernel answers ENOSYS.</summary>
    public bool IsImplemented => EntryPoint.Length != 0 && EntryPoint != "sys_ni_syscall";

    /// <summary>True when the call may sleep in the kernel (see <see cref="BlockingSyscalls"/>).</summary>
    public bool CanBlock => BlockingSyscalls.Contains(Name);
}
