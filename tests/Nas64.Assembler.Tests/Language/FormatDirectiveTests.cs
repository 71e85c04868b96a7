namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Directives whose effect depends on the output format, compared with nasm 2.16: sectalign before any section in ELF
/// (nasm's ELF output has no section for it yet), the ELF-only osabi, the bin-only org and map in other formats.
/// </summary>
public sealed class FormatDirectiveTests
{
    /// <summary>nasm's ELF output makes the default .text for a `section .text' or a label (from then on in every pass)
    /// and for code only when writing it: a sectalign or align before that raises nothing.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("sectalign 16\nsection .a\ndb 1")]
    [InlineData("sectalign 32\nnop")]
    [InlineData("nop\nsectalign 32")]
    [InlineData("sectalign 32\nsection .text\nnop")]
    [InlineData("x:\nsectalign 32\nnop")]
    [InlineData("sectalign 32\nnop\nx:")]
    [InlineData("sectalign 32\nsection .data\nnop")]
    [InlineData("sectalign 32\nx: equ 5\nnop")]
    [InlineData("align 64\nnop")]
    [InlineData("alignb 64\nnop")]
    [InlineData("sectalign 32\nabsolute 0\nresb 1\nsection .text\nnop")]
    public void SectalignBeforeAnySection(string source)
    {
        NasmComparison.AssertSameElf(source + "\n", "elf64");
        NasmComparison.AssertSameElf(source + "\n", "elf32");
    }
}
