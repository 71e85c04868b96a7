namespace Nas64.Assembler.Tests.Language;

/// <summary>nasm checks a common declaration's size before the output format sees it (so bin reports the size, not its
/// refusal of common variables), and the ELF formats check the alignment after `:'.</summary>
public sealed class CommonDeclarationMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("common x", "bin")]
    [InlineData("common x", "elf64")]
    [InlineData("common x y", "bin")]
    [InlineData("common x y", "elf64")]
    [InlineData("common x 5z", "elf64")]
    [InlineData("common x 4", "bin")]
    [InlineData("common x 4:y", "elf64")]
    [InlineData("common x 4:y z", "elf32")]
    [InlineData("common x 4:3", "elf64")]
    [InlineData("common x 4:0", "elf32")]
    [InlineData("common x 4:-4", "elf64")]
    public void CommonDeclarationAsNasmChecksIt(string line, string format)
        => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 2\n", format);

    [RequiresToolsTheory("nasm")]
    [InlineData("common x 4:8")]
    [InlineData("common x 4:0x10")]
    public void GoodAlignment(string line) => NasmComparison.AssertSameElf(line + "\n");
}
