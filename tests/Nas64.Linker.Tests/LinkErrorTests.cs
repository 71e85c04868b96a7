namespace Nas64.Linker.Tests;

/// <summary>Undefined and duplicate symbols, overflow, and bad input produce ld-shaped errors and no file.</summary>
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

    [RequiresToolsFact("nasm")]
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

    [RequiresToolsFact("nasm", "ld")]
    public void OverflowNamesSymbolFileSectionAndOffset()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("far", """
            bits 64
            global _start
            section .text
            _start:
                mov eax, far_away       ; R_X86_64_32 of an address above 4 GiB
                ret
            far_away equ 0x123456789
            global far_away
            """);
        string use = h.Nasm("use", "bits 64\nextern far_away\nsection .data\ndd far_away\n");
        var gnu = ExternalTool.Run("ld", ["-static", "-o", h.File("gnu"), obj, use]);
        Assert.NotEqual(0, gnu.ExitCode);
        Assert.Contains("relocation truncated to fit", gnu.StandardError);
        var (image, diagnostics) = h.TryLink([obj, use]);
        Assert.Null(image);
        Assert.Contains(diagnostics.Items, d => d.ToString().StartsWith($"{use}:(.data+0x0): error: relocation truncated to fit: R_X86_64_32 against `far_away'"));
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
