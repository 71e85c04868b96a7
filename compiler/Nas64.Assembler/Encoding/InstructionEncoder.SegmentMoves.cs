using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// mov to or from a segment register with o16/o32/o64, as nasm 2.16.01 writes it (measured over every register and
/// memory size in 16-, 32- and 64-bit code). The prefix sets the bytes, whatever the other operand says: o16 is a 66 in
/// 32- and 64-bit code, o32 one in 16-bit code, o64 a REX.W (o64 mov ss, ax is 48 8E D0, o16 mov ss, qword [rax] is
/// 66 48 8E 10), except that a 64-bit register takes no REX.W (o64 mov ss, rax is 8E D0). Only a 16- or 32-bit register
/// as the destination has a size of its own: another prefix warns ("must be o16") and still sets the bytes. A dword
/// memory operand is "mismatch in operand sizes"; outside 64-bit code a qword or a 64-bit register is "instruction not
/// supported", and o64 "invalid operands in non-64-bit mode".
/// </summary>
public sealed partial class InstructionEncoder
{
    /// <summary>The general operand of a mov with a segment register and an o16/o32/o64 (or a 64-bit register outside
    /// 64-bit code), and whether it is the destination; null for other statements.</summary>
    private static (Operand Other, bool ToOther)? SegmentMove(InstructionStatement statement, int bits)
    {
        if (statement.Operands is not [var a, var b]) return null;
        bool toOther = b.IsRegister && b.Register.IsSegmentRegister();
        if (!toOther && !(a.IsRegister && a.Register.IsSegmentRegister()) || !statement.Mnemonic.Equals("mov", StringComparison.OrdinalIgnoreCase)) return null;
        var other = toOther ? a : b;
        if (!(other.IsMemory && other.Size is 0 or 2 or 4 or 8 || other.IsRegister && other.Register.IsGPR() && !other.Register.IsGPR8())) return null;
        bool prefixed = (statement.Prefixes & (PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64)) != 0;
        return prefixed || bits != 64 && other.IsRegister && other.Register.IsGPR64() ? (other, toOther) : null;
    }

    private bool EncodeSegmentMove(InstructionStatement statement, Operand other, bool toOther, IEncodingContext context, out string? error)
    {
        int bits = context.Bits;
        var p = statement.Prefixes;
        int prefix = (p & PrefixFlags.O16) != 0 ? 16 : (p & PrefixFlags.O32) != 0 ? 32 : (p & PrefixFlags.O64) != 0 ? 64 : 0;
        bool register = other.IsRegister;
        int size = register ? (other.Register.IsGPR16() ? 16 : other.Register.IsGPR32() ? 32 : 64) : other.Size * 8;
        if (bits != 64 && size == 64) throw new EvaluationException($"instruction not supported in {bits}-bit mode");
        if (!register && size == 32) throw new EvaluationException("mismatch in operand sizes");
        if (bits != 64 && prefix == 64) throw new EvaluationException(NonLongModeOperands);
        // nasm's size-less register templates (8E /r for a 16/32-bit source, o64nw for a 64-bit register) are its OPT
        // ones, which -O0 and -O1 skip: there a source register has a size of its own too (o16 8E, o32 8E), and a 64-bit
        // one takes the REX.W of o64 8C/8E whatever the prefix (o16 mov rax, ds is 66 48 8C D8 at -O0, 66 8C D8 at -Ox).
        bool optTemplates = context.Optimize && !context.MinimalOptimization;
        int own = (toOther || !optTemplates) && register && size != 64 ? size : 0;
        int operandSize = prefix is 16 or 32 ? prefix : own != 0 && prefix == 0 ? own : bits == 16 ? 16 : 32;
        bool rexW = size == 64 && (!register || !optTemplates) || prefix == 64 && !(register && size == 64);
        bool operandPrefix = operandSize != (bits == 16 ? 16 : 32);
        // The plain form of the operands, which has no 66 or REX.W (mov eax, ss is 8C D0, mov ax, ss in 16-bit code, a
        // word in memory); the prefixes go in below.
        var plainOther = !register ? other.WithSize(2)
            : other.WithRegister(bits == 16 ? NasmRewrites.Narrow16(other.Register) : other.Register.GetFullRegister32());
        var segment = toOther ? statement.Operands[1] : statement.Operands[0];
        var plain = new InstructionStatement(statement.Mnemonic, toOther ? [plainOther, segment] : [segment, plainOther])
        {
            Location = statement.Location,
            Prefixes = p & ~(PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64),
            SegmentPrefix = statement.SegmentPrefix,
        };
        if (!Encode(plain, context, out error)) return false;
        if (own != 0 && prefix != 0 && prefix != own) context.Warning($"invalid operand size prefix, must be o{own} [-w+prefix-opsize]");
        var (at, rexAt, hasRex) = PrefixPlaces(_best.Span);
        int inserted = (operandPrefix ? 1 : 0) + (rexW && !hasRex ? 1 : 0);
        if (inserted == 0 && !rexW) return true;
        // Inserted bytes move the instruction's end, which a RIP-relative field counts from.
        if (inserted > 0 && context.Emitting && !Encode(plain, new ShiftedContext(context, inserted), out error)) return false;
        byte[] bytes = _best.Span.ToArray();
        _best.Clear();
        _best.Write(bytes.AsSpan(0, at));
        if (operandPrefix) _best.WriteByte(0x66);
        _best.Write(bytes.AsSpan(at, rexAt - at));
        if (rexW && !hasRex) _best.WriteByte(0x48);
        if (rexW && hasRex) bytes[rexAt] |= 0x08;
        _best.Write(bytes.AsSpan(rexAt));
        for (int i = 0; i < _bestFixups.Count; i++) _bestFixups[i] = _bestFixups[i] with { FieldOffset = _bestFixups[i].FieldOffset + inserted };
        Length += inserted;
        LengthIsStable = false;
        return true;
    }

    /// <summary>Where an operand-size prefix goes in <paramref name="bytes"/> (after segment, lock and rep prefixes, before
    /// a 67), where a REX goes (before the opcode), and whether there is one.</summary>
    private static (int OperandSize, int Rex, bool HasRex) PrefixPlaces(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        while (at < bytes.Length && bytes[at] is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0xf0 or 0xf2 or 0xf3) at++;
        int rex = at;
        while (rex < bytes.Length && bytes[rex] == 0x67) rex++;
        return (at, rex, rex < bytes.Length && (bytes[rex] & 0xf0) == 0x40);
    }
}
