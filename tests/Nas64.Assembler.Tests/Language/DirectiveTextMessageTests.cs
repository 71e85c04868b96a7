namespace Nas64.Assembler.Tests.Language;

/// <summary>A word the lexer refuses (`1z', an unterminated string) in the arguments of a directive whose standard macro
/// passes them as text: nasm reports the directive's own message (or accepts the line), not "expression syntax error".</summary>
public sealed class DirectiveTextMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("bits 1z", "elf64")]
    [InlineData("bits 1z", "bin")]
    [InlineData("global 1z", "elf64")]
    [InlineData("global 1z", "bin")]
    [InlineData("extern 1z", "elf64")]
    [InlineData("static 1z", "elf64")]
    [InlineData("required 1z", "elf64")]
    [InlineData("common 1z", "elf64")]
    [InlineData("default 1z", "elf64")]
    [InlineData("cpu 1z", "elf64")]
    [InlineData("float 1z", "bin")]
    [InlineData("osabi 1z", "elf64")]
    [InlineData("org \"a", "bin")]
    [InlineData("org \"a", "elf64")]
    public void RefusedWordGetsTheDirectivesMessage(string line, string format)
        => NasmComparison.AssertSameErrors(line + "\n", format);

    [RequiresToolsTheory("nasm")]
    [InlineData("section .t 1z\ndb 1")]
    [InlineData("section .t 0q9\ndb 1")]
    public void SectionAttributeIsWarnedAbout(string source)
    {
        NasmComparison.AssertSameElf(source + "\n");
        NasmComparison.AssertSameBin(source + "\n");
    }
}
