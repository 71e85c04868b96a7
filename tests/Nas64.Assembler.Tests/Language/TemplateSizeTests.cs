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
}
