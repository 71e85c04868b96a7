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
}
