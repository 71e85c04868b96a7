namespace Nas64.Assembler.Tests.Language;

/// <summary>An unterminated string after a data operand: nasm warns (pp-open-string) and its data loop drops the string
/// as the one stray token it allows after an expression, to the end of the line (`db 6 "a' is 06); a second stray token,
/// or one after a float, is "comma expected after operand", and a string where an operand should be is an expression error.
/// After an instruction's operand it is nasm's "comma, colon, decorator or end of line expected after operand".</summary>
public sealed class OpenStringDataTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db 6 \"a")]
    [InlineData("db 6, 7 \"a")]
    [InlineData("dw 6 'ab")]
    [InlineData("dq 6 `a")]
    [InlineData("db \"x\" \"a")]
    [InlineData("db (6) \"a")]
    [InlineData("db 6 \"a,7")]
    [InlineData("times 2 db 6 \"a")]
    [InlineData("dd x \"a\nx:")]
    public void OpenStringAfterAnOperandEndsTheLine(string line) => NasmComparison.AssertSameBin($"{line}\ndb 1\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("db 6 x \"a")]
    [InlineData("dd 1.5 \"a")]
    [InlineData("dd -1.5 \"a")]
    [InlineData("db \"a")]
    [InlineData("db 6, \"a")]
    [InlineData("db 6+ \"a")]
    [InlineData("db (6 \"a")]
    [InlineData("mov eax, 6 \"a")]
    [InlineData("push (6) \"a")]
    [InlineData("times 2 push 6 \"a")]
    public void OpenStringElsewhereIsAnError(string line) => NasmComparison.AssertSameErrors($"{line}\ndb 300\n");
}
