namespace Nas64.EndToEnd.Tests;

/// <summary>
/// Golden binaries: the samples' executable, object and flat outputs are committed under golden/ and
/// must come out byte for byte. Each golden was checked against NASM + GNU ld when it was made, and
/// the tests below keep checking it (same section bytes as nasm, same behaviour as nasm + ld).
/// Regenerate with NAS64_UPDATE_GOLDEN=1 dotnet test (only with a reason in the commit message).
/// </summary>
public sealed class GoldenBinaryTests
{
    private static bool Updating => Environment.GetEnvironmentVariable("NAS64_UPDATE_GOLDEN") == "1";

    [Theory]
    [InlineData("hello/hello.asm", "exe", "hello")]
    [InlineData("hello/hello.asm", "elf64", "hello.o")]
    [InlineData("boot/boot.asm", "bin", "boot.bin")]
    public void SampleOutputMatchesGolden(string sample, string format, string golden)
    {
        // The source is named as a user would type it (nasm records that name in the object).
        using var dir = new TempDirectory();
        string source = Path.GetFileName(sample);
        File.Copy(Nas64Command.Sample(sample), dir.File(source));
        string output = dir.File(golden);
        Nas64Command.RunChecked(dir.Path, "-f", format, source, "-o", output);
        byte[] actual = File.ReadAllBytes(output);
        if (Updating)
        {
            File.WriteAllBytes(Nas64Command.GoldenSource(golden), actual);
            return;
        }
        byte[] expected = File.ReadAllBytes(Nas64Command.Golden(golden));
        int firstDifference = FirstDifference(expected, actual);
        Assert.True(firstDifference < 0,
            $"{golden}: differs from the golden file at byte {firstDifference} (expected {expected.Length} bytes, got {actual.Length}). " +
            "If the change is intended, regenerate with NAS64_UPDATE_GOLDEN=1 dotnet test and say why in the commit.");
    }

    [RequiresToolsFact("nasm", "objcopy")]
    public void GoldenObjectHasNasmsSectionBytes()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("nasm.o"));
        foreach (string section in new[] { ".text", ".data" })
        {
            ExternalTool.RunChecked("objcopy", "-O", "binary", "--only-section=" + section, dir.File("nasm.o"), dir.File("nasm" + section));
            ExternalTool.RunChecked("objcopy", "-O", "binary", "--only-section=" + section, Nas64Command.Golden("hello.o"), dir.File("ours" + section));
            Assert.Equal(File.ReadAllBytes(dir.File("nasm" + section)), File.ReadAllBytes(dir.File("ours" + section)));
        }
    }

    [RequiresToolsFact("nasm", "ld")]
    public void GoldenExecutableBehavesAsNasmPlusLd()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        ExternalTool.RunChecked("ld", "-o", dir.File("reference"), dir.File("hello.o"));
        string ours = dir.File("hello");
        File.Copy(Nas64Command.Golden("hello"), ours);
        ExternalTool.RunChecked("chmod", "+x", ours);
        var reference = ExternalTool.Run(dir.File("reference"), []);
        var actual = ExternalTool.Run(ours, []);
        Assert.Equal(reference.StandardOutput, actual.StandardOutput);
        Assert.Equal(reference.ExitCode, actual.ExitCode);
        Assert.Equal("Hello, world!\n", actual.StandardOutput);
    }

    [RequiresToolsFact("nasm")]
    public void GoldenFlatBinaryEqualsNasm()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "bin", Nas64Command.Sample("boot/boot.asm"), "-o", dir.File("boot.bin"));
        Assert.Equal(File.ReadAllBytes(dir.File("boot.bin")), File.ReadAllBytes(Nas64Command.Golden("boot.bin")));
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return a.Length == b.Length ? -1 : n;
    }
}
