namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// The bnd prefix as nasm 2.16 takes it: on near call, jmp, ret and conditional jumps (F2); a jmp relaxed to short
/// drops it with a prefix-bnd warning; on anything else (mov, loop, jcxz, far branches, an explicit jmp short) it is
/// nasm's error "bnd prefix is not allowed".
/// </summary>
public sealed class BndPrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void BndOnBranches(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        bnd call $
        bnd jmp $
        bnd jmp near $+0x100
        bnd jz $
        bnd ret
        bnd ret 4
        bnd jmp {(bits == 64 ? "rax" : "eax")}
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bnd jmp short $")]
    [InlineData("bnd mov eax, 1")]
    [InlineData("bnd loop $")]
    [InlineData("bnd jecxz $")]
    [InlineData("bnd call far [eax]")]
    [InlineData("bnd jmp 0x10:0x1000")]
    public void BndElsewhereIsAnError(string line) => NasmComparison.AssertSameErrors($"""
        bits 32
        {line}
        """);

    /// <summary>
    /// nasm 2.16 has no `notrack' prefix: the word is an identifier. First on a line it is a label without a colon (no 3E
    /// byte; `dq notrack' is its address, and a second one is a redefinition); after a label or a prefix it is "instruction
    /// expected".
    /// </summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void NotrackIsAnIdentifier(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        nop
        notrack call [{(bits == 64 ? "rax" : "eax")}]
        dd notrack
        notrack2: dd notrack2 - notrack
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("x: notrack jmp eax")]
    [InlineData("bnd notrack jmp eax")]
    [InlineData("notrack notrack jmp eax")]
    [InlineData("notrack jmp eax\nnotrack jmp ebx")]
    [InlineData("times 2 notrack jmp eax")]
    public void NotrackAfterALabelOrPrefix(string lines) => NasmComparison.AssertSameErrors($"""
        bits 32
        {lines}
        """);
}
