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
}
