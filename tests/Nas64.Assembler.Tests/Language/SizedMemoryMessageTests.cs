namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// A sized memory operand that fits no form gets nasm 2.16.01's message: "mismatch in operand sizes" or "operation size
/// not specified" where one of nasm's templates takes the operand unsized, "invalid combination of opcode and operands"
/// where its templates are sized (SSE1, AVX, movzx with a 32-bit register). Each compared with nasm at test time.
/// </summary>
public sealed class SizedMemoryMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("add eax, byte [rax]")]
    [InlineData("add eax, tword [rax]")]
    [InlineData("sub rax, dword [rax]")]
    [InlineData("add word [rax], eax")]
    [InlineData("xor tword [rax], rax")]
    [InlineData("add tword [rax], 1")]
    [InlineData("cmp oword [rax], 0")]
    [InlineData("mov oword [rax], 1")]
    [InlineData("mov eax, byte [rax]")]
    [InlineData("mov tword [rax], eax")]
    [InlineData("test eax, word [rax]")]
    [InlineData("xchg eax, byte [rax]")]
    [InlineData("imul eax, byte [rax]")]
    [InlineData("imul eax, tword [rax], 3")]
    [InlineData("cmovz eax, word [rax]")]
    [InlineData("cmovge rax, byte [rax]")]
    [InlineData("bsf eax, qword [rax]")]
    [InlineData("bt qword [rax], eax")]
    [InlineData("shld word [rax], eax, 3")]
    [InlineData("xadd byte [rax], eax")]
    [InlineData("lss eax, qword [rax]")]
    [InlineData("lfs ax, byte [rax]")]
    [InlineData("setz qword [rax]")]
    [InlineData("verw dword [rax]")]
    [InlineData("movzx ax, word [rax]")]
    [InlineData("movsx ax, dword [rax]")]
    [InlineData("paddw xmm0, tword [rax]")]
    [InlineData("paddw xmm0, qword [rax]")]
    [InlineData("paddw mm0, oword [rax]")]
    [InlineData("pxor xmm0, yword [rax]")]
    [InlineData("pshufb mm0, dword [rax]")]
    [InlineData("pshufd xmm0, qword [rax], 1")]
    [InlineData("pinsrw xmm0, dword [rax], 1")]
    [InlineData("addsd xmm0, dword [rax]")]
    [InlineData("cvtsi2sd xmm0, word [rax]")]
    [InlineData("movd xmm0, qword [rax]")]
    [InlineData("movq xmm0, dword [rax]")]
    // Sized templates: still "invalid combination".
    [InlineData("movaps xmm0, qword [rax]")]
    [InlineData("addss xmm0, qword [rax]")]
    [InlineData("pshufb xmm0, dword [rax]")]
    [InlineData("movd mm0, word [rax]")]
    [InlineData("movzx eax, dword [rax]")]
    [InlineData("vaddps xmm0, xmm1, yword [rax]")]
    [InlineData("popcnt eax, word [rax]")]
    [InlineData("inc tword [rax]")]
    [InlineData("bt tword [rax], 1")]
    [InlineData("fld oword [rax]")]
    [InlineData("pshufd xmm0, xmm1, oword [rax]")]
    public void SameMessageAsNasm(string line) => NasmComparison.AssertSameErrors($"bits 64\n{line}\n");

    /// <summary>Several such lines in one source, in 32-bit code too: one message per line, in nasm's order.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void SeveralLines(int bits) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        add eax, byte [eax]
        and dword [eax], ax
        or tword [eax], 7
        movaps xmm0, qword [eax]
        psubb xmm1, dword [eax]
        lsl eax, byte [eax]
        lds eax, word [eax]
        les ax, tword [eax]
        """);
}
