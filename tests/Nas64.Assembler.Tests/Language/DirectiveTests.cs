namespace Nas64.Assembler.Tests.Language;

/// <summary>bits/use, section attributes, default rel, symbol declarations, cpu and raw [directive] forms.</summary>
public sealed class DirectiveTests
{
    [RequiresToolsFact("nasm")]
    public void SymbolDeclarations() => NasmComparison.AssertSameElf("""
        global f:function (f.end - f)
        global d:data 8
        global h:function hidden
        global w:weak
        global o:object protected
        extern ext1, ext2
        extern ext3:function
        common cbuf 64:16
        common c2 4
        static s1
        section .text
        f: nop
           call ext1
           call ext3 wrt ..plt
           mov rax, [rel ext2]
           lea rax, [rel d]
           ret
        .end:
        h: ret
        w: ret
        s1: ret
        section .data
        d: dq f, ext1, d
        o: dd 1
        section .rodata
        r: db "hi", 0
        """);

    [RequiresToolsFact("nasm")]
    public void SectionDefaultsAndAttributes() => NasmComparison.AssertSameElf("""
        section .text
        nop
        section .data
        db 1
        section .rodata
        db 2
        section .bss
        resb 4
        section .tdata
        db 3
        section .tbss
        resb 1
        section .custom
        db 4
        section .c2 progbits alloc exec write align=32
        db 5
        section .c3 nobits alloc noexec write align=8
        resb 5
        section .c4 progbits noalloc
        db 6
        segment .c5
        db 7
        section .init_array
        dq 0
        section .note.foo
        db 1
        section .note
        db 1
        section .comment
        db 0
        section .text
        nop
        """);

    [RequiresToolsFact("nasm")]
    public void BitsAndUse() => NasmComparison.AssertSameBin("""
        bits 16
        mov ax, 1
        use32
        mov eax, 1
        [bits 64]
        mov rax, [rbx]
        use16
        push ax
        bits 32
        push eax
        use64
        push rax
        """);

    [RequiresToolsFact("nasm")]
    public void DefaultRelAndAbs() => NasmComparison.AssertSameElf("""
        section .data
        v: dq 0
        section .text
        mov rax, [v]
        default rel
        mov rax, [v]
        mov rax, [abs v]
        [default abs]
        mov rax, [v]
        mov rax, [rel v]
        """);

    [RequiresToolsFact("nasm")]
    public void CpuAndRawDirectives() => NasmComparison.AssertSameBin("""
        cpu x64
        [cpu 686]
        [section .text]
        [org 0x7c00]
        [bits 16]
        start: jmp start
        [absolute 0x500]
        buf: resb 16
        [section .text]
        dw buf
        """);

    [RequiresToolsFact("nasm")]
    public void Elf32Object() => NasmComparison.AssertSameElf("""
        global _start
        extern ext
        section .text
        _start: call ext
          mov eax, [v]
          ret
        section .data
        v: dd _start, ext
        """, "elf32");
}
