using System.CommandLine;
using Nas64.Linker;

namespace Nas64.Cli;

/// <summary>`nas64 link`: GNU ld's spellings for what users type (-o, -e, -s, -L/-l, groups, -Map).</summary>
public static class LinkCommand
{
    public static Command Build()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "ELF64 objects (.o) and ar archives (.a), in link order", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("-o", "--output") { Description = "Output executable", DefaultValueFactory = _ => "a.out" };
        var entry = new Option<string>("-e", "--entry") { Description = "Entry symbol", DefaultValueFactory = _ => "_start" };
        var strip = new Option<bool>("-s", "--strip-all") { Description = "Leave out the symbol table" };
        var gc = new Option<bool>("--gc-sections") { Description = "Drop sections nothing reachable refers to" };
        var map = new Option<string?>("-Map") { Description = "Write a link map to FILE" };
        var tiny = new Option<bool>("--tiny") { Description = "The smallest valid executable: one segment, no padding, no section headers" };
        var libraryPaths = new Option<string[]>("-L") { Description = "Add a folder to search for -l libraries" };
        var libraries = new Option<string[]>("-l") { Description = "Link libNAME.a from the -L folders" };
        var isStatic = new Option<bool>("-static") { Description = "Accepted for ld compatibility (output is always static)" };
        var noStdlib = new Option<bool>("-nostdlib") { Description = "Accepted for ld compatibility (no library is ever added)" };
        var startGroup = new Option<bool>("--start-group", "-(") { Description = "Search the archives up to --end-group repeatedly" };
        var endGroup = new Option<bool>("--end-group", "-)") { Description = "End of an archive group" };
        var perf = new Option<bool>("--perf") { Description = "Print the time each link pass took (as mold's --perf)" };

        var command = new Command("link", "Link ELF64 objects and archives into a static executable.\n\nExample:\n  nas64 link start.o main.o libsys.a -o prog")
        {
            inputs, output, entry, strip, gc, map, tiny, libraryPaths, libraries, isStatic, noStdlib, startGroup, endGroup, perf,
        };
        var seccomp = new SeccompCommandOptions();
        seccomp.AddTo(command);
        command.SetAction(result =>
        {
            var diagnostics = new DiagnosticBag();
            string outputPath = result.GetValue(output)!;
            var linkInputs = OrderedInputs(result.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value).ToList(), result.GetValue(libraryPaths) ?? [], diagnostics);
            if (linkInputs is null) return Driver.Report(diagnostics);
            if (linkInputs.Count == 0) return Driver.Fail("link: no input files");
            var options = new LinkOptions
            {
                Entry = result.GetValue(entry)!,
                StripSymbols = result.GetValue(strip),
                GcSections = result.GetValue(gc),
                MapFile = result.GetValue(map),
                Tiny = result.GetValue(tiny),
                OutputPath = outputPath,
                Seccomp = seccomp.Read(result),
                PassTimes = result.GetValue(perf) ? [] : null,
            };
            ReserveHeap(linkInputs);
            using var image = Linker.Linker.LinkImage(linkInputs, options, diagnostics);
            if (image is null || diagnostics.HasErrors) return Driver.Report(diagnostics);
            Driver.Report(diagnostics);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int status = Driver.WriteOutput(outputPath, image.Span, executable: true);
            if (options.PassTimes is { } times)
            {
                times.Add(new("write file", clock.Elapsed));
                foreach (var (pass, time) in times) Console.Error.WriteLine($"{time.TotalMilliseconds,9:F1} ms  {pass}");
                Console.Error.WriteLine($"{GC.GetTotalAllocatedBytes() >> 20,9} MB  allocated; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
            }
            return status;
        });
        return command;
    }

    /// <summary>
    /// A large link allocates about twice its input size, nearly all of which lives to the end; collecting
    /// it on the way only copies it (on gen_objs 200: 7 gen0, 4 gen1 and 2 gen2 collections, peak RSS
    /// 54–62 MB instead of 54). So the heap is given room for three times the input size up front (a no-GC
    /// region; past it, collections start again as usual).
    /// </summary>
    private static void ReserveHeap(List<LinkInput> inputs)
    {
        const long Enough = 32 << 20, Most = 192 << 20;
        long total = 0;
        foreach (var input in inputs)
            if (input.Kind == LinkInputKind.File && new FileInfo(input.Name) is { Exists: true } file) total += file.Length;
        long budget = Math.Min(3 * total, Most);
        if (budget < Enough) return;    // small links finish within the first gen0 budget anyway
        try { GC.TryStartNoGCRegion(budget); }
        catch (ArgumentOutOfRangeException) { }
        catch (InvalidOperationException) { }
    }

    private static readonly HashSet<string> OptionsWithValue = ["-o", "--output", "-e", "--entry", "-Map", "-L", "-l", .. SeccompCommandOptions.NamesWithValue];

    /// <summary>Inputs in command-line order, with group markers and -l libraries where they stand.</summary>
    private static List<LinkInput>? OrderedInputs(List<string> tokens, string[] libraryPaths, DiagnosticBag diagnostics)
    {
        var result = new List<LinkInput>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token is "--start-group" or "-(") { result.Add(LinkInput.StartGroup); continue; }
            if (token is "--end-group" or "-)") { result.Add(LinkInput.EndGroup); continue; }
            if (token == "-l" && i + 1 < tokens.Count || token.StartsWith("-l", StringComparison.Ordinal) && token.Length > 2)
            {
                string name = token == "-l" ? tokens[++i] : token[2..];
                string? path = libraryPaths.Select(dir => Path.Combine(dir, $"lib{name}.a")).FirstOrDefault(File.Exists);
                if (path is null)
                {
                    diagnostics.Error(SourceLocation.None, $"cannot find -l{name}");
                    return null;
                }
                result.Add(LinkInput.FromFile(path));
                continue;
            }
            if (OptionsWithValue.Contains(token)) { i++; continue; }
            if (token.StartsWith('-')) continue;
            result.Add(LinkInput.FromFile(token));
        }
        return result;
    }
}
