using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM's AVX shorthand: a destination that is also the first source may be written once (vaddps xmm1, xmm2 is
/// vaddps xmm1, xmm1, xmm2; vpinsrd xmm1, eax, 1 is vpinsrd xmm1, xmm1, eax, 1). nasm 2.16 marks that operand
/// optional in most templates whose second operand is VEX/EVEX.vvvv, and not in the ones listed here (measured
/// against nasm 2.16.01 for every such form; the encoding corpus keeps one line of each).
/// </summary>
internal static class AvxShorthand
{
    private static readonly HashSet<string> NotShortened = new(StringComparer.OrdinalIgnoreCase)
    {
        "vblendmpd", "vblendmps", "vpblendmb", "vpblendmd", "vpblendmq", "vpblendmw",
        "vcvtusi2sd", "vcvtusi2sh", "vcvtusi2ss", "vgetexpsd", "vgetexpss", "vgetmantsd", "vgetmantss",
        "vmaskmovpd", "vmaskmovps", "vpdpbssd", "vpdpbssds", "vpdpbsud", "vpdpbsuds", "vpdpbuud", "vpdpbuuds",
        "vpmadd52huq", "vpmadd52luq", "vpternlogd", "vpternlogq", "vrsqrtsh",
    };

    /// <summary>The statement with its destination repeated as the first source, or null when it is not the shorthand.</summary>
    public static InstructionStatement? Apply(InstructionStatement s, int bits)
    {
        var ops = s.Operands;
        string m = s.Mnemonic;
        if (m.Length < 2 || m[0] is not ('v' or 'V') || ops.Length < 2 || !ops[0].IsRegister) return null;
        var destination = ops[0].Register;
        if (!(destination.IsXMM() || destination.IsYMM() || destination.IsZMM()) || NotShortened.Contains(m) || IsFmaOrPermute(m)) return null;
        var forms = InstructionTable.Find(m);
        if (forms is null) return null;
        foreach (var form in forms)
            if (InstructionEncoder.Matches(form, s, bits)) return null;
        var shortened = NasmRewrites.With(s, m, [ops[0], NasmRewrites.Register(destination), .. ops[1..]]);
        foreach (var form in forms)
            if (form.Operands.Length > 1 && (IsVvvv(form.Operands[1]) || IsVvvv(form.Operands[0])) && InstructionEncoder.Matches(form, shortened, bits))
            {
                // nasm 2.16 writes xmm0 as the first source of these (vgetexpsh xmm3, xmm4 is 62 F6 7D 08 43 DC).
                if (m.ToLowerInvariant() is "vgetexpsh" or "vgetmantsh")
                    throw new Passes.EvaluationException($"not supported yet: {m.ToLowerInvariant()} without its first source (nasm 2.16 encodes xmm0 there)");
                return shortened;
            }
        return null;
    }

    // The destination of the shifts by an immediate (vpsllw xmm1, xmm2, 3) is in VEX.vvvv.
    private static bool IsVvvv(OpCodeOperandKind kind) => kind is OpCodeOperandKind.xmm_vvvv or OpCodeOperandKind.ymm_vvvv or OpCodeOperandKind.zmm_vvvv;

    // vfmadd132ps & co. (the FMA3 family, not its FP16 forms) and vpermi2*/vpermt2*, whose destination is also read, take no shorthand.
    private static bool IsFmaOrPermute(string m)
    {
        string lower = Keywords.Lower(m);
        if (lower.StartsWith("vpermi2", StringComparison.Ordinal) || lower.StartsWith("vpermt2", StringComparison.Ordinal)) return true;
        if (!lower.StartsWith("vfm", StringComparison.Ordinal) && !lower.StartsWith("vfnm", StringComparison.Ordinal)) return false;
        // The FP16 ones (vfmadd132ph, vfmadd231sh) do take it.
        bool fp16 = lower.EndsWith("ph", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal);
        return !fp16 && (lower.Contains("132", StringComparison.Ordinal) || lower.Contains("213", StringComparison.Ordinal) || lower.Contains("231", StringComparison.Ordinal));
    }
}
