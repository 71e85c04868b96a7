using System.Globalization;
using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>NASM 2.16's preprocessor functions (<c>%eval(…)</c>, <c>%str(…)</c>, <c>%strcat(…)</c>, <c>%isdef(…)</c>…),
/// expanded in place like single-line macros whose arguments are expanded first.</summary>
public sealed partial class Preprocessor
{
    private enum Function : byte { None, Eval, Abs, Count, Sel, Cond, Str, StrCat, StrLen, SubStr, Tok, Is }

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["%eval"] = Function.Eval, ["%abs"] = Function.Abs, ["%count"] = Function.Count, ["%sel"] = Function.Sel,
        ["%cond"] = Function.Cond, ["%str"] = Function.Str, ["%strcat"] = Function.StrCat, ["%strlen"] = Function.StrLen,
        ["%substr"] = Function.SubStr, ["%tok"] = Function.Tok,
    };

    /// <summary>Replaces <c>%name(args)</c> at <paramref name="i"/> by its value; false when the token is no function call.</summary>
    private bool TryExpandFunction(List<PpToken> tokens, int i)
    {
        string name = tokens[i].Text;
        var function = Functions.GetValueOrDefault(name);
        DirectiveInfo test = default;
        if (function == Function.None && name.Length > 3 && name.StartsWith("%is", StringComparison.OrdinalIgnoreCase))
        {
            test = Directives.Lookup(string.Concat("%if", name.AsSpan(3)));
            if (test.Directive == Directive.If) function = Function.Is;
        }
        if (function == Function.None) return false;
        int open = SkipWhitespace(tokens, i + 1);
        if (open >= tokens.Count || !tokens[open].Is('(')) return false;
        int close = SplitArguments(tokens, open);
        if (close < 0) return false;
        var ranges = _argumentRanges.ToArray();
        for (int k = i + 1; k < close; k++)
            if (tokens[k].Kind == PpTokenKind.EndOfExpansion) PopActive();
        List<PpToken> result;
        if (function == Function.Is)
        {
            // The %if test reads its operands from the raw tokens, as the directive would.
            var operands = ArgumentTokens(tokens, ranges[0].Start, ranges[^1].End);
            operands.Insert(0, PpToken.Space);
            result = NumberTokens(TestUnnegated(test.Condition, operands, 0) != test.Negated ? 1 : 0);
        }
        else
        {
            var args = new List<List<PpToken>>(ranges.Length);
            foreach (var (s, e) in ranges)
            {
                var arg = ArgumentTokens(tokens, s, e);
                ExpandLine(arg);
                args.Add(arg);
            }
            result = EvaluateFunction(function, name, args);
        }
        tokens.RemoveRange(i, close - i);
        tokens.InsertRange(i, result);
        return true;
    }

    private List<PpToken> EvaluateFunction(Function function, string name, List<List<PpToken>> args)
    {
        switch (function)
        {
            case Function.Eval:
                {
                    var sb = new StringBuilder();
                    for (int k = 0; k < args.Count; k++)
                    {
                        if (k > 0) sb.Append(',');
                        if (EvaluateNumber(args[k], name) is { } v) sb.Append(v.ToString(CultureInfo.InvariantCulture));
                    }
                    return PpLexer.Tokenize(sb.ToString());
                }
            case Function.Abs:
                return EvaluateNumber(args[0], name) is { } a ? NumberTokens(a == long.MinValue ? a : Math.Abs(a)) : [];
            case Function.Count:
                return NumberTokens(args.Count);
            case Function.Sel:
                {
                    if (EvaluateNumber(args[0], name) is not { } n) return [];
                    return n >= 1 && n < args.Count ? args[(int)n] : [];
                }
            case Function.Cond:
                {
                    if (args.Count < 2) { Error($"`{name}' expects a condition and a value"); return []; }
                    if (EvaluateNumber(args[0], name) is not { } c) return [];
                    return c != 0 ? args[1] : args.Count > 2 ? args[2] : [];
                }
            case Function.Str:
                {
                    var sb = new StringBuilder();
                    for (int k = 0; k < args.Count; k++)
                    {
                        if (k > 0) sb.Append(", ");
                        foreach (var t in args[k]) sb.Append(t.IsWhitespace ? " " : t.Text);
                    }
                    return [new PpToken(PpTokenKind.String, PpStrings.Quote(sb.ToString()))];
                }
            case Function.StrCat:
                {
                    var sb = new StringBuilder();
                    foreach (var arg in args)
                        if (StringArgument(arg, name) is { } s) sb.Append(s);
                    return [new PpToken(PpTokenKind.String, PpStrings.Quote(sb.ToString()))];
                }
            case Function.StrLen:
                return StringArgument(args[0], name) is { } measured ? NumberTokens(measured.Length) : [];
            case Function.SubStr:
                {
                    if (StringArgument(args[0], name) is not { } text || args.Count < 2) return [];
                    if (EvaluateNumber(args[1], name) is not { } start) return [];
                    long length = args.Count > 2 && EvaluateNumber(args[2], name) is { } l ? l : text.Length;
                    long from = Math.Max(0, start - 1);
                    long count = length < 0 ? text.Length - from + length + 1 : length;
                    string result = from >= text.Length || count <= 0 ? "" : text.Substring((int)from, (int)Math.Min(count, text.Length - from));
                    return [new PpToken(PpTokenKind.String, PpStrings.Quote(result))];
                }
            case Function.Tok:
                return StringArgument(args[0], name) is { } source ? PpLexer.Tokenize(source) : [];
        }
        return [];
    }

    private string? StringArgument(List<PpToken> arg, string name)
    {
        int k = SkipWhitespace(arg, 0);
        if (k < arg.Count && arg[k].Kind == PpTokenKind.String && SkipWhitespace(arg, k + 1) == arg.Count) return PpStrings.Unquote(arg[k].Text);
        Error($"`{name}' requires a string argument");
        return null;
    }
}
