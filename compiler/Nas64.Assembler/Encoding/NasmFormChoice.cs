using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM's choice among Iced forms that all match the operands. NASM takes the first template of its
/// instruction table that fits, which is not always the shortest encoding; each rule here reproduces
/// one such choice, measured against nasm 2.16 by the encoding corpus tests.
/// </summary>
internal static class NasmFormChoice
{
    /// <summary>Drops the candidates NASM would not pick, before the shortest of the rest is chosen.</summary>
    public static void Filter(List<InstructionForm> forms, InstructionStatement statement, int bits)
    {
        var ops = statement.Operands;
        // jmp/call far [mem] without a size is m16:64 in 64-bit code (48 FF 28), as NASM emits REX.W.
        if (bits == 64 && ops.Length == 1 && ops[0].IsMemory && ops[0].Distance == BranchDistance.Far && ops[0].Size == 0)
            RemoveIfOthersRemain(forms, f => f.Info.MemorySize is MemorySize.SegPtr16 or MemorySize.SegPtr32);
        // xacquire/xrelease mov never uses the moffs forms (xrelease mov [0x1000], al is F3 88 05 …).
        if ((statement.Prefixes & (PrefixFlags.Xacquire | PrefixFlags.Xrelease)) != 0)
            RemoveIfOthersRemain(forms, f => Array.IndexOf(f.Operands, OpCodeOperandKind.mem_offs) >= 0);
        // fmul st0, st0 (and fmul to st0) is the DC form, as NASM's `fpureg,st0' template comes first.
        if (ops.Length == 2 && ops[0].IsRegister && ops[0].Register == Register.ST0 && ops[1].IsRegister && ops[1].Register == Register.ST0 && !ops[0].ImplicitSt0)
            RemoveIfOthersRemain(forms, f => f.Operands[0] == OpCodeOperandKind.st0);
        KeepDefaultOperandSize(forms, statement, bits);
        KeepRegisterDirection(forms, statement);
        // vpperm with registers only is the XOP.W1 form (vpperm xmm1, xmm2, xmm3, xmm4 is 8F E8 E8 A3 CC 30), nasm's
        // first template; vpcmov's first is W0.
        if (forms.Exists(f => f.Code == Code.XOP_Vpperm_xmm_xmm_xmm_xmmm128) && Array.TrueForAll(ops, o => o.IsRegister))
            forms.RemoveAll(f => f.Code == Code.XOP_Vpperm_xmm_xmm_xmmm128_xmm);
        // EVEX-only vmovq with memory is the 6E/7E W1 form (vmovq [rax], xmm17 is 62 E1 FD 08 7E 08), not D6 or F3 7E.
        if (ops.Length == 2 && (ops[0].IsMemory || ops[1].IsMemory) && Array.Exists(ops, IsEvexOnlyRegister) && forms.Exists(f => f.Code is Code.EVEX_Vmovq_xmm_rm64 or Code.EVEX_Vmovq_rm64_xmm))
            forms.RemoveAll(f => f.Info.Mnemonic == Mnemonic.Vmovq && f.Code is not (Code.EVEX_Vmovq_xmm_rm64 or Code.EVEX_Vmovq_rm64_xmm));
        PreferVectorMemoryForms(forms, statement);
        // An unsized memory operand is a dword for cvtsi2ss/cvtsi2sd and their VEX forms (cvtsi2ss xmm1, [rax] is
        // F3 0F 2A 08; EVEX-only vcvtsi2ss xmm17, xmm2, [rax] stays unsized) and for movd with an MMX register.
        int memory = Array.FindIndex(ops, o => o.IsMemory);
        if (memory >= 0 && ops[memory].Size == 0 && !Array.Exists(ops, IsEvexOnlyRegister) && forms.Exists(f => f.Info.Mnemonic
            is Mnemonic.Cvtsi2ss or Mnemonic.Cvtsi2sd or Mnemonic.Vcvtsi2ss or Mnemonic.Vcvtsi2sd or Mnemonic.Movd))
            RemoveIfOthersRemain(forms, f => f.MemorySize == 8);
        // xchg eax, eax in 64-bit code is 87 C0: 90 would be nop, which leaves rax's upper half alone.
        if (bits == 64 && ops.Length == 2 && ops[0].IsRegister && ops[0].Register == Register.EAX && ops[1].IsRegister && ops[1].Register == Register.EAX)
            forms.RemoveAll(f => f.Code == Code.Xchg_r32_EAX);
    }

    /// <summary>
    /// A lower preference wins before length is compared: NASM takes a VEX form over an EVEX one even when
    /// EVEX's compressed disp8 is shorter (vmaxsd xmm6, xmm7, [esi+edx*4-0xb0] is VEX with disp32), and
    /// the VEX forms of <see cref="VexRequest"/> only with {vex} (vpdpwssd ymm4, ymm7, [ecx] is EVEX) unless `cpu
    /// latevex' or `cpu noevex' says so (then vpmadd52luq ymm3, ymm1, [rsi] is VEX); the forms of an encoding the `cpu'
    /// flags turn off only with {vex} or {evex} (`cpu novex': vaddps ymm3, ymm1, [rsi] is EVEX).
    /// </summary>
    public static int Preference(InstructionForm form, CpuFlags flags)
    {
        if (form.Info.Encoding != EncodingKind.EVEX && form.Info.Encoding != EncodingKind.VEX) return 0;
        if (form.Info.Encoding == EncodingKind.EVEX) return (flags & CpuFlags.NoEvex) != 0 ? ExplicitVexPreference : 1;
        if ((flags & CpuFlags.NoVex) != 0) return ExplicitVexPreference;
        return VexRequest(form) switch
        {
            VexOnRequest.No => 0,
            VexOnRequest.Explicit when (flags & (CpuFlags.LateVex | CpuFlags.NoEvex)) != 0 => 0,
            _ => ExplicitVexPreference,
        };
    }

    /// <summary>The <see cref="Preference"/> of a form nasm takes only with {vex} or {evex}: chosen without it, nasm's
    /// "instruction not encodable without explicit prefix".</summary>
    public const int ExplicitVexPreference = 2;

    internal enum VexOnRequest { No, Explicit, Missing }

    /// <summary>
    /// Whether nasm 2.16.01 takes a VEX form only after {vex} (AVX-IFMA, AVX-NE-CONVERT, AVX-VNNI-INT8: vpdpbssd xmm1,
    /// xmm2, xmm3 alone is "instruction not encodable without explicit prefix"), or not at all (AVX-VNNI's: {vex}
    /// vpdpbusd xmm1, xmm2, xmm3 is "instruction not encodable with {vex} prefix").
    /// </summary>
    internal static VexOnRequest VexRequest(InstructionForm form)
    {
        // nasm 2.16.01 has vcvtneps2bf16's VEX form for xmm/m128 only ({vex} vcvtneps2bf16 xmm1, ymm2 is not encodable).
        if (form.Code == Code.VEX_Vcvtneps2bf16_xmm_ymmm256) return VexOnRequest.Missing;
        foreach (var feature in form.Code.CpuidFeatures())
        {
            if (feature == CpuidFeature.AVX_VNNI) return VexOnRequest.Missing;
            if (feature is CpuidFeature.AVX_IFMA or CpuidFeature.AVX_NE_CONVERT or CpuidFeature.AVX_VNNI_INT8) return VexOnRequest.Explicit;
        }
        return VexOnRequest.No;
    }

    /// <summary>Among encodings of equal length, the lower rank wins.</summary>
    public static int Rank(InstructionForm form)
    {
        // A sign-extended imm8 form beats the accumulator form of the same length (add ax, 1 is 66 83 C0 01).
        foreach (var k in form.Operands)
            if (k is OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64) return (int)form.Code;
        return 100000 + (int)form.Code;
    }

    /// <summary>
    /// moffs forms (A0–A3): NASM uses them for an absolute address without registers, except in 64-bit
    /// code, where only a 64-bit address ([qword x]) takes them; [qword x] takes nothing else.
    /// </summary>
    public static bool MemoryOffsetMatches(OpCodeOperandKind kind, Operand op, int bits)
    {
        // `rel` means nothing outside 64-bit code ([rel 5] in 32-bit code is A1 05 00 00 00).
        bool absolute = op.Base == Register.None && op.Index == Register.None && (bits != 64 || op.RipRelative != true);
        // A 16-bit address is impossible in 64-bit code, and only moffs takes a 64-bit one.
        if (absolute && bits == 64 && op.DisplacementSize == 2) return false;
        // [qword x] takes a ModRM form only under `default rel`, which the encoder knows (InstructionEncoder.ValuesFit).
        if (kind != OpCodeOperandKind.mem_offs) return !(absolute && op.DisplacementSize == 8 && (bits != 64 || op.RipRelative is not null));
        if (!absolute) return false;
        // a32 makes a 32-bit moffs available in 64-bit code (a32 mov eax, [0x1000] is 67 A1 00 10 00 00).
        if (bits == 64 && op.AddressSize == 32) return op.DisplacementSize is 0 or 4;
        return bits == 64 ? op.DisplacementSize == 8 : op.DisplacementSize is 0 or 2 or 4;
    }

    public static bool IsMemoryOffset(Code code, int operand) => OpCodeFacts.Get(code).GetOpKind(operand) == OpCodeOperandKind.mem_offs;

    /// <summary>When no operand says the operand size (push 1000, pushf, iret), NASM uses the mode's default.</summary>
    private static void KeepDefaultOperandSize(List<InstructionForm> forms, InstructionStatement statement, int bits)
    {
        if ((statement.Prefixes & (PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64)) != 0) return;
        foreach (var op in statement.Operands)
        {
            if (op.IsRegister && op.Register.IsGPR()) return;
            if (op.IsMemory && op.Size != 0) return;
            if (op.IsImmediate && op.Size >= 2) return;
            if (op.Kind == OperandKind.FarPointer) return;
        }
        int first = 0;
        bool mixed = false;
        foreach (var form in forms)
        {
            int size = form.Info.OperandSize;
            if (size == 0) continue;
            if (first == 0) first = size;
            else if (size != first) mixed = true;
        }
        if (mixed) RemoveOtherOperandSizes(forms, bits);
    }

    /// <summary>Apart from <see cref="KeepDefaultOperandSize"/>, whose every call would otherwise allocate the lambda's closure.</summary>
    private static void RemoveOtherOperandSizes(List<InstructionForm> forms, int bits) =>
        forms.RemoveAll(f => f.Info.OperandSize != 0 && f.Info.OperandSize != DefaultOperandSize(f, bits));

    private static int DefaultOperandSize(InstructionForm form, int bits) =>
        bits == 64 ? (form.Info.DefaultOpSize64 || form.Info.ForceOpSize64 ? 64 : 32) : bits;

    /// <summary>
    /// All-register operands fitting both an "r/m first" and an "r/m last" form: NASM takes r/m, reg for
    /// general registers (mov r10, rcx is 49 89 CA) and the r/m-last form for the others (vmovaps xmm1, xmm8
    /// is C4 C1 78 28 C8 and vmovsd xmm5, xmm7, xmm12 is C4 C1 43 10 EC, although the store forms would fit
    /// a 2-byte VEX).
    /// </summary>
    private static void KeepRegisterDirection(List<InstructionForm> forms, InstructionStatement statement)
    {
        var ops = statement.Operands;
        if (ops.Length < 2) return;
        foreach (var op in ops) if (!op.IsRegister) return;
        bool general = ops[0].Register.IsGPR() && ops[1].Register.IsGPR();
        bool anyFirst = false, anyLast = false;
        foreach (var form in forms)
        {
            if (form.Operands.Length != ops.Length) continue;
            if (RegisterOrMemoryFirst(form)) anyFirst = true;
            if (RegisterOrMemoryLast(form)) anyLast = true;
        }
        if (anyFirst && anyLast) RemoveDirection(forms, ops.Length, general);
    }

    /// <summary>Apart from <see cref="KeepRegisterDirection"/>, whose every call would otherwise allocate the lambda's closure.</summary>
    private static void RemoveDirection(List<InstructionForm> forms, int operands, bool general) =>
        forms.RemoveAll(f => f.Operands.Length == operands && (general ? RegisterOrMemoryLast(f) : RegisterOrMemoryFirst(f)));

    private static bool RegisterOrMemoryFirst(InstructionForm f) => IsRegisterOrMemory(f.Operands[0]) && !IsRegisterOrMemory(f.Operands[^1]);

    private static bool RegisterOrMemoryLast(InstructionForm f) => !IsRegisterOrMemory(f.Operands[0]) && IsRegisterOrMemory(f.Operands[^1]);

    /// <summary>A memory operand takes the MMX/XMM r/m form, not the REX.W GPR r/m form
    /// (movq xmm8, [rax] is F3 44 0F 7E 00; movq [rax], xmm8 is 66 44 0F D6 00).</summary>
    private static void PreferVectorMemoryForms(List<InstructionForm> forms, InstructionStatement statement)
    {
        int memory = Array.FindIndex(statement.Operands, o => o.IsMemory);
        if (memory < 0 || statement.Operands.Length != 2) return;
        bool vector = false;
        foreach (var form in forms)
            if (form.Operands.Length == 2 && form.Operands[memory] is OpCodeOperandKind.mm_or_mem or OpCodeOperandKind.xmm_or_mem) vector = true;
        if (vector) forms.RemoveAll(f => f.Operands.Length == 2 && f.Operands[memory] is OpCodeOperandKind.r64_or_mem or OpCodeOperandKind.r32_or_mem);
    }

    private static bool IsEvexOnlyRegister(Operand op) => op.IsRegister && (op.Register.IsXMM() || op.Register.IsYMM() || op.Register.IsZMM()) && op.Register.GetNumber() >= 16;

    private static bool IsRegisterOrMemory(OpCodeOperandKind k) => k is OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r16_or_mem
        or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem or OpCodeOperandKind.mm_or_mem or OpCodeOperandKind.xmm_or_mem
        or OpCodeOperandKind.ymm_or_mem or OpCodeOperandKind.zmm_or_mem or OpCodeOperandKind.k_or_mem or OpCodeOperandKind.bnd_or_mem_mpx
        or OpCodeOperandKind.r32_or_mem_mpx or OpCodeOperandKind.r64_or_mem_mpx or OpCodeOperandKind.r16_rm or OpCodeOperandKind.r32_rm
        or OpCodeOperandKind.r64_rm or OpCodeOperandKind.mm_rm or OpCodeOperandKind.xmm_rm or OpCodeOperandKind.ymm_rm
        or OpCodeOperandKind.zmm_rm or OpCodeOperandKind.k_rm or OpCodeOperandKind.tmm_rm;

    private static void RemoveIfOthersRemain(List<InstructionForm> forms, Predicate<InstructionForm> drop)
    {
        foreach (var form in forms)
            if (!drop(form))
            {
                forms.RemoveAll(drop);
                return;
            }
    }
}
