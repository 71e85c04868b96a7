namespace Nas64.Assembler.Tests.Language;

/// <summary>Numbers, character constants, strings and floats: the bytes nasm writes for them.</summary>
public sealed class NumberTests
{
    [RequiresToolsFact("nasm")]
    public void IntegersInEveryRadixForm() => NasmComparison.AssertSameBin("""
        bits 32
        dd 0x1F, 1Fh, 0h1F, $1F, 0x_1f_, 1_000
        dd 0b101, 101b, 0y101, 101y, 0b1010_0101
        dd 0o17, 17o, 0q17, 17q
        dd 0d99, 99d, 0t99, 99t, 99
        dd 0FFFFh, 0ABh, 0bh, 1eh, 0e0h, 0X1f, 0B11, 0D12, 17Q, 0AH
        db 10h, 0x10, 010
        dq 0xFFFFFFFFFFFFFFFF, 18446744073709551615
        db -1, -128, 255
        dw -1, 65535
        """);

    /// <summary>A number past 64 bits keeps its low 64 bits, with nasm's warning naming it as written.</summary>
    [RequiresToolsFact("nasm")]
    public void NumbersPastSixtyFourBitsWarn() => NasmComparison.AssertSameBin("""
        bits 32
        dd 0x1_0000_0000_0000_0000
        dq 18446744073709551615, 18446744073709551616, 0ffffffffffffffffh, 10000000000000000h, $1_0000_0000_0000_0000
        mov eax, 99999999999999999999
        x equ 123456789012345678901234
        db 0b11111111111111111111111111111111111111111111111111111111111111111, 0q2777777777777777777777
        """);

    [RequiresToolsFact("nasm")]
    public void CharacterConstants() => NasmComparison.AssertSameBin("""
        dw 'a', 'ab', "ab", `ab`
        dd 'abcd', 'abc' + 1
        dq 'abcdefgh'
        mov ax, 'ab'
        """);

    [RequiresToolsFact("nasm")]
    public void StringsWithEscapes() => NasmComparison.AssertSameBin("""
        db 'hello', 0
        db "it's", 0, 'say "hi"'
        db `a\nb\tc\\\'\"\x41\101\e\0\r\f\v\a\b`, 0
        db `\u00e9\U0001F600`
        dw 'abc'
        dd 'abcde'
        db ''
        db 'a', 'bc', 1
        dq "x"
        db `\x4`, `\7`, `\z`, `\?`, `\x`, `\xZZ`
        """);

    [RequiresToolsFact("nasm")]
    public void DataOverflowWarnings() => NasmComparison.AssertSameBin("""
        db 255, 256, -128, -129, -255, -256, -257
        dw 65536, -65536, -65537
        dd 0x100000000, -0x100000000, -0x100000001, 0xffffffff
        dd -16 >> 2
        """);

    [RequiresToolsFact("nasm")]
    public void FloatsInEveryDataWidth() => NasmComparison.AssertSameBin("""
        dd 1.5, -1.5, 1e10, -0.0, 0.0, 3.14159265358979, 1.e3, 0x1.8p3, 1e-40
        dq 1.5, 1e10, -0.0, 2.718281828459045, 0x1.8p3, 1e-310, 1.7976931348623157e308
        dt 1.5, 1e10, -0.0, 3.141592653589793238
        dw 1.5, -2.0, 65504.0
        do 1.5, -3.25
        dd 1.0e+2, 1.0E-2, 1_000.5
        dq 0.1, 0.2, 0.3
        dd 16777217.0, 1.00000005960464477539
        dd 1.5e, 1e39
        dq 1.5e400
        dw 1e10
        """);

    [RequiresToolsFact("nasm")]
    public void FloatFunctionsAndSpecials() => NasmComparison.AssertSameBin("""
        dd __?float32?__(1.5), __float32__(2.5)
        dq __?float64?__(1.5)
        dw __?float16?__(1.5)
        dd __?Infinity?__, -__?Infinity?__, __?QNaN?__, __?SNaN?__
        dq __?Infinity?__, __?QNaN?__, __?SNaN?__
        dt __?Infinity?__, __?QNaN?__, __?SNaN?__
        dw __?Infinity?__
        mov eax, __?float32?__(1.0)
        """);
}
