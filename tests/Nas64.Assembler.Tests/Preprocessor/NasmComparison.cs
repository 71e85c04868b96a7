using Nas64.Assembler.Passes;
using Nas64.Objects;
using Nas64.Objects.Flat;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>Assembles one source with nasm and with nas64 and compares the results.</summary>
internal static class NasmComparison
{
    /// <summary>nasm -f bin output, or the failure with nasm's messages.</summary>
    public static byte[] NasmBin(string source, IEnumerable<string>? extraArguments = null, IDictionary<string, string>? files = null)
    {
        using var temp = new TempDirectory();
        string input = temp.File("test.asm"), output = temp.File("test.bin");
        File.WriteAllText(input, source);
        WriteFiles(temp, files);
        var arguments = new List<string> { "-f", "bin", "-o", output };
        if (extraArguments is not null) arguments.AddRange(extraArguments);
        arguments.Add(input);
        var result = ExternalTool.Run("nasm", arguments, temp.Path);
        Assert.True(result.ExitCode == 0, "nasm failed: " + result.StandardError);
        return File.ReadAllBytes(output);
    }

    /// <summary>nas64's flat image of the source, failing the test with every diagnostic when there is an error.</summary>
    public static byte[] OursBin(string source, AssemblerOptions? options = null, IDictionary<string, string>? files = null)
    {
        using var temp = new TempDirectory();
        WriteFiles(temp, files);
        string input = temp.File("test.asm");
        File.WriteAllText(input, source);
        var diagnostics = new DiagnosticBag();
        options ??= new AssemblerOptions();
        options = new AssemblerOptions
        {
            Format = OutputFormat.Bin,
            Defines = options.Defines,
            Undefines = options.Undefines,
            PreIncludes = [.. options.PreIncludes.Select(temp.File)],
            IncludePaths = [.. options.IncludePaths.Select(temp.File)],
        };
        var module = Passes.Assembler.Assemble(input, source, options, diagnostics);
        byte[]? image = module is null || diagnostics.HasErrors ? null : FlatWriter.Write(module, diagnostics);
        Assert.True(image is not null && !diagnostics.HasErrors, "nas64 failed:\n" + string.Join('\n', diagnostics.Items));
        return image!;
    }

    /// <summary>What an ELF object says, as the binutils read it: .text bytes, `nm` lines and `readelf -r` entries.</summary>
    public sealed record ObjectDump(byte[] Text, byte[] ReadOnlyData, List<string> Symbols, List<string> Relocations);

    /// <summary>nasm -f elf64 of the source, read back with objcopy, nm and readelf.</summary>
    public static ObjectDump NasmElf(string source)
    {
        using var temp = new TempDirectory();
        string input = temp.File("test.asm"), output = temp.File("test.o");
        File.WriteAllText(input, source);
        var result = ExternalTool.Run("nasm", ["-f", "elf64", "-o", output, input], temp.Path, timeoutMs: 300_000);
        Assert.True(result.ExitCode == 0, "nasm failed: " + result.StandardError);
        return Dump(temp, output);
    }

    /// <summary>nas64's ELF object of the source (assembled in-process, written by the ELF writer), read back the same way.</summary>
    public static ObjectDump OursElf(string source)
    {
        using var temp = new TempDirectory();
        string input = temp.File("test.asm"), output = temp.File("test.o");
        var diagnostics = new DiagnosticBag();
        var module = Passes.Assembler.Assemble(input, source, new AssemblerOptions { Format = OutputFormat.Elf64 }, diagnostics);
        Assert.True(module is not null && !diagnostics.HasErrors, "nas64 failed:\n" + string.Join('\n', diagnostics.Items.Take(20)));
        File.WriteAllBytes(output, Nas64.Objects.Elf.ElfObjectWriter.Write(module!));
        return Dump(temp, output);
    }

    private static ObjectDump Dump(TempDirectory temp, string objectFile)
    {
        string text = temp.File("text.bin");
        ExternalTool.RunChecked("objcopy", "-O", "binary", "--only-section=.text", objectFile, text);
        string rodata = temp.File("rodata.bin");
        ExternalTool.RunChecked("objcopy", "-O", "binary", "--only-section=.rodata", objectFile, rodata);
        var symbols = Lines(ExternalTool.RunChecked("nm", objectFile).StandardOutput);
        symbols.Sort(StringComparer.Ordinal);
        var relocations = new List<string>();
        foreach (string line in Lines(ExternalTool.RunChecked("readelf", "-rW", objectFile).StandardOutput))
        {
            // "offset info type value name + addend": keep offset, type and the symbol with its addend.
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[2].StartsWith("R_X86_64_", StringComparison.Ordinal))
                relocations.Add($"{parts[0]} {parts[2]} {string.Join(' ', parts[4..])}");
        }
        return new ObjectDump(File.ReadAllBytes(text), File.Exists(rodata) ? File.ReadAllBytes(rodata) : [], symbols, relocations);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    public static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        Assert.Fail($"bytes differ at offset {i}: nasm {Convert.ToHexString(expected.AsSpan(i, Math.Min(16, expected.Length - i)))} (length {expected.Length}), "
            + $"nas64 {Convert.ToHexString(actual.AsSpan(i, Math.Min(16, actual.Length - i)))} (length {actual.Length})");
    }

    private static void WriteFiles(TempDirectory temp, IDictionary<string, string>? files)
    {
        if (files is null) return;
        foreach (var (name, text) in files)
        {
            string path = temp.File(name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
