namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Prefixes before data: nasm's parser takes db…dz after instruction prefixes, segment overrides and encoding prefixes,
/// and its output leaves the prefixes out (nas64 said "instruction expected"). Before `times' and resb nasm writes them
/// (in each repetition, or as a byte), which nas64 does not do yet and says so.
/// </summary>
public sealed class PrefixedDataTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "a16 db 1")]
    [InlineData(32, "a32 dd 2")]
    [InlineData(16, "o32 dq 1")]
    [InlineData(64, "lock dw 1")]
    [InlineData(64, "es db 1, 2")]
    [InlineData(32, "lock db 'ab'")]
    [InlineData(64, "fs dq 1.5")]
    [InlineData(32, "x: rep db 3")]
    [InlineData(32, "rep rep db 1")]
    [InlineData(64, "{vex} db 1")]
    public void DataAfterPrefixesLeavesThemOut(int bits, string line) => NasmComparison.AssertSameBin($"bits {bits}\n{line}\nnop\n");

    [RequiresToolsTheory("nasm")]
    [InlineData(64, "a16 a32 db 1")]
    [InlineData(32, "a16 align 4")]
    public void PrefixesNasmRefusesBeforeData(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\nnop\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("rep times 2 nop")]
    [InlineData("a16 resb 2")]
    public void PrefixesNasmWritesAreNotSupportedYet(string line) => NasmComparison.AssertNotSupportedYet($"bits 32\n{line}\n");
}
