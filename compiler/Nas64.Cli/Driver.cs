using Nas64.Assembler.Passes;
using Nas64.Linker;
using Nas64.Linker.Seccomp;
using Nas64.Objects;
using Nas64.Objects.Elf;
using Nas64.Objects.Flat;

namespace Nas64.Cli;

public sealed record AssembleRequest(
    string[] Inputs, string Format, string? Output, bool Optimize, string Entry, bool Strip, string[] IncludePaths)
{
    /// <summary>-w/-W switches in nasm's -w form (+x, -x, +error=x…), in order.</summary>
    public string[] WarningSwitches { get; init; } = [];
    /// <summary>-O1: nasm's minimal optimization (<see cref="AssemblerOptions.MinimalOptimization"/>).</summary>
    public bool MinimalOptimization { get; init; }
    public string[] Defines { get; init; } = [];
    public string[] Undefines { get; init; } = [];
    public string[] PreIncludes { get; init; } = [];
    public bool PreprocessOnly { get; init; }
    public bool DependenciesOnly { get; init; }
    public string? DependencyFile { get; init; }
    public string? DependencyTarget { get; init; }

    /// <summary>-g: DWARF debug information.</summary>
    public bool DebugInfo { get; init; }

    /// <summary>-F: the debug format; giving one implies -g, as in NASM.</summary>
    public string? DebugFormat { get; init; }

    /// <summary>--seccomp: seal the executable with a filter allowing only its own syscalls.</summary>
    public SeccompOptions? Seccomp { get; init; }

    /// <summary>--tiny: link the executable as `nas64 link --tiny' does.</summary>
    public bool Tiny { get; init; }
    public string? ListingFile { get; init; }
    public string ListingFlags { get; init; } = "";
    public Nas64.Assembler.Passes.LimitOptions Limits { get; init; } = new();
}

/// <summary>Runs the pipeline for the root command: assemble each source to a module, then write
/// it as an object or a flat binary, or link the modules (and any .o/.a given) in memory.</summary>
public static class Driver
{
    public static int Assemble(AssembleRequest request)
    {
        var diagnostics = new DiagnosticBag { Warnings = WarningSwitches.Policy(request.WarningSwitches) };
        string format = request.Format == "elf" ? "elf64" : request.Format;
        var sources = request.Inputs.Where(i => !IsObjectInput(i)).ToList();
        if (format != "exe" && request.Inputs.Length != 1)
            return Fail($"-f {format} takes exactly one source file");
        if (sources.Count == 0) return Fail("no source file to assemble");
        if (request.Seccomp is not null && format != "exe") return Fail($"--seccomp seals executables; it does not apply to -f {format}");
        if (request.Tiny && format != "exe") return Fail($"--tiny shapes executables; it does not apply to -f {format}");

        if (request.DebugFormat is not null && DebugFormats.Check(request.DebugFormat, format) is { } debugError) return Fail(debugError);
        if (request.ListingFile is not null && sources.Count != 1) return Fail("-l lists exactly one source file");
        var listing = ListingFile.Start(request, diagnostics);
        var outputFormat = format switch { "bin" => OutputFormat.Bin, "elf32" => OutputFormat.Elf32, _ => OutputFormat.Elf64 };
        var options = new AssemblerOptions
        {
            Format = outputFormat,
            Optimize = request.Optimize,
            MinimalOptimization = request.MinimalOptimization,
            IncludePaths = request.IncludePaths,
            Defines = request.Defines,
            Undefines = request.Undefines,
            PreIncludes = request.PreIncludes,
            DebugInfo = request.DebugInfo || request.DebugFormat is not null,
            Listing = listing.Recorder,
            Limits = request.Limits,
        };
        if (request.PreprocessOnly || request.DependenciesOnly) return Preprocess(request, sources[0], format, options, diagnostics);
        var modules = new List<ObjectModule>();
        // One source's assembly may leave collections paused for writing its output (gen_macro: see
        // Assembler.PauseCollections); with several, each resumes them before the next.
        Nas64.Assembler.Passes.Assembler.CollectionPause pause = default;
        try
        {
            foreach (string source in sources)
            {
                string? text = ReadSource(source);
                if (text is null) return 1;
                var module = Nas64.Assembler.Passes.Assembler.Assemble(source, text, options, diagnostics, out var mapRequest, out var paused);
                if (sources.Count == 1) pause = paused;
                else paused.Dispose();
                if (module is not null) modules.Add(module);
                else if (diagnostics.HasErrors) MapFileOutput.LeaveEmpty(mapRequest);
            }
            if (listing.Finish() != 0) return 1;
            if (diagnostics.HasErrors) return Report(diagnostics);

            string output = request.Output ?? DefaultOutput(sources[0], format);
            byte[]? bytes;
            string? map = null;
            switch (format)
            {
                case "bin":
                    bytes = FlatWriter.Write(modules[0], diagnostics, (sources[0], output), out map);
                    if (bytes is null || diagnostics.HasErrors) MapFileOutput.LeaveEmpty(modules[0].Map);
                    break;
                case "elf64":
                case "elf32":
                    bytes = WriteObject(modules[0], diagnostics);
                    break;
                default:
                    {
                        var inputs = new List<LinkInput>();
                        foreach (var module in modules) inputs.Add(LinkInput.FromModule(module));
                        foreach (string input in request.Inputs)
                            if (IsObjectInput(input)) inputs.Add(LinkInput.FromFile(input));
                        bytes = Linker.Linker.Link(inputs, new LinkOptions { Entry = request.Entry, StripSymbols = request.Strip, OutputPath = output, Seccomp = request.Seccomp, Tiny = request.Tiny }, diagnostics);
                        break;
                    }
            }
            if (diagnostics.HasErrors || bytes is null) return Report(diagnostics);
            if (request.DependencyFile is not null)
            {
                string? text = ReadSource(sources[0]);
                var dependencies = Nas64.Assembler.Preprocessor.Preprocessor.ListDependencies(sources[0], text ?? "", options, diagnostics);
                int written = WriteOutput(request.DependencyFile, System.Text.Encoding.UTF8.GetBytes(MakeRule(request.DependencyTarget ?? output, sources[0], dependencies)), executable: false);
                if (written != 0) return written;
            }
            Report(diagnostics);
            int status = WriteOutput(output, bytes, executable: format == "exe");
            if (status == 0 && map is not null) MapFileOutput.Write(modules[0].Map!, map);
            return status;
        }
        finally
        {
            pause.Dispose();
        }
    }

    /// <summary>-E (the expanded source) and -M (make dependencies): no assembly.</summary>
    private static int Preprocess(AssembleRequest request, string source, string format, AssemblerOptions options, DiagnosticBag diagnostics)
    {
        string? text = ReadSource(source);
        if (text is null) return 1;
        ReadOnlyMemory<byte> result;
        if (request.PreprocessOnly)
            result = Nas64.Assembler.Preprocessor.Preprocessor.PreprocessToUtf8(source, text, options, diagnostics);
        else
        {
            var dependencies = Nas64.Assembler.Preprocessor.Preprocessor.ListDependencies(source, text, options, diagnostics);
            result = System.Text.Encoding.UTF8.GetBytes(MakeRule(request.DependencyTarget ?? request.Output ?? DefaultOutput(source, format), source, dependencies));
        }
        if (diagnostics.HasErrors) return Report(diagnostics);
        Report(diagnostics);
        string? destination = request.PreprocessOnly ? request.Output : request.DependencyFile;
        if (destination is null)
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(result.Span);
            return 0;
        }
        return WriteOutput(destination, result.Span, executable: false);
    }

    /// <summary>A make rule in nasm -M's shape: <c>target : source deps…</c> and a blank line.</summary>
    private static string MakeRule(string target, string source, IReadOnlyList<string> dependencies) =>
        $"{target} : {string.Join(' ', [source, .. dependencies])}\n\n";

    private static byte[]? WriteObject(ObjectModule module, DiagnosticBag diagnostics)
    {
        try
        {
            return ElfObjectWriter.Write(module);
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
            return null;
        }
    }

    internal static bool IsObjectInput(string path) =>
        path.EndsWith(".o", StringComparison.Ordinal) || path.EndsWith(".a", StringComparison.Ordinal);

    private static string DefaultOutput(string source, string format)
    {
        string stem = source.EndsWith(".asm", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".nasm", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".s", StringComparison.OrdinalIgnoreCase)
            ? source[..source.LastIndexOf('.')]
            : source;
        string name = Path.GetFileName(stem);
        return format switch
        {
            "elf64" or "elf32" => name + ".o",
            _ => name == Path.GetFileName(source) ? name + ".out" : name,
        };
    }

    internal static string? ReadSource(string path)
    {
        try
        {
            return SourceText.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            DiagnosticOutput.Write(new Diagnostic(Severity.Fatal, SourceLocation.None, $"unable to open input file `{path}': {Reason(e)}"));
            return null;
        }
    }

    internal static int WriteOutput(string path, ReadOnlySpan<byte> bytes, bool executable)
    {
        try
        {
            OutputFile.Write(path, bytes, executable);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            DiagnosticOutput.Write(new Diagnostic(Severity.Fatal, SourceLocation.None, $"unable to write output file `{path}': {Reason(e)}"));
            return 1;
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };

    internal static int Report(DiagnosticBag diagnostics)
    {
        foreach (var diagnostic in diagnostics.Items) DiagnosticOutput.Write(diagnostic);
        return diagnostics.HasErrors ? 1 : 0;
    }

    internal static int Fail(string message)
    {
        DiagnosticOutput.Write(new Diagnostic(Severity.Error, SourceLocation.None, message));
        return 1;
    }
}
