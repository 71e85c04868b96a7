namespace Nas64.Assembler.Passes;

/// <summary>
/// Execution limits that turn runaway input (recursion, huge repeat counts, exponential expansion, layouts that never
/// settle) into an error naming the limit and the line. The names and defaults of NASM 2.16's <c>--limit-X</c> options
/// where NASM has one; <see cref="Times"/>, <see cref="Output"/>, <see cref="Incbin"/> and <see cref="MacroArguments"/> are nas64's own.
/// Every limit, its default and the test that reaches it: docs/limits.md.
/// </summary>
public sealed record LimitOptions
{
    /// <summary>Total layout passes (NASM: unlimited).</summary>
    public long Passes { get; init; } = long.MaxValue;

    /// <summary>Layout passes in a row in which the sizes still change but no new symbol gets a value.</summary>
    public long StalledPasses { get; init; } = 1000;

    /// <summary>Nested single-line macro expansions within one line.</summary>
    public long MacroLevels { get; init; } = 10000;

    /// <summary>Tokens processed while expanding the single-line macros of one line.</summary>
    public long MacroTokens { get; init; } = 10_000_000;

    /// <summary>Multi-line macro calls nested at once.</summary>
    public long MultiLineMacros { get; init; } = 100_000;

    /// <summary>The count of one <c>%rep</c>.</summary>
    public long Rep { get; init; } = 1_000_000;

    /// <summary>Operators, parentheses and unary prefixes in one expression.</summary>
    public long Eval { get; init; } = 8192;

    /// <summary>Source lines processed in total (including every macro and %rep body line).</summary>
    public long Lines { get; init; } = 2_000_000_000;

    /// <summary>The count of one <c>times</c> prefix.</summary>
    public long Times { get; init; } = 100_000_000;

    /// <summary>Bytes in one section (and so in a flat binary), including <c>resb</c> space that is zeroed.</summary>
    public long Output { get; init; } = 1L << 30;

    /// <summary>Bytes read by one <c>incbin</c> or <c>%include</c>.</summary>
    public long Incbin { get; init; } = 1L << 30;

    /// <summary>The size of the arguments of all multi-line macro calls active at once, counted as one per token plus
    /// its characters: a recursive macro that grows its argument at each level would otherwise fill memory before
    /// <see cref="MultiLineMacros"/> stops it (NASM has no such limit and runs out of memory).</summary>
    public long MacroArguments { get; init; } = 4_000_000;

    /// <summary>The command-line spelling of each limit (<c>--limit-NAME</c>), in the order of <c>nasm -h</c>.</summary>
    public static readonly string[] Names = ["passes", "stalled-passes", "macro-levels", "macro-tokens", "mmacros", "rep", "eval", "lines", "times", "output", "incbin", "macro-args"];

    /// <summary>A copy with limit <paramref name="name"/> set; "unlimited" (as nasm accepts) is the largest value.</summary>
    public LimitOptions With(string name, long value) => name switch
    {
        "passes" => this with { Passes = value },
        "stalled-passes" => this with { StalledPasses = value },
        "macro-levels" => this with { MacroLevels = value },
        "macro-tokens" => this with { MacroTokens = value },
        "mmacros" => this with { MultiLineMacros = value },
        "rep" => this with { Rep = value },
        "eval" => this with { Eval = value },
        "lines" => this with { Lines = value },
        "times" => this with { Times = value },
        "output" => this with { Output = value },
        "incbin" => this with { Incbin = value },
        "macro-args" => this with { MacroArguments = value },
        _ => throw new ArgumentException($"unknown limit `{name}'", nameof(name)),
    };

    /// <summary>Parses <c>--limit-NAME VALUE</c> arguments (VALUE a number or <c>unlimited</c>); null with an error on bad input.</summary>
    public static LimitOptions? Parse(IEnumerable<(string Name, string Value)> settings, out string? error)
    {
        var limits = new LimitOptions();
        error = null;
        foreach (var (name, text) in settings)
        {
            if (!Names.Contains(name)) { error = $"unknown limit `--limit-{name}' (known: {string.Join(", ", Names)})"; return null; }
            long value;
            if (text.Equals("unlimited", StringComparison.OrdinalIgnoreCase)) value = long.MaxValue;
            else if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
            {
                error = $"`--limit-{name}' expects a number or `unlimited', not `{text}'";
                return null;
            }
            limits = limits.With(name, value);
        }
        return limits;
    }
}
