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
    [InlineData("rep es 1z")]
    [InlineData("x: rep es lock \"a")]
    [InlineData("es cs 1z")]
    [InlineData("rep rep 1z")]
    public void RefusedWordWhereAnInstructionGoes(string line)
    {
        NasmComparison.AssertSameErrors(line + "\n", "elf64");
        NasmComparison.AssertSameErrors(line + "\n", "bin");
    }

    /// <summary>nasm's prefix slots: the same prefix twice is its warning, two of one slot its error (the later stands).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("es cs mov eax, [ebx]")]
    [InlineData("repe repz cmpsb")]
    [InlineData("rep repne movsb")]
    [InlineData("xacquire rep movsb")]
    [InlineData("bnd rep movsb")]
    [InlineData("o32 o16 nop")]
    [InlineData("a16 a32 nop")]
    [InlineData("es cs")]
    public void ConflictingPrefixes(string line) => NasmComparison.AssertSameErrors($"bits 32\n{line}\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("rep rep movsb")]
    [InlineData("lock lock add [eax], eax")]
    [InlineData("wait wait fninit")]
    [InlineData("o16 o16 nop")]
    [InlineData("fs fs nop")]
    [InlineData("x: es es nop")]
    [InlineData("xacquire lock add [eax], eax")]
    [InlineData("rep lock add [eax], eax")]
    [InlineData("fs lock add [eax], eax")]
    public void RedundantOrCompatiblePrefixes(string line) => NasmComparison.AssertSameBin($"bits 32\n{line}\n");
}
