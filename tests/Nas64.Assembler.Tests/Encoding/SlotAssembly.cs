using System.Text;
using Nas64.Assembler.Passes;
using Nas64.Objects;
using Nas64.Objects.Flat;

namespace Nas64.Assembler.Tests.Encoding;

/// <summary>What one assembler made of one instruction line: its bytes, or the error it reported.</summary>
public readonly record struct SlotResult(byte[]? Bytes, string? Error)
{
    public bool Rejected => Bytes is null;

    public override string ToString() => Bytes is null ? "error" : Convert.ToHexString(Bytes).ToLowerInvariant();
}

/// <summary>
/// Assembles many instruction lines as ONE flat file per assembler, each line in its own 16-byte slot
/// (a label, the line, then `times` zero padding to 16 bytes, so even a line that emits nothing keeps
/// its slot), so a mismatch names its line and the whole corpus costs one nasm process.
/// Lines an assembler rejects are found from its error line numbers and replaced by a placeholder
/// in a second run, so the other lines still get bytes.
/// </summary>
public static class SlotAssembly
{
    public const int SlotSize = 16;

    // Stands in for a rejected line in the second run; its slot is then all zeros.
    private const string Placeholder = "";

    /// <summary>The slot whose instruction or padding is on <paramref name="sourceLine"/> (line 1 is `bits N`).</summary>
    private static int SlotOf(int sourceLine) => (sourceLine - 2) / 2;

    public static string Source(IReadOnlyList<string> lines, int bits, IReadOnlySet<int>? replaced = null)
    {
        var text = new StringBuilder();
        text.Append("bits ").Append(bits).Append('\n');
        for (int i = 0; i < lines.Count; i++)
        {
            text.Append("slot").Append(i).Append(": ").Append(replaced is not null && replaced.Contains(i) ? Placeholder : lines[i]).Append('\n');
            text.Append("times ").Append(SlotSize).Append("-($-slot").Append(i).Append(") db 0\n");
        }
        return text.ToString();
    }

    /// <summary>Runs nasm 2.16 (-f bin; -Ox, or -O0 when <paramref name="optimize"/> is false, -O1 with
    /// <paramref name="minimal"/>) over the lines.</summary>
    public static SlotResult[] Nasm(IReadOnlyList<string> lines, int bits, bool optimize = true, bool minimal = false) =>
        Run(lines, bits, (source, errors) => NasmOnce(source, !optimize ? "-O0" : minimal ? "-O1" : "-Ox", errors));

    /// <summary>Runs nas64's assembler in-process over the lines.</summary>
    public static SlotResult[] Ours(IReadOnlyList<string> lines, int bits, bool optimize = true, bool minimal = false) =>
        Run(lines, bits, (source, errors) => OursOnce(source, optimize, minimal, errors));

    private static SlotResult[] Run(IReadOnlyList<string> lines, int bits, Func<string, Dictionary<int, string>, byte[]?> assemble)
    {
        var rejected = new Dictionary<int, string>();
        byte[]? image = null;
        // Parse errors can hide assembly errors of other lines, so repeat until a run is clean.
        for (int attempt = 0; attempt < 6 && image is null; attempt++)
        {
            var errors = new Dictionary<int, string>();
            image = assemble(Source(lines, bits, rejected.Keys.ToHashSet()), errors);
            if (image is null && errors.Count == 0)
                throw new Xunit.Sdk.XunitException("assembler failed without naming a line");
            foreach (var (line, message) in errors)
            {
                int slot = SlotOf(line);
                if (line >= 2 && slot < lines.Count) rejected.TryAdd(slot, message);
                else throw new Xunit.Sdk.XunitException($"error outside an instruction line {line}: {message}");
            }
        }
        if (image is null) throw new Xunit.Sdk.XunitException("assembler kept reporting errors");
        if (image.Length != lines.Count * SlotSize)
            throw new Xunit.Sdk.XunitException($"image is {image.Length} bytes, expected {lines.Count * SlotSize}");
        var results = new SlotResult[lines.Count];
        for (int i = 0; i < lines.Count; i++)
            results[i] = rejected.TryGetValue(i, out string? message)
                ? new SlotResult(null, message)
                : new SlotResult(image.AsSpan(i * SlotSize, SlotSize).ToArray(), null);
        return results;
    }

    private static byte[]? NasmOnce(string source, string level, Dictionary<int, string> errors)
    {
        using var temp = new TempDirectory();
        string input = temp.File("slots.asm"), output = temp.File("slots.bin");
        File.WriteAllText(input, source);
        var result = ExternalTool.Run("nasm", [level, "-f", "bin", "-o", output, input]);
        foreach (string line in result.StandardError.Split('\n'))
        {
            // slots.asm:123: error: message
            int error = line.IndexOf(": error: ", StringComparison.Ordinal);
            if (error < 0) continue;
            int colon = line.LastIndexOf(':', error - 1);
            if (colon >= 0 && int.TryParse(line.AsSpan(colon + 1, error - colon - 1), out int number))
                errors.TryAdd(number, line[(error + 9)..]);
        }
        return result.ExitCode == 0 && errors.Count == 0 ? File.ReadAllBytes(output) : null;
    }

    private static byte[]? OursOnce(string source, bool optimize, bool minimal, Dictionary<int, string> errors)
    {
        var diagnostics = new DiagnosticBag();
        var module = Passes.Assembler.Assemble("slots.asm", source, new AssemblerOptions { Format = OutputFormat.Bin, Optimize = optimize, MinimalOptimization = minimal }, diagnostics);
        byte[]? image = module is null || diagnostics.HasErrors ? null : FlatWriter.Write(module, diagnostics);
        foreach (var diagnostic in diagnostics.Items)
            if (diagnostic.Severity >= Severity.Error) errors.TryAdd(diagnostic.Location.Line, diagnostic.Message);
        return diagnostics.HasErrors ? null : image;
    }

    /// <summary>Hex of a slot without its padding, for messages (comparisons use the whole slot): Iced
    /// decodes instructions until only zeros are left, so an instruction's own trailing zeros stay.</summary>
    public static string Hex(SlotResult result, int bits)
    {
        if (result.Bytes is null) return "error";
        byte[] bytes = result.Bytes;
        var decoder = Iced.Intel.Decoder.Create(bits, new Iced.Intel.ByteArrayCodeReader(bytes));
        int end = 0;
        while (end < bytes.Length && bytes.AsSpan(end).IndexOfAnyExcept((byte)0) >= 0)
        {
            decoder.IP = (ulong)end;
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid || end + instruction.Length > bytes.Length) { end = bytes.Length; break; }
            end += instruction.Length;
        }
        var text = new StringBuilder();
        for (int i = 0; i < end; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(bytes[i].ToString("x2"));
        }
        return text.ToString();
    }
}
