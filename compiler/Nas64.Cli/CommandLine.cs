using System.CommandLine;

namespace Nas64.Cli;

/// <summary>The nas64 command line: `nas64 [options] file.asm` (assemble; by default straight to a
/// static executable) and `nas64 link` (the static linker, with GNU ld's spellings).</summary>
public static class CommandLine
{
    public static int Run(string[] args)
    {
        var root = BuildRoot();
        try
        {
            return root.Parse(NormalizeNasmStyle(args)).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // A bug of ours, not the user's: say so in one line rather than with a stack trace.
            Console.Error.WriteLine($"nas64: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("NAS64_TRACE") == "1") Console.Error.WriteLine(e);
            return 3;
        }
    }

    /// <summary>NASM writes -felf64 and -ohello; split them so the parser sees -f elf64 and -o hello.</summary>
    private static string[] NormalizeNasmStyle(string[] args)
    {
        if (args.Length > 0 && args[0] == "link") return args;
        var result = new List<string>(args.Length + 2);
        foreach (string arg in args)
        {
            if (WarningSwitches.ToNasmForm(arg) is { } warning)
            {
                result.Add("--warning=" + warning);
                continue;
            }
            if (arg.Length > 2 && arg[0] == '-' && arg[1] is 'f' or 'o' or 'D' or 'U' or 'I' or 'P' or 'O' or 'l' or 'L' or 'Z' or 'F' && arg[2] != '-'
                && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                result.Add(arg[..2]);
                result.Add(arg[2..]);
            }
            else result.Add(arg);
        }
        return [.. result];
    }

    private static RootCommand BuildRoot()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "NASM source files (.asm); with the default format also ELF objects (.o) and archives (.a) to link in",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("-f", "--format")
        {
            Description = "Output format: exe (default: a static Linux executable, no libc, no second tool), elf64, elf32, bin",
            DefaultValueFactory = _ => "exe",
        };
        format.AcceptOnlyFromAmong("exe", "elf64", "elf32", "elf", "bin");
        var output = new Option<string?>("-o", "--output")
        {
            Description = "Output file (default: the input's name without .asm; with .o for elf64/elf32)",
        };
        var optimize = new Option<string?>("-O")
        {
            Description = "Optimization: -Ox (default, as NASM: shortest forms), -O1 (as NASM: short immediates, near jumps) or -O0 (no size optimization)",
        };
        var entry = new Option<string>("-e", "--entry")
        {
            Description = "Entry symbol of the executable",
            DefaultValueFactory = _ => "_start",
        };
        var strip = new Option<bool>("-s", "--strip-all") { Description = "Leave the symbol table out of the executable" };
        var tiny = new Option<bool>("--tiny") { Description = "The smallest valid executable, as nas64 link --tiny (executable output only)" };
        var includes = new Option<string[]>("-I") { Description = "Add a folder to search for incbin and %include files", AllowMultipleArgumentsPerToken = false };
        var warnings = new Option<string[]>("--warning")
        {
            Description = "NASM's warning switches, also written -w+x, -w-x, -Wx, -Wno-x, -Werror, -Werror=x, -w+error=x (nasm -h lists the classes)",
        };
        var errorFile = new Option<string?>("-Z") { Description = "Write diagnostics to FILE instead of standard error, as nasm -Z" };
        var color = new Option<string>("--color") { Description = "Color diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var diagnosticsFormat = new Option<string>("--diagnostics-format") { Description = "text (nasm's file:line: severity: message) or json (one object per line)", DefaultValueFactory = _ => "text" };
        diagnosticsFormat.AcceptOnlyFromAmong("text", "json");
        var defines = new Option<string[]>("-D", "-d") { Description = "Define a macro: -DNAME or -DNAME=value (as %define)" };
        var undefines = new Option<string[]>("-U", "-u") { Description = "Undefine a macro (as %undef)" };
        var preIncludes = new Option<string[]>("-P", "-p") { Description = "Include a file before the source (as %include)" };
        var preprocessOnly = new Option<bool>("-E", "-e") { Description = "Preprocess only: write the expanded source to -o or standard output" };
        var makeDependencies = new Option<bool>("-M") { Description = "Print make dependencies of the source instead of assembling" };
        var makeDependenciesAlongside = new Option<string?>("-MD") { Description = "Assemble and write make dependencies to FILE" };
        var makeDependencyFile = new Option<string?>("-MF") { Description = "Write -M dependencies to FILE instead of standard output" };
        var makeTarget = new Option<string?>("-MT") { Description = "The target name in make dependencies (default: the output file)" };
        var debugInfo = new Option<bool>("-g") { Description = "Add DWARF debug information (line tables for gdb); kept in executables unless -s" };
        var debugFormat = new Option<string?>("-F") { Description = "Debug information format: dwarf (the only one; implies -g)" };
        var listing = new Option<string?>("-l") { Description = "Write a listing to FILE, in nasm -l's format" };
        var listingFlags = new Option<string[]>("-L") { Description = "Listing options, as nasm: -Ld decimal counts, -Le preprocessed lines, -Lm macro calls, -Lf list .nolist macros, -Lb -P files" };
        var limits = LimitArguments.Create();

        var root = new RootCommand(
            "nas64 — a NASM-compatible x86 assembler and static linker for Linux.\n\n" +
            "Examples:\n" +
            "  nas64 hello.asm -o hello          assemble and link a static executable, then ./hello\n" +
            "  nas64 -f elf64 hello.asm          write hello.o, as nasm -f elf64 does\n" +
            "  nas64 -f bin boot.asm -o boot.bin a flat binary, as nasm -f bin does\n" +
            "  nas64 link a.o b.o -o prog        link ELF objects (nas64, nasm, gcc, as) into a static executable\n" +
            "  nas64 -f elf64 a.asm -l a.lst -Le a listing in nasm -l's format, with the preprocessed lines\n" +
            "  nas64 a.asm -w-label-orphan -Werror=zeroing -Z errors.txt\n" +
            "                                    nasm's warning switches; diagnostics to a file\n" +
            "  nas64 a.asm --diagnostics-format=json   one JSON object per diagnostic, for editors and CI")
        {
            inputs, format, output, optimize, entry, strip, tiny, includes, warnings, errorFile, color, diagnosticsFormat,
            defines, undefines, preIncludes, preprocessOnly, makeDependencies, makeDependenciesAlongside, makeDependencyFile, makeTarget,
            debugInfo, debugFormat,
            listing, listingFlags,
        };
        var seccomp = new SeccompCommandOptions();
        seccomp.AddTo(root);
        foreach (var limit in limits) root.Options.Add(limit);
        root.SetAction(result =>
        {
            if (LimitArguments.Parse(result, limits) is not { } limitOptions) return 1;
            var request = new AssembleRequest(
                result.GetValue(inputs) ?? [],
                result.GetValue(format)!,
                result.GetValue(output),
                result.GetValue(optimize) != "0",
                result.GetValue(entry)!,
                result.GetValue(strip),
                result.GetValue(includes) ?? [])
            {
                WarningSwitches = result.GetValue(warnings) ?? [],
                MinimalOptimization = result.GetValue(optimize) == "1",
                Defines = result.GetValue(defines) ?? [],
                Undefines = result.GetValue(undefines) ?? [],
                PreIncludes = result.GetValue(preIncludes) ?? [],
                PreprocessOnly = result.GetValue(preprocessOnly),
                DependenciesOnly = result.GetValue(makeDependencies),
                DependencyFile = result.GetValue(makeDependenciesAlongside) ?? result.GetValue(makeDependencyFile),
                DependencyTarget = result.GetValue(makeTarget),
                DebugInfo = result.GetValue(debugInfo),
                DebugFormat = result.GetValue(debugFormat),
                Seccomp = seccomp.Read(result),
                Tiny = result.GetValue(tiny),
                ListingFile = result.GetValue(listing),
                ListingFlags = string.Concat(result.GetValue(listingFlags) ?? []),
                Limits = limitOptions,
            };
            if (DiagnosticOutput.Configure(result.GetValue(errorFile), result.GetValue(color)!, result.GetValue(diagnosticsFormat)!) is { } problem)
                return Driver.Fail(problem);
            try
            {
                return Driver.Assemble(request);
            }
            finally
            {
                DiagnosticOutput.Close();
            }
        });
        root.Subcommands.Add(LinkCommand.Build());
        root.Subcommands.Add(StubsCommand.Build());
        root.Subcommands.Add(DisasmCommand.Build());
        root.Subcommands.Add(SyscallsCommand.Build());
        return root;
    }
}
