using Nas64.Syscalls.Model;

namespace Nas64.Syscalls.Tests;

/// <summary>The stub bytes Iced produces are the bytes nasm produces for the same four instructions.</summary>
public sealed class StubEncoderTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(0)]
    [InlineData(39)]
    [InlineData(257)]
    [InlineData(471)]
    public void StubMatchesNasm(int number)
    {
        using var directory = new TempDirectory();
        string source = directory.File("stub.asm");
        File.WriteAllText(source, $"bits 64\nmov eax, {number}\nmov r10, rcx\nsyscall\nret\n");
        ExternalTool.RunChecked("nasm", "-f", "bin", "-o", directory.File("stub.bin"), source);
        Assert.Equal(File.ReadAllBytes(directory.File("stub.bin")), StubEncoder.Encode(number));
    }

    [Fact]
    public void TableAlignsEachStubAndPadsWithInt3()
    {
        byte[] table = StubEncoder.EncodeTable([1, 2, 3], out int[] offsets);
        Assert.Equal([0, 16, 32], offsets);
        Assert.Equal(48, table.Length);
        Assert.All(table[11..16], b => Assert.Equal(0xCC, b));
    }
}
