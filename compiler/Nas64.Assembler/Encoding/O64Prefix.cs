using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

public sealed partial class InstructionEncoder
{
    /// <summary>
    /// nasm's o64 in 64-bit code is a REX.W on the instruction, whatever it names: 16- and 32-bit registers and
    /// memory become the 64-bit operation with a prefix-opsize warning (o64 mov eax, ebx is 48 89 D8, o64 mov ax, bx
    /// too, o64 movsd 48 A5), and REX.W is added where the form has none (o64 mov al, bl is 48 88 D8, o64 pushf 48 9C).
    /// Not here: o64 mov r32, imm (nasm writes 48 B8 with a 4-byte immediate, which the CPU reads as 8).
    /// </summary>
    private bool EncodeO64(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        error = null;
        int named = 0;
        var operands = new Operand[statement.Operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            var op = statement.Operands[i];
            if (op.IsRegister && (op.Register.IsGPR16() || op.Register.IsGPR32()))
            {
                named = named == 0 ? (op.Register.IsGPR16() ? 16 : 32) : named;
                op = op.WithRegister(op.Register.GetFullRegister());
            }
            else if (op.IsMemory && op.Size is 2 or 4)
            {
                named = named == 0 ? op.Size * 8 : named;
                op = op.WithRegister(op.Register);
                op.Size = 8;
            }
            operands[i] = op;
        }
        string mnemonic = statement.Mnemonic;
        if (operands.Length == 0 && O64Name(mnemonic) is { } wide)
        {
            named = wide.Named;
            mnemonic = wide.Mnemonic;
        }
        if (named != 0 && mnemonic.Equals("mov", StringComparison.OrdinalIgnoreCase) && operands is [{ IsRegister: true }, { IsImmediate: true }])
            throw new EvaluationException("not supported yet: o64 mov with a 16/32-bit register and an immediate (nasm writes 48 B8 with a 4-byte immediate)");
        // nasm keeps the immediate field of the 16/32-bit form under its REX.W (o64 cmp ax, 0x1234 is 48 3D 34 12).
        foreach (var op in operands)
            if (named != 0 && op.IsImmediate && (op.Value is null || EvaluateOperand(op.Value, context) is not { Known: true, IsScalar: true } v
                || (named == 16 ? v.Number is < sbyte.MinValue or > sbyte.MaxValue : v.Number is < int.MinValue or > int.MaxValue)))
                throw new EvaluationException($"not supported yet: o64 with a {named}-bit operand and this immediate (nasm keeps the {named}-bit form's immediate field)");
        var plain = new InstructionStatement(mnemonic, operands)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes & ~PrefixFlags.O64,
            SegmentPrefix = statement.SegmentPrefix,
        };
        if (!Encode(plain, context, out error)) return false;
        // nasm leaves a VEX or EVEX instruction as it is.
        if (OpCodeFacts.Get(Code).Encoding != EncodingKind.Legacy) return true;
        byte[] bytes = _best.Span.ToArray();
        int at = 0;
        while (at < bytes.Length && bytes[at] is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0x66 or 0x67 or 0xf0 or 0xf2 or 0xf3 or 0x9b) at++;
        if (at < bytes.Length && (bytes[at] & 0xf0) == 0x40)
        {
            bytes[at] |= 0x08;
            _best.Clear();
            _best.Write(bytes);
        }
        else
        {
            // The 48 moves the instruction's end, which a RIP-relative field counts from: the bytes are encoded one
            // byte further on (a layout pass has only the length, which the address does not change).
            if (context.Emitting)
            {
                if (!Encode(plain, new ShiftedContext(context, 1), out error)) return false;
                bytes = _best.Span.ToArray();
            }
            _best.Clear();
            _best.Write(bytes.AsSpan(0, at));
            _best.WriteByte(0x48);
            _best.Write(bytes.AsSpan(at));
            for (int i = 0; i < _bestFixups.Count; i++) _bestFixups[i] = _bestFixups[i] with { FieldOffset = _bestFixups[i].FieldOffset + 1 };
            Length++;
        }
        LengthIsStable = false;
        if (named != 0) context.Warning($"invalid operand size prefix, must be o{named} [-w+prefix-opsize]");
        return true;
    }

    /// <summary><paramref name="inner"/> with the current line <paramref name="shift"/> bytes further on, for encoding
    /// again: the first encoding gave the warnings.</summary>
    private sealed class ShiftedContext(IEncodingContext inner, int shift) : IEncodingContext
    {
        public int Bits => inner.Bits;
        public bool DefaultRel => inner.DefaultRel;
        public ulong Offset => inner.Offset + (ulong)shift;
        public Objects.Symbol? SectionBase => inner.SectionBase;
        public bool Optimize => inner.Optimize;
        public bool MinimalOptimization => inner.MinimalOptimization;
        public bool Emitting => inner.Emitting;
        public Value Evaluate(Expression expression) => inner.Evaluate(expression);
        public Value? SelfRelative(Expression expression) => inner.SelfRelative(expression);
        public void Warning(string message) { }
    }

    /// <summary>The 64-bit name of an operandless instruction that names its size (movsd, cwd, cdq …).</summary>
    private static (string Mnemonic, int Named)? O64Name(string mnemonic)
    {
        if (StringSize(mnemonic) is > 0 and var size) return (mnemonic[..^1] + "q", size);
        return mnemonic.ToLowerInvariant() switch
        {
            "cwd" => ("cqo", 16),
            "cdq" => ("cqo", 32),
            "cbw" => ("cdqe", 16),
            "cwde" => ("cdqe", 32),
            _ => null,
        };
    }

    /// <summary>The o64 statements <see cref="EncodeO64"/> takes: the others keep their own rules (o64 push imm, push fs,
    /// o64 sysret).</summary>
    private static bool TakesO64(InstructionStatement statement, int bits)
    {
        if (bits != 64 || (statement.Prefixes & PrefixFlags.O64) == 0 || statement.Mnemonic.Length == 0) return false;
        // With 64-bit registers or a qword nasm's templates are the 64-bit ones (o64 push rax is 50), and so are
        // relative branches (NasmQuirks.RexWOnBranch puts their REX.W in).
        foreach (var op in statement.Operands)
            if (op.IsRegister && op.Register.IsGPR64() || op.IsMemory && op.Size > 4) return false;
        string m = statement.Mnemonic;
        if (statement.Operands is [{ IsImmediate: true }] && (m[0] is 'j' or 'J' || m.StartsWith("loop", StringComparison.OrdinalIgnoreCase)
            || m.Equals("call", StringComparison.OrdinalIgnoreCase) || m.Equals("xbegin", StringComparison.OrdinalIgnoreCase))) return false;
        if (m.Equals("sysret", StringComparison.OrdinalIgnoreCase) || m.Equals("sysexit", StringComparison.OrdinalIgnoreCase)) return false;
        if ((m.Equals("push", StringComparison.OrdinalIgnoreCase) || m.Equals("pop", StringComparison.OrdinalIgnoreCase))
            && statement.Operands is [{ IsImmediate: true }] or [{ IsRegister: true, Register: Register.FS or Register.GS }]) return false;
        return true;
    }
}
