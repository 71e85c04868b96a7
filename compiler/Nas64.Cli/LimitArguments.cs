using System.CommandLine;
using Nas64.Assembler.Passes;

namespace Nas64.Cli;

/// <summary>The <c>--limit-X VALUE</c> options (NASM's spellings, plus nas64's times/output/incbin): docs/limits.md.</summary>
internal static class LimitArguments
{
    public static List<Option<string?>> Create()
    {
        var defaults = new LimitOptions();
        var options = new List<Option<string?>>();
        foreach (string name in LimitOptions.Names)
        {
            long value = Read(defaults, name);
            options.Add(new Option<string?>("--limit-" + name)
            {
                Description = $"Execution limit: {Describe(name)} [{(value == long.MaxValue ? "unlimited" : value.ToString(System.Globalization.CultureInfo.InvariantCulture))}]",
                HelpName = "N|unlimited",
            });
        }
        return options;
    }

    /// <summary>The limits given on the command line over the defaults; null (after printing the error) when one is bad.</summary>
    public static LimitOptions? Parse(ParseResult result, List<Option<string?>> options)
    {
        var settings = new List<(string, string)>();
        foreach (var option in options)
            if (result.GetValue(option) is { } text) settings.Add((option.Name["--limit-".Length..], text));
        var limits = LimitOptions.Parse(settings, out string? error);
        if (limits is null) Console.Error.WriteLine($"nas64: error: {error}");
        return limits;
    }

    private static long Read(LimitOptions limits, string name) => name switch
    {
        "passes" => limits.Passes,
        "stalled-passes" => limits.StalledPasses,
        "macro-levels" => limits.MacroLevels,
        "macro-tokens" => limits.MacroTokens,
        "mmacros" => limits.MultiLineMacros,
        "rep" => limits.Rep,
        "eval" => limits.Eval,
        "lines" => limits.Lines,
        "times" => limits.Times,
        "output" => limits.Output,
        _ => limits.Incbin,
    };

    private static string Describe(string name) => name switch
    {
        "passes" => "total number of passes",
        "stalled-passes" => "number of passes without forward progress",
        "macro-levels" => "levels of macro expansion",
        "macro-tokens" => "tokens processed during single-line macro expansion",
        "mmacros" => "multi-line macros before final return",
        "rep" => "%rep count",
        "eval" => "expression evaluation descent",
        "lines" => "total source lines processed",
        "times" => "TIMES count",
        "output" => "bytes in one section or flat image",
        _ => "bytes of one incbin or %include file",
    };
}
