using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Tests.Language;

/// <summary>Memory operands the parser splits without its expression parser (registers, numbers, symbols and scaled
/// registers joined by + and -), and the forms next to them that still go through it; the source's line count.</summary>
public sealed class SimpleAddressTests
{
    [RequiresToolsFact("nasm")]
    public void SimpleAddressesAsNasmReadsThem() => NasmComparison.AssertSameBin("""
        bits 64
        d: dq 0
        .l: dq 0
        mov rax, [rbx+8*rcx+16]
        mov rax, [rbx+rcx*8-16]
        mov rax, [rbx-16+rcx*8]
        mov rax, [r9-128+16]
        mov rax, [16-8+rax]
        mov rax, [16]
        mov rax, [rax+rax*2]
        mov rax, [rax*3]
        mov rax, [rax*2]
        mov rax, [nosplit rax*2]
        mov rax, [1*rax+rbx]
        mov rax, [rbp*1+rax]
        mov rax, [rax+0*rbx]
        mov rax, [rax + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9]
        mov rax, [rel d+8]
        mov rax, [rel d-8]
        mov rax, [d+rcx*8]
        mov rax, [rbx+d-8]
        mov rax, [rel .l+4]
        mov rax, [fs:rax+8]
        lea rax, [rax*9]
        mov eax, [ebx+ecx*4+0x7fffffff]
        mov rax, [rcx*2*4]
        """);

    [RequiresToolsFact("nasm")]
    public void RefusedAddressesAsNasmRefusesThem() => NasmComparison.AssertSameErrors("""
        bits 64
        mov rax, [rsp*2]
        mov rax, [qword rbx+8]
        lea rax, [rax*5+rbx]
        mov rax, [2*8*rcx]
        """);

    [Fact]
    public void NewlinesAreCountedAsOneByOne()
    {
        var random = new Random(12);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 100, 1000, 8 * 32767 + 5, 8 * 65536 + 3 })
            foreach (double density in new[] { 0.0, 0.05, 0.5, 1.0 })
            {
                var chars = new char[length];
                for (int i = 0; i < length; i++) chars[i] = random.NextDouble() < density ? '\n' : (char)random.Next(0x20, 0x3000);
                Assert.Equal(chars.Count(c => c == '\n'), SourceLines.CountNewlines(chars));
            }
    }

    /// <summary>Registers that cancel are gone ([rbx-rbx], [rax*2-rax]); one multiplied by 0 still takes a register's
    /// place ([rax+rbx+rcx*0] is too many registers) and is then dropped ([rax+rcx*0] is [rax]); nasm places the registers
    /// in its table's order, which decides between "too many registers" and "two index registers".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "bx", "si", "di", "bp")]
    [InlineData(32, "eax", "ebx", "ecx", "edx")]
    [InlineData(64, "rax", "rbx", "rcx", "rdx")]
    public void RegistersThatCancelOrAreMultipliedByZero(int bits, string a, string b, string c, string d) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov ax, [{b}-{b}]
        mov ax, [{b}-{b}+8]
        mov ax, [{a}+{b}-{b}+{c}]
        mov ax, [{a}*2-{a}]
        mov ax, [{a}+{b}*2-{b}]
        mov ax, [{a}-{b}+{b}]
        mov ax, [{a}+({b}-{b})*2]
        mov ax, [{a}+{c}*0+{c}]
        mov ax, [{d}*0+{a}]
        mov ax, [{c}*0]
        mov ax, [{a}+{b}+{c}*0-{c}*0]
        mov ax, [{a}-({b}-{b})]
        mov ax, [{a} - -{b}]
        mov ax, [{b}+-(-{a})+8]
        mov ax, [-(-{a}-4)]
        mov ax, [-(8+{a})+{a}*2]
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData(16, "[bx+si+di*0]")]
    [InlineData(16, "[bx*2+si*2+di]")]
    [InlineData(16, "[bx*2+si+di*2]")]
    [InlineData(16, "[di*0+bp*0+bx*0]")]
    [InlineData(32, "[eax-eax*2]")]
    [InlineData(32, "[eax-ebx]")]
    [InlineData(64, "[rax+rbx+rcx*0]")]
    [InlineData(64, "[rax+rcx*0+rdx*0]")]
    [InlineData(64, "[rcx*0+rdx*0]")]
    [InlineData(64, "[rcx*2+rdx*0]")]
    [InlineData(64, "[rcx*2+rbx*2+rax]")]
    [InlineData(64, "[r8*2+rax*2+rbx]")]
    [InlineData(64, "[rbx*2+rsi*2+r8]")]
    [InlineData(64, "[rax*2+rbx*2+rcx]")]
    [InlineData(64, "[rax-rax*2]")]
    [InlineData(64, "[-rax]")]
    [InlineData(32, "[-(eax-ebx)]")]
    [InlineData(16, "[-bx]")]
    [InlineData(64, "[-rax+rbx*2]")]
    public void RegistersMultipliedByZeroCountAsNasmCountsThem(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        mov ax, {address}
        """);

    /// <summary>A vector register is never the base: a second index is "two index registers" ([xmm1+xmm2], [bx*2+xmm1]) and
    /// a third register that is one "impossible register" ([bx+si+xmm1]; was "too many registers" or "invalid
    /// combination of opcode and operands").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "[bx+si+xmm1]")]
    [InlineData(32, "[eax+ebx+xmm1]")]
    [InlineData(64, "[rax+rbx+xmm1]")]
    [InlineData(64, "[xmm1+xmm2+rax]")]
    [InlineData(16, "[xmm1+xmm2]")]
    [InlineData(32, "[xmm1+xmm2]")]
    [InlineData(64, "[xmm1+xmm2]")]
    [InlineData(16, "[bx*2+xmm1]")]
    [InlineData(32, "[eax*2+xmm1]")]
    [InlineData(64, "[xmm1*2+rax*2]")]
    public void VectorRegistersCountAsNasmCountsThem(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        vgatherdps xmm0, {address}, xmm2
        """);
}
