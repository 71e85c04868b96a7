using System.CommandLine;
using System.Globalization;
using Nas64.Cli.Disassembly;
using Nas64.Objects;
using Nas64.Objects.Elf;

namespace Nas64.Cli;

/// <summary>`nas64 disasm FILE`: ELF objects, executables and flat binaries as NASM source that assembles
/// back to the same bytes (each instruction is checked by reassembling it; those that would change are
/// written as db with the instruction as a comment).</summary>
public static class DisasmCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("file") { Description = "An ELF object or executable, or a flat binary (with --bits)" };
        var output = new Option<string?>("-o", "--output") { Description = "Write the source to FILE (default: standard output)" };
        var bits = new Option<int?>("--bits") { Description = "Flat binary: 16, 32 or 64 (reads the file as raw code)" };
        bits.AcceptOnlyFromAmong("16", "32", "64");
        var origin = new Option<string?>("--org") { Description = "Flat binary: the address it is loaded at (default 0), e.g. 0x7c00" };

        var command = new Command("disasm",
            "Disassemble to NASM source that nas64 (and nasm) assemble back to the same bytes.\n\n" +
            "Examples:\n" +
            "  nas64 disasm hello.o                      an ELF object: sections, globals, externs, relocations as symbols\n" +
            "  nas64 disasm hello                        an executable: its sections at their addresses\n" +
            "  nas64 disasm --bits 16 --org 0x7c00 boot.bin -o boot.asm   a flat binary")
        {
            input, output, bits, origin,
        };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output), result.GetValue(bits), result.GetValue(origin)));
        return command;
    }

    private static int Run(string path, string? outputPath, int? bits, string? originText)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Driver.Fail($"{path}: unable to read: {(e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : e.Message)}");
        }
        ulong origin = 0;
        if (originText is not null && !TryParseAddress(originText, out origin)) return Driver.Fail($"--org: not an address: {originText}");

        DisassemblyImage image;
        try
        {
            image = bits is { } flatBits || !ElfReader.IsElf(bytes)
                ? ImageLoader.LoadFlat(bytes, bits ?? 64, origin)
                : ImageLoader.LoadElf(path, bytes);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // A header or table pointing past the end of the file.
            return Driver.Fail($"{path}: malformed ELF file ({e.Message})");
        }
        catch (DiagnosticException e)
        {
            var diagnostics = new DiagnosticBag();
            diagnostics.Add(e.Diagnostic);
            return Driver.Report(diagnostics);
        }
        string source = Disassemble(image);
        if (outputPath is null)
        {
            Console.Out.Write(source);
            return 0;
        }
        return Driver.WriteOutput(outputPath, System.Text.Encoding.UTF8.GetBytes(source), executable: false);
    }

    /// <summary>The NASM source for <paramref name="image"/>, every instruction written as text proven to reassemble exactly.</summary>
    public static string Disassemble(DisassemblyImage image)
    {
        var relocationText = new RelocationText(image.Sections);
        var listings = new Disassembler(image, relocationText).Run();
        var writer = new ListingWriter(image, relocationText);
        RoundTripVerifier.Verify(image, listings, writer);
        return writer.Write(listings, markers: false);
    }

    private static bool TryParseAddress(string text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (text.EndsWith('h') || text.EndsWith('H'))
            return ulong.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
