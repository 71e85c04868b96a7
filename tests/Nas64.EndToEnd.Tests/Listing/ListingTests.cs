namespace Nas64.EndToEnd.Tests.Listing;

/// <summary>
/// nas64 -l against nasm -l: the same source and switches must give the same listing text, byte for byte.
///
/// Known differences (not tested here, documented in docs/design.md):
/// - -Lb and -Lf: nasm also lists the text of its built-in standard macro package (line 0) and the
///   expansions of its .nolist standard macros (bits, section, global, align, incbin…), which nas64
///   implements natively; nas64 lists -P files under -Lb and .nolist user macros under -Lf only.
/// - -Ls (single-line macro definitions) and -Lp (a listing per pass) are accepted and ignored.
/// - Errors found after assembly (the output writer's, such as an extern in -f bin) are not in nas64's listing.
/// </summary>
public sealed class ListingTests
{
    private const string Include = """
        ; included
            mov ebx, 2
        %macro inner 1
            db %1
        %endmacro
        """;

    public static TheoryData<string, string, string> Sources() => new()
    {
        { "instructions", "elf64", """
            ; comment line
            bits 64
            section .text
            global _start
            extern ext
            _start:
                mov eax, 1
                mov rdi, 0x1234567890
                syscall
                call foo
                call ext
                jmp short foo
                lea rax, [rel x]
                mov eax, [x]
                mov rax, x
                dq ext + 4
            foo: ret
            section .data
            x:  dd 0
            	db 1 ; tab-indented
            """ },
        { "data", "elf64", """
            section .data
            label1  db "hello, world, this is a long string", 10, 0
                dw 0x1234, 0x5678, 0x9abc, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666
                dq 1.5
                db 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb
                align 16
                db 1
                align 8, db 0
            """ },
        { "times-res-equ", "elf64", """
            section .text
                times 0 nop
                times 1 nop
                times 4 db 0x90
                times 3 db 1, 2
                times 20 db 'abcdefghijkl'
                resb 4
                resd 3
            foo equ 42
            section .data
                times 3 resb 2
            section .bss
            buf resb 64
                alignb 16
                resb 3
                resq 100
            struc point
              .x resd 1
              .y resd 1
            endstruc
            """ },
        { "include-macros", "bin", """
            bits 64
            %include "inc.inc"
            %define X 5
            %if 0
                nop
            %else
                int3
            %endif
            %macro quiet 0.nolist
                nop
                nop
            %endmacro
            %macro outer 1
                inner %1
                push rax
            %endmacro
            %macro two 2
              db %1, %2
            %endmacro
                quiet
                outer 7
            l2: outer 8
                two 1, {2, 3}
            %rep 2
                inc eax
                two 4, 5
            %endrep
                mov eax, X
            x: dd x
                db 'abc' ; tail
                incbin "inc.inc", 0, 30
            """ },
        { "list-directive", "elf64", """
            section .data
                db 1
            [list -]
                db 2
                nop
            [list +]
                db 3
            struc point
              .x resd 1
            endstruc
            p: istruc point
              at point.x, dd 1
            iend
            """ },
        { "warnings", "bin", """
            %macro d 1-3 9, 8
              db %1, %2, %3
            %endmacro
                resb 2
                db 300
                dw 0x12345
                d
            %warning careful
            [warning -number-overflow]
                db 301
            """ },
        { "rep-use-line", "elf64", """
            %use altreg
            %include "inc2.inc"
            %macro rp 1
            %rep %1
              db %1
            %endrep
            %endmacro
              rp 2
              mov r0, r1
            %assign i 0
            %rep 3
            %assign i i+1
              dw i
            %endrep
            %line 100+1 other.asm
              nop
            %ifdef PRE
              int3
            %endif
            lbl: times 2 db 5
            """ },
        // Self-relative data lists k − $, as written: ext - $ in ELF, and in -f bin the section's own label negated.
        { "relative", "elf64", """
            bits 64
            extern ext
            nop
            dd ext-$
            dd ext-$+3
            mov eax, ext-$
            """ },
        { "negated", "bin", """
            org 0x100
            bits 64
            nop
            a: nop
            dd -a
            dd 3-$
            mov eax, -a
            mov eax, [rax-a+0x10]
            """ },
        { "errors", "elf64", """
            section .text
              mov eax, nosuch
              nop
              mov eax, ebx, ecx
              db 1
            """ },
    };

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(Sources))]
    public void ListingIsNasms(string name, string format, string source)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("inc.inc"), Include);
        File.WriteAllText(dir.File("inc2.inc"), "%include \"inc.inc\"\n  dd 7\n");
        File.WriteAllText(dir.File("pre.inc"), "%define PRE 1\n");
        File.WriteAllText(dir.File(name + ".asm"), source + "\n");
        foreach (string[] flags in new[] { Array.Empty<string>(), ["-Le"], ["-Lm"], ["-Lem"], ["-Ld"], ["-Le", "-Ld"] })
        {
            string[] arguments = ["-f", format, "-Ppre.inc", .. flags, name + ".asm"];
            ExternalTool.Run("nasm", [.. arguments, "-l", "nasm.lst", "-o", "nasm.out"], dir.Path);
            var ours = Nas64Command.Run(dir.Path, [.. arguments, "-l", "ours.lst", "-o", "ours.out"]);
            Assert.True(File.Exists(dir.File("ours.lst")), $"no listing for {name} {string.Join(' ', flags)}: {ours.StandardError}");
            Assert.Equal(File.ReadAllText(dir.File("nasm.lst")), File.ReadAllText(dir.File("ours.lst")));
        }
    }
}
