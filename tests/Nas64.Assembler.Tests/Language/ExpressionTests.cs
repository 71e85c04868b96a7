namespace Nas64.Assembler.Tests.Language;

/// <summary>Operators, precedence, $ and $$, forward references and critical expressions.</summary>
public sealed class ExpressionTests
{
    [RequiresToolsFact("nasm")]
    public void EveryOperator() => NasmComparison.AssertSameBin("""
        dd 1 ? 2 : 3, 0 ? 2 : 3
        dd 1 || 0, 0 || 0, 1 ^^ 1, 1 ^^ 0, 1 && 0, 2 && 3
        dd 1 < 2, 2 <= 2, 3 > 4, 3 >= 3, 1 == 1, 1 = 2, 1 != 2, 1 <> 1
        dd 1 <=> 2, 2 <=> 2, 3 <=> 2, -1 <=> 2
        dd 0xf0 | 0x0f, 0xff ^ 0x0f, 0xff & 0x3c
        dd 1 << 4, 256 >> 4, -16 >>> 2, 1 <<< 3
        dq -16 >> 2, -16 >>> 2
        dd 7 + 3, 7 - 10, 6 * 7, 7 / 2, -7 // 2, 7 % 3, -7 %% 3
        dq -7 / 2, -7 % 3
        dd -5, +5, ~5, !5, !0, - - 3
        """);

    /// <summary>Shift counts as x86 takes them: only the low six bits count.</summary>
    [RequiresToolsFact("nasm")]
    public void ShiftCountsWrapAtSixtyFour() => NasmComparison.AssertSameBin("""
        dq 1 << 64, 1 << 65, 1 << -1, -1 >> 64, -1 >> 65, -8 >>> 64, -8 >>> 65, 8 >>> -1, 3 << 100, 1 <<< 70
        %assign a 1 << 65
        dq a
        %if (1 << 64) == 1
        db 1
        %endif
        """);

    [RequiresToolsFact("nasm")]
    public void Precedence() => NasmComparison.AssertSameBin("""
        dd 1 + 2 * 3, (1 + 2) * 3, 1 | 2 ^ 3 & 4, 1 << 2 + 3, 1 + 2 << 3
        dd 2 * 3 % 4, 10 - 2 - 3, 100 / 10 / 2
        dd 1 < 2 == 1, 1 || 0 && 0, 1 ^^ 1 || 1
        dd 0 ? 1 : 1 ? 2 : 3
        dd 5 > 3 ? 10 : 20
        dd 1 == 1 & 0, 3 & 1 == 1, -2 * -3, ~0 & 0xff
        """);

    [RequiresToolsFact("nasm")]
    public void DollarAndSectionStart() => NasmComparison.AssertSameBin("""
        org 0x100
        start:
          jmp next
          db $ - start, ($ - $$) & 0xff
        next:
          dw $, $$, next - start, fwd - start, fwd - $
          times 4 db $ - $$
          times 3 jmp $
          dd end - start
        fwd: db 1
          times 16 - ($ - $$) % 16 db 0x90
        end:
        """);

    [RequiresToolsFact("nasm")]
    public void ForwardReferencesAndCriticalExpressions() => NasmComparison.AssertSameBin("""
          times (b - a) db 0xAA
        a: dd 1, 2
        b:
          resb 3
        c: db 5
          times 3 nop
        x equ y + 1
        y equ 4
          db x, y, c - a
          jmp far_away
          times 200 nop
        far_away:
          dw far_away - a
        """);

    [RequiresToolsFact("nasm")]
    public void LabelComparisons() => NasmComparison.AssertSameBin("""
        a: db 1
        b: db 2
          db a < b, b > a, a == a, a != b, b - a
        """);

    /// <summary>NASM adds up symbols with coefficients and drops the terms that cancel: 2*b-2*a and -a+b are numbers,
    /// 2*b-a an address.</summary>
    [RequiresToolsFact("nasm")]
    public void ScaledLabelDifferences() => NasmComparison.AssertSameBin("""
        bits 32
        a: nop
        b: nop
        dd 2*b-2*a
        dd (b-a)*4
        dd -a+b
        dd b*3-a*3+c-d
        times 2*b-2*a db 0x90
        dd (2*b-2*a)/2
        dd c-b+b-a
        dw -(a-b)
        c: nop
        d: dd 0
        dd 2*$-2*$$
        dd 2*b-a
        """);

    [RequiresToolsFact("nasm")]
    public void ScaledAddressInElf32() => NasmComparison.AssertSameElf("""
        bits 32
        a: nop
        b: nop
        mov eax, 2*b-a
        dd 2*b-a
        dd 3*b-2*a-b
        """, "elf32");

    /// <summary>What NASM refuses among address arithmetic, in its words.</summary>
    [RequiresToolsFact("nasm")]
    public void ArithmeticOnAddressesIsRefusedAsNasmDoes() => NasmComparison.AssertSameErrors("""
        bits 32
        a: nop
        b: nop
        dd b/2
        dd b//2
        dd b<<1
        dd b>>1
        dd b>>>1
        dd b&1
        dd b|1
        dd b^1
        dd ~b
        dd !b
        dd b*a
        dd b*2
        dd b&&1
        dd b||1
        dd b^^1
        dd (b+a)&1
        dd (b+a)/2
        dd b<a
        """, "elf32");

    /// <summary>`times` needs its count in the pass that reads it: a forward label difference is nasm's error.</summary>
    [RequiresToolsFact("nasm")]
    public void ForwardDifferenceInTimesIsAnError() => NasmComparison.AssertSameErrors("""
        bits 32
        a: nop
        times 2*c-2*a db 0x90
        c: nop
        """);
}
