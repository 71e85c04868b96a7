using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// nasm's encoding prefixes (see <see cref="EncodingPrefix"/>), as nasm 2.16.01 takes them (measured): {vex}, {vex2},
/// {vex3} keep the VEX and XOP forms, {evex} the EVEX forms, {rex} the legacy forms in 64-bit code, and no form left is
/// "instruction not encodable with {vex} prefix". {vex3} writes a 3-byte VEX where a 2-byte one would do, {vex2} is an
/// error where only a 3-byte one fits (C4 or XOP's 8F), {rex} writes a 40 after the legacy prefixes of an instruction
/// that has no REX (after the 9B of a waiting x87 form: {rex} finit is 9B 40 DB E3) and refuses ah..bh. Without a
/// prefix, the VEX forms nasm takes only after {vex} (AVX-IFMA, AVX-NE-CONVERT, AVX-VNNI-INT8) are its "instruction not
/// encodable without explicit prefix"; AVX-VNNI's VEX forms are not in nasm 2.16.01 at all.
/// </summary>
public sealed partial class InstructionEncoder
{
    /// <summary>Encodes <paramref name="statement"/>; returns false with <paramref name="error"/> set when
    /// no form fits.</summary>
    public bool Encode(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        if (!EncodeCheckingAddressSizes(statement, context, out error)) return false;
        var prefix = statement.Syntax.EncodingPrefix;
        if (prefix == EncodingPrefix.None || !context.Emitting || statement.Mnemonic.Length == 0) return true;
        // The forms NasmRewrites, O64Prefix and HighVectorRegisters write by other paths are not filtered: bytes
        // without the form the prefix asks for are refused rather than written differently from nasm.
        if (HasEncoding(_best.Span, prefix)) return true;
        // An EVEX form for {vex} is one with registers only EVEX has (xmm16 in 32-bit code): nasm has no VEX form either.
        error = prefix is EncodingPrefix.Vex or EncodingPrefix.Vex2 or EncodingPrefix.Vex3 && HasEncoding(_best.Span, EncodingPrefix.Evex)
            ? EncodingPrefixes.NotEncodable(prefix)
            : $"not supported yet: the {EncodingPrefixes.Text(prefix)} prefix on this form of {statement.Mnemonic}";
        return false;
    }

    /// <summary>
    /// nasm's error for an instruction with an encoding prefix whose operands no form takes: nasm checks the prefix
    /// before the operands, so with a form of another encoding under the mnemonic (or {rex} outside 64-bit code) it is
    /// "instruction not encodable with {vex} prefix" ({vex} vpaddd xmm1, xmm2, eax), else the operands' error
    /// ({rex} add eax, xmm1 is "invalid combination of opcode and operands").
    /// </summary>
    private static string? EncodingPrefixError(InstructionStatement statement, EncodingPrefix prefix, int bits, string? error)
    {
        if (prefix == EncodingPrefix.Rex && bits != 64) return EncodingPrefixes.NotEncodable(prefix);
        var forms = InstructionTable.Find(statement.Mnemonic);
        return forms is not null && Array.Exists(forms, form => !TakesEncodingPrefix(form, prefix)) ? EncodingPrefixes.NotEncodable(prefix) : error;
    }

    /// <summary>The forms of <paramref name="candidates"/> that <paramref name="prefix"/> allows; false with nasm's error
    /// when there are none.</summary>
    private static bool KeepEncodingPrefixForms(ref InstructionForm[] candidates, InstructionStatement statement, EncodingPrefix prefix, int bits, out string? error)
    {
        error = null;
        if (prefix == EncodingPrefix.Rex)
        {
            if (bits != 64)
            {
                error = EncodingPrefixes.NotEncodable(prefix);
                return false;
            }
            foreach (var op in statement.Operands)
                if (op.IsRegister && op.Register is >= Register.AH and <= Register.BH)
                {
                    error = "cannot use high byte register in rex instruction";
                    return false;
                }
        }
        var kept = Array.FindAll(candidates, form => TakesEncodingPrefix(form, prefix));
        bool vex = prefix is EncodingPrefix.Vex or EncodingPrefix.Vex2 or EncodingPrefix.Vex3;
        if (vex && Array.Exists(statement.Operands, op => op.IsMemory && IsEvexOnlyVector(op.Index)))
        {
            error = "not supported yet: a VSIB index from xmm16 with {vex} (nasm 2.16.01 drops the index's high bit)";
            return false;
        }
        if (kept.Length == 0 || vex && Array.Exists(statement.Operands, op => op.IsRegister && IsEvexOnlyVector(op.Register)))
        {
            error = EncodingPrefixes.NotEncodable(prefix);
            return false;
        }
        // nasm 2.16.01's xmm templates of the {vex}-only instructions do not size an unsized memory operand
        // ({vex} vpdpbssd xmm1, xmm2, [rax]; the ymm ones do): its error, or with EVEX forms under the name, theirs.
        if (vex && HasUnsizedMemory(statement) && Array.TrueForAll(kept, UnsizingVexForm))
        {
            error = EncodingPrefixError(statement, prefix, bits, "operation size not specified");
            return false;
        }
        candidates = kept;
        return true;
    }

    private static bool HasUnsizedMemory(InstructionStatement statement) => Array.Exists(statement.Operands, op => op.IsMemory && op.Size == 0 && op.Broadcast == 0);

    private static bool UnsizingVexForm(InstructionForm form) => NasmFormChoice.VexRequest(form) == NasmFormChoice.VexOnRequest.Explicit
        && form.Operands[0] == OpCodeOperandKind.xmm_reg && form.Info.Mnemonic is not Mnemonic.Vbcstnesh2ps;

    /// <summary>
    /// The same templates without {vex} under `cpu latevex' or `cpu noevex': nasm sizes the memory operand from an EVEX
    /// template it may use (vpmadd52luq xmm1, xmm2, [esi] under latevex is VEX), else they fail: "operation size not
    /// specified" (vpdpbssd xmm1, xmm2, [esi]), or under noevex the EVEX template's "instruction not encodable without
    /// explicit prefix" (vpmadd52luq). False with the error when nothing is left.
    /// </summary>
    private bool KeepSizedLateVexForms(ref InstructionForm[] candidates, InstructionStatement statement, out string? error)
    {
        error = null;
        if ((CpuFlags & (CpuFlags.LateVex | CpuFlags.NoEvex)) == 0 || (CpuFlags & CpuFlags.NoVex) != 0 || !HasUnsizedMemory(statement)
            || Array.Exists(candidates, f => f.Info.Encoding == EncodingKind.EVEX && (CpuFlags & CpuFlags.NoEvex) == 0)
            || !Array.Exists(candidates, UnsizingVexForm))
            return true;
        var kept = Array.FindAll(candidates, f => !UnsizingVexForm(f));
        if (Array.Exists(kept, f => NasmFormChoice.Preference(f, CpuFlags) != NasmFormChoice.ExplicitVexPreference))
        {
            candidates = kept;
            return true;
        }
        error = kept.Length > 0 ? "instruction not encodable without explicit prefix" : "operation size not specified";
        return false;
    }

    private static bool IsEvexOnlyVector(Register r) => (r.IsXMM() || r.IsYMM() || r.IsZMM()) && r.GetNumber() >= 16;

    private static bool TakesEncodingPrefix(InstructionForm form, EncodingPrefix prefix) => prefix switch
    {
        EncodingPrefix.Evex => form.Info.Encoding == EncodingKind.EVEX,
        EncodingPrefix.Rex => form.Info.Encoding is EncodingKind.Legacy or EncodingKind.D3NOW,
        _ => form.Info.Encoding == EncodingKind.XOP || (form.Info.Encoding == EncodingKind.VEX && NasmFormChoice.VexRequest(form) != NasmFormChoice.VexOnRequest.Missing),
    };

    /// <summary>
    /// Makes the bytes Iced wrote for <paramref name="instruction"/> at <paramref name="ip"/> those of <paramref name="prefix"/>:
    /// a 3-byte VEX for {vex3}, a REX for {rex}. False with nasm's error when {vex2} cannot be (or {rex} on fwait, where
    /// nasm 2.16.01 fails an assertion).
    /// </summary>
    private bool ApplyEncodingPrefix(EncodingPrefix prefix, Encoder encoder, in Instruction instruction, ulong ip, ref uint length, ref ConstantOffsets offsets, out string? error)
    {
        error = null;
        var bytes = _writer.Span;
        int at = NasmQuirks.PastLegacyPrefixes(bytes);
        switch (prefix)
        {
            case EncodingPrefix.Vex2 when bytes[at] is 0xc4 or 0x8f:
                error = EncodingPrefixes.NotEncodable(prefix);
                return false;
            case EncodingPrefix.Vex3 when bytes[at] == 0xc5:
                _writer.Clear();
                encoder.PreventVEX2 = true;
                try
                {
                    if (!encoder.TryEncode(instruction, ip, out length, out error)) return false;
                }
                finally
                {
                    encoder.PreventVEX2 = false;
                }
                offsets = encoder.GetConstantOffsets();
                return true;
            case EncodingPrefix.Rex:
                if (bytes[at] == 0x9b)
                {
                    if (at + 1 == bytes.Length)
                    {
                        error = "not supported yet: {rex} fwait (nasm 2.16.01 fails an assertion)";
                        return false;
                    }
                    at = NasmQuirks.PastLegacyPrefixes(bytes, at + 1);
                }
                if ((bytes[at] & 0xf0) == 0x40) return true;
                // One byte more before the fields: a RIP-relative or branch field counts from the new end.
                _writer.Clear();
                if (!encoder.TryEncode(instruction, ip + 1, out length, out error)) return false;
                offsets = encoder.GetConstantOffsets();
                length = NasmQuirks.InsertByte(_writer, at, 0x40, length, ref offsets);
                return true;
            default:
                return true;
        }
    }

    /// <summary>True when <paramref name="bytes"/> (one instruction) have the encoding <paramref name="prefix"/> asks for.</summary>
    private static bool HasEncoding(ReadOnlySpan<byte> bytes, EncodingPrefix prefix)
    {
        int at = NasmQuirks.PastLegacyPrefixes(bytes);
        if (at < bytes.Length && bytes[at] == 0x9b) at = NasmQuirks.PastLegacyPrefixes(bytes, at + 1);
        if (at >= bytes.Length) return false;
        return prefix switch
        {
            EncodingPrefix.Evex => bytes[at] == 0x62,
            EncodingPrefix.Rex => (bytes[at] & 0xf0) == 0x40,
            EncodingPrefix.Vex2 => bytes[at] == 0xc5,
            EncodingPrefix.Vex3 => bytes[at] is 0xc4 or 0x8f,
            _ => bytes[at] is 0xc4 or 0xc5 or 0x8f,
        };
    }
}
