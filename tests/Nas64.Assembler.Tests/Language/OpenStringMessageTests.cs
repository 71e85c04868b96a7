namespace Nas64.Assembler.Tests.Language;

/// <summary>An unterminated string where nasm's parser wants something else gets nasm's parser message after the
/// preprocessor's warning: at the start of a line, after a label, after a memory operand's `]', after `?' in data.</summary>
public sealed class OpenStringMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("mov eax, [6] \"a")]
    [InlineData("x: \"a")]
    [InlineData("x \"a")]
    [InlineData("\"a")]
    [InlineData("db ? \"a")]
    [InlineData("x: db ? \"a")]
    [InlineData("db 1, ? \"a")]
    [InlineData("push \"a")]
    [InlineData("db ?, \"a")]
    public void OpenStringAsNasmReportsIt(string line)
    {
        NasmComparison.AssertSameErrors(line + "\n", "elf64");
        NasmComparison.AssertSameErrors(line + "\n", "bin");
    }
}
