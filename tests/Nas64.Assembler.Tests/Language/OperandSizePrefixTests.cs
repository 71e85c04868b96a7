namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// o16/o32 contradicting the size the registers give (o16 mov eax, 1): nasm encodes the instruction for its registers
/// with the prefix's operand-size byte (66 added or left out) and warns "invalid operand size prefix" [prefix-opsize].
/// </summary>
public sealed class OperandSizePrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void PrefixContradictingTheRegistersKeepsTheirEncoding(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        o16 mov eax, 1
        o32 add ax, bx
        o16 add eax, ebx
        o32 push ax
        o16 inc eax
        o16 mov eax, [ebx]
        rep o16 movsd
        o32 stosw
        o16 lodsd
        o16 mov eax, [es:ebx+4]
        lock o32 add [ebx], ax
        o32 mov ax, label
        label:
        o16 mov ecx, label
        """);

    /// <summary>pop cs (0F, with nasm's obsolete-removed warning) in every mode, and in 64-bit code o32/o64 on the
    /// fs/gs pushes and pops (the plain form, REX.W).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void SegmentPushesAndPops(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        pop cs
        o16 pop cs
        {(bits == 64 ? "o32 push fs\no64 push fs\no32 pop gs\no64 pop fs\no16 push gs" : "o32 pop cs\npush fs\no16 pop gs")}
        """);
}
