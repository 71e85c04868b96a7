namespace Nas64.EndToEnd.Tests.Disassembly;

/// <summary>`nas64 disasm` on input it cannot read: one error line and exit status 1, never a stack trace.</summary>
public sealed class DisasmBadInputTests
{
    [Fact]
    public void MissingFileIsReported()
    {
        using var dir = new TempDirectory();
        var result = Nas64Command.Run(dir.Path, "disasm", dir.File("missing.o"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No such file or directory", result.StandardError);
    }

    [Fact]
    public void TruncatedElfIsReportedWithoutStackTrace()
    {
        using var dir = new TempDirectory();
        // An ELF64 header cut after the identification and type fields: section header fields are missing.
        byte[] header = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 62, 0];
        File.WriteAllBytes(dir.File("cut"), [.. header, .. new byte[40]]);
        var result = Nas64Command.Run(dir.Path, "disasm", dir.File("cut"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.DoesNotContain("internal error", result.StandardError);
    }

    [RequiresToolsFact("nasm")]
    public void UndecodableBytesBecomeDbAndRoundTrip()
    {
        using var dir = new TempDirectory();
        // 0x0f 0x0b is ud2; 0xd6 (salc) and 0x0f 0xff are invalid in 64-bit mode; 0x62 starts an EVEX prefix cut short.
        File.WriteAllText(dir.File("odd.asm"), "bits 64\nnop\ndb 0xd6, 0x0f, 0xff, 0x62\nud2\nret\n");
        ExternalTool.RunChecked("nasm", "-f", "bin", dir.File("odd.asm"), "-o", dir.File("odd.bin"));
        Nas64Command.RunChecked(dir.Path, "disasm", dir.File("odd.bin"), "--bits", "64", "-o", dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "bin", dir.File("again.asm"), "-o", dir.File("again.bin"));
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(dir.File("odd.bin"))), Convert.ToHexString(File.ReadAllBytes(dir.File("again.bin"))));
        Assert.Contains("db 0xd6", File.ReadAllText(dir.File("again.asm")));
    }
}
