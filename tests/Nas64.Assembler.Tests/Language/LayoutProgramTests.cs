namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Passes after the second run the layout program (fixed-size runs, label blocks stepped over when they start where
/// they did, jump lengths from the shape of their inputs). These programs take many passes, with branches that cross
/// the edges of the rel8 reach as earlier ones grow in every mode, mode switches, alignment, equ of moving labels,
/// sections and absolute space; the bytes must be nasm's.
/// </summary>
public sealed class LayoutProgramTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void BranchesAtTheEdgeOfTheShortReach(int bits) => NasmComparison.AssertSameBin($$"""
        bits {{bits}}
        %assign i 0
        %rep 48
        %assign k 116 + (i - (i / 16) * 16)
        p%[i]: jnz q%[i]
              times k nop
              jmp p%[i]
              jz c
        q%[i]:
        %if i - (i / 5) * 5 == 0
              align 8
        %endif
        %assign i i+1
        %endrep
        c: ret
        """);

    [RequiresToolsFact("nasm")]
    public void ModeSwitchesAndMovingEqu() => NasmComparison.AssertSameBin("""
        %assign i 0
        %rep 24
        %if i - (i / 3) * 3 == 0
        bits 16
        %elif i - (i / 3) * 3 == 1
        bits 32
        %else
        bits 64
        %endif
        %assign k 120 + (i - (i / 9) * 9)
        m%[i]: jmp n%[i]
              times k db 0x90
              jnz m%[i]
        n%[i]: dw d%[i]
        d%[i] equ n%[i] - m%[i]
              times 3 db i
        %assign i i+1
        %endrep
        bits 64
              jmp m0
        """);

    [RequiresToolsFact("nasm")]
    public void SectionsAndAbsoluteSpace() => NasmComparison.AssertSameElf("""
        section .text
        global f
        f:
        %assign i 0
        %rep 60
        %assign k 110 + ((i * 7) - ((i * 7) / 23) * 23)
              jne .x%[i]
              times k nop
              lea rax, [rel .x%[i]]
        .x%[i]:
              dq $ - f
        %if i - (i / 4) * 4 == 0
              align 32
        section .data
              dd f.x%[i] - f
              times 5 db 1
        section .text
        %endif
        %assign i i+1
        %endrep
        absolute 0x100
        r1: resb 4
        r2: resq 2
        section .text
              mov eax, r2 - r1
              jmp f
        """);
}
