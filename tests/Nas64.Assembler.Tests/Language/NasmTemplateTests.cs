namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Instructions whose bytes follow nasm 2.16's instruction templates rather than the natural Iced form: which of two
/// equal encodings nasm's first template gives, and spellings nasm maps to another instruction. Each compared with nasm.
/// </summary>
public sealed class NasmTemplateTests
{
    /// <summary>vpperm with registers only is the XOP.W1 form (the fourth operand in ModRM.rm, the third in imm8[7:4]);
    /// vpcmov's first template is W0, and the memory forms have one encoding each.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void VppermRegisterForm(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        vpperm xmm1, xmm2, xmm3, xmm4
        vpperm xmm1, xmm2, xmm3, [eax]
        vpperm xmm1, xmm2, [eax], xmm4
        vpcmov xmm1, xmm2, xmm3, xmm4
        vpcmov ymm1, ymm2, ymm3, ymm4
        {(bits == 64 ? "vpperm xmm9, xmm12, xmm13, xmm14\nvpperm xmm0, xmm15, xmm7, xmm8" : "")}
        """);

    /// <summary>vcvtps2ph with two operands is nasm's name for vcvtps2phx's 128-bit form (EVEX map 5, 1D): registers, masks,
    /// sized, unsized and broadcast memory; with an immediate it stays the F16C/AVX-512 vcvtps2ph.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void VcvtPs2PhWithTwoOperands(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        vcvtps2ph xmm1, xmm2
        vcvtps2ph xmm1{k1}{z}, xmm2
        vcvtps2ph xmm1, [eax]
        vcvtps2ph xmm1{k3}, oword [ebx+ecx*4+0x100]
        vcvtps2ph xmm1, [eax]{1to4}
        vcvtps2ph xmm1, xmm2, 3
        vcvtps2ph [eax], ymm2, 4
        {{(bits == 64 ? "vcvtps2ph xmm17, xmm22\nvcvtps2ph xmm1, [rax+64]" : "")}}
        """);

    /// <summary>Two-operand vcvtps2ph forms nasm refuses, with its message.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vcvtps2ph ymm1, zmm2")]
    [InlineData("vcvtps2ph xmm1, ymm2")]
    [InlineData("vcvtps2ph xmm1, yword [rax]")]
    [InlineData("vcvtps2ph xmm1, dword [rax]")]
    public void VcvtPs2PhFormsNasmRefuses(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>An unsized memory source of a conversion to a narrower xmm is nasm's 128-bit template: always for the FP16
    /// conversions, and for the VEX ones where VEX can encode the operands.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void UnsizedSourcesOfNarrowingConversions(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        vcvtpd2ps xmm1, [eax]
        vcvtpd2dq xmm1, [eax+8]
        vcvttpd2dq xmm7, [eax+ecx*8]
        vcvtpd2ph xmm1, [eax]
        vcvtqq2ph xmm1{k1}{z}, [eax]
        vcvtuqq2ph xmm1, [eax]
        vcvtdq2ph xmm1{k2}, [eax]
        vcvtudq2ph xmm1, [eax]
        vcvtpd2ph xmm1, [eax]{1to2}
        vcvtdq2ph xmm1, [eax]{1to4}
        vcvtpd2ps xmm1, yword [eax]
        {{(bits == 64 ? "vcvtpd2ps xmm9, [r8]\nvcvtpd2ph xmm17, [rax]\nvcvtdq2ph xmm20, [rax]" : "")}}
        """);

    /// <summary>Where VEX cannot encode the operands the unsized source stays an error, as in nasm.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vcvtpd2ps xmm17, [rax]")]
    [InlineData("vcvtpd2dq xmm17, [rax]")]
    [InlineData("vcvtpd2udq xmm1, [rax]")]
    [InlineData("vcvtqq2ps xmm1, [rax]")]
    public void UnsizedSourcesNasmRefuses(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>vmovw's general register is a 16-bit one in nasm's syntax (the bytes of the r32 form).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void VmovwWithWordRegisters(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        vmovw xmm1, ax
        vmovw dx, xmm7
        vmovw xmm1, [eax]
        vmovw word [eax], xmm1
        {{(bits == 64 ? "vmovw xmm17, r9w\nvmovw r15w, xmm30" : "")}}
        """);

    /// <summary>cmpxchg486 in 64-bit code: 0F A6/A7 with cmpxchg's REX, 66 and 67, and nasm's obsolete-removed warning;
    /// no 64-bit form.</summary>
    [RequiresToolsFact("nasm")]
    public void Cmpxchg486InLongMode()
    {
        NasmComparison.AssertSameBin("""
            bits 64
            cmpxchg486 [r8], r9d
            cmpxchg486 sil, dl
            cmpxchg486 [rel x], al
            cmpxchg486 r10w, r11w
            lock cmpxchg486 [rax], eax
            cmpxchg486 [eax], dl
            cmpxchg486 word [rax], bx
            cmpxchg486 [fs:rax+0xb0], al
            x:
            """);
        NasmComparison.AssertSameErrors("bits 64\ncmpxchg486 rbx, rax\ncmpxchg486 qword [rax], rbx\n");
    }
}
