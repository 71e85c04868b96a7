namespace Nas64.Linker.Tests;

/// <summary>Archives (members pulled only when needed, groups), GNU as objects, COMDAT groups, init arrays.</summary>
public sealed class ArchiveAndGasTests
{
    private static string Member(string name, string body) => $"""
        bits 64
        global {name}
        section .text
        {name}:
        {body}
        """;

    private const string Exit = """
        bits 64
        global _start
        extern first, second
        section .text
        _start:
            call first
            mov edi, eax
            mov eax, 60
            syscall
        """;

    /// <summary>GNU as refers to a local in a merged-string section by the symbol itself, not by its section
    /// symbol, so the linker makes a symbol for that one local (the others stay compact): the program must
    /// run as ld's does, and the executable's local symbols (name, type, section) must be ld's — FILE symbols
    /// included: nasm's object names its source, GNU as's (no .file) is named after the object.</summary>
    [RequiresToolsFact("as", "nasm", "ld", "readelf", "eu-elflint")]
    public void RelocationsAgainstLocalSymbolsMatchLd()
    {
        using var h = new LinkHarness();
        string obj = h.Gas("locals", """
                    .intel_syntax noprefix
                    .globl _start
                    .text
            _start:
                    lea rsi, [rip + greeting]
                    mov edi, 1
                    mov edx, 3
                    mov eax, 1
                    syscall
                    movzx edi, byte ptr [rip + greeting + 1]
                    mov eax, 60
                    syscall
            after:  nop
                    .section .rodata.str1.1,"aMS",@progbits,1
            other:  .asciz "unused"
            greeting: .asciz "ok\n"
            """);
        Assert.Contains("greeting - 4", ExternalTool.RunChecked("readelf", "-rW", obj).StandardOutput);
        string other = h.Nasm("other", "global helper\nhelper:\n.inner: ret\nnearby: ret\n");
        var result = h.LinkBothAndCompare(obj, other);
        Assert.Equal("ok\n", result.StandardOutput);
        Assert.Equal('k', result.ExitCode);
        static List<string> Locals(string exe) =>
        [
            .. ExternalTool.RunChecked("readelf", "-sW", exe).StandardOutput.Split('\n')
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length == 8 && f[4] == "LOCAL")
                .Select(f => $"{f[7]} {f[3]}")
                .Order(StringComparer.Ordinal),
        ];
        Assert.Equal(Locals(h.File("gnu")), Locals(h.File("ours")));
    }

    [RequiresToolsFact("nasm", "ld", "ar", "nm", "readelf", "eu-elflint")]
    public void ArchivePullsOnlyNeededMembers()
    {
        using var h = new LinkHarness();
        string first = h.Nasm("first", Member("first", "    call second\n    add eax, 1\n    ret\n    extern second"));
        string second = h.Nasm("second", Member("second", "    mov eax, 41\n    ret"));
        string unused = h.Nasm("unused", Member("unused", "    ud2"));
        string lib = h.Archive("libdemo.a", unused, first, second);
        string main = h.Nasm("main", Exit);
        var result = h.LinkBothAndCompare(main, lib);
        Assert.Equal(42, result.ExitCode);

        string map = h.File("ours.map");
        h.Link("mapped", [main, lib], new LinkOptions { MapFile = map });
        string text = File.ReadAllText(map);
        Assert.Contains("libdemo.a(first.o)", text);
        Assert.Contains("libdemo.a(second.o)", text);
        Assert.DoesNotContain("unused", text);
        string symbols = ExternalTool.RunChecked("nm", h.File("ours")).StandardOutput;
        Assert.Contains(" T second", symbols);
        Assert.DoesNotContain("unused", symbols);
    }

    [RequiresToolsFact("nasm", "ld", "ar", "readelf", "eu-elflint")]
    public void ArchiveOrderMattersUnlessGrouped()
    {
        using var h = new LinkHarness();
        // liba's member needs libb's, and libb's member needs liba's other member: only a group resolves it.
        string a1 = h.Nasm("a1", Member("first", "    call second\n    inc eax\n    ret\n    extern second"));
        string a2 = h.Nasm("a2", Member("third", "    mov eax, 9\n    ret"));
        string b1 = h.Nasm("b1", Member("second", "    call third\n    ret\n    extern third"));
        string liba = h.Archive("liba.a", a1, a2), libb = h.Archive("libb.a", b1);
        string main = h.Nasm("main", Exit);

        var gnu = ExternalTool.Run("ld", ["-static", "-o", h.File("gnu"), main, liba, libb]);
        Assert.NotEqual(0, gnu.ExitCode);
        var (image, diagnostics) = h.TryLink([main, liba, libb]);
        Assert.Null(image);
        Assert.Contains(diagnostics.Items, d => d.Message.Contains("undefined reference to `third'"));

        ExternalTool.RunChecked("ld", "-static", "-o", h.File("gnu"), main, "--start-group", liba, libb, "--end-group");
        string ours = h.Link("ours", [main, "(", liba, libb, ")"]);
        Assert.Equal(LinkHarness.Run(h.File("gnu")).ExitCode, LinkHarness.Run(ours).ExitCode);
        Assert.Equal(10, LinkHarness.Run(ours).ExitCode);
    }

    [RequiresToolsFact("as", "ld", "readelf", "eu-elflint")]
    public void GasObjectsWithComdatAndInitArray()
    {
        using var h = new LinkHarness();
        string comdat(string value) => $$"""
            .section .text.pick,"axG",@progbits,pick,comdat
            .globl pick
            .type pick,@function
            pick:
                mov ${{value}}, %eax
                ret
            """;
        string a = h.Gas("a", comdat("3") + """

            .section .init_array.00200,"aw",@init_array
            .quad two
            .section .init_array,"aw",@init_array
            .quad three
            .section .init_array.00100,"aw",@init_array
            .quad one
            .text
            one:   movb $'1', (%rdi); inc %rdi; ret
            two:   movb $'2', (%rdi); inc %rdi; ret
            three: movb $'3', (%rdi); inc %rdi; ret
            """);
        string b = h.Gas("b", comdat("5") + """

            .text
            .globl _start
            _start:
                lea buf(%rip), %rdi
                lea __init_array_start(%rip), %rbx
            1:  cmp $__init_array_end, %rbx
                jae 2f
                call *(%rbx)
                add $8, %rbx
                jmp 1b
            2:  movb $10, (%rdi)
                mov $1, %eax
                mov $1, %edi
                lea buf(%rip), %rsi
                mov $4, %edx
                syscall
                call pick
                mov %eax, %edi
                mov $60, %eax
                syscall
            .bss
            buf: .skip 16
            """);
        var result = h.LinkBothAndCompare(a, b);
        Assert.Equal("123\n", result.StandardOutput);
        Assert.Equal(3, result.ExitCode);
    }

    [RequiresToolsFact("as", "ld", "readelf", "eu-elflint")]
    public void NoteSectionGetsPtNoteAndEmptySectionsNoSegment()
    {
        using var h = new LinkHarness();
        string obj = h.Gas("note", """
            .section .note.test,"a",@note
            .balign 4
            .long 4, 4, 1
            .asciz "GNU"
            .long 42
            .text
            .globl _start
            _start:
                mov $60, %eax
                mov $9, %edi
                syscall
            """);
        Assert.Equal(9, h.LinkBothAndCompare(obj).ExitCode);
        string headers = ExternalTool.RunChecked("readelf", "-l", "-W", h.File("ours")).StandardOutput;
        Assert.Contains("NOTE", headers);
        Assert.DoesNotContain("RW  0x1000", headers);
    }

    [RequiresToolsFact("as", "ld", "readelf", "eu-elflint")]
    public void GcSectionsDropsUnreferencedSections()
    {
        using var h = new LinkHarness();
        string obj = h.Gas("gc", """
            .section .text._start,"ax",@progbits
            .globl _start
            _start:
                call used
                mov %eax, %edi
                mov $60, %eax
                syscall
            .section .text.used,"ax",@progbits
            used: mov $4, %eax
                ret
            .section .text.unused,"ax",@progbits
            .globl unused_function
            unused_function: call missing_but_unreachable
                ret
            .section .data.unused,"aw",@progbits
            .globl unused_data
            unused_data: .quad unused_function
            """);
        var (image, _) = h.TryLink([obj]);
        Assert.Null(image);
        string ours = h.Link("ours", [obj], new LinkOptions { GcSections = true });
        ExternalTool.RunChecked("ld", "-static", "--gc-sections", "-o", h.File("gnu"), obj);
        Assert.Equal(4, LinkHarness.Run(ours).ExitCode);
        Assert.Equal(LinkHarness.Run(h.File("gnu")).ExitCode, LinkHarness.Run(ours).ExitCode);
        string symbols = ExternalTool.RunChecked("nm", ours).StandardOutput;
        Assert.DoesNotContain("unused", symbols);
        Assert.Contains("_start", symbols);
    }

    [RequiresToolsFact("gcc", "ld", "readelf", "eu-elflint")]
    public void MergeableStringsAreStoredOnce()
    {
        using var h = new LinkHarness();
        const string Text = "a string long enough to be found once";
        string[] flags = ["-fno-pic"];
        string a = h.Gcc("a", $$"""void put(const char*); void fa(void) { put("{{Text}}\n"); }""", flags);
        string b = h.Gcc("b", $$"""
            void put(const char*); void fa(void);
            void put(const char *s) { long n = 0; while (s[n]) n++; long r; __asm__ volatile ("syscall" : "=a"(r) : "a"(1L), "D"(1L), "S"(s), "d"(n) : "rcx", "r11", "memory"); }
            void _start(void) { put("{{Text}}\n"); fa(); __asm__ volatile ("syscall" :: "a"(60L), "D"(0L)); }
            """, flags);
        string ours = h.Link("ours", [a, b]);
        string gnu = h.LinkGnu("gnu", a, b);
        Assert.Equal(LinkHarness.Run(gnu).StandardOutput, LinkHarness.Run(ours).StandardOutput);
        Assert.Equal(Count(File.ReadAllBytes(gnu), Text), Count(File.ReadAllBytes(ours), Text));
        Assert.Equal(1, Count(File.ReadAllBytes(ours), Text));
    }

    private static int Count(byte[] haystack, string needle)
    {
        var pattern = System.Text.Encoding.ASCII.GetBytes(needle);
        int count = 0;
        for (int at = 0; ; at++)
        {
            int found = haystack.AsSpan(at).IndexOf(pattern);
            if (found < 0) return count;
            count++;
            at += found;
        }
    }
}
