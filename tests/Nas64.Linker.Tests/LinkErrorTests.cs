namespace Nas64.Linker.Tests;

/// <summary>Undefined and duplicate symbols, overflow of every narrow field, and bad input produce ld-shaped errors and no file.</summary>
public sealed class LinkErrorTests
{
    [RequiresToolsFact("nasm")]
    public void UndefinedSymbolNamesEachReference()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("user", """
            bits 64
            global _start
            extern missing
            section .text
            _start:
                nop
                call missing
                mov rax, [rel missing]
            """);
        var (image, diagnostics) = h.TryLink([obj]);
        Assert.Null(image);
        var messages = diagnostics.Items.Select(d => d.ToString()).ToList();
        Assert.Contains($"{obj}:(.text+0x2): error: undefined reference to `missing'", messages);
        Assert.Contains($"{obj}:(.text+0x9): error: undefined reference to `missing'", messages);
        Assert.Equal(2, diagnostics.ErrorCount);
    }

    [RequiresToolsFact("nasm", "readelf", "eu-elflint")]
    public void WeakUndefinedResolvesToZero()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("weak", """
            bits 64
            global _start
            extern maybe:weak
            section .text
            _start:
                mov rdi, maybe
                add rdi, 5
                mov eax, 60
                syscall
            """);
        Assert.Equal(5, LinkHarness.Run(h.Link("ours", [obj])).ExitCode);
    }

    [RequiresToolsFact("nasm")]
    public void DuplicateDefinitionNamesBothPlaces()
    {
        using var h = new LinkHarness();
        string a = h.Nasm("a", "global _start, twice\nsection .text\n_start: ret\ntwice: ret\n");
        string b = h.Nasm("b", "global twice\nsection .text\nnop\nnop\ntwice: ret\n");
        var (image, diagnostics) = h.TryLink([a, b]);
        Assert.Null(image);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal($"{b}:(.text+0x2): error: multiple definition of `twice'; first defined at {a}:(.text+0x1)", error.ToString());
    }

    [RequiresToolsTheory("nasm", "ld", "readelf")]
    [InlineData("dd far_away", "R_X86_64_32", 1)]
    [InlineData("dw far_away", "R_X86_64_16", 1)]
    [InlineData("db far_away", "R_X86_64_8", 1)]
    [InlineData("dd far_away - $", "R_X86_64_PC32", 1)]
    [InlineData("dw far_away - $", "R_X86_64_PC16", 1)]
    [InlineData("db far_away - $", "R_X86_64_PC8", 1)]
    [InlineData("push qword far_away", "R_X86_64_32S", 2)]
    public void OverflowNamesSymbolFileSectionAndOffset(string use, string type, int offset)
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("far", """
            bits 64
            global _start
            section .text
            _start:
                mov eax, 60
                syscall
            far_away equ 0x123456789
            global far_away
            """);
        string user = h.Nasm("use", $"bits 64\nextern far_away\nsection .data\nnop\n{use}\n");
        // The object holds the relocation the test names, as nasm chose it.
        Assert.Contains(type + " ", ExternalTool.RunChecked("readelf", "-r", "-W", user).StandardOutput);
        var gnu = ExternalTool.Run("ld", ["-static", "-o", h.File("gnu"), obj, user]);
        Assert.NotEqual(0, gnu.ExitCode);
        Assert.Contains($"{user}:(.data+0x{offset:x}): relocation truncated to fit: {type} against symbol `far_away'", gnu.StandardError);
        var (image, diagnostics) = h.TryLink([obj, user]);
        Assert.Null(image);
        var error = Assert.Single(diagnostics.Items);
        Assert.StartsWith($"{user}:(.data+0x{offset:x}): error: relocation truncated to fit: {type} against `far_away'", error.ToString());
    }

    /// <summary>ld -static links an IFUNC by emitting R_X86_64_IRELATIVE into .rela.iplt for the start-up code
    /// to apply (here the program applies them itself); nas64 refuses it by name, exit 1, no output.</summary>
    [RequiresToolsFact("gcc", "ld", "readelf")]
    public void IndirectFunctionIsRefusedByName()
    {
        using var h = new LinkHarness();
        string obj = h.Gcc("ifunc", """
            static int one(void) { return 1; }
            static int two(void) { return 2; }
            static int (*resolve(void))(void) { return two; }
            int pick(void) __attribute__((ifunc("resolve")));
            typedef struct { unsigned long offset, info; long addend; } Rela;
            extern const Rela __rela_iplt_start[], __rela_iplt_end[];
            void _start(void)
            {
                for (const Rela *r = __rela_iplt_start; r < __rela_iplt_end; r++)
                    *(unsigned long *)r->offset = ((unsigned long (*)(void))r->addend)();
                __asm__ volatile ("syscall" :: "a"(60L), "D"((long)pick() + (one == 0)));
            }
            """, "-fno-pic");
        Assert.Equal(2, LinkHarness.Run(h.LinkGnu("gnu", obj)).ExitCode);
        Assert.Contains("IRELATIVE", ExternalTool.RunChecked("readelf", "-r", "-W", h.File("gnu")).StandardOutput);

        var (image, diagnostics) = h.TryLink([obj]);
        Assert.Null(image);
        var error = Assert.Single(diagnostics.Items);
        Assert.StartsWith($"{obj}: offset 0x", error.ToString());
        Assert.Contains("`pick' is an indirect function (STT_GNU_IFUNC", error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [RequiresToolsFact("nasm")]
    public void TruncatedObjectReportsFileOffsetAndProblem()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("t", "global _start\nsection .text\n_start: ret\n");
        byte[] bytes = File.ReadAllBytes(obj);
        string cut = h.File("cut.o");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var (image, diagnostics) = h.TryLink([cut]);
        Assert.Null(image);
        var error = Assert.Single(diagnostics.Items);
        Assert.StartsWith($"{cut}: offset 0x", error.ToString());
        Assert.Contains("beyond the end of the file", error.Message);

        File.WriteAllBytes(cut, bytes[..20]);
        (image, diagnostics) = h.TryLink([cut]);
        Assert.Null(image);
        Assert.Contains("truncated ELF header", Assert.Single(diagnostics.Items).Message);

        File.WriteAllText(cut, "not an object at all");
        (image, diagnostics) = h.TryLink([cut]);
        Assert.Null(image);
        Assert.Contains("file format not recognized", Assert.Single(diagnostics.Items).Message);
    }
}
