using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// nasm 2.16's warnings about an encoded instruction, in its words, order and count (nasm reports some once, some
/// from both its sizing and its emitting of the final pass, so twice): prefix-opsize, ea-absolute, ea-dispsize and
/// prefix-seg. Measured against nasm's stderr by the instruction syntax tests.
/// </summary>
internal static class NasmWarnings
{
    public static void Report(InstructionStatement statement, IEncodingContext context, Code encoded, int length, Action<string> warn)
    {
        var ops = statement.Operands;
        // Registers alone, without a segment or bnd prefix, draw none of these warnings (g100k: a third of the lines
        // asked, −2 M instructions).
        if (statement.SegmentPrefix == Register.None && (statement.Prefixes & (PrefixFlags.Bnd | LockOrHle)) == 0 && RegistersOnly(ops)) return;
        int bits = context.Bits;
        // o16/o32 that does not size a push of a sizeless immediate only adds a 66 byte (see NasmRewrites).
        if (bits != 64 && ops.Length == 1 && (statement.Prefixes & (bits == 16 ? PrefixFlags.O32 : PrefixFlags.O16)) != 0
            && ops[0] is { IsImmediate: true, Size: 0 } && statement.Mnemonic.Equals("push", StringComparison.OrdinalIgnoreCase))
            warn($"invalid operand size prefix, must be o{bits} [-w+prefix-opsize]");

        if ((statement.Prefixes & PrefixFlags.Bnd) != 0 && encoded is Code.Jmp_rel8_16 or Code.Jmp_rel8_32 or Code.Jmp_rel8_64)
            warn("jmp short does not init bnd regs - bnd prefix dropped [-w+prefix-bnd]");

        // eaWarning: process_ea's own warning (ea-dispsize on an absolute address, rel beside registers), given by nasm
        // as it sizes and as it emits the instruction.
        string? eaWarning = null, overflow = null;
        int overflowCount = 2;
        for (int i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (!op.IsMemory) continue;
            if (op.Base != Register.None || op.Index != Register.None)
            {
                // rel written beside registers (in any mode, even after abs): nasm's process_ea warns, in sizing and emitting.
                if (op.RelWritten && op.Base is not (Register.RIP or Register.EIP)) eaWarning = IndirectRel;
                // A disp32 with registers is written from the value's low dword; nasm checks the value itself.
                if (op.Value is null || InstructionEncoder.EvaluateOperand(op.Value, context) is not { Known: true, IsScalar: true } v) continue;
                if (DisplacementOverflow(op, v.Number, bits) is { } displacement) (overflow, overflowCount) = displacement;
                continue;
            }
            bool selfRelative = false;
            var value = op.Value is null ? Passes.Value.Scalar(0) : InstructionEncoder.EvaluateOperand(op.Value, context, out selfRelative);
            // A self-relative address (ext - $) is a number to nasm: under rel it warns and goes absolute.
            bool number = value.Known && value.IsScalar || selfRelative;
            if (bits == 64 && (op.RipRelative ?? context.DefaultRel) && !FsOrGs(op) && number)
                warn("absolute address can not be RIP-relative [-w+ea-absolute]");
            // A ModRM disp32 of a number outside a signed dword (the moffs form takes 64 bits).
            if (bits == 64 && number && op.AddressSize != 32 && !IsMemoryOffsetForm(encoded) && (value.Number < int.MinValue || value.Number > int.MaxValue))
                overflow = "dword data exceeds bounds [-w+number-overflow]";
            // Outside 64-bit code an absolute address is written as a word or dword (its address size: a16/a32, [word x],
            // or the mode's), which nasm checks as data of either sign ([65536] in 16-bit code is [0]): once in the moffs
            // form (mov ax, [x]), twice as a ModRM displacement.
            if (bits != 64 && number && value.Known)
            {
                int size = op.AddressSize != 0 ? op.AddressSize / 8 : op.DisplacementSize is 2 or 4 ? op.DisplacementSize : bits / 8;
                long n = value.Number;
                if (size == 2 ? n is < -65536 or > 65535 : n < -(1L << 32) || n > uint.MaxValue)
                    (overflow, overflowCount) = (size == 2 ? "word data exceeds bounds [-w+number-overflow]" : "dword data exceeds bounds [-w+number-overflow]",
                        IsMemoryOffsetForm(encoded) ? 1 : 2);
            }
            // An explicit byte (or, outside the moffs form, qword) displacement on an absolute address is ignored.
            if (op.DisplacementSize == 1 || op.DisplacementSize == 8 && !IsMemoryOffsetForm(encoded))
                eaWarning = "displacement size ignored on absolute address [-w+ea-dispsize]";
        }
        if (eaWarning is not null) warn(eaWarning);
        LockAndHle(statement, encoded, warn);
        var segment = statement.SegmentPrefix;
        foreach (var op in ops)
            if (op.IsMemory && op.SegmentOverride != Register.None) segment = op.SegmentOverride;
        if (bits == 64 && segment is Register.ES or Register.CS or Register.SS or Register.DS && !IsRelativeBranch(encoded))
        {
            string name = segment.ToString().ToLowerInvariant();
            warn($"{name} segment base generated, but will be ignored in 64-bit mode [-w+prefix-seg]");
            warn($"{name} segment base generated, but will be ignored in 64-bit mode [-w+prefix-seg]");
        }
        if (eaWarning is not null) warn(eaWarning);
        for (int i = 0; overflow is not null && i < overflowCount; i++) warn(overflow);
        ImmediateOverflow(statement, context, encoded, warn);
        if (InstructionEncoder.NearBranchOverflow(statement, context, encoded, length) is { } branch) warn(branch);
        InstructionEncoder.FarPointerOverflow(statement, context, encoded, warn);
    }

    /// <summary>
    /// nasm's number-overflow warnings on the displacement of an address with registers, which is written from the value's
    /// low word (16-bit address) or dword: the value is checked as data of the address's size (a word or dword of either
    /// sign, a 64-bit address's as a signed dword), twice for a full-size displacement; a disp8 is checked once as a signed
    /// byte and once as both ([eax+0xffffffff] is [eax-1] with one warning, [byte ebx+128] warns twice, [bx+65536] is [bx]
    /// with none).
    /// </summary>
    private static (string Message, int Count)? DisplacementOverflow(Operand op, long value, int bits)
    {
        bool address16 = op.Base.IsGPR16() || op.Index.IsGPR16();
        // A vector index alone ([xmm1*4+x]) takes the mode's address size.
        bool address64 = op.Base.IsGPR64() || op.Index.IsGPR64()
            || bits == 64 && !address16 && !op.Base.IsGPR32() && !op.Index.IsGPR32() && op.AddressSize != 32;
        long low = address16 ? (short)value : (int)value;
        bool fits = address16 ? value is >= -65536 and <= 65535
            : address64 ? value is >= int.MinValue and <= int.MaxValue : value >= -(1L << 32) && value <= uint.MaxValue;
        // No displacement is written for a zero low part, except after a base that always takes one ([bp], [ebp], [r13]);
        // a 32- or 64-bit address without a base always has a dword.
        bool always = address16 ? op.Base == Register.BP && op.Index == Register.None : op.Base is Register.EBP or Register.RBP or Register.R13 or Register.R13D;
        int size = op.DisplacementSize switch
        {
            1 => 1,
            0 when !address16 && op.Base == Register.None => 4,
            0 => low == 0 && !always ? 0 : low is >= sbyte.MinValue and <= sbyte.MaxValue ? 1 : 4,
            _ => 4,
        };
        if (size == 0) return null;
        if (size != 1) return fits ? null : (address16 ? "word data exceeds bounds [-w+number-overflow]" : "dword data exceeds bounds [-w+number-overflow]", 2);
        int count = (value is >= sbyte.MinValue and <= sbyte.MaxValue ? 0 : 1) + (fits && low is >= sbyte.MinValue and <= sbyte.MaxValue ? 0 : 1);
        return count == 0 ? null : ("byte data exceeds bounds [-w+number-overflow]", count);
    }

    private const string IndirectRel = "indirect address displacements cannot be RIP-relative [-w+other]";

    private static bool RegistersOnly(Operand[] operands)
    {
        foreach (var op in operands)
            if (!op.IsRegister) return false;
        return true;
    }

    // Most lines have no immediate: they skip the form's facts (asked once per syntax of the first pass and per emitted
    // line, g100k: −3 M instructions).
    private static bool HasImmediateValue(Operand[] operands)
    {
        foreach (var op in operands)
            if (op.IsImmediate && op.Value is not null) return true;
        return false;
    }

    /// <summary>nasm's number-overflow warnings on immediates: a sign-extended imm8 whose value the operand size cannot
    /// hold as either a signed or an unsigned number ("dword value", "signed dword value" for 64-bit operands), an imm32 sign-extended to 64 bits outside a
    /// signed dword ("signed dword immediate" and "dword data"), and a plain field's "byte/word/dword data".</summary>
    private const PrefixFlags LockOrHle = PrefixFlags.Lock | PrefixFlags.Xacquire | PrefixFlags.Xrelease;

    /// <summary>
    /// nasm's prefix-lock and prefix-hle warnings (its calcsize, after the effective address): lock on an instruction that
    /// cannot take it or whose first operand is no memory; xacquire/xrelease where the instruction takes neither (or the
    /// first operand is no memory), and without lock where the instruction needs it (all lockable ones but xchg; mov to
    /// memory takes xrelease alone). The instructions are those of nasm's LOCK and HLE template flags; Iced's opcode
    /// table says the same of them but is built whole on first use (3 MB and a few ms), so they are listed here.
    /// </summary>
    private static void LockAndHle(InstructionStatement statement, Code encoded, Action<string> warn)
    {
        var prefixes = statement.Prefixes;
        if ((prefixes & LockOrHle) == 0) return;
        var mnemonic = encoded.Mnemonic();
        bool memoryFirst = statement.Operands.Length > 0 && statement.Operands[0].IsMemory;
        bool lockable = memoryFirst && Lockable(mnemonic);
        bool locked = (prefixes & PrefixFlags.Lock) != 0;
        if (locked && !lockable) warn("instruction is not lockable [-w+prefix-lock]");
        bool acquire = (prefixes & PrefixFlags.Xacquire) != 0;
        if (!acquire && (prefixes & PrefixFlags.Xrelease) == 0) return;
        string name = acquire ? "xacquire" : "xrelease";
        bool hle = lockable && encoded is not (Code.Cmpxchg486_rm8_r8 or Code.Cmpxchg486_rm16_r16 or Code.Cmpxchg486_rm32_r32);
        bool storeRelease = !acquire && memoryFirst && encoded is Code.Mov_rm8_r8 or Code.Mov_rm16_r16 or Code.Mov_rm32_r32 or Code.Mov_rm64_r64
            or Code.Mov_rm8_imm8 or Code.Mov_rm16_imm16 or Code.Mov_rm32_imm32 or Code.Mov_rm64_imm32;
        if (!hle && !storeRelease) warn($"{name} invalid with this instruction [-w+prefix-hle]");
        else if (hle && !locked && mnemonic != Mnemonic.Xchg) warn($"{name} with this instruction requires lock [-w+prefix-hle]");
    }

    private static bool Lockable(Mnemonic mnemonic) => mnemonic is Mnemonic.Add or Mnemonic.Adc or Mnemonic.And or Mnemonic.Btc
        or Mnemonic.Btr or Mnemonic.Bts or Mnemonic.Cmpxchg or Mnemonic.Cmpxchg8b or Mnemonic.Cmpxchg16b
        or Mnemonic.Dec or Mnemonic.Inc or Mnemonic.Neg or Mnemonic.Not or Mnemonic.Or or Mnemonic.Sbb or Mnemonic.Sub
        or Mnemonic.Xadd or Mnemonic.Xchg or Mnemonic.Xor;

    private static void ImmediateOverflow(InstructionStatement statement, IEncodingContext context, Code encoded, Action<string> warn)
    {
        if (encoded == Code.INVALID || !HasImmediateValue(statement.Operands)) return;
        var facts = OpCodeFacts.Get(encoded);
        int k = 0;
        foreach (var op in statement.Operands)
        {
            if (!op.IsImmediate || op.Value is null) continue;
            while (k < facts.OpCount && !IsImmediate(facts.GetOpKind(k))) k++;
            if (k >= facts.OpCount) return;
            var kind = facts.GetOpKind(k++);
            if (InstructionEncoder.EvaluateOperand(op.Value, context) is not { Known: true, IsScalar: true } value) continue;
            long v = value.Number;
            if (op.Size == 1 && kind is OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64)
            {
                // An explicit `byte': a signed byte, or the operand size's own negative bytes (0xffffff80 for eax).
                int size = kind == OpCodeOperandKind.imm8sex16 ? 16 : kind == OpCodeOperandKind.imm8sex32 ? 32 : 64;
                if (v is < sbyte.MinValue or > sbyte.MaxValue && (size == 64 || v < (1L << size) - 128 || v >= 1L << size))
                    warn("signed byte value exceeds bounds [-w+number-overflow]");
                continue;
            }
            switch (kind)
            {
                case OpCodeOperandKind.imm8sex16 when v < short.MinValue || v > ushort.MaxValue:
                    warn("word value exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm8sex32 when v < int.MinValue || v > uint.MaxValue:
                    warn("dword value exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm8sex64 when Outside(v, 4, signed: true):
                    warn("signed dword value exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm32sex64 when Outside(v, 4, signed: true):
                    warn("signed dword immediate exceeds bounds [-w+number-overflow]");
                    warn("dword data exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm8 when Outside(v, 1, signed: false):
                    warn("byte data exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm16 when Outside(v, 2, signed: false):
                    warn("word data exceeds bounds [-w+number-overflow]");
                    break;
                case OpCodeOperandKind.imm32 when Outside(v, 4, signed: false):
                    warn("dword data exceeds bounds [-w+number-overflow]");
                    break;
            }
        }
    }

    private static bool IsImmediate(OpCodeOperandKind k) => k is OpCodeOperandKind.imm8 or OpCodeOperandKind.imm8sex16
        or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64 or OpCodeOperandKind.imm16 or OpCodeOperandKind.imm32
        or OpCodeOperandKind.imm32sex64 or OpCodeOperandKind.imm64 or OpCodeOperandKind.imm8_const_1 or OpCodeOperandKind.imm4_m2z;

    /// <summary>nasm's overflow_general (either sign: −2^(8n)…2^(8n)−1) or overflow_signed for an n-byte field.</summary>
    private static bool Outside(long v, int bytes, bool signed)
    {
        int bits = bytes * 8;
        return signed ? v < -(1L << (bits - 1)) || v >= 1L << (bits - 1) : v < -(1L << bits) || v >= 1L << bits;
    }

    /// <summary>An fs or gs override in the brackets: the address stays absolute under `default rel` (not so with an
    /// fs or gs prefix before the mnemonic).</summary>
    public static bool FsOrGs(Operand op) => op.SegmentOverride is Register.FS or Register.GS;

    private static bool IsMemoryOffsetForm(Code code)
    {
        if (code == Code.INVALID) return false;
        var facts = OpCodeFacts.Get(code);
        for (int i = 0; i < facts.OpCount; i++)
            if (facts.GetOpKind(i) == OpCodeOperandKind.mem_offs) return true;
        return false;
    }

    // nasm reports a segment prefix on a branch once per sizing pass, which depends on its relaxation: not imitated.
    private static bool IsRelativeBranch(Code code)
    {
        if (code == Code.INVALID) return false;
        var facts = OpCodeFacts.Get(code);
        return facts.OpCount > 0 && facts.GetOpKind(0) is OpCodeOperandKind.br16_1 or OpCodeOperandKind.br32_1 or OpCodeOperandKind.br64_1
            or OpCodeOperandKind.br16_2 or OpCodeOperandKind.br32_4 or OpCodeOperandKind.br64_4;
    }
}
