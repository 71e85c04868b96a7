using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// The instructions nasm 2.16 marks obsolete, with the `cpu` level they belong to (measured against nasm: below it
/// "no instruction for this cpu level", at it obsolete-valid, above it obsolete-removed; pcommit, never shipped,
/// is obsolete-nop wherever it is allowed).
/// </summary>
internal static class ObsoleteInstructions
{
    /// <summary>The level an obsolete form belongs to, or null when nasm does not call it obsolete.</summary>
    public static int? Level(Code code) => code switch
    {
        Code.Ud0 => 1,
        Code.Loadall286 => 2,
        Code.Loadall386 or Code.Ibts_rm16_r16 or Code.Ibts_rm32_r32 => CpuLevels.I386,
        Code.Cmpxchg486_rm8_r8 or Code.Cmpxchg486_rm16_r16 or Code.Cmpxchg486_rm32_r32 => 4,
        Code.Bb0_reset or Code.Bb1_reset => 5,
        _ => null,
    };

    /// <summary>nasm's warning for <paramref name="code"/> under `cpu` <paramref name="cpuLevel"/>, or null.</summary>
    public static string? Warning(Code code, int cpuLevel) =>
        code == Code.Pcommit ? "instruction never implemented and is a noop on the target CPU [-w+obsolete-nop]"
        : Level(code) is not { } level ? null
        : cpuLevel == level ? "instruction obsolete but valid on the target CPU [-w+obsolete-valid]"
        : cpuLevel > level ? "instruction obsolete and removed from the target CPU [-w+obsolete-removed]"
        : null;
}
