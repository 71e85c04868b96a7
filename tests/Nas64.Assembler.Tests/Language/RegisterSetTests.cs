namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// nasm's register sets for AVX512_4FMAPS (v4fmaddps zmm1, zmm4+3, [rax]: the four registers from zmm4), compared with
/// nasm 2.16.01: the spellings it takes, and its errors for a set of another size, in another operand, or of another shape.
/// </summary>
public sealed class RegisterSetTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void SetsEncodeAsTheirFirstRegister(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        v4fmaddps zmm1, zmm4+3, [eax]
        v4fmaddps zmm1, zmm4 + 3, [eax+64]
        v4fmaddps zmm1{k1}{z}, zmm4+3, oword [eax]
        v4fnmaddps zmm2, zmm0+3, [eax]
        v4fmaddps zmm1, 3+zmm4, [eax]
        v4fmaddps zmm1, 2+zmm4+1, [eax]
        v4fmaddps zmm1, (zmm4+3), [eax]
        v4fmaddps zmm1, zmm5+3, [eax]
        v4fmaddps zmm1, zmm4, [eax]
        v4fmaddps zmm1, zmm4+0, [eax]
        v4fmaddps zmm1, zmm4-1, [eax]
        mov eax, eax+0
        {{(bits == 64 ? "v4fmaddps zmm1, zmm12+3, [rax+r10*2]" : "")}}
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("v4fmaddps zmm1, zmm4+2, [rax]")]
    [InlineData("v4fmaddps zmm1, zmm4+4, [rax]")]
    [InlineData("v4fmaddps zmm1+3, zmm4, [rax]")]
    [InlineData("add eax, ebx+3")]
    [InlineData("v4fmaddps zmm1, zmm4*2, [rax]")]
    [InlineData("v4fmaddps zmm1, zmm4+3+zmm1, [rax]")]
    [InlineData("v4fmaddps zmm1, zmm4+x, [rax]")]
    [InlineData("v4fmaddss xmm1, xmm4+3, [rax]")]
    [InlineData("v4fnmaddps zmm1, zmm28+3, [rax]")]
    [InlineData("v4fmaddps zmm17, zmm4, [rax]")]
    [InlineData("v4fmaddps zmm1, zmm16, [rax]")]
    public void SetsNasmRefuses(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\nx: nop\n");
}
