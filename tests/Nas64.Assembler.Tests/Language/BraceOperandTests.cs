namespace Nas64.Assembler.Tests.Language;

/// <summary>A brace group where an operand's expression wants a value: nasm's scanner names it ("`q' is not a valid
/// decorator with braces", "invalid decorator token inside braces") before the parser's "expression syntax error".</summary>
public sealed class BraceOperandTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db {q}")]
    [InlineData("db 1, {q}")]
    [InlineData("db {q}, {r}")]
    [InlineData("db { q }")]
    [InlineData("dd 2, { q }")]
    [InlineData("dd 1+{q}")]
    [InlineData("resb {q}")]
    [InlineData("x equ {q}")]
    [InlineData("mov eax, [{q}]")]
    [InlineData("add eax, 1+{q}")]
    public void BraceGroupInAnExpression(string line) => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 300\n");
}
