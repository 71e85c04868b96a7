namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// nasm 2.16.01's message where no template fits, picked as asm/assemble.c ranks its failures: a size keyword beside an
/// unsized template is "mismatch in operand sizes" (measured by sweeping every size keyword over every memory form of
/// Iced's table), and a mask or {z} on the destination that a template of the same operand count does not take is
/// "mask not permitted on this operand" or "unsupported mode decorator for instruction", which outrank both.
/// Each compared with nasm at test time.
/// </summary>
public sealed class MatchMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "paddsw mm0, dword [rax]")]
    [InlineData(64, "paddusb mm1, oword [rax]")]
    [InlineData(64, "psubsw xmm1, qword [rax]")]
    [InlineData(64, "pcmpgtw mm7, byte [rax]")]
    [InlineData(64, "punpckhdq mm4, dword [rax]")]
    [InlineData(64, "punpcklwd xmm3, qword [rax]")]
    [InlineData(64, "pslld xmm7, qword [rax]")]
    [InlineData(64, "psllq mm6, oword [rax]")]
    [InlineData(64, "pabsw mm2, oword [rax]")]
    [InlineData(64, "phsubsw mm2, dword [rax]")]
    [InlineData(64, "palignr mm1, oword [rax], 3")]
    [InlineData(64, "pshufw mm4, dword [rax], 1")]
    [InlineData(64, "pfadd mm1, dword [rax]")]
    [InlineData(64, "cvtpi2pd xmm6, oword [rax]")]
    [InlineData(64, "cvttss2si eax, qword [rax]")]
    [InlineData(64, "movnti dword [rax], rbp")]
    [InlineData(64, "movntq oword [rax], mm1")]
    [InlineData(64, "invept rax, qword [rax]")]
    [InlineData(64, "fldcw dword [rax]")]
    [InlineData(64, "fnstsw byte [rax]")]
    [InlineData(64, "call tword [rax]")]
    [InlineData(64, "jmp byte [rax]")]
    [InlineData(64, "cmpeqsd xmm1, dword [rax]")]
    [InlineData(64, "cmpltpd xmm1, qword [rax]")]
    [InlineData(64, "cmpunordsd xmm1, oword [rax]")]
    [InlineData(32, "arpl byte [eax], cx")]
    [InlineData(32, "pmvzb mm1, dword [eax]")]
    [InlineData(32, "xbts eax, byte [eax], ax, cl")]
    [InlineData(16, "pswapd mm1, dword [bx]")]
    [InlineData(16, "cvtpd2pi mm1, qword [bx]")]
    public void MismatchBesideUnsizedTemplates(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    [RequiresToolsTheory("nasm")]
    [InlineData(64, "vaddpd xmm0{k1}, xmm1, byte [rax]")]
    [InlineData(64, "vfmadd132pd xmm1{k1}{z}, xmm2, qword [rax]")]
    [InlineData(64, "vpcmpgtb k1{k2}, xmm1, dword [rax]")]
    [InlineData(64, "vcvtpd2dq xmm2{k7}, [rax]")]
    [InlineData(64, "vpxor xmm1{k1}, xmm2, xmm3")]
    [InlineData(64, "kmovw k1{k2}, k3")]
    [InlineData(64, "add eax{k1}, ebx")]
    [InlineData(64, "vmovups xmm18{k3}{z}, byte [rax]")]
    [InlineData(64, "vmovups [rax]{k1}{z}, xmm1")]
    [InlineData(64, "vmovapd [rax]{z}, xmm1")]
    [InlineData(64, "vmovss [rax]{k1}{z}, xmm1")]
    [InlineData(64, "vpmovdb [rax]{k1}{z}, xmm1")]
    [InlineData(64, "vcompressps [rax]{k1}{z}, xmm1")]
    [InlineData(64, "vmovntps [rax]{k1}{z}, xmm1")]
    [InlineData(32, "vmulps xmm7{k1}{z}, xmm1, qword [eax]")]
    [InlineData(32, "vpaddb xmm1{k5}, xmm2, dword [eax]")]
    [InlineData(64, "vpdpwssds xmm22{k7}, xmm11, byte [rax]")]
    [InlineData(64, "pblendvb xmm1, byte [rax]")]
    public void DecoratorsNoTemplateTakes(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>{sae} or {er} with a mask, with memory, or where the instruction takes the other one: nasm's template order
    /// (the decorator is checked before the operand's class, a mask's failure ranks below it and above an unsized memory
    /// operand; a sized one its own message). With memory nas64 wrote EVEX.b, which is a broadcast there; vcvtsi2ss and
    /// friends take {er} before their general register only.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vaddps zmm0{k1}, zmm1, zmm2, {sae}")]
    [InlineData("vaddps zmm0{k1}{z}, zmm1, zmm2, {sae}")]
    [InlineData("vaddps zmm0, zmm1, zmm2, {sae}")]
    [InlineData("vaddps zmm0, zmm1, xmm2, {sae}")]
    [InlineData("vaddps zmm0, zmm1, [rax], {sae}")]
    [InlineData("vaddps zmm0, zmm1, [rax], {rn-sae}")]
    [InlineData("vaddps zmm0{k1}, zmm1, [rax], {rn-sae}")]
    [InlineData("vaddps zmm0, zmm1, zword [rax], {rz-sae}")]
    [InlineData("vaddps zmm0{k1}, zmm1, zword [rax], {rz-sae}")]
    [InlineData("vaddps ymm0{k1}, ymm1, ymm2, {rn-sae}")]
    [InlineData("vaddss xmm0{k1}, xmm1, xmm2, {sae}")]
    [InlineData("vaddss xmm0, xmm1, [rax], {rn-sae}")]
    [InlineData("vaddss xmm0{k1}{z}, xmm1, [rax], {rn-sae}")]
    [InlineData("vaddss xmm0, xmm1, dword [rax], {rn-sae}")]
    [InlineData("vaddss xmm0, xmm1, zmm2, {rn-sae}")]
    [InlineData("vmaxps zmm0{k1}, zmm1, zmm2, {rn-sae}")]
    [InlineData("vmaxps zmm0, zmm1, [rax], {sae}")]
    [InlineData("vmaxps zmm0{k1}, zmm1, [rax], {sae}")]
    [InlineData("vmaxps zmm0, zmm1, dword [rax], {sae}")]
    [InlineData("vmaxps zmm0, zmm1, [rax]{1to16}, {sae}")]
    [InlineData("vpaddd zmm0{k1}{z}, zmm1, zmm2, {rn-sae}")]
    [InlineData("vcvtps2pd zmm0{k1}, [rax], {sae}")]
    [InlineData("vucomiss xmm0, xmm1, {rn-sae}")]
    [InlineData("vucomiss xmm0, dword [rax], {sae}")]
    [InlineData("vcvtsi2ss xmm0, xmm1, eax, {rn-sae}")]
    [InlineData("vcvtsi2sd xmm0, xmm1, rax, {rn-sae}")]
    [InlineData("vcvtusi2ss xmm0, xmm1, eax, {rn-sae}")]
    [InlineData("vcvtsi2ss xmm0, xmm1, dword [rax], {rn-sae}")]
    [InlineData("vcvtsi2ss xmm0{k1}, xmm1, eax, {rn-sae}")]
    public void RoundingDecoratorsNoTemplateTakes(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>A broadcast is checked first on its operand: "broadcast not permitted on this operand" where the template
    /// has none, "mismatch in the number of broadcasting elements" where the count is not the template's (a sized one was
    /// assembled with the template's count: vaddps xmm0, xmm1, dword [rax]{1to8}; oword [rax]{1to4} too); a mask's failure
    /// outranks both.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vaddss xmm0, xmm1, [rax]{1to4}")]
    [InlineData("vaddss xmm0{k1}, xmm1, [rax]{1to4}")]
    [InlineData("vucomiss xmm0, [rax]{1to4}")]
    [InlineData("vaddss xmm0, xmm1, [rax]{1to4}, {sae}")]
    [InlineData("vaddss xmm0, xmm1, [rax]{1to4}, {rn-sae}")]
    [InlineData("paddd xmm1, [rax]{1to4}")]
    [InlineData("add eax, [rax]{1to4}")]
    [InlineData("vpaddb zmm0, zmm1, [rax]{1to16}")]
    [InlineData("vaddps zmm0, zmm1, [rax]{1to8}")]
    [InlineData("vaddps zmm0{k1}, zmm1, [rax]{1to8}")]
    [InlineData("vaddps xmm0, xmm1, dword [rax]{1to8}")]
    [InlineData("vaddpd zmm0, zmm1, qword [rax]{1to4}")]
    [InlineData("vaddps xmm0, xmm1, oword [rax]{1to4}")]
    [InlineData("vaddps zmm0, zmm1, zword [rax]{1to16}")]
    [InlineData("vcvtps2pd zmm0, [rax]{1to16}, {sae}")]
    public void BroadcastsNoTemplateTakes(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>nasm writes a gather or scatter without its opmask with k0, which nas64 cannot encode: "not supported yet"
    /// rather than nasm's bytes or another error (was "invalid combination of opcode and operands").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vgatherdps xmm0, [rax+xmm1]")]
    [InlineData("vpscatterdd [rax+xmm1], xmm0")]
    public void GatherWithoutOpMaskIsNotSupported(string line)
    {
        using var dir = new TempDirectory();
        string source = $"bits 64\n{line}\n";
        Assert.True(NasmComparison.Nasm(dir, source, "bin").Succeeded);
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }

    /// <summary>Where {er} goes for vcvtsi2ss and friends, {sae}/{er} with a mask on registers, and sized broadcasts, as
    /// nasm writes them.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vcvtsi2ss xmm0, xmm1, {rn-sae}, eax")]
    [InlineData("vcvtsi2sd xmm0, xmm1, {rz-sae}, rax")]
    [InlineData("vcvtss2si eax, xmm1, {rn-sae}")]
    [InlineData("vaddss xmm0{k1}{z}, xmm1, xmm2, {rn-sae}")]
    [InlineData("vmaxps zmm0{k1}, zmm1, zmm2, {sae}")]
    [InlineData("vcvtps2pd zmm0{k1}, ymm1, {sae}")]
    [InlineData("vaddps xmm0, xmm1, dword [rax]{1to4}")]
    [InlineData("vaddpd zmm0, zmm1, qword [rax]{1to8}")]
    [InlineData("vcvtpd2dq xmm0, qword [rax]{1to4}")]
    public void RoundingDecoratorsOnRegisters(string line) => NasmComparison.AssertSameBin($"bits 64\n{line}\n");

    /// <summary>AVX-IFMA/AVX-NE-CONVERT/AVX-VNNI-INT8 forms nasm takes only after {vex}: where nothing fits, that is its message.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "vpmadd52luq xmm1, xmm1, byte [rax]")]
    [InlineData(64, "vpmadd52huq xmm21{k3}, xmm14, byte [rax]")]
    [InlineData(64, "vpmadd52luq xmm1, xmm2, ymm3")]
    [InlineData(64, "vpmadd52luq xmm1, xmm2")]
    [InlineData(32, "vpdpbssd xmm1, xmm2, qword [eax]")]
    [InlineData(64, "{vex} vpmadd52luq xmm1, xmm1, byte [rax]")]
    public void ExplicitPrefixForms(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>nasm's vmovdqu*/vmovdqa* store templates do take {z} on memory (the only ones).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void ZeroingStores(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        vmovdqu8 [eax]{k1}{z}, xmm1
        vmovdqu8 [eax]{z}, xmm1
        vmovdqu16 [eax+64]{k2}{z}, zmm3
        vmovdqu32 [eax]{k1}{z}, ymm1
        vmovdqu64 [eax]{k1}{z}, xmm1
        vmovdqa32 [eax]{k1}{z}, xmm1
        vmovdqa64 [eax]{k7}{z}, zmm1
        vmovups xmm1{k1}{z}, xmm2
        vcompressps xmm2{k1}{z}, xmm1
        """);
}
