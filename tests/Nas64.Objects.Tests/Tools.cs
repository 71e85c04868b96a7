namespace Nas64.Objects.Tests;

/// <summary>Runs the outside truths (nasm, readelf, ld, …) in a test's temporary folder.</summary>
internal static class Tools
{
    /// <summary>Assembles <paramref name="source"/> with nasm as <paramref name="fileName"/> (the name
    /// nasm records in STT_FILE) and returns the output file's bytes.</summary>
    public static byte[] Nasm(TempDirectory dir, string source, string format, string fileName = "t.asm")
    {
        File.WriteAllText(dir.File(fileName), source);
        string output = fileName + ".nasm-out";
        var result = ExternalTool.Run("nasm", ["-f", format, fileName, "-o", output], dir.Path);
        Assert.True(result.ExitCode == 0, $"nasm failed:\n{result.StandardError}");
        return File.ReadAllBytes(dir.File(output));
    }

    /// <summary>Runs a tool in <paramref name="dir"/> and fails the test unless it exits 0.</summary>
    public static ProcessResult Run(TempDirectory dir, string tool, params string[] arguments)
    {
        var result = ExternalTool.Run(tool, arguments, dir.Path);
        Assert.True(result.ExitCode == 0,
            $"{tool} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        return result;
    }

    public static string ReadElf(TempDirectory dir, byte[] bytes, string name)
    {
        File.WriteAllBytes(dir.File(name), bytes);
        return Run(dir, "readelf", "-a", "-W", name).StandardOutput;
    }

    /// <summary>Asserts the two files are identical, first showing readelf's view of any difference.</summary>
    public static void AssertSameElf(TempDirectory dir, byte[] expected, byte[] actual)
    {
        string nasmView = ReadElf(dir, expected, "nasm.o");
        string ourView = ReadElf(dir, actual, "ours.o");
        Assert.Equal(nasmView, ourView);
        AssertSameBytes(expected, actual);
    }

    public static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        int common = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < common; i++)
            if (expected[i] != actual[i])
                Assert.Fail($"first difference at offset 0x{i:x}: expected 0x{expected[i]:x2}, got 0x{actual[i]:x2}");
        Assert.True(expected.Length == actual.Length, $"length: expected {expected.Length}, got {actual.Length}");
    }
}
