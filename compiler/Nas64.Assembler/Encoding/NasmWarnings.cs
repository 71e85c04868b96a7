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
    public static void Report(InstructionStatement statement, IEncodingContext context, Code encoded, Action<string> warn)
    {
        int bits = context.Bits;
        var ops = statement.Operands;
        // o16/o32 that does not size a push of a sizeless immediate only adds a 66 byte (see NasmRewrites).
        if (bits != 64 && ops.Count == 1 && (statement.Prefixes & (bits == 16 ? PrefixFlags.O32 : PrefixFlags.O16)) != 0
            && ops[0] is { IsImmediate: true, Size: 0 } && statement.Mnemonic.Equals("push", StringComparison.OrdinalIgnoreCase))
            warn($"invalid operand size prefix, must be o{bits} [-w+prefix-opsize]");

        string? dispSize = null, overflow = null;
        int overflowCount = 2;
        for (int i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            if (!op.IsMemory) continue;
            if (op.Base != Register.None || op.Index != Register.None)
            {
                // A disp32 with registers is written from the value's low dword; nasm checks the value itself.
                if (op.Value is null || op.Base.IsGPR16() || op.Index.IsGPR16() || context.Evaluate(op.Value) is not { Known: true, IsScalar: true } v) continue;
                // A 32-bit address checks the dword as data of either sign, a 64-bit one as a signed dword; a byte is
                // reported once for a 32-bit address.
                bool address64 = op.Base.IsGPR64() || op.Index.IsGPR64();
                bool disp8 = op.DisplacementSize == 1 || op.DisplacementSize == 0 && (int)v.Number is >= sbyte.MinValue and <= sbyte.MaxValue;
                if (disp8 && (int)v.Number != 0 && (v.Number < -256 || v.Number > 255))
                    (overflow, overflowCount) = ("byte data exceeds bounds [-w+number-overflow]", address64 ? 2 : 1);
                else if (!disp8 && (address64 ? v.Number < int.MinValue || v.Number > int.MaxValue : v.Number < -(1L << 32) || v.Number > uint.MaxValue))
                    overflow = "dword data exceeds bounds [-w+number-overflow]";
                continue;
            }
            var value = op.Value is null ? Passes.Value.Scalar(0) : context.Evaluate(op.Value);
            bool number = value.Known && value.IsScalar;
            if (bits == 64 && (op.RipRelative ?? context.DefaultRel) && !FsOrGs(statement, op) && number)
                warn("absolute address can not be RIP-relative [-w+ea-absolute]");
            // A ModRM disp32 of a number outside a signed dword (the moffs form takes 64 bits).
            if (bits == 64 && number && op.AddressSize != 32 && !IsMemoryOffsetForm(encoded) && (value.Number < int.MinValue || value.Number > int.MaxValue))
                overflow = "dword data exceeds bounds [-w+number-overflow]";
            // An explicit byte (or, outside the moffs form, qword) displacement on an absolute address is ignored.
            if (op.DisplacementSize == 1 || op.DisplacementSize == 8 && !IsMemoryOffsetForm(encoded))
                dispSize = "displacement size ignored on absolute address [-w+ea-dispsize]";
        }
        if (dispSize is not null) warn(dispSize);
        var segment = statement.SegmentPrefix;
        foreach (var op in ops)
            if (op.IsMemory && op.SegmentOverride != Register.None) segment = op.SegmentOverride;
        if (bits == 64 && segment is Register.ES or Register.CS or Register.SS or Register.DS && !IsRelativeBranch(encoded))
        {
            string name = segment.ToString().ToLowerInvariant();
            warn($"{name} segment base generated, but will be ignored in 64-bit mode [-w+prefix-seg]");
            warn($"{name} segment base generated, but will be ignored in 64-bit mode [-w+prefix-seg]");
        }
        if (dispSize is not null) warn(dispSize);
        for (int i = 0; overflow is not null && i < overflowCount; i++) warn(overflow);
    }

    /// <summary>An fs or gs override: the address stays absolute under `default rel`.</summary>
    public static bool FsOrGs(InstructionStatement statement, Operand op) =>
        op.SegmentOverride is Register.FS or Register.GS || statement.SegmentPrefix is Register.FS or Register.GS;

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
