namespace Nas64.Assembler.Tests.Language;

/// <summary>What nasm 2.16 makes of text after a directive's argument: `bits' reads its size with atoi (`32h', `32:',
/// `32 x' are 32; `3x' is 3), org, absolute and sectalign evaluate one expression and ignore the rest.</summary>
public sealed class DirectiveArgumentTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("bits 32:")]
    [InlineData("bits 32h")]
    [InlineData("bits 32 x")]
    [InlineData("bits 32:5")]
    [InlineData("bits 16+16")]
    [InlineData("bits 32]")]
    [InlineData("[bits 32 x]")]
    [InlineData("bits +32")]
    [InlineData("bits 032")]
    [InlineData("bits 4294967328")]
    [InlineData("bits 64 x")]
    public void BitsReadsLeadingDigits(string line) => NasmComparison.AssertSameBin($"{line}\npush 5\nnop\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 3x")]
    [InlineData("bits -32")]
    [InlineData("bits 0x20")]
    [InlineData("bits x32")]
    public void BitsRefusesOtherLeadingDigits(string line) => NasmComparison.AssertSameErrors($"{line}\npush 5\ndb 300\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("org 5 x\ndb $")]
    [InlineData("org 5:\ndb $")]
    [InlineData("org 5 )\ndb $")]
    [InlineData("org 5, 6\ndb $")]
    [InlineData("absolute 5 x\nq: resb 1\nsection .text\ndb q")]
    [InlineData("absolute 8, 9\nq: resb 1\nsection .text\ndb q")]
    public void ExpressionDirectivesIgnoreTrailingText(string source)
        => NasmComparison.AssertSameBin(source);

    /// <summary>A line that starts with `[' and names no directive: nasm's "unrecognized directive [word]" (the word up to
    /// white space or the first `]'), or "invalid directive line" without a `]'.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("[foo]")]
    [InlineData("[foo bar]")]
    [InlineData("[ foo ]")]
    [InlineData("[foo] x")]
    [InlineData("[foo]:")]
    [InlineData("[foo:]")]
    [InlineData("[1]")]
    [InlineData("[]")]
    [InlineData("[ ]")]
    [InlineData("[$foo]")]
    [InlineData("[eax]")]
    [InlineData("  [Foo]")]
    [InlineData("[")]
    [InlineData("[foo")]
    [InlineData("[foo bar")]
    [InlineData("[bits 32")]
    public void BracketLineWithoutADirective(string line) => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 300\n");
}
