namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// nasm's encoding prefixes {vex}, {vex2}, {vex3}, {evex} and {rex}: the forms they pick and nasm's errors where no form
/// takes them, each compared with nasm 2.16.01.
/// </summary>
public sealed class EncodingPrefixTests
{
    /// <summary>{vex}/{vex2}/{vex3} on VEX and XOP forms, {evex} on instructions that also have a VEX form, {rex} on legacy
    /// ones (after lock, rep, 66 and mandatory prefixes, after the 9B of finit, with RIP-relative and branch fields
    /// counted from the new end), in any case and next to other prefixes.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void PrefixesPickTheirForm(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        {vex} vpaddd xmm1, xmm2, xmm3
        {vex2} vpaddd xmm1, xmm2, [eax+64]
        {vex3} vpaddd xmm1, xmm2, xmm3
        {Vex3} vzeroupper
        {vex2} vzeroall
        {evex} vpaddd xmm1, xmm2, xmm3
        {evex} vpaddd xmm1, xmm2, [eax+64]
        {evex} vpaddd xmm1, xmm2
        {evex} vmovd xmm1, eax
        {evex} vpextrw eax, xmm1, 1
        {vex} vpextrw eax, xmm1, 1
        {evex} vpdpbusd xmm1, xmm2, xmm3
        {evex} vaddps zmm1, zmm2, zmm3, {rn-sae}
        {vex} kmovw k1, k2
        {vex} vpcmov xmm1, xmm2, xmm3, xmm4
        {vex3} andn eax, ebx, ecx
        {vex} vbcstnesh2ps xmm1, [eax]
        {vex} vpdpbssd xmm1, xmm2, xmm3
        {vex} vpdpbssd ymm1, ymm2, [eax]
        {vex} vpdpbssd xmm1, xmm2, oword [eax]
        {vex} vpmadd52luq xmm1, xmm2, xmm3
        {vex} vcvtneps2bf16 xmm1, xmm2
        {vex} vcvtneoph2ps ymm1, yword [eax]
        label: {vex3} vpaddd xmm1, xmm2, [label]
        {{(bits == 64 ? """
        {vex3} vpaddd xmm1, xmm2, xmm9
        {vex3} vpaddd xmm1, xmm2, [rel label]
        {evex} vpaddd xmm1, xmm2, [rel label]
        {evex} vaddps xmm16, xmm1, xmm2
        {rex} add eax, ebx
        {REX} add rax, rbx
        {rex} add r8, rbx
        {rex} mov al, [rax]
        {rex} lock add [rax], eax
        lock {rex} add [rax], eax
        {rex} o16 add ax, bx
        {rex} rep movsb
        {rex} pause
        {rex} finit
        {rex} nop
        {rex} ret
        {rex} push rax
        {rex} push fs
        {rex} mov eax, 1
        {rex} mov rax, 1
        {rex} xchg eax, eax
        {rex} add eax, [rax+rbx*2+8]
        {rex} mov eax, [rel label]
        {rex} mov al, [qword 0x1000]
        {rex} jmp rax
        {rex} jmp label
        {rex} call label
        {rex} jmp next
        {rex} o64 jmp next
        {rex} pextrw eax, xmm1, 1
        {rex} movq rax, mm1
        {rex} crc32 eax, byte [rax]
        {rex} cmpxchg8b [rax]
        next:
        """ : "")}}
        """);

    /// <summary>The same prefix twice is nasm's warning.</summary>
    [RequiresToolsFact("nasm")]
    public void RepeatedPrefixWarns() => NasmComparison.AssertSameBin("bits 64\n{vex} {vex} vpaddd xmm1, xmm2, xmm3\n{rex} {rex} add eax, ebx\n");

    /// <summary>Where no form takes the prefix: nasm's messages, the prefix checked before the operands.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "{vex} vpaddd zmm1, zmm2, zmm3")]
    [InlineData(64, "{vex} vpaddd xmm1, xmm2, [rax]{1to4}")]
    [InlineData(64, "{vex} vpaddd xmm1, xmm2, eax")]
    [InlineData(64, "{vex} vaddps xmm1, xmm1, xmm16")]
    [InlineData(32, "{vex} vaddps xmm16, xmm1, xmm2")]
    [InlineData(64, "{vex} add eax, ebx")]
    [InlineData(64, "{vex} vpdpwssd ymm4, ymm7, [rax]")]
    [InlineData(64, "{vex} vcvtneps2bf16 xmm1, ymm2")]
    [InlineData(64, "{vex} vcvtneps2bf16 xmm1, [rax]")]
    [InlineData(64, "{vex} vpmadd52luq xmm1, xmm2, [rax]")]
    [InlineData(64, "{vex} vpdpbssd xmm1, xmm2, [rax]")]
    [InlineData(64, "{vex} vcvtneoph2ps xmm1, [rax]")]
    [InlineData(64, "{vex2} vpaddd xmm1, xmm2, xmm9")]
    [InlineData(64, "{vex2} vpcmov xmm1, xmm2, xmm3, xmm4")]
    [InlineData(64, "{vex2} andn eax, ebx, ecx")]
    [InlineData(64, "{vex2} vmovq xmm1, rax")]
    [InlineData(64, "{evex} add eax, ebx")]
    [InlineData(64, "{evex} kmovw k1, k2")]
    [InlineData(64, "{evex} vpaddd xmm1, xmm2, eax")]
    [InlineData(64, "{rex} vpaddd xmm1, xmm2, xmm3")]
    [InlineData(64, "{rex} add eax, xmm1")]
    [InlineData(64, "{rex} mov ah, al")]
    [InlineData(64, "{rex} movzx eax, ah")]
    [InlineData(32, "{rex} add eax, ebx")]
    [InlineData(32, "{rex} add eax, xmm1")]
    [InlineData(64, "{vex} {evex} vpaddd xmm1, xmm2, xmm3")]
    [InlineData(64, "{vex}")]
    [InlineData(64, "rep {vex}")]
    [InlineData(64, "vbcstnesh2ps xmm1, [rax]")]
    [InlineData(64, "vpdpbssd xmm1, xmm2, xmm3")]
    [InlineData(64, "vcvtneoph2ps xmm1, oword [rax]")]
    public void PrefixesNasmRefuses(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>Where nasm 2.16.01 fails an assertion ({rex} alone, {rex} fwait): nas64's "not supported yet".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("{rex}")]
    [InlineData("{rex} wait")]
    public void NasmPanicsAreNotSupported(string line)
    {
        using var dir = new TempDirectory();
        string source = $"bits 64\n{line}\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        Assert.Contains("panic", string.Join("\n", nasm.Messages));
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }

    /// <summary>nasm 2.16.01 writes {vex} with a VSIB index from xmm16 as index xmm0..15 (the bytes of xmm1 for xmm17):
    /// nas64 says "not supported yet" rather than write either.</summary>
    [RequiresToolsFact("nasm")]
    public void VexVsibIndexFrom16IsNotSupported()
    {
        using var dir = new TempDirectory();
        var high = NasmComparison.Nasm(dir, "bits 64\n{vex} vpgatherdd xmm1, [rax+xmm17], xmm2\n", "bin");
        var low = NasmComparison.Nasm(dir, "bits 64\n{vex} vpgatherdd xmm1, [rax+xmm1], xmm2\n", "bin");
        Assert.Equal(NasmComparison.Hex(low.Output!), NasmComparison.Hex(high.Output!));
        var ours = NasmComparison.Ours(dir, "bits 64\n{vex} vpgatherdd xmm1, [rax+xmm17], xmm2\n", "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }
}
