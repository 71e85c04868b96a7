using Iced.Intel;
using Nas64.Objects;
using static Iced.Intel.Register;

namespace Nas64.Linker.Seccomp;

/// <summary>
/// The object module that seals an executable: a new entry point that sets PR_SET_NO_NEW_PRIVS, installs the
/// filter with seccomp(SECCOMP_SET_MODE_FILTER, 0, &amp;prog), puts back every register and flag it touched and
/// jumps to the program's own entry, so the program starts as the kernel left it (rsp at argc, rdx and the rest
/// as they were). The filter sits in a read-only section; <see cref="SeccompSealReader"/> finds it again from the
/// prologue's code. Should prctl or seccomp fail, the program does not run unsealed: it exits with status
/// <see cref="FailureExitStatus"/>.
/// </summary>
public static class SeccompPrologue
{
    /// <summary>The sealed executable's entry symbol.</summary>
    public const string EntrySymbol = "__nas64_seccomp_start";

    /// <summary>The read-only section of the filter (merged into .rodata, as ld merges .rodata.*), and its local symbol.</summary>
    public const string FilterSection = ".rodata.nas64.seccomp";
    public const string FilterSymbol = "__nas64_seccomp_filter";

    /// <summary>Exit status when the filter could not be installed (as env and timeout say 125 for "could not run the command").</summary>
    public const int FailureExitStatus = 125;

    private const int Prctl = 157;
    private const int SeccompSyscall = 317;
    private const int PrSetNoNewPrivs = 38;
    private const int SeccompSetModeFilter = 1;

    /// <summary>The registers the prologue writes (syscall itself clobbers rcx and r11), saved and restored in this order.</summary>
    private static readonly Register[] Saved = [RAX, RCX, RDX, RSI, RDI, R8, R10, R11];

    public static ObjectModule CreateModule(string programEntry, IReadOnlyList<BpfInstruction> filter)
    {
        var module = new ObjectModule("<seccomp prologue>") { DisplayName = "<seccomp prologue>" };
        var text = module.AddSection(new Section(".text", SectionFlags.Alloc | SectionFlags.Execute, 16));
        var data = module.AddSection(new Section(FilterSection, SectionFlags.Alloc, 8));
        var start = module.AddSymbol(new Symbol(EntrySymbol)
        {
            Binding = SymbolBinding.Global, Type = SymbolType.Function, Section = text, Value = 0,
        });
        var entry = module.AddSymbol(new Symbol(programEntry) { Binding = SymbolBinding.Global });
        data.Data.Write(BpfInstruction.Encode(filter));
        var filterSymbol = module.AddSymbol(new Symbol(FilterSymbol)
        {
            Type = SymbolType.Object, Section = data, Value = 0, Size = (ulong)data.Data.Length,
        });

        var code = Instructions(filter.Count);
        var layout = Encode(code, null);
        var bytes = Encode(code, layout.FailAddress);
        text.Data.Write(bytes.Bytes);
        // lea rax, [rel filter] and jmp entry: the fields Iced reports, the addend counting to the instruction's end.
        text.Relocations.Add(new Relocation(bytes.FilterField, RelocationType.Pc32, filterSymbol, -(long)(bytes.FilterEnd - bytes.FilterField)));
        text.Relocations.Add(new Relocation(bytes.EntryField, RelocationType.Pc32, entry, -(long)(bytes.EntryEnd - bytes.EntryField)));
        start.Size = (ulong)text.Data.Length;
        return module;
    }

    /// <summary>Marks the two instructions that refer to symbols and the branch target of the failure path.</summary>
    private enum Role { None, Filter, Entry, ToFailure, Failure }

    private static List<(Instruction Instruction, Role Role)> Instructions(int filterLength)
    {
        var code = new List<(Instruction, Role)> { (Instruction.Create(Code.Pushfq), Role.None) };
        foreach (Register register in Saved) code.Add((Instruction.Create(Code.Push_r64, register), Role.None));
        // prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): without it an unprivileged process may not install a filter.
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EAX, Prctl), Role.None));
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EDI, PrSetNoNewPrivs), Role.None));
        code.Add((Instruction.Create(Code.Mov_r32_imm32, ESI, 1), Role.None));
        code.Add((Instruction.Create(Code.Xor_rm32_r32, EDX, EDX), Role.None));
        code.Add((Instruction.Create(Code.Xor_rm32_r32, R10D, R10D), Role.None));
        code.Add((Instruction.Create(Code.Xor_rm32_r32, R8D, R8D), Role.None));
        code.Add((Instruction.Create(Code.Syscall), Role.None));
        code.Add((Instruction.Create(Code.Test_rm64_r64, RAX, RAX), Role.None));
        code.Add((Instruction.CreateBranch(Code.Jne_rel32_64, 0), Role.ToFailure));
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; } on the stack: len (padded to 8), then the pointer.
        code.Add((Instruction.Create(Code.Lea_r64_m, RAX, new MemoryOperand(RIP, 0L)), Role.Filter));
        code.Add((Instruction.Create(Code.Push_r64, RAX), Role.None));
        code.Add((Instruction.Create(Code.Pushq_imm32, filterLength), Role.None));
        // seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog)
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EAX, SeccompSyscall), Role.None));
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EDI, SeccompSetModeFilter), Role.None));
        code.Add((Instruction.Create(Code.Xor_rm32_r32, ESI, ESI), Role.None));
        code.Add((Instruction.Create(Code.Mov_rm64_r64, RDX, RSP), Role.None));
        code.Add((Instruction.Create(Code.Syscall), Role.None));
        code.Add((Instruction.Create(Code.Add_rm64_imm8, RSP, 16), Role.None));
        code.Add((Instruction.Create(Code.Test_rm64_r64, RAX, RAX), Role.None));
        code.Add((Instruction.CreateBranch(Code.Jne_rel32_64, 0), Role.ToFailure));
        for (int i = Saved.Length - 1; i >= 0; i--) code.Add((Instruction.Create(Code.Pop_r64, Saved[i]), Role.None));
        code.Add((Instruction.Create(Code.Popfq), Role.None));
        code.Add((Instruction.CreateBranch(Code.Jmp_rel32_64, 0), Role.Entry));
        // exit_group(125): never run on unsealed.
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EDI, FailureExitStatus), Role.Failure));
        code.Add((Instruction.Create(Code.Mov_r32_imm32, EAX, SeccompFilter.ExitGroup), Role.None));
        code.Add((Instruction.Create(Code.Syscall), Role.None));
        code.Add((Instruction.Create(Code.Ud2), Role.None));
        return code;
    }

    private sealed record Encoded(byte[] Bytes, ulong FailAddress, ulong FilterField, ulong FilterEnd, ulong EntryField, ulong EntryEnd);

    /// <summary>Encodes at address 0; the branch forms are rel32, so sizes do not depend on <paramref name="failAddress"/>.</summary>
    private static Encoded Encode(List<(Instruction Instruction, Role Role)> code, ulong? failAddress)
    {
        var writer = new BufferWriter();
        var encoder = Encoder.Create(64, writer);
        ulong fail = 0, filterField = 0, filterEnd = 0, entryField = 0, entryEnd = 0;
        foreach (var (original, role) in code)
        {
            Instruction instruction = original;
            ulong at = (ulong)writer.Buffer.Length;
            if (role == Role.ToFailure) instruction.NearBranch64 = failAddress ?? at;
            if (role == Role.Entry) instruction.NearBranch64 = at;
            if (role == Role.Filter) instruction.MemoryDisplacement64 = at;
            if (role == Role.Failure) fail = at;
            encoder.Encode(instruction, at);
            ulong end = (ulong)writer.Buffer.Length;
            ConstantOffsets offsets = encoder.GetConstantOffsets();
            if (role == Role.Filter) (filterField, filterEnd) = (at + offsets.DisplacementOffset, end);
            if (role == Role.Entry) (entryField, entryEnd) = (at + offsets.ImmediateOffset, end);
        }
        byte[] bytes = writer.Buffer.ToArray();
        // The linker writes both fields; keep them zero in the module, as an assembler would.
        bytes.AsSpan((int)filterField, 4).Clear();
        bytes.AsSpan((int)entryField, 4).Clear();
        return new Encoded(bytes, fail, filterField, filterEnd, entryField, entryEnd);
    }

    private sealed class BufferWriter : CodeWriter
    {
        public ByteBuffer Buffer { get; } = new();

        public override void WriteByte(byte value) => Buffer.WriteByte(value);
    }
}
