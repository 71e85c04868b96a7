using System.Text;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Warnings in code that branch relaxation lays out again and again (40 forward jumps, each grown in its own pass):
/// nasm reports each once per final pass (some twice, as it does for a single pass), never once per layout pass.
/// The same messages in the same order, for every warning class the encoder and the data paths report.
/// </summary>
public sealed class WarningPassCountTests
{
    [RequiresToolsFact("nasm")]
    public void WarningsInRelaxedCodeAreCountedAsNasmDoes()
    {
        var source = new StringBuilder("bits 64\nsection .text\n");
        for (int i = 0; i < 40; i++)
            source.Append($"jmp L{i}\n").Append("""
                mov al, big
                db big
                mov eax, [rel 5]
                mov eax, [es:rbx]
                dd 1e100
                add eax, [ebx+0x1ffffffff]
                o16 mov eax, 1
                mov byte [rax], big
                mov eax, [ebx+0x1ffffff00]
                mov ax, 0x1ffff
                push 0x1ffffffff
                resb 1
                mov al, fwd - L0 + 300

                """);
        for (int i = 0; i < 40; i++) source.Append($"L{i}: times 2 nop\n");
        source.Append("fwd:\nbig equ 300\nsection .bss\nresb 4\ndb 1\n");
        NasmComparison.AssertSameElf(source.ToString());
    }
}
