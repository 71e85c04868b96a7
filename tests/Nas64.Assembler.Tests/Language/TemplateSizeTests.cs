namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Size keywords (and their absence) where nasm 2.16.01's templates take other sizes than the instruction reads, found by
/// sweeping every size keyword over random memory forms in 16-, 32- and 64-bit code: each compared with nasm at test time.
/// </summary>
public sealed class TemplateSizeTests
{
    /// <summary>Texts nas64 assembled although nasm refuses them: the far-pointer loads and bound take no size keyword,
    /// push/pop/nop and bt-with-an-immediate no unsized memory, and nasm's VEX vcmpss template no dword.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "lss eax, dword [rax]")]
    [InlineData(64, "lfs eax, dword [rax]")]
    [InlineData(64, "lgs ebp, dword [rax]")]
    [InlineData(64, "lss rax, qword [rax]")]
    [InlineData(64, "lss ax, word [rax]")]
    [InlineData(64, "lds eax, dword [rax]")]
    [InlineData(64, "les eax, dword [rax]")]
    [InlineData(64, "bound eax, qword [eax]")]
    [InlineData(32, "lds eax, dword [eax]")]
    [InlineData(32, "bound eax, qword [eax]")]
    [InlineData(32, "bound ax, dword [eax]")]
    [InlineData(16, "lfs cx, word [bx]")]
    [InlineData(16, "les ecx, dword [bx]")]
    [InlineData(64, "push [rax]")]
    [InlineData(64, "o16 push [rax]")]
    [InlineData(64, "pop [rax]")]
    [InlineData(64, "nop [rax]")]
    [InlineData(64, "bt [rax], 1")]
    [InlineData(64, "lock bts [rax], 1")]
    [InlineData(64, "btr [rax], byte 1")]
    [InlineData(64, "ptwrite [rax]")]
    [InlineData(32, "o32 push [eax]")]
    [InlineData(32, "btc [eax], 1")]
    [InlineData(16, "push [bx]")]
    [InlineData(64, "vcmpss xmm0, xmm1, dword [rax], 1")]
    [InlineData(64, "vcmpeqss xmm0, xmm1, dword [rax]")]
    [InlineData(32, "vcmpss xmm0, xmm1, dword [eax], 1")]
    [InlineData(64, "vcmpph k1, zmm2, [rax]{1to32}, 3")]
    [InlineData(64, "vcmpph k1, xmm2, [rax]{1to8}, 3")]
    [InlineData(64, "vcmpph k1, xmm2, oword [rax], 3")]
    [InlineData(32, "mov fs, qword [eax]")]
    [InlineData(16, "mov qword [bx], ds")]
    [InlineData(64, "pblendvb xmm6, oword [rax], xmm0")]
    [InlineData(32, "pblendvb xmm6, qword [eax], xmm0")]
    [InlineData(64, "bndmk bnd1, qword [rax]")]
    [InlineData(64, "bndmov oword [rax], bnd1")]
    [InlineData(64, "bndldx bnd1, qword [rax]")]
    [InlineData(64, "bndcl bnd1, dword [rax]")]
    [InlineData(32, "bndcu bnd1, dword [eax]")]
    [InlineData(64, "tileloadd tmm1, byte [rax+rbx]")]
    [InlineData(64, "tilestored zword [rax+rbx], tmm1")]
    [InlineData(32, "pmachriw mm1, qword [eax]")]
    [InlineData(32, "arpl [eax], ecx")]
    [InlineData(32, "arpl dword [eax], cx")]
    [InlineData(32, "jmpe [eax]")]
    [InlineData(16, "jmpe [bx]")]
    [InlineData(64, "jmpe [rax]")]
    [InlineData(32, "vcvtusi2sd xmm1, xmm1, [eax]")]
    [InlineData(16, "vcvtusi2ss xmm1, xmm1, [bx]")]
    [InlineData(32, "vcvtsi2sh xmm1, xmm1, [eax]")]
    [InlineData(32, "vcvtusi2sh xmm1, xmm1, qword [eax]")]
    [InlineData(64, "vdpbf16ps ymm1, ymm1, yword [rax]")]
    [InlineData(64, "vdpbf16ps zmm1, zmm1, [rax]{1to16}")]
    [InlineData(64, "vaddph xmm1, xmm1, oword [rax]")]
    [InlineData(64, "vaddph zmm1, zmm1, [rax]{1to32}")]
    [InlineData(64, "vcvtph2udq xmm1, qword [rax]")]
    [InlineData(64, "vcvtph2udq zmm1, yword [rax]")]
    [InlineData(64, "vcvtph2udq xmm1, [rax]{1to4}")]
    [InlineData(64, "vcvtdq2ph xmm1, yword [rax]")]
    [InlineData(32, "vcvtpd2ph xmm1, zword [eax]")]
    [InlineData(64, "vcvtdq2ph ymm1, zword [rax]")]
    [InlineData(32, "vcvtudq2ph ymm1, zword [eax]")]
    [InlineData(64, "vcvtusi2sh xmm1, xmm1, qword [rax]")]
    [InlineData(64, "vgetexpsh xmm1, xmm1, [rax]")]
    [InlineData(64, "vgetexpsh xmm1, xmm2, xmm3")]
    [InlineData(64, "vrsqrtph xmm1, xmm2")]
    [InlineData(64, "vrsqrtsh xmm1{k1}, xmm1, [rax]")]
    [InlineData(32, "vcvtsi2sd xmm0, qword [eax]")]
    [InlineData(16, "vcvtsi2ss xmm0, qword [bx]")]
    [InlineData(32, "vcvtsi2sd xmm0, rax")]
    public void SizesNasmRefuses(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>Sizes nasm takes where nas64 refused them: cmpsd's immediate form with an oword (its template is
    /// xmmrm128), nasm's VEX vcmpss with a qword, vcmpph with a word.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void SizesNasmTakes(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        cmpsd xmm0, oword [eax], 1
        cmpsd xmm7, oword [eax+ebx*2+0x40], 4
        vcmpss xmm0, xmm1, qword [eax], 1
        vcmpeqss xmm3, xmm4, qword [eax]
        vcmpnge_uqss xmm3, xmm4, qword [eax+8]
        vcmpss k1, xmm1, dword [eax], 1
        vcmpph k1, xmm2, word [eax], 3
        vcmpph k1, ymm2, word [eax+64], 3
        vcmpph k1{k2}, zmm2, word [eax+64], 3
        pblendvb xmm6, [eax], xmm0
        pblendvb xmm6, oword [eax]
        """);

    /// <summary>The AVX-512 FP16/BF16 templates of nasm 2.16.01 whose memory operand has another size than the instruction
    /// reads: vaddph takes a word, vdpbf16ps an oword and {1to4}, vcvtph2udq half its source (its disp8 scale stays right).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void VectorTemplateSizesNasmTakes(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        vdpbf16ps ymm1{k1}, ymm1, oword [eax+32]
        vdpbf16ps ymm1, ymm1, [eax+32]{1to4}
        vdpbf16ps zmm1, zmm2, oword [eax]
        vdpbf16ps xmm1, xmm2, oword [eax+16]
        vaddph zmm1, zmm1, word [eax+64]
        vaddph xmm1, xmm2, word [eax]
        vcvtph2udq xmm1, dword [eax+8]
        vcvtph2udq ymm1, qword [eax+16]
        vcvtph2udq zmm1, oword [eax+32]
        vcvtph2udq zmm1, [eax]{1to8}
        vcvtph2udq ymm1{k2}, [eax]{1to4}
        {{(bits == 64 ? "vcvtusi2sh xmm1, xmm1, [rax]" : "")}}
        """);

    /// <summary>Valid to nasm 2.16.01, which writes bytes no CPU decodes so: "not supported yet".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "movdir64b ecx, [rax]")]
    [InlineData(32, "movdir64b cx, [eax]")]
    [InlineData(32, "vcvtsi2sd xmm1, xmm1, qword [eax]")]
    [InlineData(16, "vcvtsi2ss xmm1, xmm2, qword [bx]")]
    [InlineData(64, "vcvtph2udq zmm1, [rax+64]{1to8}")]
    public void NotSupportedYet(int bits, string line)
    {
        using var dir = new TempDirectory();
        string source = $"bits {bits}\n{line}\n";
        Assert.True(NasmComparison.Nasm(dir, source, "bin").Succeeded, "nasm 2.16.01 encodes it");
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }

    /// <summary>mov between a segment register and a qword is the REX.W form in 64-bit code.</summary>
    [RequiresToolsFact("nasm")]
    public void SegmentMoveWithQword() => NasmComparison.AssertSameBin("""
        bits 64
        mov fs, qword [rax]
        mov cs, qword [rax]
        mov qword [rax+rbx*2+5], cs
        mov qword [r12], gs
        mov ds, qword [rel $]
        """);

    /// <summary>An immediate's size keyword sizes an unsized memory destination of nasm's size-matched templates (add, or,
    /// adc, sbb, and, sub, xor, cmp, mov, test): add [eax], byte 3 is 80 00 03, add [eax], dword 3 83 00 03.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "bx")]
    [InlineData(32, "eax")]
    [InlineData(64, "rax")]
    public void ImmediateSizeKeywordSizesUnsizedMemory(int bits, string a) => NasmComparison.AssertSameBin($"""
        bits {bits}
        add [{a}], byte 3
        add [{a}], byte -3
        add [{a}], byte 300
        add [{a}], word 3
        add [{a}], word 300
        add [{a}], dword 3
        add [{a}], dword 300
        add [{a}], strict byte 3
        add [{a}], strict word 3
        add [{a}], strict dword 3
        or [{a}], word 3
        adc [{a}], word -1
        sbb [{a}], dword -200
        and [{a}], dword 0xffffffff
        sub [{a}], word x
        xor [{a}], byte 0x80
        cmp [{a}], byte 3
        mov [{a}], byte 'a'
        mov [{a}], word 3
        mov [{a}], dword x
        mov [fs:{a}+4], word 7
        test [{a}], byte 3
        test [{a}], dword 3
        lock add [{a}], byte 3
        x:
        """);
}
