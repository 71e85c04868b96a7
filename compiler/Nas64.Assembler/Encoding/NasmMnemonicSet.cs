namespace Nas64.Assembler.Encoding;

/// <summary>
/// Where nasm 2.16's instruction names differ from Iced's: names Iced encodes that nasm does not know, which are labels
/// to nasm (`mcommit' alone is a label with a label-orphan warning, `vfnmadd132ph xmm1, xmm2, xmm3' "parser: instruction
/// expected"), found by sweeping every Iced mnemonic through nasm 2.16.01 in 16-, 32- and 64-bit code; and nasm's
/// size-generic mask instructions (kand is kandb, kmov takes its size from a memory operand or a 64-bit register).
/// </summary>
internal static class NasmMnemonicSet
{
    private static readonly string[] LabelsToNasm =
    [
        "aesdec128kl", "aesdec256kl", "aesdecwide128kl", "aesdecwide256kl", "aesenc128kl", "aesenc256kl", "aesencwide128kl",
        "aesencwide256kl", "altinst", "aor", "ccs_encrypt", "ccs_hash", "cl1invmb", "encodekey128", "encodekey256", "erets",
        "eretu", "fnsetpm", "fnstdw", "fnstsg", "frichop", "frinear", "frint2", "frstpm", "fstdw", "fstsg", "ftstp", "getsecq",
        "invlpgb", "lkgs", "loadiwkey", "mcommit", "pbndkb", "pcmpestri64", "pcmpestrm64", "psmash", "rdpru", "rdudbg",
        "rmpquery", "rmpupdate", "seamcall", "seamops", "seamret", "storeall", "sysexitq", "sysretq", "tcmmimfp16ps",
        "tcmmrlfp16ps", "tdcall", "tdpfp16ps", "tlbsync", "undoc", "vbcstnebf162ps", "vcvtps2phx", "vfcmulcph",
        "vfmadd132sh", "vfmadd213sh", "vfmadd231sh", "vfmsub132sh", "vfmsub213sh", "vfmsub231sh", "vfmulcph", "vfnmadd132ph",
        "vfnmadd132sh", "vfnmadd213ph", "vfnmadd213sh", "vfnmadd231ph", "vfnmadd231sh", "vfnmsub132ph", "vfnmsub132sh",
        "vfnmsub213ph", "vfnmsub213sh", "vfnmsub231ph", "vfnmsub231sh", "vmaxph", "vmaxsh", "vminph", "vminsh",
        "vp2intersectq", "vp4dpwssd", "vp4dpwssds", "vpcmpestri64", "vpcmpestrm64", "vpdpwsud", "vpdpwsuds", "vpdpwusd",
        "vpdpwusds", "vpdpwuud", "vpdpwuuds", "vpermil2pd", "vpermil2ps", "vrndscaleph", "vrndscalesh", "vsha512msg1",
        "vsha512msg2", "vsha512rnds2", "vsm3msg1", "vsm3msg2", "vsm3rnds2", "vsm4key4", "vsm4rnds4", "wrudbg", "xsha512",
        "xsha512_alt", "xstore_alt",
    ];

    // nasm's generic mask instructions: the forms of the sized ones, byte first (what nasm takes when nothing sizes it).
    private static readonly string[] SizedMask =
        ["kadd", "kand", "kandn", "kmov", "knot", "kor", "kortest", "kshiftl", "kshiftr", "ktest", "kxnor", "kxor"];

    /// <summary>The forms of `o64 sysret' and `o64 sysexit' (Iced's sysretq, sysexitq: no mnemonic to nasm), under a
    /// name no source line can spell.</summary>
    public static string O64Name(string mnemonic) => "o64 " + mnemonic.ToLowerInvariant();

    /// <summary>Moves the names nasm does not know from <paramref name="lists"/> to <paramref name="beyondNasm"/> and adds nasm's generic names.</summary>
    public static void Apply(Dictionary<string, List<Iced.Intel.Code>> lists, Dictionary<string, List<Iced.Intel.Code>> beyondNasm)
    {
        foreach (string name in (string[])["sysret", "sysexit"])
            if (lists.TryGetValue(name + "q", out var codes)) lists[O64Name(name)] = codes;
        foreach (string name in LabelsToNasm)
            if (lists.Remove(name, out var codes)) beyondNasm[name] = codes;
        foreach (string stem in SizedMask) lists[stem] = Concat(lists, stem + "b", stem + "w", stem + "d", stem + "q");
        lists["kunpck"] = Concat(lists, "kunpckbw", "kunpckwd", "kunpckdq");
    }

    // Operandless instructions nasm writes in 64-bit code too (the same bytes as in 32-bit code), which Iced refuses there.
    private static readonly string[] Also64 = ["salc", "smint", "dmint", "rdm", "cpu_write", "cpu_read", "loadall", "bb0_reset", "bb1_reset"];

    // And the other way: rmpadjust in 16- and 32-bit code; rdpkru, wrpkru, wrmsrns and skinit nasm refuses there.
    private static readonly string[] Only64 = ["rdpkru", "wrpkru", "wrmsrns", "skinit"];

    /// <summary>For an operandless instruction: the mode whose encoder writes nasm's bytes when that is not
    /// <paramref name="bits"/> (null otherwise), or nasm's error for it in this mode.</summary>
    public static int? OtherModeBits(string mnemonic, int bits, out string? error)
    {
        error = null;
        if (bits == 64) return Contains(Also64, mnemonic) ? 32 : null;
        if (mnemonic.Equals("rmpadjust", StringComparison.OrdinalIgnoreCase)) return 64;
        if (!Contains(Only64, mnemonic)) return null;
        error = $"instruction not supported in {bits}-bit mode";
        return bits;
    }

    private static bool Contains(string[] names, string name) => Array.Exists(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>kand, kmov, kunpck…: a name whose forms are those of its sized instructions.</summary>
    public static bool IsSizedMask(string mnemonic) =>
        mnemonic.Equals("kunpck", StringComparison.OrdinalIgnoreCase) || Contains(SizedMask, mnemonic);

    /// <summary>Among forms of equal length, nasm takes the byte one, then word, dword, qword (its table's order).</summary>
    public static int MaskRank(InstructionForm form)
    {
        string name = OpCodeFacts.MnemonicName(form.Info.Mnemonic);
        return "bwdq".IndexOf(name[^1]);
    }

    private static List<Iced.Intel.Code> Concat(Dictionary<string, List<Iced.Intel.Code>> lists, params string[] names)
    {
        var all = new List<Iced.Intel.Code>();
        foreach (string name in names)
            if (lists.TryGetValue(name, out var codes)) all.AddRange(codes);
        return all;
    }
}
