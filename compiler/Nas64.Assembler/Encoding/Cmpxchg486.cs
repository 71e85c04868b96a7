using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

public sealed partial class InstructionEncoder
{
    /// <summary>
    /// nasm 2.16 writes the 486's first cmpxchg (0F A6/A7) in 64-bit code too, where Iced has no form of it: cmpxchg's
    /// bytes (0F B0/B1, with its REX, 66 and 67) with the opcode changed (cmpxchg486 [r8], r9d is 45 0F A7 08); not with
    /// 64-bit operands, as in nasm.
    /// </summary>
    private bool EncodeCmpxchg486InLongMode(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        foreach (var op in statement.Operands)
            if (op.IsRegister && op.Register.IsGPR64() || op.IsMemory && op.Size == 8)
            {
                error = "invalid combination of opcode and operands";
                return false;
            }
        var cmpxchg = new InstructionStatement("cmpxchg", statement.Operands)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes,
            SegmentPrefix = statement.SegmentPrefix,
        };
        if (!Encode(cmpxchg, context, out error)) return false;
        Code = Code == Code.Cmpxchg_rm8_r8 ? Code.Cmpxchg486_rm8_r8 : Code == Code.Cmpxchg_rm16_r16 ? Code.Cmpxchg486_rm16_r16 : Code.Cmpxchg486_rm32_r32;
        LengthIsStable = false;
        if (!context.Emitting) return true;
        byte[] bytes = _best.Span.ToArray();
        int opcode = Array.IndexOf(bytes, (byte)0x0f) + 1;
        bytes[opcode] = bytes[opcode] == 0xb0 ? (byte)0xa6 : (byte)0xa7;
        _best.Clear();
        _best.Write(bytes);
        return true;
    }
}
