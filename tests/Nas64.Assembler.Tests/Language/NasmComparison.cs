using System.Text;
using Nas64.Assembler.Passes;
using Nas64.Objects;
using Nas64.Objects.Elf;
using Nas64.Objects.Flat;

namespace Nas64.Assembler.Tests.Language;

/// <summary>What one assembler made of a source: the output file (null on failure) and its messages.</summary>
public sealed record AssemblyOutcome(byte[]? Output, IReadOnlyList<string> Messages)
{
    public bool Succeeded => Output is not null;
}

/// <summary>
/// Assembles one source with nasm 2.16 and with nas64 (in-process), in the same folder under the
/// same file name, so outputs and messages (<c>test.asm:LINE: error: …</c>) compare as they are.
/// nasm's bytes and messages are the truth.
/// </summary>
public static class NasmComparison
{
    public const string FileName = "test.asm";

    /// <summary>Language/data, copied next to the test assembly.</summary>
    public static string DataDirectory() => Path.Combine(AppContext.BaseDirectory, "Language", "data");

    /// <param name="level">nasm's optimization switch (-O0, -O1, -Ox); Ours takes the same.</param>
    public static AssemblyOutcome Nasm(TempDirectory dir, string source, string format, string level = "-Ox")
    {
        File.WriteAllText(dir.File(FileName), source);
        string output = dir.File("nasm.out");
        File.Delete(output);
        var result = ExternalTool.Run("nasm", [level, "-f", format, FileName, "-o", output], dir.Path);
        return new AssemblyOutcome(result.ExitCode == 0 ? File.ReadAllBytes(output) : null, Lines(result.StandardError));
    }

    public static AssemblyOutcome Ours(TempDirectory dir, string source, string format, string level = "-Ox")
    {
        var outputFormat = format switch
        {
            "bin" => OutputFormat.Bin,
            "elf32" => OutputFormat.Elf32,
            _ => OutputFormat.Elf64,
        };
        // nasm's default warning classes, as the command line sets them up ([warning push/pop] works on them).
        var policy = new WarningPolicy();
        policy.Freeze();
        var diagnostics = new DiagnosticBag { Warnings = policy };
        var options = new AssemblerOptions
        {
            Format = outputFormat, IncludePaths = [dir.Path + "/"], Optimize = level != "-O0", MinimalOptimization = level == "-O1",
        };
        var module = Passes.Assembler.Assemble(FileName, source, options, diagnostics);
        byte[]? output = null;
        if (module is not null && !diagnostics.HasErrors)
        {
            try
            {
                output = outputFormat == OutputFormat.Bin ? FlatWriter.Write(module, diagnostics) : ElfObjectWriter.Write(module);
            }
            catch (DiagnosticException e)
            {
                diagnostics.Add(e.Diagnostic);
            }
            if (diagnostics.HasErrors) output = null;
        }
        var messages = new List<string>();
        foreach (var d in diagnostics.Items) messages.Add(d.ToString());
        return new AssemblyOutcome(output, messages);
    }

    /// <summary>-f bin: the same bytes and the same messages.</summary>
    public static void AssertSameBin(string source, IReadOnlyDictionary<string, byte[]>? files = null) =>
        AssertSame(source, "bin", files, bytes => Hex(bytes));

    /// <summary>-f elf64/elf32: the same sections (flags, alignment, bytes), symbols and relocations.</summary>
    public static void AssertSameElf(string source, string format = "elf64") =>
        AssertSame(source, format, null, ElfDescription.Describe);

    /// <summary>Both assemblers reject the source with the same messages.</summary>
    public static void AssertSameErrors(string source, string format = "bin", IReadOnlyDictionary<string, byte[]>? files = null)
    {
        using var dir = new TempDirectory();
        if (files is not null)
            foreach (var (name, bytes) in files) File.WriteAllBytes(dir.File(name), bytes);
        var nasm = Nasm(dir, source, format);
        var ours = Ours(dir, source, format);
        Assert.False(nasm.Succeeded, "nasm accepted the source; the test expects an error");
        Assert.False(ours.Succeeded, "nas64 accepted what nasm rejects");
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
    }

    /// <summary>nasm assembles the source; nas64 refuses it as "not supported yet" (rather than write other bytes).</summary>
    public static void AssertNotSupportedYet(string source, string format = "bin")
    {
        using var dir = new TempDirectory();
        Assert.True(Nasm(dir, source, format).Succeeded, "nasm refuses the source; the test expects it to assemble");
        var ours = Ours(dir, source, format);
        Assert.False(ours.Succeeded, "nas64 accepted the source");
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }

    private static void AssertSame(string source, string format, IReadOnlyDictionary<string, byte[]>? files, Func<byte[], string> describe)
    {
        using var dir = new TempDirectory();
        if (files is not null)
            foreach (var (name, bytes) in files) File.WriteAllBytes(dir.File(name), bytes);
        var nasm = Nasm(dir, source, format);
        var ours = Ours(dir, source, format);
        Assert.True(nasm.Succeeded, "nasm rejected the test source:\n" + string.Join("\n", nasm.Messages));
        Assert.True(ours.Succeeded, "nas64 rejected what nasm accepts:\n" + string.Join("\n", ours.Messages));
        Assert.Equal(describe(nasm.Output!), describe(ours.Output!));
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        foreach (string line in text.Split('\n'))
            if (line.Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>16 bytes a line, so a difference shows its offset.</summary>
    public static string Hex(byte[] bytes)
    {
        var text = new StringBuilder();
        for (int i = 0; i < bytes.Length; i += 16)
            text.Append($"{i:x6}: ").Append(Convert.ToHexString(bytes, i, Math.Min(16, bytes.Length - i))).Append('\n');
        return text.ToString();
    }
}
