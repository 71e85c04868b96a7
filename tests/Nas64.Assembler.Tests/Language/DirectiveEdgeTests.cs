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

    /// <summary>`absolute' at an address of a section: labels there are addresses in that section (relocated in an
    /// object), $$ is the section's start; reserving space in it is allowed, code is not.</summary>
    [RequiresToolsFact("nasm")]
    public void AbsoluteAtAnAddressInASection()
    {
        const string Source = """
            section .text
            nop
            absolute $
            x: resb 4
            z equ $-$$
            alignb 8
            y: resd 1
            section .text
            mov eax, y
            jmp x
            db x, z
            section .data
            dd x, y
            """;
        NasmComparison.AssertSameBin(Source);
        NasmComparison.AssertSameElf(Source, "elf32");
        NasmComparison.AssertSameElf("bits 64\n" + Source);
        NasmComparison.AssertSameErrors("section .text\nnop\nabsolute $\nx: resb 4\ndb 1\n");
    }

    /// <summary>align and the directives are macros to nasm, which `times' does not expand: its parser sees no instruction.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("times 3 align 4")]
    [InlineData("times 2 alignb 8")]
    [InlineData("times 2 align 8, db 0xcc")]
    [InlineData("times 2 section .data")]
    [InlineData("times 2 bits 32")]
    [InlineData("times 2 global x")]
    [InlineData("times 2 struc s")]
    [InlineData("times 2 iend")]
    [InlineData("%use smartalign\ntimes 3 align 16")]
    public void TimesDoesNotRepeatDirectives(string line) => NasmComparison.AssertSameErrors($"x: db 1\n{line}\ndb 2\n", "elf64");

    /// <summary>A directive's error is one of nasm's first pass (which stops it before the final pass's messages); org,
    /// absolute and sectalign take critical expressions (a symbol defined further down is "not defined before use").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\ncpu 286\nbits 32\nfoo\nresb 4\ndb 300\nmov eax, undefined_symbol")]
    [InlineData("default foo\nfoo\ndb 300")]
    [InlineData("[default]")]
    [InlineData("cpu foo\ndb 300")]
    [InlineData("bits 48\ndb 300")]
    [InlineData("org u\nu equ 5\ndb 300")]
    [InlineData("x: nop\norg x")]
    [InlineData("a:\norg a.b + 1\n.b:")]
    [InlineData("org 5\norg 6\ndb 300")]
    [InlineData("bits 48\nincbin \"nosuch.bin\"\ndb 300")]
    [InlineData("db 300\nfoo bar\nincbin \"nosuch.bin\"")]
    [InlineData("mov eax, undefined_symbol\nincbin \"nosuch.bin\"\n%error hi")]
    [InlineData("sectalign 0")]
    [InlineData("sectalign 0x100000000")]
    [InlineData("sectalign -4\nfoo")]
    [InlineData("sectalign u\nu equ 4")]
    [InlineData("times 3 nop\nx: nop\nsectalign x")]
    [InlineData("absolute u\nx: resb 1\nu equ 5")]
    [InlineData("absolute x\nx: resb 1")]
    public void DirectiveErrorsOfTheFirstPass(string source) => NasmComparison.AssertSameErrors(source + "\n");

    /// <summary>`default' reads its first word; `sectalign off' keeps align from raising the section's alignment, `on'
    /// lets it again; sectalign of an address takes its offset.</summary>
    [RequiresToolsFact("nasm")]
    public void DefaultAndSectalignForms() => NasmComparison.AssertSameElf("""
        bits 64
        default rel abs
        mov eax, [x]
        default abs, rel
        mov eax, [x]
        sectalign off
        section .data
        x: db 1
        align 64
        db 2
        sectalign on
        section .bss
        alignb 32
        resb 1
        """);

    [RequiresToolsFact("nasm")]
    public void SectalignOfAnAddressTakesItsOffset() => NasmComparison.AssertSameBin("nop\ny: nop\nsectalign y\nnop\n");

    /// <summary>nasm's ELF output makes the default .text when code first goes into it (its final pass), after the
    /// sections its first pass declared, unless a `section .text' names it first.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("nop\nsection .data\ndb 1\nsection .bss\nresb 1")]
    [InlineData("x:\nsection .data\ndd x")]
    [InlineData("nop\nsection .data\ndb 1\nsegment .text\nnop")]
    [InlineData("nop\nsection .data\nsection .text\nsection .bss\nresb 1")]
    [InlineData("nop\nsection .data\ndd x\nsection .bss\nx:\nsection .text\nnop\nsection .foo\ndb 1")]
    public void ImplicitTextComesAfterDeclaredSections(string source)
    {
        NasmComparison.AssertSameElf(source + "\n");
        NasmComparison.AssertSameElf(source + "\n", "elf32");
    }

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
    [InlineData("db 1 2 3")]
    [InlineData("db 1 x y")]
    [InlineData("dq 1 x wrt y")]
    public void DataItemsWithoutCommas(string line) => NasmComparison.AssertSameErrors($"foo equ 1\n{line}\n");

    /// <summary>nasm drops one stray token after a data expression (db 1 2 is 01; "ab" followed by a token is an
    /// expression, a word too wide for a byte).</summary>
    [RequiresToolsFact("nasm")]
    public void OneStrayTokenAfterADataExpressionIsDropped() => NasmComparison.AssertSameBin("""
        x: db 1 2
        db 1 "a"
        db "a" 2
        db 1 2, 3 4
        times 2 db 1 2
        db "ab" x, 5
        dw 1 )
        """);
}
