namespace Nas64.Assembler.Tests.Language;

/// <summary>A string or number the lexer refuses (`"a', `1z') where nasm's parser wants an instruction: at the start of
/// the line, after a label, after one prefix, or after a word that is no instruction there.</summary>
public sealed class InstructionExpectedMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("1z")]
    [InlineData("0q9")]
    [InlineData("$1z")]
    [InlineData("x: 1z")]
    [InlineData("x 1z")]
    [InlineData("es 1z")]
    [InlineData("es $1z")]
    [InlineData("a32 0q9")]
    [InlineData("es \"a")]
    [InlineData("rep \"a")]
    [InlineData("lock \"a")]
    [InlineData("o32 \"a")]
    [InlineData("bnd \"a")]
    [InlineData("x: es \"a")]
    [InlineData("x es \"a")]
    [InlineData("es 1z \"a")]
    [InlineData("es x 1z")]
    [InlineData("x: y 1z")]
    [InlineData("x y 1z")]
    [InlineData("nop 1z")]
    [InlineData("x: db 1z")]
    [InlineData("mov eax, 1z")]
    public void RefusedWordWhereAnInstructionGoes(string line)
    {
        NasmComparison.AssertSameErrors(line + "\n", "elf64");
        NasmComparison.AssertSameErrors(line + "\n", "bin");
    }
}
