namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// An a16/a32/a64 prefix against the registers of an effective address, or a 64-bit register in one outside 64-bit code,
/// is nasm 2.16.01's "impossible combination of address sizes" (nas64 used to drop the prefix and assemble, or said
/// "invalid combination"); with registers of its size the prefix stays a 67.
/// Each compared with nasm at test time.
/// </summary>
public sealed class AddressSizePrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "a32 mov [rax], eax")]
    [InlineData(64, "a32 mov al, [rax]")]
    [InlineData(64, "a32 mov eax, [rbx+rcx]")]
    [InlineData(64, "a32 mov eax, [rax*2]")]
    [InlineData(64, "a32 lea eax, [rax]")]
    [InlineData(64, "mov eax, [a32 rax]")]
    [InlineData(64, "a32 vpgatherdd xmm0, [rax+xmm1*4], xmm2")]
    [InlineData(32, "a16 mov eax, [eax]")]
    [InlineData(32, "a32 mov eax, [bx+si]")]
    [InlineData(32, "a16 mov [ebx+ecx*4], eax")]
    [InlineData(16, "a32 mov eax, [bx+si]")]
    [InlineData(16, "a32 add [bp], al")]
    [InlineData(32, "movzx ax, word [rax+rcx*8]")]
    public void RegistersOfAnotherSize(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>A 64-bit register in an address outside 64-bit code: nasm's first message, "impossible combination of address
    /// sizes" (was "invalid combination"); nasm adds a second, "invalid N-bit effective address", which nas64 does not.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "haddps xmm6, oword [rcx+9]")]
    [InlineData(32, "cmovs ebp, dword [rbx+0x10]")]
    [InlineData(32, "vpandd xmm1{k5}, xmm2, oword [rdx+rax*8]")]
    [InlineData(32, "xor r12d, dword [rdx]")]
    [InlineData(16, "mov eax, [rax]")]
    public void LongAddressOutsideLongMode(int bits, string line)
    {
        using var dir = new TempDirectory();
        string source = $"bits {bits}\n{line}\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(nasm.Succeeded);
        Assert.False(ours.Succeeded);
        Assert.Equal([nasm.Messages[0]], ours.Messages);
        Assert.Equal($"test.asm:2: error: invalid {bits}-bit effective address", nasm.Messages[1]);
    }

    /// <summary>A 64-bit register outside 64-bit code where a long-mode form takes it: "instruction not supported".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "pop rdi")]
    [InlineData(32, "mov rax, cr3")]
    [InlineData(16, "push rcx")]
    [InlineData(32, "mov dr5, rax")]
    public void LongModeRegisters(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void RegistersOfItsSize(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        a32 mov eax, [eax]
        a32 mov [ebx+ecx*2+8], al
        a32 mov eax, [0x1000]
        {(bits == 64 ? "a64 mov eax, [rax]\na32 lea eax, [eax+edx]" : "a16 mov eax, [bx+si]\na16 add [bp+di+4], cl")}
        """);

    /// <summary>nasm writes a32 [rel x] EIP-relative; nas64 says "not supported yet" rather than drop the prefix.</summary>
    [RequiresToolsFact("nasm")]
    public void RipRelativeWithA32IsNotSupported()
    {
        using var dir = new TempDirectory();
        string source = "bits 64\na32 mov eax, [rel $]\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        Assert.Equal("678B05F9FFFFFF", Convert.ToHexString(nasm.Output!));
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }
}
