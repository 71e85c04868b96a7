namespace Nas64.Assembler.Tests.Language;

/// <summary>`cpu`: instructions above the level are nasm's "no instruction for this cpu level", and what the level
/// allows assembles as usual.</summary>
public sealed class CpuLevelTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("8086", "push 5")]
    [InlineData("8086", "mov eax, 1")]
    [InlineData("186", "fnstsw ax")]
    [InlineData("286", "movzx ax, bl")]
    [InlineData("386", "cmovz eax, ebx")]
    [InlineData("386", "bswap eax")]
    [InlineData("486", "cmpxchg ax, bx")]
    [InlineData("486", "rdtsc")]
    [InlineData("586", "fcomi st1")]
    [InlineData("686", "addps xmm0, xmm1")]
    [InlineData("p3", "addpd xmm0, xmm1")]
    [InlineData("p4", "addsubps xmm0, xmm1")]
    [InlineData("prescott", "rdtscp")]
    [InlineData("x64", "popcnt ax, bx")]
    [InlineData("x64", "vaddps xmm0, xmm1, xmm2")]
    public void AboveTheLevelIsRefused(string cpu, string instruction) =>
        NasmComparison.AssertSameErrors($"bits 16\ncpu {cpu}\nnop\n{instruction}\nnop\n");

    [RequiresToolsFact("nasm")]
    public void WithinTheLevelAssembles() => NasmComparison.AssertSameBin("""
        bits 16
        cpu 8086
        mov ax, [eax]
        a32 nop
        pshufb mm0, mm1
        fld st1
        cpu 186
        push 5
        shl ax, 3
        cpu 386
        movzx eax, bl
        jz near $
        cpu 586
        cpuid
        cmpxchg8b [bx]
        paddb mm0, mm1
        cpu 686
        cmovz ax, bx
        syscall
        cpu p4
        lfence
        cpu x64
        rdtscp
        cpu nehalem
        popcnt ax, bx
        cpu default
        vaddps xmm0, xmm1, xmm2
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("cpu 286\nbits 32\n")]
    [InlineData("cpu 686\nbits 64\n")]
    [InlineData("cpu foo\n")]
    public void ModeAndNameErrors(string source) => NasmComparison.AssertSameErrors(source + "nop\n");
}
