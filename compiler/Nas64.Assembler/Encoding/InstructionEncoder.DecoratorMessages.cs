using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>nasm 2.16's message when no form fits a destination with a mask or {z} (asm/assemble.c, matches): each template
/// checks the decorators of an operand before its class, so a template of the same operand count that takes no mask there
/// fails with MERR_MASKNOTHERE, one that takes a mask but not {z} with MERR_DECONOTHERE, and both outrank the size and
/// operand-class failures (vaddpd xmm0{k1}, xmm1, byte [rax] is "mask not permitted on this operand", for its VEX form).
/// </summary>
public sealed partial class InstructionEncoder
{
    /// <summary>nasm's highest-ranked failure: a template of the operand count that it takes only after {vex} or {evex}
    /// (AVX-IFMA, AVX-NE-CONVERT, AVX-VNNI-INT8 by default; those the `cpu' flags turn off) fails without the prefix before
    /// its operands are looked at, whatever else fails.</summary>
    private static string? ExplicitPrefixError(InstructionForm[] all, InstructionStatement statement, CpuFlags flags) =>
        statement.Syntax.EncodingPrefix == EncodingPrefix.None && Array.Exists(all, f => SyntaxOperands(f).Length == statement.Operands.Length
            && NasmFormChoice.Preference(f, flags) == NasmFormChoice.ExplicitVexPreference && NasmFormChoice.VexRequest(f) != NasmFormChoice.VexOnRequest.Missing)
            ? "instruction not encodable without explicit prefix" : null;

    private static string? DecoratorError(InstructionForm[] all, InstructionStatement statement)
    {
        var operands = statement.Operands;
        if (operands.Length == 0 || (operands[0].OpMask == Register.None && !operands[0].Zeroing)) return null;
        var first = operands[0];
        string? error = null;
        foreach (var form in all)
        {
            // nasm 2.16.01 has no VEX template of AVX-VNNI's.
            if (SyntaxOperands(form).Length != operands.Length || NasmFormChoice.VexRequest(form) == NasmFormChoice.VexOnRequest.Missing) continue;
            if (first.OpMask != Register.None && !form.Info.CanUseOpMaskRegister) error ??= "mask not permitted on this operand";
            else if (first.Zeroing && (!form.Info.CanUseZeroingMasking || StoreForm(form))) return "unsupported mode decorator for instruction";
        }
        return error;
    }

    /// <summary>A form whose destination may be memory: nasm's template gives it a mask but no {z} (Iced's flag is the
    /// register destination's).</summary>
    private static bool StoreForm(InstructionForm form) => form.Operands.Length > 1 && !ZeroingStore(form)
        && form.Operands[0] is OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.ymm_or_mem or OpCodeOperandKind.zmm_or_mem;

    /// <summary>nasm 2.16.01's vmovdqu8/16/32/64 and vmovdqa32/64 store templates take {z} (vmovdqu8 [rax]{k1}{z}, xmm1 is
    /// 62 F1 7F 89 7F 08); its other stores do not.</summary>
    private static bool ZeroingStore(InstructionForm form) => form.Info.Mnemonic is Mnemonic.Vmovdqu8 or Mnemonic.Vmovdqu16
        or Mnemonic.Vmovdqu32 or Mnemonic.Vmovdqu64 or Mnemonic.Vmovdqa32 or Mnemonic.Vmovdqa64;
}
