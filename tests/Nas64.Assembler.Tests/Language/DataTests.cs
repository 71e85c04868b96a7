namespace Nas64.Assembler.Tests.Language;

/// <summary>db…dz, resb…resz, times, incbin, align/alignb, struc/istruc and absolute.</summary>
public sealed class DataTests
{
    [RequiresToolsFact("nasm")]
    public void DataAndReserveUnits() => NasmComparison.AssertSameBin("""
        section .text
        db 1
        dw 0x1234
        dd 0x12345678
        dq 0x123456789abcdef0
        dt 1.0
        do 1.0
        db 1, 2, 'abc', 3
        dw 'abc', 1
        dd 'abcde', 1
        dq 'a'
        db ?
        dw ?, 1
        section .bss
        resb 1
        resw 1
        resd 1
        resq 1
        rest 1
        reso 1
        resy 1
        resz 1
        section .data
        x: resb 2
        db 1
        """);

    [RequiresToolsFact("nasm")]
    public void ReserveOutsideBssWarnsAsNasmDoes() => NasmComparison.AssertSameElf("""
        section .data
        db 1
        resb 3
        alignb 8
        resb 1
        x: times 2 resb 1
        resw 1
        section .bss
        db 1
        dd 2
        """);

    [RequiresToolsFact("nasm")]
    public void RelocationsFromDataAndCode() => NasmComparison.AssertSameElf("""
        extern e
        section .data
        a: dd $, a, e, e + 4, a - $
           dq $$, e - 8, a + 16
           dw a, e
           db e
           times 2 dd $
        section .text
           mov eax, a
           mov rax, a
           mov rax, qword e
           push a
           dd a
        """);

    [RequiresToolsFact("nasm")]
    public void Times() => NasmComparison.AssertSameBin("""
        times 3 db 1, 2
        times 2 dw $
        times 0 db 9
        times 2 times 3 db 7
        x: times 4 nop
        times 510 - ($ - $$) db 0
        dw 0xAA55
        """);

    /// <summary>nasm's data list ends at the end of the line after a comma too.</summary>
    [RequiresToolsFact("nasm")]
    public void TrailingCommaEndsTheList() => NasmComparison.AssertSameBin("""
        db 1,
        dw 2, 3,
        dd 4,  
        dq 1.5,
        times 2 db 3,
        """);

    [RequiresToolsFact("nasm")]
    public void IncbinWithOffsetAndLength() => NasmComparison.AssertSameBin("""
        incbin "blob.bin"
        incbin "blob.bin", 10
        incbin "blob.bin", 4, 3
        incbin "blob.bin", 30, 100
        db 0
        """, new Dictionary<string, byte[]> { ["blob.bin"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8.ToArray() });

    [RequiresToolsFact("nasm")]
    public void AlignPadsWithNopsOrTheGivenFill() => NasmComparison.AssertSameBin("""
        bits 64
        db 1
        align 16
        db 2
        align 8, db 0xCC
        dw 3
        align 4, nop
        db 4
        align 16, int3
        db 5
        alignb 8
        db 6
        align 2
        dd 7
        align 16, dd 0x11223344
        db 8
        """);

    [RequiresToolsFact("nasm")]
    public void AlignInBssAndAlignbInData() => NasmComparison.AssertSameElf("""
        section .text
        db 1
        align 32
        section .bss
        resb 1
        alignb 8
        resb 3
        align 16
        resq 1
        section .data
        db 1
        alignb 4
        db 2
        """);

    [RequiresToolsFact("nasm")]
    public void StrucAndIstruc() => NasmComparison.AssertSameBin("""
        struc point
          .x: resd 1
          .y: resd 1
          .name resb 6
        endstruc
        struc hdr
          magic resw 1
          len   resd 1
        endstruc
        dd point_size, point.x, point.y, point.name, hdr_size, magic, len
        p1: istruc point
          at point.x, dd 10
          at point.y, dd 20
          at point.name, db 'abc'
        iend
        p2: istruc point
          at point.y, dd 7
        iend
        db 0xee
        dw p2 - p1
        mov eax, [ebx + point.y]
        """);

    [RequiresToolsFact("nasm")]
    public void StrucSymbolsInAnObject() => NasmComparison.AssertSameElf("""
        struc s
        .a resb 1
        .b resd 1
        endstruc
        section .data
        v: istruc s
        at s.b, dd 1
        iend
        w: istruc s
        iend
        struc t, 8
        .c resq 1
        endstruc
        dq t.c, t_size
        align 4
        sectalign 8
        bits 64
        default rel
        global v
        u: istruc t
        iend
        """);

    [RequiresToolsFact("nasm")]
    public void EndstrucReturnsToTheLastSection() => NasmComparison.AssertSameBin("""
        section .data
        db 9
        absolute 0x40
        q: resb 1
        section .text
        struc s
        .a resb 1
        endstruc
        db 1
        absolute 0x80
        struc t
        .a resb 1
        endstruc
        r: resb 1
        section .text
        dd q, r
        """);

    [RequiresToolsFact("nasm")]
    public void Absolute() => NasmComparison.AssertSameBin("""
        absolute 0x1000
        v1: resb 4
        v2: resw 2
        v3: resd 1
        alignb 16
        v4:
        section .text
        dd v1, v2, v3, v4
        absolute 0x1001
        x equ $$
        y equ $
        section .text
        dd x, y
        """);
}
