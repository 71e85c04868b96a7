using Iced.Intel;
using Nas64.Syscalls.Model;

namespace Nas64.Linker.SyscallInventory;

/// <summary>
/// Finds the system call sites of a <see cref="CodeImage"/> and the number reaching each. Each code region is
/// decoded linearly and cut into basic blocks; the known constants of the general registers flow forward
/// through the blocks (mov, xor, lea, add/sub, push/pop, …) until nothing changes, so a number set before a
/// branch reaches the syscall after it when every path agrees. Functions whose one block is
/// `… syscall; ret` with a constant number are stubs: every direct call or tail jump to them is a site too;
/// so is every call, with a known rdi, to a syscall(2)-like wrapper that makes its first argument the number.
/// </summary>
public static class SyscallSiteAnalyzer
{
    private const int Rax = 0;
    private const int Rcx = 1;
    private const int Rsp = 4;
    private const int Rdi = 7;
    private const int R11 = 11;

    /// <summary>Caller-saved registers of the System V ABI: a call leaves them unknown.</summary>
    private static readonly int[] CallClobbered = [0, 1, 2, 6, 7, 8, 9, 10, 11];

    /// <summary>Reused per thread: the factory keeps buffers, and this runs for most instructions.</summary>
    [ThreadStatic] private static InstructionInfoFactory? t_infoFactory;

    private sealed class Block(int first, int end)
    {
        public int First { get; } = first;
        public int End { get; set; } = end;
        public List<int> Successors { get; } = [];
        public RegisterState In { get; set; } = RegisterState.Unreached();
        public int Predecessors { get; set; }
    }

    public static List<SyscallSite> Analyze(CodeImage image)
    {
        var sites = new List<SyscallSite>();
        var stubs = new Dictionary<(int Region, ulong Address), long>();
        var calls = new List<(int Region, Instruction Instruction)>();
        var wrappers = new HashSet<(int Region, ulong Address)>();
        var rdiAtCall = new Dictionary<(int Region, ulong Address), ulong>();
        for (int r = 0; r < image.Regions.Count; r++)
            AnalyzeRegion(image, r, sites, stubs, calls, wrappers, rdiAtCall);
        foreach (var (region, call) in calls)
        {
            long number;
            if (stubs.TryGetValue((region, call.NearBranchTarget), out long stubNumber)) number = stubNumber;
            else if (wrappers.Contains((region, call.NearBranchTarget)) && rdiAtCall.TryGetValue((region, call.IP), out ulong rdi)) number = (long)rdi;
            else continue;
            string? via = SymbolAt(image, region, call.NearBranchTarget, exactOnly: true);
            sites.Add(MakeSite(image, region, call.IP, SiteKind.StubCall, number, via ?? $"0x{call.NearBranchTarget:x}"));
        }
        sites.Sort((a, b) => a.Section == b.Section ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Section, b.Section));
        return sites;
    }

    private static void AnalyzeRegion(CodeImage image, int region, List<SyscallSite> sites,
        Dictionary<(int, ulong), long> stubs, List<(int, Instruction)> calls,
        HashSet<(int, ulong)> wrappers, Dictionary<(int, ulong), ulong> rdiAtCall)
    {
        CodeRegion code = image.Regions[region];
        var instructions = Decode(code, image.Bits);
        if (instructions.Count == 0) return;
        var indexOf = new Dictionary<ulong, int>(instructions.Count);
        for (int i = 0; i < instructions.Count; i++) indexOf[instructions[i].IP] = i;

        var leaders = new SortedSet<int> { 0 };
        var entries = new HashSet<int> { 0 };
        if (image.Entry is ulong entry && indexOf.TryGetValue(entry, out int entryIndex)) { leaders.Add(entryIndex); entries.Add(entryIndex); }
        foreach (ImageSymbol symbol in image.Symbols)
        {
            if (symbol.Region != region || !indexOf.TryGetValue(symbol.Address, out int at)) continue;
            leaders.Add(at);
            // A function (or an object's global) can be entered from anywhere; a plain label only by the jumps we see.
            if (symbol.IsEntry) entries.Add(at);
        }
        for (int i = 0; i < instructions.Count; i++)
        {
            Instruction instruction = instructions[i];
            FlowControl flow = instruction.FlowControl;
            if (EndsBlock(instruction) && i + 1 < instructions.Count) leaders.Add(i + 1);
            if (flow is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch or FlowControl.Call && IsNearBranch(instruction)
                && indexOf.TryGetValue(instruction.NearBranchTarget, out int target))
            {
                leaders.Add(target);
                if (flow == FlowControl.Call) entries.Add(target);
                if (flow == FlowControl.Call && IsNumberInFirstArgument(instructions, target)) wrappers.Add((region, instruction.NearBranchTarget));
            }
            if (flow is FlowControl.Call or FlowControl.UnconditionalBranch && IsNearBranch(instruction)) calls.Add((region, instruction));
        }

        var blocks = new List<Block>(leaders.Count);
        var blockAt = new Dictionary<int, int>(leaders.Count);
        foreach (int leader in leaders)
        {
            if (blocks.Count > 0) blocks[^1].End = leader;
            blockAt[leader] = blocks.Count;
            blocks.Add(new Block(leader, instructions.Count));
        }
        foreach (Block block in blocks)
        {
            Instruction last = instructions[block.End - 1];
            FlowControl flow = last.FlowControl;
            if (flow is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch && IsNearBranch(last)
                && indexOf.TryGetValue(last.NearBranchTarget, out int target))
                block.Successors.Add(blockAt[target]);
            if (!EndsWithoutFallthrough(last) && block.End < instructions.Count) block.Successors.Add(blockAt[block.End]);
            foreach (int successor in block.Successors) blocks[successor].Predecessors++;
        }
        for (int b = 0; b < blocks.Count; b++)
        {
            // No predecessor: a jump-table target, say, unless it is alignment padding that only falls into the next block.
            if (entries.Contains(blocks[b].First) || blocks[b].Predecessors == 0 && !IsPadding(instructions, blocks[b]))
                blocks[b].In = RegisterState.Entry();
        }

        Propagate(blocks, instructions);
        // Code reached only by loops of its own (or by jumps we cannot see) starts knowing nothing.
        for (int b = 0; b < blocks.Count; b++)
        {
            if (blocks[b].In.IsReached || IsPadding(instructions, blocks[b])) continue;
            blocks[b].In = RegisterState.Entry();
            Propagate(blocks, instructions);
        }

        foreach (Block block in blocks)
        {
            var state = block.In.Clone();
            for (int i = block.First; i < block.End; i++)
            {
                Instruction instruction = instructions[i];
                SiteKind? kind = SiteKindOf(instruction);
                if (kind is SiteKind k)
                {
                    ulong? rax = state.Get(Rax);
                    long? number = rax is null ? null : k == SiteKind.Syscall ? (long)rax.Value : (long)(uint)rax.Value;
                    sites.Add(MakeSite(image, region, instruction.IP, k, number, null));
                    if (k == SiteKind.Syscall && number is long n && i + 1 == block.End - 1
                        && instructions[i + 1].FlowControl == FlowControl.Return && CountSites(instructions, block) == 1)
                        stubs[(region, instructions[block.First].IP)] = n;
                }
                if (instruction.FlowControl is FlowControl.Call or FlowControl.UnconditionalBranch && IsNearBranch(instruction)
                    && state.Get(Rdi) is ulong rdi)
                    rdiAtCall[(region, instruction.IP)] = rdi;
                Transfer(instruction, state);
            }
        }
    }

    /// <summary>
    /// A syscall(2)-like wrapper: from <paramref name="start"/>, straight-line code moves the first argument (rdi)
    /// into rax and makes the syscall, so each call's rdi is the number. Followed only along the fall-through path.
    /// </summary>
    private static bool IsNumberInFirstArgument(List<Instruction> instructions, int start)
    {
        const ulong Marker = 0x5ca1_ab1e_0000_0000;
        var state = RegisterState.Entry();
        state.Set(Rdi, Marker);
        for (int i = start; i < instructions.Count && i < start + 32; i++)
        {
            Instruction instruction = instructions[i];
            if (SiteKindOf(instruction) == SiteKind.Syscall) return state.Get(Rax) == Marker;
            if (EndsWithoutFallthrough(instruction) || instruction.Mnemonic == Mnemonic.Call) return false;
            Transfer(instruction, state);
        }
        return false;
    }

    private static bool IsPadding(List<Instruction> instructions, Block block)
    {
        for (int i = block.First; i < block.End; i++)
        {
            if (instructions[i].Mnemonic is not (Mnemonic.Nop or Mnemonic.Int3)) return false;
        }
        return true;
    }

    private static int CountSites(List<Instruction> instructions, Block block)
    {
        int count = 0;
        for (int i = block.First; i < block.End; i++)
        {
            if (SiteKindOf(instructions[i]) is not null) count++;
        }
        return count;
    }

    private static void Propagate(List<Block> blocks, List<Instruction> instructions)
    {
        var work = new Queue<int>();
        var queued = new bool[blocks.Count];
        for (int b = 0; b < blocks.Count; b++)
        {
            if (!blocks[b].In.IsReached) continue;
            work.Enqueue(b);
            queued[b] = true;
        }
        while (work.Count > 0)
        {
            int b = work.Dequeue();
            queued[b] = false;
            var state = blocks[b].In.Clone();
            for (int i = blocks[b].First; i < blocks[b].End; i++) Transfer(instructions[i], state);
            foreach (int successor in blocks[b].Successors)
            {
                if (blocks[successor].In.MeetWith(state) && !queued[successor])
                {
                    work.Enqueue(successor);
                    queued[successor] = true;
                }
            }
        }
    }

    private static List<Instruction> Decode(CodeRegion code, int bits)
    {
        var decoder = Decoder.Create(bits, new ByteArrayCodeReader(code.Bytes));
        decoder.IP = code.Address;
        ulong end = code.Address + (ulong)code.Bytes.Length;
        var instructions = new List<Instruction>(code.Bytes.Length / 3 + 1);
        while (decoder.IP < end)
        {
            decoder.Decode(out Instruction instruction);
            instructions.Add(instruction);
        }
        return instructions;
    }

    private static bool IsNearBranch(in Instruction instruction) =>
        instruction.Op0Kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64;

    private static bool EndsWithoutFallthrough(in Instruction instruction) =>
        instruction.Code == Code.INVALID || instruction.Mnemonic == Mnemonic.Hlt
        || instruction.FlowControl is FlowControl.UnconditionalBranch or FlowControl.IndirectBranch or FlowControl.Return or FlowControl.Exception;

    private static bool EndsBlock(in Instruction instruction) =>
        EndsWithoutFallthrough(instruction) || instruction.FlowControl == FlowControl.ConditionalBranch;

    private static SiteKind? SiteKindOf(in Instruction instruction) => instruction.Mnemonic switch
    {
        Mnemonic.Syscall => SiteKind.Syscall,
        Mnemonic.Sysenter => SiteKind.Sysenter,
        Mnemonic.Int when instruction.Immediate8 == 0x80 => SiteKind.Int80,
        _ => null,
    };

    /// <summary>The general register an operand names (0 = rax … 15 = r15), or -1.</summary>
    private static int Index(Register register)
    {
        if (!register.IsGPR()) return -1;
        Register full = register.GetFullRegister();
        return full >= Register.RAX && full <= Register.R15 ? full - Register.RAX : -1;
    }

    /// <summary>The value written to a register of this size (32-bit writes zero-extend).</summary>
    private static ulong? Sized(Register register, ulong? value) => value is null ? null : register.GetSize() switch
    {
        8 => value,
        4 => value.Value & 0xffff_ffff,
        _ => null,
    };

    private static void Transfer(in Instruction instruction, RegisterState state)
    {
        if (TryConstant(instruction, state)) return;
        switch (instruction.Mnemonic)
        {
            case Mnemonic.Syscall:
                state.Set(Rax, null);
                state.Set(Rcx, null);
                state.Set(R11, null);
                return;
            case Mnemonic.Int or Mnemonic.Sysenter:
                state.Set(Rax, null);
                return;
            case Mnemonic.Call:
                foreach (int register in CallClobbered) state.Set(register, null);
                state.ForgetStack();
                return;
        }
        ForgetWritten(instruction, state);
    }

    /// <summary>The instructions whose result is a constant when their inputs are; false for everything else.</summary>
    private static bool TryConstant(in Instruction instruction, RegisterState state)
    {
        Mnemonic mnemonic = instruction.Mnemonic;
        if (mnemonic == Mnemonic.Push && instruction.OpCount == 1)
        {
            ulong? pushed = instruction.Op0Kind switch
            {
                OpKind.Immediate8to64 or OpKind.Immediate32to64 or OpKind.Immediate8to32 or OpKind.Immediate32 or OpKind.Immediate8to16 or OpKind.Immediate16 => instruction.GetImmediate(0),
                OpKind.Register when Index(instruction.Op0Register) >= 0 => state.Get(Index(instruction.Op0Register)),
                _ => null,
            };
            state.Push(pushed);
            return true;
        }
        if (mnemonic == Mnemonic.Pop && instruction.Op0Kind == OpKind.Register && Index(instruction.Op0Register) >= 0)
        {
            int target = Index(instruction.Op0Register);
            state.Set(target, Sized(instruction.Op0Register, state.Pop()));
            return true;
        }
        if (instruction.OpCount != 2 || instruction.Op0Kind != OpKind.Register) return false;
        Register destination = instruction.Op0Register;
        int d = Index(destination);
        if (d < 0 || d == Rsp || destination.GetSize() < 4) return false;
        ulong? source = Operand1(instruction, state);
        ulong? current = state.Get(d);
        ulong? result;
        switch (mnemonic)
        {
            case Mnemonic.Mov:
                result = source;
                break;
            case Mnemonic.Xor when instruction.Op1Kind == OpKind.Register && instruction.Op1Register == destination:
            case Mnemonic.Sub when instruction.Op1Kind == OpKind.Register && instruction.Op1Register == destination:
                result = 0;
                break;
            case Mnemonic.Lea:
                result = LeaAddress(instruction, state);
                break;
            case Mnemonic.Add: result = current + source; break;
            case Mnemonic.Sub: result = current - source; break;
            case Mnemonic.Or: result = current | source; break;
            case Mnemonic.And: result = current & source; break;
            case Mnemonic.Xor: result = current ^ source; break;
            default:
                return false;
        }
        state.Set(d, Sized(destination, result));
        return true;
    }

    private static ulong? Operand1(in Instruction instruction, RegisterState state) => instruction.Op1Kind switch
    {
        OpKind.Register when Index(instruction.Op1Register) >= 0 && instruction.Op1Register.GetSize() >= 4 => state.Get(Index(instruction.Op1Register)),
        OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32 or OpKind.Immediate64
            or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 or OpKind.Immediate32to64 => instruction.GetImmediate(1),
        _ => null,
    };

    /// <summary>lea of an absolute or rip-relative address, or of a known base and index.</summary>
    private static ulong? LeaAddress(in Instruction instruction, RegisterState state)
    {
        if (instruction.IsIPRelativeMemoryOperand) return instruction.IPRelativeMemoryAddress;
        ulong address = instruction.MemoryDisplacement64;
        if (instruction.MemoryBase != Register.None)
        {
            int b = Index(instruction.MemoryBase);
            if (b < 0 || state.Get(b) is not ulong baseValue) return null;
            address += baseValue;
        }
        if (instruction.MemoryIndex != Register.None)
        {
            int x = Index(instruction.MemoryIndex);
            if (x < 0 || state.Get(x) is not ulong indexValue) return null;
            address += indexValue * (ulong)instruction.MemoryIndexScale;
        }
        return address;
    }

    /// <summary>Every other instruction: the registers it writes become unknown (Iced knows which).</summary>
    private static void ForgetWritten(in Instruction instruction, RegisterState state)
    {
        var info = (t_infoFactory ??= new InstructionInfoFactory()).GetInfo(instruction);
        foreach (UsedRegister used in info.GetUsedRegisters())
        {
            if (used.Access is OpAccess.Read or OpAccess.CondRead or OpAccess.NoMemAccess or OpAccess.None) continue;
            int index = Index(used.Register);
            if (index == Rsp) state.ForgetStack();
            else if (index >= 0) state.Set(index, null);
        }
    }

    private static SyscallSite MakeSite(CodeImage image, int region, ulong address, SiteKind kind, long? number, string? via)
    {
        string? name = kind is SiteKind.Syscall or SiteKind.StubCall && number is long n && n is >= 0 and <= int.MaxValue
            ? SyscallTable.X64.FindByNumber((int)n)?.Name : null;
        string location = SymbolAt(image, region, address, exactOnly: false) ?? $"0x{address:x}";
        return new SyscallSite(address, image.Regions[region].Name, location, kind, number, name, via);
    }

    /// <summary>`name+0xoff` for the nearest symbol at or before <paramref name="address"/> in the region.</summary>
    private static string? SymbolAt(CodeImage image, int region, ulong address, bool exactOnly)
    {
        ImageSymbol? best = null;
        foreach (ImageSymbol symbol in image.Symbols)
        {
            if (symbol.Region != region || symbol.Address > address) continue;
            if (exactOnly && symbol.Address != address) continue;
            if (best is null || symbol.Address > best.Value.Address || symbol.Address == best.Value.Address && symbol.IsEntry && !best.Value.IsEntry)
                best = symbol;
        }
        if (best is null) return null;
        ulong offset = address - best.Value.Address;
        return exactOnly ? best.Value.Name : $"{best.Value.Name}+0x{offset:x}";
    }
}
