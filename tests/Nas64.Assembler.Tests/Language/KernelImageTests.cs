namespace Nas64.Assembler.Tests.Language;

/// <summary>A flat binary of real size mixing 16-, 32- and 64-bit code with org, times, incbin and struc.</summary>
public sealed class KernelImageTests
{
    [RequiresToolsFact("nasm")]
    public void KernelImageIsByteIdenticalToNasm()
    {
        string data = NasmComparison.DataDirectory();
        string source = File.ReadAllText(Path.Combine(data, "kernel.asm"));
        var files = new Dictionary<string, byte[]> { ["font.bin"] = File.ReadAllBytes(Path.Combine(data, "font.bin")) };
        NasmComparison.AssertSameBin(source, files);
    }
}
