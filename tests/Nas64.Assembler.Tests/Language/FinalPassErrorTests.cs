namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Errors nasm 2.16.01 reports while its final pass writes the output, in line order with that pass's other errors:
/// each reference to an extern in -f bin (it used to come only when nothing else failed), a RESx count that is not a
/// number. Compared with nasm at test time.
/// </summary>
public sealed class FinalPassErrorTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("extern foo\nmov eax, foo\nmov eax, undefined1\n")]
    [InlineData("extern foo\njmp foo\ndb 1\ntimes -1 db 1\n")]
    [InlineData("extern foo\ndd foo, foo\nnop\ncall undefined1\ndq foo\n")]
    [InlineData("extern foo\ntimes 3 dd foo\nmov eax, [foo+4]\n")]
    [InlineData("extern foo\ndd section..text.start\nmov eax, foo\n")]
    public void ExternReferencesInAFlatBinary(string source) => NasmComparison.AssertSameErrors(source, "bin");

    [RequiresToolsTheory("nasm")]
    [InlineData("x: resb x\n")]
    [InlineData("resb later\nlater:\n")]
    [InlineData("extern foo\nresw foo\n")]
    [InlineData("x: times 2 resd x\n")]
    [InlineData("resb undefined1\n")]
    public void ReserveCountThatIsNotANumber(string source)
    {
        NasmComparison.AssertSameErrors(source, "bin");
        NasmComparison.AssertSameErrors(source, "elf64");
    }
}
