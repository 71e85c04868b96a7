using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// The general registers nasm 2.16 takes in the W-ignored forms of the SSE/AVX extract, insert and mask
/// instructions, which are not Iced's (measured against nasm 2.16.01; the encoding corpus tests keep them honest):
/// some forms take a register of another width and encode its number (vextractps rax, xmm1, 1 is the EVEX.W0
/// form of eax, 62 F3 7D 08 17 C8 01; pinsrw xmm1, ax, 1 is 66 0F C4 C8 01), and some of Iced's r64 forms are
/// not nasm's at all (pmovmskb rax, xmm1 and pinsrb xmm1, rax, 1 are errors; pextrb rax, xmm1, 1 has no REX.W).
/// </summary>
internal static class NasmGprWidths
{
    /// <summary>Iced forms nasm has no template for, or writes with other bytes (the r64 forms here use
    /// the r32 form's bytes, and nasm's EVEX vpextrw to a register is 0F 3A 15, not 0F C5).</summary>
    public static bool IsRejected(Code code) => code is Code.Pextrw_r64_mm_imm8 or Code.Pinsrw_mm_r64m16_imm8
        or Code.Pmovmskb_r64_mm or Code.Pmovmskb_r64_xmm
        or Code.Pinsrb_xmm_r64m8_imm8 or Code.VEX_Vpinsrb_xmm_xmm_r64m8_imm8 or Code.EVEX_Vpinsrb_xmm_xmm_r64m8_imm8
        or Code.VEX_Vpinsrw_xmm_xmm_r64m16_imm8 or Code.EVEX_Vpinsrw_xmm_xmm_r64m16_imm8
        or Code.Pextrb_r64m8_xmm_imm8 or Code.VEX_Vpextrb_r64m8_xmm_imm8 or Code.EVEX_Vpextrb_r64m8_xmm_imm8
        or Code.VEX_Vextractps_r64m32_xmm_imm8 or Code.EVEX_Vextractps_r64m32_xmm_imm8
        or Code.EVEX_Vpextrw_r32_xmm_imm8 or Code.EVEX_Vpextrw_r64_xmm_imm8;

    /// <summary>Whether the r32 (or r32/m) operand of <paramref name="code"/> takes <paramref name="register"/> of
    /// another width as nasm does, or null when the ordinary rule (a 32-bit register) applies.</summary>
    public static bool? Takes(Code code, Register register)
    {
        if (register.IsGPR32() || !register.IsGPR() || register is Register.AH or Register.CH or Register.DH or Register.BH) return null;
        return code switch
        {
            // r64: the 32-bit form with the register's number, W0.
            Code.EVEX_Vextractps_rm32_xmm_imm8 or Code.VEX_Vpextrd_rm32_xmm_imm8
                or Code.Pextrb_r32m8_xmm_imm8 or Code.VEX_Vpextrb_r32m8_xmm_imm8 => register.IsGPR64(),
            // nasm's EVEX byte/word extracts take any width: vpextrb al, xmm1, 1 and vpextrw ax, xmm1, 1 are EVEX.
            Code.EVEX_Vpextrb_r32m8_xmm_imm8 => true,
            Code.EVEX_Vpextrw_r32m16_xmm_imm8 => !register.IsGPR8(),
            // The word and byte inserts take a register of their element's size.
            Code.Pinsrw_xmm_r32m16_imm8 or Code.Pinsrw_mm_r32m16_imm8 or Code.VEX_Vpinsrw_xmm_xmm_r32m16_imm8 => register.IsGPR16(),
            Code.Pinsrb_xmm_r32m8_imm8 or Code.VEX_Vpinsrb_xmm_xmm_r32m8_imm8 => register.IsGPR8(),
            _ => null,
        };
    }

    /// <summary>The register Iced encodes for <paramref name="register"/> in an operand that <see cref="Takes"/> widened.</summary>
    public static Register Encoded(Register register) => register.IsGPR() && !register.IsGPR32() ? register.GetFullRegister32() : register;
}
