namespace Nas64.Linker.SyscallInventory;

/// <summary>How a site enters the kernel: the x86-64 `syscall`, the i386 `int 0x80` / `sysenter`, or a
/// call (or tail jump) to a one-syscall stub.</summary>
public enum SiteKind
{
    Syscall,
    Int80,
    Sysenter,
    StubCall,
}

/// <summary>One place that makes a system call, and its number when a constant reaches it.</summary>
public sealed record SyscallSite(
    ulong Address, string Section, string Location, SiteKind Kind, long? Number, string? Name, string? Via)
{
    /// <summary>The ABI that gives the number its meaning: i386 for int 0x80 and sysenter.</summary>
    public string Abi => Kind is SiteKind.Int80 or SiteKind.Sysenter ? "i386" : "x86_64";

    public string Instruction => Kind switch
    {
        SiteKind.Syscall => "syscall",
        SiteKind.Int80 => "int 0x80",
        SiteKind.Sysenter => "sysenter",
        _ => "call",
    };
}
