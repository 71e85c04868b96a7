using System.Runtime.CompilerServices;
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

    /// <summary>This folder's data/ (found from the source path, so no copy step is needed).</summary>
    public static string DataDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "data");

    public static AssemblyOutcome Nasm(TempDirectory dir, string source, string format)
    {
        File.WriteAllText(dir.File(FileName), source);
        string output = dir.File("nasm.out");
        File.Delete(output);
        var result = ExternalTool.Run("nasm", ["-f", format, FileName, "-o", output], dir.Path);
        return new AssemblyOutcome(result.ExitCode == 0 ? File.ReadAllBytes(output) : null, Lines(result.StandardError));
    }

    public static AssemblyOutcome Ours(TempDirectory dir, string source, string format)
    {
        var outputFormat = format switch
        {
            "bin" => OutputFormat.Bin,
            "elf32" => OutputFormat.Elf32,
            _ => OutputFormat.Elf64,
        };
        var diagnostics = new DiagnosticBag();
        var options = new AssemblerOptions { Format = outputFormat, IncludePaths = [dir.Path + "/"] };
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
        AssertSame(source, format, null, bytes => DescribeElf(bytes));

    /// <summary>Both assemblers reject the source with the same messages.</summary>
    public static void AssertSameErrors(string source, string format = "bin")
    {
        using var dir = new TempDirectory();
        var nasm = Nasm(dir, source, format);
        var ours = Ours(dir, source, format);
        Assert.False(nasm.Succeeded, "nasm accepted the source; the test expects an error");
        Assert.False(ours.Succeeded, "nas64 accepted what nasm rejects");
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
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

    /// <summary>An object as text: sections, symbols in table order, relocations (section symbols by section name).</summary>
    public static string DescribeElf(byte[] bytes)
    {
        var module = ElfReader.Read("object", bytes);
        var text = new StringBuilder();
        foreach (var section in module.Sections)
        {
            // nas64 adds an empty .note.GNU-stack by default (ObjectModule.NoteGnuStack); nasm does not.
            if (section.Name == ".note.GNU-stack" && section.Size == 0) continue;
            text.Append($"section {section.Name} {section.Type} {section.Flags} align={section.Alignment} size={section.Size}\n");
            if (!section.IsNoBits) text.Append(Hex(section.Data.Span.ToArray()));
            foreach (var r in section.Relocations)
                text.Append($"  reloc {r.Offset:x} {r.Type} {SymbolName(r.Symbol)} {r.Addend}\n");
        }
        foreach (var symbol in module.Symbols)
            text.Append($"symbol {symbol.Name} {symbol.Binding} {symbol.Type} {symbol.Visibility} ")
                .Append(symbol.IsAbsolute ? "ABS" : symbol.IsCommon ? "COMMON" : symbol.Section?.Name ?? "UNDEF")
                .Append($" value={symbol.Value:x} size={symbol.Size}\n");
        return text.ToString();
    }

    private static string SymbolName(Symbol symbol) =>
        symbol.Type == SymbolType.Section ? $"[{symbol.Section?.Name}]" : symbol.Name;
}
