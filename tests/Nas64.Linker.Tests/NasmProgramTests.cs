namespace Nas64.Linker.Tests;

/// <summary>NASM programs linked by nas64 and by GNU ld must print the same and exit the same.</summary>
public sealed class NasmProgramTests
{
    /// <summary>Writes the message and exits with 7: the code both the linked and the hand-made executables run.</summary>
    private const string HelloCode = """
        _start:
            mov eax, 1
            mov edi, 1
            lea rsi, [rel msg]
            mov edx, msg_len
            syscall
            mov eax, 60
            mov edi, 7
            syscall
        """;

    private const string Hello = $"""
        bits 64
        global _start
        section .text
        {HelloCode}
        section .rodata
        msg: db "Hello, world!", 10
        msg_len equ $ - msg
        """;

    /// <summary>--tiny is one segment with no padding: within a few bytes of a minimal ELF written by hand (ELF header,
    /// a PT_LOAD and a PT_GNU_STACK, then the same code and message, built with nasm -f bin), and it runs the same.</summary>
    [RequiresToolsFact("nasm", "readelf", "eu-elflint")]
    public void TinyIsWithinAFewBytesOfAHandMadeElf()
    {
        using var h = new LinkHarness();
        string tiny = h.Link("tiny", [h.Nasm("hello", Hello)], new LinkOptions { StripSymbols = true, Tiny = true });
        string handMade = h.File("hand-made");
        System.IO.File.WriteAllText(handMade + ".asm", $"""
            bits 64
            org 0x400000
                db 0x7f, "ELF", 2, 1, 1, 0
                times 8 db 0
                dw 2, 0x3e
                dd 1
                dq _start, phdr - $$, 0
                dd 0
                dw 64, 56, 2, 64, 0, 0
            phdr:
                dd 1, 7
                dq 0, $$, $$, filesize, filesize, 0x1000
                dd 0x6474e551, 6
                dq 0, 0, 0, 0, 0, 16
            {HelloCode}
            msg: db "Hello, world!", 10
            msg_len equ $ - msg
            filesize equ $ - $$
            """);
        ExternalTool.RunChecked("nasm", "-f", "bin", "-o", handMade, handMade + ".asm");
        ExternalTool.RunChecked("chmod", "+x", handMade);
        var expected = LinkHarness.Run(handMade);
        Assert.Equal("Hello, world!\n", expected.StandardOutput);
        var actual = LinkHarness.Run(tiny);
        Assert.Equal(expected.StandardOutput, actual.StandardOutput);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        long ours = new FileInfo(tiny).Length, minimal = new FileInfo(handMade).Length;
        Assert.True(ours <= minimal + 8, $"--tiny {ours} bytes, hand-made {minimal}");
        Assert.Equal(2, ExternalTool.RunChecked("readelf", "-lW", tiny).StandardOutput.Split('\n').Count(l => l.Contains("LOAD") || l.Contains("GNU_STACK")));
    }

    [RequiresToolsFact("nasm", "ld", "readelf", "eu-elflint")]
    public void HelloWorldMatchesLd()
    {
        using var h = new LinkHarness();
        var result = h.LinkBothAndCompare(h.Nasm("hello", Hello));
        Assert.Equal("Hello, world!\n", result.StandardOutput);
        Assert.Equal(7, result.ExitCode);
    }

    /// <summary>A data segment of .bss alone after code of odd length: its file size is 0, as in ld's output
    /// (it was negative once, and the program died with SIGSEGV). eu-elflint objects to such a segment in
    /// ld's output as in ours, so ours is checked to get no complaint ld's does not.</summary>
    [RequiresToolsFact("nasm", "ld", "readelf", "eu-elflint")]
    public void BssOnlyDataSegmentAfterOddSizedCode()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("bssonly", """
            bits 64
            global _start
            section .text
            _start:
                mov dword [rel counter], 5
                mov edi, [rel counter]
                mov eax, 60
                syscall
            section .bss
            alignb 4
            counter: resd 1
            """);
        // Not h.Link: eu-elflint objects to a writable segment holding only .bss ("contains no writable
        // sections"), in ld's executable as in ours, so our verdict must be no worse than ld's.
        var (image, diagnostics) = h.TryLink([obj]);
        Assert.True(image is not null, string.Join("\n", diagnostics.Items));
        string ours = h.File("ours"), gnu = h.LinkGnu("gnu", obj);
        Nas64.Objects.OutputFile.Write(ours, image, executable: true);
        static HashSet<string> Lint(string exe) =>
            [.. ExternalTool.Run("eu-elflint", ["--gnu-ld", exe]).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        // ld's executable gets that complaint and one more (its .bss "not in any loaded segment"); ours no other.
        Assert.Subset(Lint(gnu), Lint(ours));
        Assert.Equal(5, LinkHarness.Run(gnu).ExitCode);
        Assert.Equal(5, LinkHarness.Run(ours).ExitCode);
        static string WritableFileSize(string exe) => ExternalTool.RunChecked("readelf", "-lW", exe).StandardOutput
            .Split('\n').Single(l => l.TrimStart().StartsWith("LOAD", StringComparison.Ordinal) && l.Contains(" RW ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        Assert.Equal(WritableFileSize(gnu), WritableFileSize(ours));
    }

    [RequiresToolsFact("nasm", "ld", "nm", "readelf", "eu-elflint")]
    public void HelloWorldIsSmallerThanLd()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("hello", Hello);
        string ours = h.Link("ours", [obj], new LinkOptions { StripSymbols = true });
        string gnu = h.LinkGnu("gnu", "-s", obj);
        long ourSize = new FileInfo(ours).Length, gnuSize = new FileInfo(gnu).Length;
        Assert.True(ourSize < gnuSize / 8, $"ours {ourSize} bytes, ld -s {gnuSize}");
        Assert.Equal("Hello, world!\n", LinkHarness.Run(ours).StandardOutput);
        Assert.Contains("no symbols", ExternalTool.Run("nm", [ours]).StandardError);
        Assert.Contains("_start", ExternalTool.RunChecked("nm", h.Link("named", [obj])).StandardOutput);
        string tiny = h.Link("tiny", [obj], new LinkOptions { StripSymbols = true, Tiny = true });
        Assert.Equal("Hello, world!\n", LinkHarness.Run(tiny).StandardOutput);
        Assert.True(new FileInfo(tiny).Length < ourSize);
    }

    [RequiresToolsFact("nasm", "ld", "readelf", "eu-elflint")]
    public void ObjectsReferencingEachOtherWithDataAndBss()
    {
        using var h = new LinkHarness();
        string main = h.Nasm("main", """
            bits 64
            global _start
            extern print, table, counter, table_len
            section .text
            _start:
                xor ebx, ebx
            .next:
                cmp rbx, table_len
                jae .done
                mov rdi, [table + rbx*8]      ; R_X86_64_32S
                call print
                inc qword [rel counter]
                inc rbx
                jmp .next
            .done:
                mov eax, 60
                mov rdi, [rel counter]
                syscall
            """);
        string lib = h.Nasm("lib", """
            bits 64
            global print, table, counter, table_len
            table_len equ 3
            section .text
            print:                            ; rdi -> NUL-terminated string
                mov rsi, rdi
                xor edx, edx
            .len:
                cmp byte [rsi + rdx], 0
                je .write
                inc rdx
                jmp .len
            .write:
                mov eax, 1
                mov edi, 1
                syscall
                mov rax, [rel scratch]
                add [rel scratch], rdx
                ret
            section .data
            align 8
            table: dq one, two, three         ; R_X86_64_64
            section .rodata
            one: db "one", 10, 0
            two: db "two", 10, 0
            three: db "three", 10, 0
            section .bss
            counter: resq 1
            scratch: resq 4
            """);
        var result = h.LinkBothAndCompare(main, lib);
        Assert.Equal("one\ntwo\nthree\n", result.StandardOutput);
        Assert.Equal(3, result.ExitCode);
    }
}
