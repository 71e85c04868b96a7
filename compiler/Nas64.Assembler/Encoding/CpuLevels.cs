using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM's `cpu` levels (8086 … x64, then everything later) and the level each instruction form needs, from Iced's
/// CPUID features mapped onto NASM's instruction flags (measured against nasm 2.16: cmpxchg is a Pentium
/// instruction there, SSSE3/SSE4 and VMX instructions carry no level at all, POPCNT/AES/AVX/BMI… are above x64).
/// Features not listed carry no level, so an instruction is only refused where nasm is known to refuse it.
/// </summary>
internal static class CpuLevels
{
    public const int I386 = 3;
    public const int X64 = 10;
    public const int Any = 11;

    /// <summary>The level a `cpu` directive names, or null when nasm does not know it.</summary>
    public static int? Parse(string name) => name.ToLowerInvariant() switch
    {
        "8086" => 0,
        "186" => 1,
        "286" => 2,
        "386" => 3,
        "486" => 4,
        "586" or "pentium" => 5,
        "686" or "ppro" or "p2" or "p6" => 6,
        "p3" or "katmai" => 7,
        "p4" or "willamette" => 8,
        "prescott" => 9,
        "x64" or "x86-64" => X64,
        "ia64" or "ia-64" or "default" or "all" or "any" or "latest" or "nehalem" or "westmere" or "sandybridge" or "ivybridge"
            or "haswell" or "broadwell" or "skylake" or "cannonlake" or "icelake" or "tigerlake" or "future" => Any,
        _ => null,
    };

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
        CpuidFeature.CMOV or CpuidFeature.SYSCALL or CpuidFeature.SEP or CpuidFeature.MULTIBYTENOP or CpuidFeature.FXSR => 6,
        CpuidFeature.SSE or CpuidFeature.SMX => 7,
        CpuidFeature.SSE2 or CpuidFeature.CLFSH => 8,
        CpuidFeature.SSE3 or CpuidFeature.MONITOR => 9,
        CpuidFeature.X64 or CpuidFeature.RDTSCP or CpuidFeature.CMPXCHG16B => X64,
        CpuidFeature.PCLMULQDQ or CpuidFeature.RDRAND or CpuidFeature.BMI1 or CpuidFeature.BMI2 or CpuidFeature.ADX or CpuidFeature.SMAP
            or CpuidFeature.CET_IBT or CpuidFeature.AES or CpuidFeature.MOVBE or CpuidFeature.POPCNT or CpuidFeature.LZCNT
            or CpuidFeature.XSAVE or CpuidFeature.AVX or CpuidFeature.AVX2 or CpuidFeature.FMA or CpuidFeature.F16C
            or CpuidFeature.AVX512F => Any,
        _ => 0,
    };
}
