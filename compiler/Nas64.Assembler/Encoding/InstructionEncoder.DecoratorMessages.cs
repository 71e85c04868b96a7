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

    /// <remarks>{sae} or {er} on an operand is checked the same way when a template gets there: one whose earlier operands
    /// fit and that takes no such decorator fails with MERR_DECONOTHERE before the operand's class is looked at (vaddps
    /// zmm0, zmm1, xmm2, {sae} is "unsupported mode decorator for instruction"), one that takes it on a memory operand
    /// with "operation size not specified", which a mask's failure outranks (vmaxps zmm0{k1}, zmm1, [rax], {sae} is "mask
    /// not permitted on this operand"); a sized memory operand the template takes is nasm's check after matching,
    /// "embedded rounding is available only with register-register operations", ahead of all.</remarks>
    /// <summary>nasm's message for an instruction the `cpu' level refuses: a template it takes only after {vex} or {evex}
    /// fails before the level is looked at and outranks it (vpmadd52luq zmm1, zmm2, zmm3 under `cpu sandybridge' is
    /// "instruction not encodable without explicit prefix"), as a template of another encoding than {vex} or {evex} asks
    /// ({evex} vaddps ymm3, ymm1, [rsi] under `cpu x64' is "instruction not encodable with {evex} prefix").</summary>
    public string CpuLevelError(InstructionStatement statement)
    {
        var prefix = statement.Syntax.EncodingPrefix;
        if (InstructionTable.Find(statement.Mnemonic) is not { } all) return "no instruction for this cpu level";
        if (prefix != EncodingPrefix.None && Array.Exists(all, f => !TakesEncodingPrefix(f, prefix))) return EncodingPrefixes.NotEncodable(prefix);
        return ExplicitPrefixError(all, statement, CpuFlags) ?? "no instruction for this cpu level";
    }

    private static string? DecoratorError(InstructionForm[] all, InstructionStatement statement, int bits, bool noneMatched = false)
    {
        var operands = statement.Operands;
        if (operands.Length == 0) return null;
        int decorated = -1, broadcast = -1;
        for (int i = 0; i < operands.Length; i++)
        {
            if (decorated < 0 && (operands[i].Rounding != RoundingControl.None || operands[i].SuppressAllExceptions)) decorated = i;
            if (broadcast < 0 && noneMatched && operands[i].IsMemory && operands[i].Broadcast != 0) broadcast = i;
        }
        var first = operands[0];
        if (first.OpMask == Register.None && !first.Zeroing && decorated < 0 && broadcast < 0) return null;
        // nasm's ranks of these failures, the highest of all templates winning.
        const int SizeMissing = 1, BroadcastNotHere = 2, BroadcastCount = 3, MaskNotHere = 4, DecoratorNotHere = 5;
        int rank = 0;
        foreach (var form in all)
        {
            // nasm 2.16.01 has no VEX template of AVX-VNNI's.
            var syntax = SyntaxOperands(form);
            if (syntax.Length != operands.Length || NasmFormChoice.VexRequest(form) == NasmFormChoice.VexOnRequest.Missing) continue;
            if (first.OpMask != Register.None && !form.Info.CanUseOpMaskRegister)
            {
                rank = Math.Max(rank, MaskNotHere);
                continue;
            }
            if (first.Zeroing && (!form.Info.CanUseZeroingMasking || StoreForm(form))) return "unsupported mode decorator for instruction";
            // A broadcast is checked first on its operand ([rax]{1to4}, {sae} on vaddss is "broadcast not permitted").
            if (broadcast >= 0 && ReachesOperand(form, syntax, operands, broadcast, bits))
            {
                if (!form.Info.CanBroadcast)
                {
                    rank = Math.Max(rank, BroadcastNotHere);
                    continue;
                }
                if (form.BroadcastElementSize != 0 && form.MemorySize / form.BroadcastElementSize != operands[broadcast].Broadcast)
                {
                    rank = Math.Max(rank, BroadcastCount);
                    continue;
                }
            }
            if (decorated >= 0 && ReachesOperand(form, syntax, operands, decorated, bits))
            {
                var op = operands[decorated];
                if (!(op.Rounding != RoundingControl.None ? form.Info.CanUseRoundingControl && !(ReadsGpr(form) && !op.Register.IsXMM()) : form.Info.CanSuppressAllExceptions))
                    rank = Math.Max(rank, DecoratorNotHere);
                else if (op.IsMemory && op.Size == 0 && op.Broadcast == 0) rank = Math.Max(rank, SizeMissing);
                // A memory operand the template takes otherwise matches, and nasm refuses the decorator after matching.
                else if (op.IsMemory && ReachesOperand(form, syntax, operands, operands.Length, bits))
                    return "embedded rounding is available only with register-register operations";
            }
        }
        return rank switch
        {
            DecoratorNotHere => "unsupported mode decorator for instruction",
            MaskNotHere => "mask not permitted on this operand",
            BroadcastCount => "mismatch in the number of broadcasting elements",
            BroadcastNotHere => "broadcast not permitted on this operand",
            SizeMissing => "operation size not specified",
            _ => null,
        };
    }

    /// <summary>Whether the operands before <paramref name="index"/> fit the form, so that nasm's check gets to that one.</summary>
    private static bool ReachesOperand(InstructionForm form, int[] syntax, Operand[] operands, int index, int bits)
    {
        for (int i = 0; i < index; i++)
            if (!OperandMatches(form, form.Operands[syntax[i]], operands[i], bits)) return false;
        return true;
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
