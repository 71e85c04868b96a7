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
}
