namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Texts nas64 accepted although nasm 2.16.01 refuses them, or refused with another message, found by sweeping
/// every size keyword over the memory forms nasm accepts unsized and by the random instruction test's
/// "only we accept" list: each compared with nasm at test time.
/// </summary>
public sealed class NasmRefusalTests
{
    /// <summary>Templates whose memory operand has no size take no size keyword: nasm's "mismatch in operand sizes".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("clflush byte [rax]")]
    [InlineData("clflushopt byte [rax]")]
    [InlineData("clwb byte [rax]")]
    [InlineData("cldemote byte [rax]")]
    [InlineData("invlpg byte [rax]")]
    [InlineData("invlpg qword [rax]")]
    [InlineData("xsave byte [rax]")]
    [InlineData("xsave zword [rax]")]
    [InlineData("xrstors64 qword [rax]")]
    [InlineData("fxsave zword [rax]")]
    [InlineData("fnsave tword [rax]")]
    [InlineData("lgdt tword [rax]")]
    [InlineData("sidt tword [rax]")]
    [InlineData("vmptrld qword [rax]")]
    [InlineData("vmxon qword [rax]")]
    [InlineData("prefetch byte [rax]")]
    [InlineData("prefetchw byte [rax]")]
    [InlineData("prefetchw dword [rax]")]
    [InlineData("pshufd xmm3, oword [rax], 1")]
    [InlineData("pshufhw xmm3, oword [rax], 1")]
    [InlineData("pshuflw xmm3, oword [rax], 1")]
    [InlineData("palignr xmm3, oword [rax], 8")]
    [InlineData("pshufw mm1, qword [rax], 1")]
    [InlineData("cmpsd xmm3, qword [rax], 4")]
    [InlineData("vgetmantsh xmm1, xmm2, xmm3, 1")]
    [InlineData("vgetmantsh xmm1, xmm2, word [rax], 1")]
    [InlineData("vgetmantsh xmm1{k1}, xmm4, xmm4, {sae}, 0xe6")]
    [InlineData("punpcklbw mm0, dword [rax]")]
    [InlineData("punpckldq mm0, word [rax]")]
    [InlineData("punpcklwd mm0, oword [rax]")]
    [InlineData("psubq mm0, qword [rax]")]
    [InlineData("pmuludq mm0, dword [rax]")]
    public void SizesNasmRefuses(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>The sizes nasm does take there: prefetch/prefetchw with a qword, the unsized forms, the MMX palignr
    /// and VEX vpshufd with their size, and the MMX unpacks, psubq and pmuludq with their template's size.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void SizesNasmTakes(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        prefetch qword [eax]
        prefetchw qword [eax]
        prefetchw [eax]
        clflush [eax]
        xsave [eax]
        lgdt [eax]
        pshufd xmm3, [eax], 1
        pshufw mm1, [eax], 1
        palignr mm3, qword [eax], 8
        vpshufd xmm3, oword [eax], 1
        cmpsd xmm3, [eax], 4
        cmpeqsd xmm3, qword [eax]
        punpcklbw mm0, qword [eax]
        punpcklwd mm1, qword [eax+4]
        punpckldq mm2, qword [eax]
        punpckldq mm2, [eax]
        punpckldq xmm2, oword [eax]
        psubq mm0, oword [eax]
        pmuludq mm3, oword [eax]
        pmuludq mm3, [eax]
        """);

    /// <summary>nasm 2.16 writes Cyrix's rdshr/wrshr/rsldt/rsts/svldt/svts and jmpe in 64-bit code, which no 64-bit CPU
    /// has: nas64 says "not supported yet" rather than "not supported in 64-bit mode".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("rdshr eax")]
    [InlineData("wrshr eax")]
    [InlineData("rdshr dword [rax]")]
    [InlineData("rsldt [rax]")]
    [InlineData("rsts tword [rax]")]
    [InlineData("svldt [rax]")]
    [InlineData("svts [rax]")]
    [InlineData("jmpe eax")]
    [InlineData("jmpe word [rax]")]
    public void CyrixFormsIn64BitCodeAreNotSupported(string line)
    {
        using var dir = new TempDirectory();
        string source = $"bits 64\n{line}\n";
        Assert.True(NasmComparison.Nasm(dir, source, "bin").Succeeded, "nasm 2.16.01 encodes it");
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }

    /// <summary>nasm 2.16 writes wrussd in 16-bit code with a second 66 prefix: nas64 says "not supported yet".</summary>
    [RequiresToolsFact("nasm")]
    public void WrussdIn16BitCodeIsNotSupported()
    {
        using var dir = new TempDirectory();
        string source = "bits 16\nwrussd [bp+di], ecx\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        Assert.Equal("66660F38F50B", Convert.ToHexString(nasm.Output!));
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }
}
