using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM's `cpu` levels (8086 … x64, then everything later) and the level each instruction form needs, from Iced's
/// CPUID features mapped onto NASM's instruction flags (measured against nasm 2.16: cmpxchg is a Pentium
/// instruction there, LZCNT a P6 one, SSSE3/SSE4 and VMX instructions carry no level at all, POPCNT/MOVBE/XSAVE are
/// Nehalem's, AES/PCLMUL Westmere's, AVX Sandy Bridge's, and BMI/F16C/RDRAND/AVX2/AVX-512… only for ivybridge and later).
/// Features not listed carry no level, so an instruction is only refused where nasm is known to refuse it.
/// </summary>
/// <summary>nasm's `cpu' flags where they differ from its default (evex and vex on, latevex off). They choose between an
/// instruction's VEX and EVEX forms: one turned off is taken only after {vex} or {evex}, and latevex (or evex off) lets
/// the VEX forms added after their EVEX ones (AVX-IFMA, AVX-NE-CONVERT, AVX-VNNI-INT8) go without {vex}.</summary>
[Flags]
public enum CpuFlags : byte
{
    None = 0,
    NoEvex = 1,
    NoVex = 2,
    LateVex = 4,
}

internal static class CpuLevels
{
    public const int I386 = 3;
    public const int X64 = 10;
    private const int Nehalem = 11, Westmere = 12, SandyBridge = 13;
    public const int Any = 14;

    /// <summary>nasm 2.16's cpu names in its order, with their levels: a word names the first one it starts
    /// (`cpu 38' is 386, `cpu p' pentium, `cpu w' willamette, `cpu x' x64).</summary>
    private static readonly (string Name, int Level)[] Names =
    [
        ("8086", 0), ("186", 1), ("286", 2), ("386", 3), ("486", 4), ("586", 5), ("pentium", 5), ("pentiummmx", 5),
        ("686", 6), ("p6", 6), ("ppro", 6), ("pentiumpro", 6), ("p2", 6), ("pentiumii", 6), ("p3", 7), ("katmai", 7),
        ("p4", 8), ("willamette", 8), ("prescott", 9), ("x64", X64), ("x86-64", X64), ("ia64", Any), ("ia-64", Any),
        ("itanium", Any), ("itanic", Any), ("merced", Any), ("nehalem", Nehalem), ("westmere", Westmere),
        ("sandybridge", SandyBridge), ("ivybridge", Any), ("any", Any), ("default", Any), ("all", Any),
    ];

    /// <summary>
    /// The level after `cpu' word <paramref name="word"/> at <paramref name="current"/>: a cpu name (or the start of one),
    /// which also turns nasm's flags back to their defaults (evex and vex on, latevex off: `cpu noevex' then `cpu x64'
    /// has EVEX back), or one of the flags evex, vex and latevex (or the start of one), with `+', or `-' or `no' to turn
    /// it off, which keeps the level and sets <paramref name="flags"/>. Null, with the word nasm names in
    /// <paramref name="unknown"/>, when nasm knows neither.
    /// </summary>
    public static int? Parse(string word, int current, ref CpuFlags flags, out string unknown)
    {
        unknown = word;
        if (word.Length == 0) return null;
        foreach (var (name, level) in Names)
            if (name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                flags = CpuFlags.None;
                return level;
            }
        bool off = false, signed = word[0] is '+' or '-';
        string flag = word;
        if (signed) { off = flag[0] == '-'; flag = flag[1..]; }
        else if (flag.StartsWith("no", StringComparison.OrdinalIgnoreCase)) { off = true; flag = flag[2..]; }
        // `cpu +' and `cpu -' name the first flag (evex) by its empty start; `cpu no' names nothing.
        if (flag.Length == 0 && !signed) return null;
        unknown = flag;
        foreach (var (name, bit, onByDefault) in (ReadOnlySpan<(string, CpuFlags, bool)>)[("evex", CpuFlags.NoEvex, true),
            ("vex", CpuFlags.NoVex, true), ("latevex", CpuFlags.LateVex, false)])
        {
            if (!name.StartsWith(flag, StringComparison.OrdinalIgnoreCase)) continue;
            // The bit records a departure from the default: off for evex and vex, on for latevex.
            if (off == onByDefault) flags |= bit;
            else flags &= ~bit;
            return current;
        }
        return null;
    }

    public static int Required(Code code)
    {
        if (ObsoleteInstructions.Level(code) is { } obsolete) return obsolete;
        if (code == Code.Pcommit) return Any;   // nasm refuses it under every named cpu
        switch (code.Mnemonic())
        {
            case Mnemonic.Ud0 or Mnemonic.Ud1 or Mnemonic.Ud2: return 1;
            case Mnemonic.Cmpxchg or Mnemonic.Rsm: return 5;
            case Mnemonic.Umov or Mnemonic.Xbts or Mnemonic.Ibts: return 3;
        }
        int level = 0;
        foreach (var feature in code.CpuidFeatures()) level = Math.Max(level, Of(feature));
        return level;
    }

    private static int Of(CpuidFeature feature) => feature switch
    {
        CpuidFeature.INTEL186 => 1,
        CpuidFeature.INTEL286 or CpuidFeature.FPU287 => 2,
        CpuidFeature.INTEL386 or CpuidFeature.FPU387 => 3,
        CpuidFeature.INTEL486 => 4,
        CpuidFeature.CPUID or CpuidFeature.TSC or CpuidFeature.MSR or CpuidFeature.CX8 or CpuidFeature.MMX or CpuidFeature.D3NOW => 5,
        CpuidFeature.CMOV or CpuidFeature.SYSCALL or CpuidFeature.SEP or CpuidFeature.MULTIBYTENOP or CpuidFeature.FXSR
            or CpuidFeature.LZCNT => 6,
        CpuidFeature.SSE or CpuidFeature.SMX => 7,
        CpuidFeature.SSE2 or CpuidFeature.CLFSH => 8,
        CpuidFeature.SSE3 or CpuidFeature.MONITOR => 9,
        CpuidFeature.X64 or CpuidFeature.RDTSCP or CpuidFeature.CMPXCHG16B => X64,
        CpuidFeature.POPCNT or CpuidFeature.MOVBE or CpuidFeature.XSAVE => Nehalem,
        CpuidFeature.AES or CpuidFeature.PCLMULQDQ => Westmere,
        CpuidFeature.AVX => SandyBridge,
        CpuidFeature.RDRAND or CpuidFeature.BMI1 or CpuidFeature.BMI2 or CpuidFeature.ADX or CpuidFeature.SMAP
            or CpuidFeature.CET_IBT or CpuidFeature.AVX2 or CpuidFeature.FMA or CpuidFeature.F16C or CpuidFeature.AVX512F => Any,
        // AVX-512's other parts and the vector extensions after it are ivybridge-and-later to nasm 2.16.01 too (vpermb, kmovb,
        // vpdpwssd and vaesenc ymm are "no instruction for this cpu level" under `cpu sandybridge').
        CpuidFeature.AVX512VL or CpuidFeature.AVX512BW or CpuidFeature.AVX512DQ or CpuidFeature.AVX512CD or CpuidFeature.AVX512ER
            or CpuidFeature.AVX512PF or CpuidFeature.AVX512_IFMA or CpuidFeature.AVX512_VBMI or CpuidFeature.AVX512_VBMI2
            or CpuidFeature.AVX512_VNNI or CpuidFeature.AVX512_BITALG or CpuidFeature.AVX512_VPOPCNTDQ or CpuidFeature.AVX512_4FMAPS
            or CpuidFeature.AVX512_4VNNIW or CpuidFeature.AVX512_BF16 or CpuidFeature.AVX512_VP2INTERSECT or CpuidFeature.AVX512_FP16
            or CpuidFeature.VAES or CpuidFeature.VPCLMULQDQ or CpuidFeature.GFNI or CpuidFeature.AVX_VNNI or CpuidFeature.AVX_IFMA
            or CpuidFeature.AVX_NE_CONVERT or CpuidFeature.AVX_VNNI_INT8 => Any,
        _ => 0,
    };
}
