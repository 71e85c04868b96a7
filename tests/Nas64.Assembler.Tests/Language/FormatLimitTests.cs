namespace Nas64.Assembler.Tests.Language;

/// <summary>Critical TIMES counts and what bin and ELF cannot express (seg, wrt): nasm's messages at nasm's lines.</summary>
public sealed class FormatLimitTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("times N db 0\nN equ 3\n")]
    [InlineData("x: times 2 db 0\ntimes x2-x db 1\nx2:\n")]
    [InlineData("times 4 db 1\nalign 16\ntimes y-$ db 0\ny: db 1\n")]
    public void TimesCountMustBeKnownInTheFirstPass(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsTheory("nasm")]
    [InlineData("times b-a+(c-b) db 1\na: db 1, 2\nb: db 3\nc:\n")]
    [InlineData("times (b-a)/1 db 1\na: db 1\nb:\n")]
    public void ForwardReferencesThatCancelOutAreAccepted(string source) => NasmComparison.AssertSameBin(source);

    [RequiresToolsFact("nasm")]
    public void TimesOfTheCurrentPositionIsFine() => NasmComparison.AssertSameBin("db 1, 2\ntimes ($-$$+1) db 0xAA\nx: resb x2-x\nx2: db 3\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\nx: dw seg x\n")]
    [InlineData("bits 16\nx: mov ax, seg x\n")]
    [InlineData("bits 16\nx: dw x wrt 0\n")]
    public void FlatOutputHasNoSegmentsOrWrt(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsFact("nasm")]
    public void ElfHasNoSegmentBases() => NasmComparison.AssertSameErrors("bits 32\nx: dw seg x\n", "elf32");
}
