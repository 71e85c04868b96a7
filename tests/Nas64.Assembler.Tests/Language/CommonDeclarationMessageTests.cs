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
    [InlineData("foo equ 8\ncommon x foo", "elf64")]
    [InlineData("common x (4)", "elf64")]
    [InlineData("common x 'a'", "elf64")]
    [InlineData("common x 4:(8)", "elf64")]
    [InlineData("foo equ 8\ncommon x 4:foo", "elf32")]
    public void CommonDeclarationAsNasmChecksIt(string line, string format)
        => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 2\n", format);

    [RequiresToolsTheory("nasm")]
    [InlineData("common x 4:8")]
    [InlineData("common x 4:0x10")]
    [InlineData("common x 4:8h ")]
    public void GoodAlignment(string line) => NasmComparison.AssertSameElf(line + "\n");

    /// <summary>nasm reads the size and the alignment with readnum, not as expressions: the number at the start counts and
    /// what follows it is ignored (`2+2' is 2, `10h-1' is 16, `1.5' is 1).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("common x 2+2")]
    [InlineData("common x 10h-1")]
    [InlineData("common x 0x10+1")]
    [InlineData("common x 4-")]
    [InlineData("common x 1.5")]
    [InlineData("common x 4*2:2+2")]
    [InlineData("common x -4")]
    public void SizeAndAlignmentAreReadAsNumbers(string line) => NasmComparison.AssertSameElf(line + "\n");
}
