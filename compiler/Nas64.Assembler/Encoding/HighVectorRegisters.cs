using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// xmm/ymm/zmm16–31 outside 64-bit code, as nasm 2.16 takes them: EVEX's R', X (for a register rm) and V' (for a VSIB
/// index) are usable in 16- and 32-bit code, so registers 16–23 in those places assemble; a register needing REX.R/X/B
/// (numbers 8–15 and 24–31) or a vvvv register above 7 is "invalid operands in non-64-bit mode". nas64 encodes the
/// same instruction with registers 0–7 as EVEX and sets the high bits in the prefix.
/// </summary>
public sealed partial class InstructionEncoder
{
    /// <summary>Only EVEX forms (a register 16–31 is encodable only there).</summary>
    private bool _evexOnly;

    private readonly Dictionary<InstructionSyntax, InstructionStatement> _lowVectors = [];

    private static bool IsVector(Register r) => r.IsXMM() || r.IsYMM() || r.IsZMM();

    /// <summary>A vector register numbered 8 or more, as an operand or an index.</summary>
    private static bool UsesHighVectors(InstructionStatement statement)
    {
        foreach (var op in statement.Operands)
            if (op.IsRegister ? IsVector(op.Register) && op.Register.GetNumber() >= 8 : op.IsMemory && IsVector(op.Index) && op.Index.GetNumber() >= 8)
                return true;
        return false;
    }

    private bool EncodeHighVectors(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        foreach (var op in statement.Operands)
        {
            var r = op.IsRegister ? op.Register : op.IsMemory ? op.Index : Register.None;
            if (IsVector(r) && (r.GetNumber() & 8) != 0)
            {
                error = NonLongModeOperands;
                return false;
            }
        }
        if (!_lowVectors.TryGetValue(statement.Syntax, out var low))
        {
            var operands = new Operand[statement.Operands.Length];
            for (int i = 0; i < operands.Length; i++)
            {
                var op = statement.Operands[i];
                operands[i] = op.IsRegister && IsVector(op.Register) ? op.WithRegister(Low(op.Register))
                    : op.IsMemory && IsVector(op.Index) ? op.WithIndex(Low(op.Index)) : op;
            }
            low = new InstructionStatement(statement.Mnemonic, operands) { Prefixes = statement.Prefixes, SegmentPrefix = statement.SegmentPrefix };
            _lowVectors.Add(statement.Syntax, low);
        }
        _evexOnly = true;
        try
        {
            if (!Encode(low, context, out error)) return false;
        }
        finally
        {
            _evexOnly = false;
        }
        if (!context.Emitting) return true;
        var bytes = _best.Span;
        int evex = 0;
        while (evex < bytes.Length && bytes[evex] is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0x66 or 0x67 or 0xf0 or 0xf2 or 0xf3) evex++;
        if (evex + 4 > bytes.Length || bytes[evex] != 0x62)
        {
            error = "not supported yet: a high vector register outside 64-bit code in this form";
            return false;
        }
        var facts = OpCodeFacts.Get(Code);
        byte p0 = bytes[evex + 1], p2 = bytes[evex + 3];
        for (int i = 0; i < statement.Operands.Length; i++)
        {
            var op = statement.Operands[i];
            var r = op.IsRegister ? op.Register : op.IsMemory ? op.Index : Register.None;
            if (!IsVector(r) || r.GetNumber() < 16) continue;
            var kind = i < facts.OpCount ? facts.GetOpKind(i) : OpCodeOperandKind.None;
            if (op.IsMemory) p2 &= 0xf7;                                                     // V': the VSIB index
            else if (kind is OpCodeOperandKind.xmm_reg or OpCodeOperandKind.ymm_reg or OpCodeOperandKind.zmm_reg) p0 &= 0xef;   // R'
            else if (kind is OpCodeOperandKind.xmm_rm or OpCodeOperandKind.ymm_rm or OpCodeOperandKind.zmm_rm
                or OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.ymm_or_mem or OpCodeOperandKind.zmm_or_mem) p0 &= 0xbf;     // X
            else
            {
                // vvvv (and anything else) above 7: nasm's error.
                error = NonLongModeOperands;
                return false;
            }
        }
        _best.Patch(evex + 1, p0);
        _best.Patch(evex + 3, p2);
        return true;
    }

    private static Register Low(Register r) =>
        r.IsXMM() ? Register.XMM0 + (r.GetNumber() & 7) : r.IsYMM() ? Register.YMM0 + (r.GetNumber() & 7) : Register.ZMM0 + (r.GetNumber() & 7);
}
