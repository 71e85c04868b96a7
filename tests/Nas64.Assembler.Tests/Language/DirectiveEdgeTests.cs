namespace Nas64.Assembler.Tests.Language;

/// <summary>Less common directive forms, each against nasm 2.16: `[warning pop]` with nothing pushed, a `bits` that the
/// cpu level refuses (the mode stays as it was), incbin with offsets before and beyond the file.</summary>
public sealed class DirectiveEdgeTests
{
    [RequiresToolsFact("nasm")]
    public void WarningPopWithAnEmptyStackWarns() => NasmComparison.AssertSameBin("""
        bits 32
        [warning pop]
        [warning push]
        [warning -number-overflow]
        db 300
        [warning pop]
        [warning pop]
        db 300
        """);

    [RequiresToolsFact("nasm")]
    public void RefusedBitsKeepsTheMode() => NasmComparison.AssertSameErrors("""
        bits 16
        cpu 286
        push 5
        bits 32
        push 5
        push word 5
        mov ax, 1
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("incbin \"data.bin\", -2")]
    [InlineData("incbin \"data.bin\", -2, 3")]
    public void IncbinBeforeTheFileIsAnError(string line) =>
        NasmComparison.AssertSameErrors(line, files: new Dictionary<string, byte[]> { ["data.bin"] = "abcdefghij"u8.ToArray() });

    [RequiresToolsTheory("nasm")]
    [InlineData("incbin \"data.bin\", 20")]
    [InlineData("incbin \"data.bin\", 10")]
    [InlineData("incbin \"data.bin\", 2, 100")]
    [InlineData("incbin \"data.bin\", 0, 0")]
    public void IncbinOffsetsAndLengths(string line) =>
        NasmComparison.AssertSameBin($"db 1\n{line}\ndb 2\n", new Dictionary<string, byte[]> { ["data.bin"] = "abcdefghij"u8.ToArray() });

    [RequiresToolsTheory("nasm")]
    [InlineData("dd foo(1)")]
    [InlineData("dt float80(3.25)")]
    [InlineData("dd 1.5 (2)")]
    public void DataItemsWithoutCommas(string line) => NasmComparison.AssertSameErrors($"foo equ 1\n{line}\n");
}
