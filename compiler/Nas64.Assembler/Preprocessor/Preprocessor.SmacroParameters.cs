using System.Globalization;
using System.Text;
using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Preprocessor;

/// <summary>How a single-line macro parameter takes its argument (nasm 2.16's <c>%define f(=a, &amp;b, &amp;&amp;c, !d, +e)</c>).</summary>
[Flags]
public enum SmacroParameterFlags : byte
{
    None = 0,
    /// <summary><c>=</c>: the argument is evaluated as a number.</summary>
    Eval = 1,
    /// <summary><c>&amp;</c>: the argument becomes a quoted string.</summary>
    Str = 2,
    /// <summary><c>!</c>: the argument keeps its braces and whitespace.</summary>
    NoStrip = 4,
    /// <summary><c>+</c>: the last parameter takes the rest of the arguments, commas included, and may be left out.</summary>
    Greedy = 8,
    /// <summary><c>&amp;&amp;</c>: with <see cref="Str"/>, a single string argument stays as it is.</summary>
    CondQuote = 64,
}

/// <summary>nasm's single-line macro templates (parse_smacro_template), their parameter flags on a call, and its
/// warning for a call with a parameter count no definition takes.</summary>
public sealed partial class Preprocessor
{
    /// <summary>Reads the parameter list at <paramref name="i"/> (right after the name) as nasm does: a first pass counts
    /// the parameters, and only when there are some a second pass takes their names (so messages of a list with
    /// parameters come twice, as nasm's). A list without parameters is no list: the body starts at its parenthesis.</summary>
    private void ParseSmacroTemplate(List<PpToken> tokens, ref int i, out string[]? names, out SmacroParameterFlags[]? flags)
    {
        names = null;
        flags = null;
        if (i >= tokens.Count || !tokens[i].Is('(')) return;
        int count = ScanSmacroTemplate(tokens, i, null, null, out _);
        if (count == 0) return;
        names = new string[count];
        flags = new SmacroParameterFlags[count];
        ScanSmacroTemplate(tokens, i, names, flags, out i);
    }

    private int ScanSmacroTemplate(List<PpToken> tokens, int open, string[]? names, SmacroParameterFlags[]? flags, out int end)
    {
        int count = 0;
        string? name = null;
        var current = SmacroParameterFlags.None;
        bool reported = false, greedy = false, done = false;
        int k = open + 1;
        while (!done)
        {
            if (k >= tokens.Count)
            {
                Error(name is not null || current != SmacroParameterFlags.None ? "`)' expected to terminate macro template" : "parameter identifier expected");
                break;
            }
            var t = tokens[k++];
            bool endsParameter = false;
            if (t.Kind == PpTokenKind.Identifier && name is null) name = t.Text;
            else if (t.Is('=')) current |= SmacroParameterFlags.Eval;
            else if (t.Is('&')) current |= SmacroParameterFlags.Str;
            else if (t.Kind == PpTokenKind.Other && t.Text == "&&") current |= SmacroParameterFlags.Str | SmacroParameterFlags.CondQuote;
            else if (t.Is('!')) current |= SmacroParameterFlags.NoStrip;
            else if (t.Is('+'))
            {
                current |= SmacroParameterFlags.Greedy;
                greedy = true;
            }
            else if (t.Is(','))
            {
                if (greedy) Error("greedy parameter must be last");
                endsParameter = true;
            }
            else if (t.Is(')')) endsParameter = done = true;
            else if (t.Kind != PpTokenKind.Whitespace && !reported)
            {
                Error($"garbage `{t.Text}' in macro parameter list");
                reported = true;
            }
            if (!endsParameter) continue;
            if (names is not null && count < names.Length)
            {
                names[count] = name!;
                flags![count] = current;
            }
            count++;
            name = null;
            current = SmacroParameterFlags.None;
        }
        end = k;
        return count;
    }

    /// <summary>The fewest arguments a macro takes: a greedy last parameter may be left out (but one argument is always there).</summary>
    private static int MinimumArguments(SingleLineMacro macro)
    {
        int n = macro.Parameters!.Length;
        return n > 1 && macro.ParameterFlags is { } f && (f[^1] & SmacroParameterFlags.Greedy) != 0 ? n - 1 : n;
    }

    /// <summary>The argument of parameter <paramref name="index"/>: as any argument (trimmed, one pair of enclosing braces
    /// dropped), or for a <c>!</c> parameter exactly as written.</summary>
    private static List<PpToken> FlaggedArgumentTokens(SingleLineMacro macro, int index, List<PpToken> tokens, int start, int end)
    {
        if (macro.ParameterFlags is not { } flags || index >= flags.Length || (flags[index] & SmacroParameterFlags.NoStrip) == 0)
            return ArgumentTokens(tokens, start, end);
        var list = new List<PpToken>(end - start);
        for (int k = start; k < end; k++)
            if (tokens[k].Kind != PpTokenKind.EndOfExpansion) list.Add(tokens[k]);
        return list;
    }

    /// <summary>Applies the <c>=</c> and <c>&amp;</c> flags to the arguments of a call of <paramref name="macro"/>, as nasm
    /// does before it substitutes them: each is expanded first, then evaluated, then quoted.</summary>
    private void ApplyParameterFlags(SingleLineMacro macro, List<List<PpToken>> args)
    {
        var flags = macro.ParameterFlags!;
        for (int k = 0; k < args.Count && k < flags.Length; k++)
        {
            var f = flags[k];
            if ((f & SmacroParameterFlags.Eval) != 0)
            {
                var arg = args[k];
                ExpandLine(arg);
                arg.RemoveAll(t => t.IsWhitespace);
                if (arg.Count == 0 && (f & SmacroParameterFlags.Greedy) != 0) continue;
                args[k] = EvaluateParameter(arg, k, macro.Name);
            }
            if ((f & SmacroParameterFlags.Str) != 0)
            {
                var arg = args[k];
                ExpandLine(arg);
                if ((f & SmacroParameterFlags.CondQuote) != 0 && arg is [{ Kind: PpTokenKind.String }]) continue;
                var text = new StringBuilder();
                foreach (var t in arg) text.Append(t.IsWhitespace ? " " : t.Text);
                args[k] = [new PpToken(PpTokenKind.String, PpStrings.Quote(text.ToString()))];
            }
        }
    }

    /// <summary>An <c>=</c> argument's value as a number token; nothing, with nasm's error, when it is no constant expression.</summary>
    private List<PpToken> EvaluateParameter(List<PpToken> arg, int index, string macroName)
    {
        // The tokens stay apart, as in nasm's token-level evaluation (`1 2` is a number and garbage, not 12).
        var text = new StringBuilder();
        foreach (var t in arg) text.Append(text.Length > 0 ? " " : "").Append(t.Text);
        var warnings = new List<string>();
        var preprocessOnly = _sink is null ? null : new List<string>();
        var value = PreprocessorExpression.Evaluate(text.ToString(), out string? error, _options.Limits.Eval, warnings, preprocessOnly);
        if (preprocessOnly is not null) foreach (string message in preprocessOnly) Error(message);
        bool trailing = false;
        foreach (string warning in warnings)
        {
            if (warning.StartsWith("trailing garbage", StringComparison.Ordinal)) trailing = true;
            else Warning(warning);
        }
        if (error is not null && error != PreprocessorExpression.NonConstant) { Error(error); return []; }
        if (trailing) { Error($"invalid expression in parameter {index} of macro `{macroName}'"); return []; }
        if (value is not { } v) { Error($"non-constant expression in parameter {index} of macro `{macroName}'"); return []; }
        return NumberTokens(v);
    }

    /// <summary>nasm holds the parameter-count warning of a line's expansion until the line is done, and drops the warnings
    /// of an expansion round that %+ pasting follows (the next round may make the call a good one).</summary>
    private readonly List<Diagnostic> _heldWarnings = [];

    private void HoldWarning(string message)
    {
        if (!_quiet) _heldWarnings.Add(new Diagnostic(Severity.Warning, CurrentLocation(), message));
    }

    private void IssueHeldWarnings()
    {
        foreach (var warning in _heldWarnings) _diagnostics.Add(warning);
        _heldWarnings.Clear();
    }

    private void WarnParameterCount(string name, int count) =>
        HoldWarning($"single-line macro `{name}' exists, but not taking {count.ToString(CultureInfo.InvariantCulture)} parameter{(count == 1 ? "" : "s")} [-w+pp-macro-params-single]");
}
