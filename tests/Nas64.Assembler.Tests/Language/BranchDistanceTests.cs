namespace Nas64.Assembler.Tests.Language;

/// <summary>Branch distances as nasm measures them (in 64 bits, never modulo the address size) and branch targets with
/// a size, in every mode.</summary>
public sealed class BranchDistanceTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void SizedAndDistantBranches(int bits)
    {
        string wide = bits == 64 ? "qword" : "dword";
        var source = new System.Text.StringBuilder($"bits {bits}\n");
        if (bits != 64) source.Append("je near dword $-0x4574\njmp near dword $+0x12345\ncall dword $+0x12345\njmp dword $+5\n");
        if (bits == 16) source.Append("je $+0xffc3\njmp $+0xfff0\n");
        source.Append("xbegin $+5\nxbegin $-0x6ee4\n");
        source.Append($"""
            jmp {(bits == 64 ? "qword" : "word")} $+5
            je near $+5
            jmp {wide} $+0x100
            x: times 100 nop
            je x
            loop x
            """).Append('\n');
        NasmComparison.AssertSameBin(source.ToString());
    }

    /// <summary>A near branch whose distance its field cannot hold: nasm writes the truncated distance and warns (a signed
    /// dword in 64-bit code, a number of either sign in 16- and 32-bit code).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "jmp near $+0x12345\nje $+0x12345\ncall $-0x12345\njmp $+0x10002\njmp $+0x10004\na32 jmp $+0x12345\no32 jmp $+0x123456789\njmp dword $+0x123456789\nxbegin $+0x12345")]
    [InlineData(32, "call $+0x123456789\njmp $+0x80000006\njmp $+0x100000006\no16 jmp $+0x12345\njmp word $+0x12345\nxbegin $+0x123456789")]
    [InlineData(64, "jmp $+0x123456789\ncall $+0x123456789\nje $+0x123456789\nje near $-0x123456789\njmp $+0x80000006\njmp $-0x100000000\nxbegin $+0x123456789\nrep jmp $+0x123456789\na32 call $+0x123456789")]
    public void NearBranchesBeyondTheirReachAreTruncated(int bits, string lines) =>
        NasmComparison.AssertSameBin($"bits {bits}\n{lines}\n");

    /// <summary>The same to labels more than 64 KiB away in 16-bit code, before and after the branch.</summary>
    [RequiresToolsFact("nasm")]
    public void NearBranchesToDistantLabels() => NasmComparison.AssertSameBin("""
        bits 16
        back: nop
        jmp ahead
        je ahead
        times 0x10000 nop
        ahead: jmp back
        call back
        jne back
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\nje short $+0xffc3")]
    [InlineData("bits 16\nloopne $+0xffe0")]
    [InlineData("bits 16\njmp short $+0xffc3")]
    [InlineData("bits 32\nje short $+0xffffffc3")]
    [InlineData("bits 64\nje short $+200")]
    [InlineData("bits 64\njmp short $-300")]
    [InlineData("bits 32\nloop $+300")]
    [InlineData("bits 64\nje near dword $+0x100")]
    [InlineData("bits 64\ncall dword $+0x12345")]
    [InlineData("bits 64\njmp word $+5")]
    [InlineData("bits 32\nje dword $+5")]
    [InlineData("bits 16\nloop word $+5")]
    [InlineData("bits 32\njmp short word $+5")]
    [InlineData("bits 64\njmp word [rbx]")]
    [InlineData("bits 64\ncall dword [rbx]")]
    [InlineData("bits 64\ncall near word [rbx]")]
    public void RefusedAsNasmDoes(string source) => NasmComparison.AssertSameErrors(source + "\n");
}
