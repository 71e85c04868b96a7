namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// NASM 2.16 does not reset `default rel/abs` between passes: the first pass starts at abs, every later one where the
/// previous pass ended. So a memory operand above a later `default rel` is RIP-relative in the output (and sized so
/// in the layout passes), and its ea-absolute warnings follow the same state; a `bits` switch does not reset it.
/// </summary>
public sealed class DefaultRelAcrossPassesTests
{
    [RequiresToolsFact("nasm")]
    public void AnOperandAboveDefaultRelIsRipRelative() => NasmComparison.AssertSameElf("""
        bits 64
        section .text
        mov eax, [x]
        jmp y
        times 120 nop
        y:
        default rel
        x: dd 0
        """);

    [RequiresToolsFact("nasm")]
    public void DefaultAbsAtTheEndLeavesTheStartAbsolute() => NasmComparison.AssertSameElf("""
        bits 64
        section .text
        mov eax, [x]
        default rel
        mov eax, [x]
        default abs
        x: dd 0
        """);

    [RequiresToolsFact("nasm")]
    public void WarningsFollowTheStateCarriedOver() => NasmComparison.AssertSameElf("""
        bits 64
        extern ext
        section .text
        mov eax, [ext - $]
        mov eax, [0x1000]
        default rel
        mov eax, [abs ext - $]
        bits 32
        mov eax, [ext - $]
        """);

    /// <summary>`default rel' leaves an address with an fs: or gs: override inside the brackets absolute (with no
    /// ea-absolute warning for a number), but not one after an fs/gs prefix before the mnemonic.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("bin")]
    [InlineData("elf64")]
    public void FsAndGsOverridesStayAbsolute(string format)
    {
        string source = """
            bits 64
            default rel
            mov al, [fs:x]
            mov [gs:x], eax
            mov al, [rel fs:x]
            mov al, [fs:rel x]
            fs mov al, [x]
            mov al, [fs:0x1000]
            fs mov al, [0x1000]
            mov rax, [qword fs:x]
            fs mov rax, [qword x]
            mov [gs:x+rax], eax
            x: dq 0
            """;
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source + "\nextern ext\nmov eax, [fs:ext]\ngs mov eax, [ext]\n");
    }
}
