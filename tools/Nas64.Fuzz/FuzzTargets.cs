using System.Text;
using Nas64.Assembler.Passes;
using Nas64.Linker;
using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;
using Nas64.Objects.Flat;

namespace Nas64.Fuzz;

/// <summary>The components under test, called in-process as the CLI calls them. Each returns null when the input
/// was handled (accepted, or rejected with located diagnostics) and otherwise what went wrong: an exception that
/// escaped (the CLI would print "internal error"), or a diagnostic that points at no line or offset.</summary>
public static class FuzzTargets
{
    /// <summary>The component names accepted by the fuzzer and the replay test.</summary>
    public static readonly string[] Components = ["asm", "elf"];

    /// <summary>Lower than the defaults so one input stays within milliseconds and megabytes; the defaults' own
    /// behaviour at the limit is tested in LimitTests.</summary>
    public static readonly LimitOptions Limits = new()
    {
        Rep = 10_000, Times = 10_000, Output = 1 << 22, Incbin = 1 << 22, Lines = 1_000_000, MacroTokens = 1_000_000, MultiLineMacros = 1000,
        MacroArguments = 100_000,
    };

    /// <summary>Runs <paramref name="component"/> on <paramref name="input"/>; <paramref name="variant"/> picks the
    /// output format for the assembler (0 bin, 1 elf32, 2 elf64, 3 elf64 linked to an executable).</summary>
    public static string? Run(string component, byte[] input, int variant, string workDirectory) => component switch
    {
        "asm" => Assemble(input, variant, workDirectory),
        "elf" => ReadAndLink(input),
        _ => throw new ArgumentException($"unknown component {component}"),
    };

    public static string? Assemble(byte[] input, int variant, string workDirectory)
    {
        // As File.ReadAllText in the driver: UTF-8, invalid sequences become U+FFFD.
        string text = Encoding.UTF8.GetString(input);
        var diagnostics = new DiagnosticBag();
        var format = (variant & 3) switch { 0 => OutputFormat.Bin, 1 => OutputFormat.Elf32, _ => OutputFormat.Elf64 };
        var options = new AssemblerOptions { Format = format, Optimize = (variant & 4) == 0, Limits = Limits };
        string source = Path.Combine(workDirectory, "fuzz.asm");
        try
        {
            var module = Nas64.Assembler.Passes.Assembler.Assemble(source, text, options, diagnostics);
            if (Unlocated(diagnostics, requireLine: true) is { } unlocated) return unlocated;
            if (module is not null)
            {
                // The output writers report layout problems of the whole file (sections overlap…) as NASM does,
                // without a line; what comes from one line (a relocation) carries it.
                diagnostics = new DiagnosticBag();
                switch (variant & 3)
                {
                    case 0:
                        FlatWriter.Write(module, diagnostics);
                        break;
                    case 1:
                    case 2:
                        try { ElfObjectWriter.Write(module); }
                        catch (DiagnosticException e) { diagnostics.Add(e.Diagnostic); }
                        break;
                    default:
                        Linker.Linker.Link([LinkInput.FromModule(module)], new LinkOptions { Entry = "0" }, diagnostics);
                        break;
                }
            }
        }
        catch (Exception e)
        {
            return Describe(e);
        }
        return UnnamedFile(diagnostics);
    }

    public static string? ReadAndLink(byte[] input)
    {
        var diagnostics = new DiagnosticBag();
        try
        {
            try
            {
                if (ArchiveReader.IsArchive(input))
                {
                    var archive = ArchiveReader.Open("fuzz.a", input);
                    for (int i = 0; i < archive.Members.Count; i++)
                    {
                        try { archive.ReadMember(i); }
                        catch (DiagnosticException e) { diagnostics.Add(e.Diagnostic); }
                    }
                }
                else ElfReader.Read("fuzz.o", input);
            }
            catch (DiagnosticException e)
            {
                diagnostics.Add(e.Diagnostic);
            }
            if (Unlocated(diagnostics, requireLine: false) is { } bad) return bad;
            if (diagnostics.HasErrors) return null;
            // What the reader accepted, the linker must handle too.
            diagnostics = new DiagnosticBag();
            Linker.Linker.Link([LinkInput.FromBytes("fuzz.o", input)], new LinkOptions { Entry = "0" }, diagnostics);
        }
        catch (Exception e)
        {
            return Describe(e);
        }
        return UnnamedFile(diagnostics);
    }

    /// <summary>Link errors name the input (and a section or symbol), not always a byte offset.</summary>
    private static string? UnnamedFile(DiagnosticBag diagnostics)
    {
        foreach (var d in diagnostics.Items)
            if (d.Location.File.Length == 0) return $"diagnostic without location: {d}";
        return null;
    }

    /// <summary>The first diagnostic that names no file, or (for source) no line.</summary>
    private static string? Unlocated(DiagnosticBag diagnostics, bool requireLine)
    {
        foreach (var d in diagnostics.Items)
        {
            var at = d.Location;
            // A line set by %line (any number, any file name) is the source's own choice.
            // `%line N ""` leaves the name empty, as in nasm (":N: warning: …"): the line still locates it.
            bool located = (at.File.Length > 0 || at.Line > 0) && (requireLine ? at.Line > 0 || !at.File.EndsWith("fuzz.asm", StringComparison.Ordinal) : at.Line > 0 || at.Offset >= 0);
            if (!located) return $"diagnostic without location: {d}";
        }
        return null;
    }

    private static string Describe(Exception e) => $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}";
}
