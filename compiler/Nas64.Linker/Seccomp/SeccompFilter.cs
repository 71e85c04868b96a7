namespace Nas64.Linker.Seccomp;

/// <summary>What a sealed program's filter does with a syscall outside its set (<c>--seccomp-mode</c>).</summary>
public enum SeccompMode
{
    /// <summary>SECCOMP_RET_KILL_PROCESS: the whole process dies of SIGSYS.</summary>
    Kill,
    /// <summary>SECCOMP_RET_ERRNO | EPERM: the syscall is not made and returns -EPERM.</summary>
    Errno,
    /// <summary>SECCOMP_RET_LOG: the syscall is made and logged by the kernel (audit), for finding what a set misses.</summary>
    Log,
}

/// <summary>
/// Builds the seccomp-BPF program that allows exactly a set of x86-64 syscall numbers (plus exit and exit_group),
/// in the shape every correct filter has: check <c>seccomp_data.arch</c> first (a 64-bit process can still make
/// i386 syscalls with <c>int 0x80</c>, whose numbers mean other calls), refuse the x32 numbers
/// (<c>nr ≥ 0x40000000</c>, the same table with a flag bit), then compare the number:
/// <code>
///   ld  [4]                       ; seccomp_data.arch
///   jeq #0xc000003e, 0, kill      ; AUDIT_ARCH_X86_64
///   ld  [0]                       ; seccomp_data.nr
///   jge #0x40000000, kill, 0      ; __X32_SYSCALL_BIT
/// kill:
///   ret #0x80000000               ; SECCOMP_RET_KILL_PROCESS
///   jeq #n1, allow, 0             ; one per allowed number, ascending
///   …
///   ret #action                   ; the mode's action for everything else
/// allow:
///   ret #0x7fff0000               ; SECCOMP_RET_ALLOW
/// </code>
/// Another architecture and x32 numbers are always killed, whatever the mode. When the set is too large for
/// the 8-bit jump offsets to reach the final <c>ret</c>, each comparison gets its own <c>ret ALLOW</c>.
/// </summary>
public static class SeccompFilter
{
    /// <summary>AUDIT_ARCH_X86_64: EM_X86_64 (62) | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE.</summary>
    public const uint AuditArchX86_64 = 0xC000_003E;

    /// <summary>AUDIT_ARCH_I386: what a 64-bit process's <c>int 0x80</c> reports.</summary>
    public const uint AuditArchI386 = 0x4000_0003;

    /// <summary>__X32_SYSCALL_BIT: x32 syscalls are the x86-64 numbers with this bit set.</summary>
    public const uint X32SyscallBit = 0x4000_0000;

    /// <summary>Offsets in struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }.</summary>
    public const uint NrOffset = 0;
    public const uint ArchOffset = 4;

    public const uint RetKillProcess = 0x8000_0000;
    public const uint RetKillThread = 0x0000_0000;
    public const uint RetTrap = 0x0003_0000;
    public const uint RetErrno = 0x0005_0000;
    public const uint RetLog = 0x7ffc_0000;
    public const uint RetAllow = 0x7fff_0000;
    public const uint Eperm = 1;

    /// <summary>x86-64 exit and exit_group: always allowed, so a sealed program can always end.</summary>
    public const int Exit = 60;
    public const int ExitGroup = 231;

    /// <summary>BPF_MAXINSNS: the kernel refuses longer programs.</summary>
    public const int MaxInstructions = 4096;

    public static uint ActionOf(SeccompMode mode) => mode switch
    {
        SeccompMode.Errno => RetErrno | Eperm,
        SeccompMode.Log => RetLog,
        _ => RetKillProcess,
    };

    /// <summary>The filter allowing <paramref name="numbers"/> (and exit, exit_group), taking the mode's action on the rest.</summary>
    public static List<BpfInstruction> Build(IEnumerable<int> numbers, SeccompMode mode)
    {
        var allowed = new SortedSet<int>(numbers) { Exit, ExitGroup };
        const ushort jeq = BpfInstruction.Jmp | BpfInstruction.Jeq | BpfInstruction.Constant;
        const ushort jge = BpfInstruction.Jmp | BpfInstruction.Jge | BpfInstruction.Constant;
        var program = new List<BpfInstruction>(allowed.Count + 8)
        {
            BpfInstruction.LoadWord(ArchOffset),
            BpfInstruction.Jump(jeq, AuditArchX86_64, 0, 2),
            BpfInstruction.LoadWord(NrOffset),
            BpfInstruction.Jump(jge, X32SyscallBit, 0, 1),
            BpfInstruction.Return(RetKillProcess),
        };
        // From the i-th comparison (0-based) of n, the final `ret ALLOW` is n - i instructions ahead (the default `ret` between).
        bool shared = allowed.Count <= byte.MaxValue;
        int index = 0;
        foreach (int number in allowed)
        {
            if (shared) program.Add(BpfInstruction.Jump(jeq, (uint)number, (byte)(allowed.Count - index), 0));
            else
            {
                program.Add(BpfInstruction.Jump(jeq, (uint)number, 0, 1));
                program.Add(BpfInstruction.Return(RetAllow));
            }
            index++;
        }
        program.Add(BpfInstruction.Return(ActionOf(mode)));
        if (shared) program.Add(BpfInstruction.Return(RetAllow));
        return program;
    }

    /// <summary>
    /// Runs a filter on one syscall as the kernel would (the loads, comparisons and returns seccomp filters use);
    /// null when the program leaves that subset or runs off its end.
    /// </summary>
    public static uint? Evaluate(IReadOnlyList<BpfInstruction> program, uint arch, uint number)
    {
        uint accumulator = 0;
        int pc = 0;
        while (pc < program.Count)
        {
            BpfInstruction instruction = program[pc];
            switch (instruction.Code)
            {
                case BpfInstruction.Ld | BpfInstruction.W | BpfInstruction.Abs:
                    if (instruction.K == NrOffset) accumulator = number;
                    else if (instruction.K == ArchOffset) accumulator = arch;
                    else return null;
                    pc++;
                    break;
                case BpfInstruction.Ret | BpfInstruction.Constant:
                    return instruction.K;
                case BpfInstruction.Jmp | BpfInstruction.Jeq | BpfInstruction.Constant:
                case BpfInstruction.Jmp | BpfInstruction.Jgt | BpfInstruction.Constant:
                case BpfInstruction.Jmp | BpfInstruction.Jge | BpfInstruction.Constant:
                case BpfInstruction.Jmp | BpfInstruction.Jset | BpfInstruction.Constant:
                    bool taken = (instruction.Code & 0xf0) switch
                    {
                        BpfInstruction.Jeq => accumulator == instruction.K,
                        BpfInstruction.Jgt => accumulator > instruction.K,
                        BpfInstruction.Jge => accumulator >= instruction.K,
                        _ => (accumulator & instruction.K) != 0,
                    };
                    pc += 1 + (taken ? instruction.JumpTrue : instruction.JumpFalse);
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>How strace and seccomp(2) name an action: kill-process, allow, errno(1), …</summary>
    public static string DescribeAction(uint action) => (action & 0xffff_0000) switch
    {
        RetKillProcess => "kill-process",
        RetKillThread => "kill-thread",
        RetTrap => "trap",
        RetErrno => $"errno({action & 0xffff})",
        RetLog => "log",
        RetAllow => "allow",
        _ => $"0x{action:x8}",
    };
}
