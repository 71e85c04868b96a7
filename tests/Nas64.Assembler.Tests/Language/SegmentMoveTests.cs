namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// mov to and from segment registers with o16/o32/o64 over every register and memory size, in 16-, 32- and 64-bit code
/// (nas64 refused o16 mov qword [rax], ss, assembled o64 mov ss, dword [rax], warned on o64 mov ss, eax and failed
/// internally on o32 mov ss, ax in 64-bit code). Each line compared with nasm at test time: bytes and messages.
/// </summary>
public sealed class SegmentMoveTests
{
    private static readonly string[] Others = ["ax", "eax", "rax", "r8", "r9d", "word [rax]", "dword [rax]", "qword [rax]", "[rax]",
        "word [eax]", "dword [eax]", "qword [eax]", "[eax]", "byte [rax]", "qword [rel x]", "[es:rax+4]", "[fs:eax+ecx*2]"];

    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void EveryPrefixAndOperandSize(int bits)
    {
        foreach (string prefix in new[] { "", "o16 ", "o32 ", "o64 " })
            foreach (string other in Others)
                foreach (string line in new[] { $"mov ss, {other}", $"mov {other}, ss", $"mov {other}, fs", $"mov ds, {other}" })
                    Compare($"bits {bits}\n{prefix}{line}\nx:\n");
    }

    /// <summary>
    /// At -O0 and -O1 nasm skips its OPT templates: a source register has a size of its own (mov ss, ax is 66 8E D0 in
    /// 32-bit code) and a 64-bit register takes REX.W under any prefix (o16 mov rax, ds is 66 48 8C D8; nas64 said "not
    /// supported yet"), and outside 64-bit code the prefixed 64-bit forms have -Ox's messages.
    /// </summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "-O0")]
    [InlineData(32, "-O0")]
    [InlineData(64, "-O0")]
    [InlineData(16, "-O1")]
    [InlineData(32, "-O1")]
    [InlineData(64, "-O1")]
    public void PrefixesWithoutOptimization(int bits, string level)
    {
        foreach (string prefix in new[] { "", "o16 ", "o32 ", "o64 " })
            foreach (string other in new[] { "ax", "eax", "rax", "r8", "r9d", "word [rax]", "dword [rax]", "qword [rax]", "[rax]", "qword [eax]" })
                foreach (string line in new[] { $"mov ss, {other}", $"mov {other}, ds" })
                    Compare($"bits {bits}\n{prefix}{line}\nx:\n", level);
    }

    /// <summary>One line: nasm's bytes, or nasm's messages when it refuses it.</summary>
    private static void Compare(string source, string level = "-Ox")
    {
        using var dir = new TempDirectory();
        var nasm = NasmComparison.Nasm(dir, source, "bin", level);
        var ours = NasmComparison.Ours(dir, source, "bin", level);
        Assert.True(nasm.Succeeded == ours.Succeeded, $"{level} {source}: nasm {(nasm.Succeeded ? "accepts" : "refuses")} it, nas64 does not");
        if (nasm.Succeeded) Assert.Equal(NasmComparison.Hex(nasm.Output!), NasmComparison.Hex(ours.Output!));
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
    }
}
