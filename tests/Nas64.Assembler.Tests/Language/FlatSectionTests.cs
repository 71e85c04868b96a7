namespace Nas64.Assembler.Tests.Language;

/// <summary>-f bin with several sections: start=, vstart=, follows=, vfollows=, align=, valign= and section.NAME.start.</summary>
public sealed class FlatSectionTests
{
    [RequiresToolsFact("nasm")]
    public void SectionsWithStartVStartFollowsAndBss() => NasmComparison.AssertSameBin("""
        org 0x7c00
        section .text
        start: mov si, msg
          jmp main
        section .data
        msg: db "hello", 0
        section .text
        main: mov ax, [msg]
          mov bx, section..data.start
          mov cx, section..extra.start
          mov dx, section..extra.vstart
          dd vdata
        section .extra start=0x8000 vstart=0x100000
        vdata: db 1, 2, 3
          dd vdata, $$, $
        section .after follows=.text align=16
          db 0xaa
          dw $, $$
        section .bss
        buf: resb 16
        section .text
          dw buf, after_bss
        section .bss2 nobits vfollows=.bss valign=32
        after_bss: resb 4
        """);

    [RequiresToolsFact("nasm")]
    public void FollowsChainsAndAlignment() => NasmComparison.AssertSameBin("""
        org 0x1000
        section .text
        db 1
        section .a start=0x1100
        db 2
        section .b follows=.a
        db 3
        section .c align=8
        db 4
        section .d vstart=0x2000 align=4
        x: db 4
          dw $, $$
        section .e follows=.text vfollows=.d
        y: dd y
        section .text
        dd x, y, section..d.start, section..d.vstart, section..c.start
        section .bss
        z: resd 1
        section .text
        dd z
        align 16
        """);

    [RequiresToolsFact("nasm")]
    public void RipRelativeInAFlatImage() => NasmComparison.AssertSameBin("""
        bits 64
        org 0x400000
        section .text
        mov rax, [rel v]
        lea rsi, [rel v]
        call f
        f: ret
        section .data
        v: dq f, v
        """);

    /// <summary>nasm's bin layout problems are fatal, in its words (its spelling too).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("org 0x100\nsection .a start=0x10\ndb 1\n")]
    [InlineData("org 0x100\nsection .text\ndb 1\nsection .b start=0x10\ndb 2\n")]
    [InlineData("section .a start=0x10\ndb 1,2,3\nsection .b start=0x11\ndb 2\n")]
    [InlineData("section .a follows=.c\ndb 1\n")]
    [InlineData("section .a follows=.a\ndb 1\n")]
    public void LayoutErrorsAreFatal(string source) => NasmComparison.AssertSameErrors(source);

    /// <summary>The bin format fixes a section's type when it makes it: .text and .data progbits, .bss nobits, another as
    /// its first declaration says (progbits without a word for it).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("section .text nobits\nnop\n")]
    [InlineData("section .data align=16 nobits\ndb 1\n")]
    [InlineData("section .bss progbits\nresb 4\n")]
    [InlineData("section .x\nnop\nsection .x nobits\n")]
    [InlineData("section .x nobits\nresb 1\nsection .x progbits\n")]
    [InlineData("section .text progbits\nsection .text nobits progbits\nnop\n")]
    public void SectionTypeChanges(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsFact("nasm")]
    public void SectionTypesKept() => NasmComparison.AssertSameBin("""
        section .text progbits
        nop
        section .x nobits
        resb 4
        section .x nobits
        section .x
        section .bss nobits
        resb 2
        """);
}
