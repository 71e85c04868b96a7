namespace Nas64.Assembler.Tests.Language;

/// <summary>xmm/ymm/zmm16–31 in 16- and 32-bit code: nasm assembles registers 16–23 where EVEX's R', X or V' holds
/// their top bit (the ModRM reg, a register rm, a VSIB index) and refuses the others.</summary>
public sealed class HighVectorRegisterTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    public void RegistersSixteenToTwentyThree(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        vaddps xmm16, xmm1, xmm2
        vaddps xmm1, xmm2, xmm17
        vaddps xmm16, xmm1, [eax]
        vaddps xmm16, xmm1, [0x1234]
        vaddps zmm16{"{k1}{z}"}, zmm1, [ebx+ecx*4+8]{"{1to16}"}
        vmovdqu32 [eax], zmm20
        vpbroadcastd zmm16, eax
        vmovd eax, xmm16
        vextractf32x4 xmm17, zmm18, 1
        vpgatherdd zmm16{"{k1}"}, [eax+zmm17*4]
        vpscatterdd [eax+zmm23*4]{"{k1}"}, zmm16
        vgatherdps xmm0{"{k1}"}, [eax+xmm16]
        vfmadd231ps zmm16, zmm1, zmm23
        vpermt2d zmm16, zmm1, [eax]
        vcvtps2pd zmm16, ymm17
        vmovaps xmm16, xmm17
        vpshufd zmm16, zmm17, 5
        kmovw k1, k2
        vaddps zmm0{"{k7}"}, zmm1, zmm2
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 32\nvaddps xmm1, xmm16, xmm2")]
    [InlineData("bits 32\nvpxord xmm16, xmm16, xmm16")]
    [InlineData("bits 32\nvaddps xmm24, xmm1, xmm2")]
    [InlineData("bits 16\nvaddps xmm1, xmm2, xmm24")]
    [InlineData("bits 32\nvaddps ymm31, ymm1, ymm2")]
    [InlineData("bits 32\nvmovdqu64 zmm8, [eax]")]
    [InlineData("bits 32\naddps xmm8, xmm1")]
    [InlineData("bits 32\nvaddsubps xmm16, xmm1, xmm2")]
    public void OtherHighRegistersAreRefused(string source) => NasmComparison.AssertSameErrors(source + "\n");
}
