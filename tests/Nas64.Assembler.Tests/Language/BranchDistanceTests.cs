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
    public void RefusedAsNasmDoes(string source) => NasmComparison.AssertSameErrors(source + "\n");
}
