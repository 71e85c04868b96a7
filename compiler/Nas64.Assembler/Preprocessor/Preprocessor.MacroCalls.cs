using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Multi-line macros: the tables, calls (label, arguments, defaults, greedy last parameter) and
/// substitution of %1, %0, %00, %{…}, %%labels and %? into body lines as they are read.</summary>
public sealed partial class Preprocessor
{
    private readonly Dictionary<string, List<MultiLineMacro>> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<MultiLineMacro>> _imacros = new(StringComparer.OrdinalIgnoreCase);

    private List<MultiLineMacro>? LookupMulti(string name)
    {
        if (_macros.Count > 0 && _macros.TryGetValue(name, out var list) && list.Count > 0) return list;
        if (_imacros.Count > 0 && _imacros.TryGetValue(name, out list) && list.Count > 0) return list;
        return null;
    }

    private void AddMacro(MultiLineMacro macro)
    {
        var table = macro.CaseInsensitive ? _imacros : _macros;
        if (!table.TryGetValue(macro.Name, out var list)) table[macro.Name] = list = [];
        for (int k = list.Count - 1; k >= 0; k--)
            if (list[k].MinParameters == macro.MinParameters && list[k].MaxParameters == macro.MaxParameters) list.RemoveAt(k);
        list.Add(macro);
    }

    private bool TryCallMultiLineMacro(List<PpToken> tokens)
    {
        if (_macros.Count == 0 && _imacros.Count == 0) return false;
        int i = SkipWhitespace(tokens, 0);
        if (i >= tokens.Count || tokens[i].Kind != PpTokenKind.Identifier) return false;
        var list = LookupMulti(tokens[i].Text);
        int nameIndex = i;
        PpToken? label = null;
        if (list is null)
        {
            // `label: macro args` and `label macro args` call the macro after defining the label.
            int j = SkipWhitespace(tokens, i + 1);
            if (j < tokens.Count && tokens[j].Is(':')) j = SkipWhitespace(tokens, j + 1);
            if (j >= tokens.Count || tokens[j].Kind != PpTokenKind.Identifier) return false;
            list = LookupMulti(tokens[j].Text);
            if (list is null) return false;
            label = tokens[i];
            nameIndex = j;
        }
        var ranges = SplitMacroArguments(tokens, nameIndex + 1);
        int count = ranges.Count;
        MultiLineMacro? macro = null;
        for (int k = list.Count - 1; k >= 0 && macro is null; k--)
            if (list[k].Accepts(count)) macro = list[k];
        string invoked = tokens[nameIndex].Text;
        if (macro is null)
        {
            Warning($"multi-line macro `{invoked}' exists, but not taking {count} parameter{(count == 1 ? "" : "s")}");
            return false;
        }
        if (macro.Greedy && count > macro.MaxParameters)
        {
            ranges[macro.MaxParameters - 1] = (ranges[macro.MaxParameters - 1].Start, ranges[count - 1].End);
            ranges.RemoveRange(macro.MaxParameters, count - macro.MaxParameters);
            count = macro.MaxParameters;
        }
        int total = Math.Max(count, macro.MinParameters + macro.Defaults.Count);
        var parameters = new List<PpToken>[total];
        for (int k = 0; k < total; k++)
            parameters[k] = k < count ? ArgumentTokens(tokens, ranges[k].Start, ranges[k].End)
                : k - macro.MinParameters < macro.Defaults.Count ? macro.Defaults[k - macro.MinParameters] : [];
        List<PpToken>? labelTokens = label is { } l ? [l] : null;
        if (labelTokens is not null && !macro.UsesLabel)
            Emit([label!.Value, new PpToken(PpTokenKind.Other, ":")]);
        if (++_macroDepth > MaxMacroDepth)
        {
            _macroDepth--;
            Error($"macro `{invoked}' called too deeply (runaway recursion?)");
            _stopped = true;
            return true;
        }
        var call = new MacroCall(macro, parameters, labelTokens, invoked, _unique++);
        _frame = new Frame
        {
            Kind = FrameKind.Macro,
            Parent = _frame,
            Call = call,
            Body = macro.Body,
            Chain = new ExpansionChain(macro.Name, CurrentPosition(), _frame!.Chain),
            ConditionDepth = _conditions.Count,
        };
        return true;
    }

    /// <summary>Comma-separated arguments after a macro name; braces group an argument that contains commas.</summary>
    private static List<(int Start, int End)> SplitMacroArguments(List<PpToken> tokens, int start)
    {
        var ranges = new List<(int, int)>();
        start = SkipWhitespace(tokens, start);
        if (start >= tokens.Count) return ranges;
        int depth = 0;
        int argStart = start;
        for (int k = start; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind != PpTokenKind.Other) continue;
            if (t.Is('{')) depth++;
            else if (t.Is('}')) depth--;
            else if (t.Is(',') && depth == 0)
            {
                ranges.Add((argStart, k));
                argStart = k + 1;
            }
        }
        ranges.Add((argStart, tokens.Count));
        return ranges;
    }

    /// <summary>Replaces macro parameters and macro-local labels in a body line, then re-tokenizes so that
    /// adjacent pieces join (<c>r%1q</c> becomes <c>r0q</c>).</summary>
    private void SubstituteParameters(List<PpToken> tokens, MacroCall call)
    {
        bool any = false;
        foreach (var t in tokens)
            if (t.Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal or PpTokenKind.MacroName
                || (t.Kind == PpTokenKind.Indirect && t.Text.IndexOf('%', 1) >= 0)) { any = true; break; }
        if (!any) return;
        string text = SubstituteToText(tokens, call);
        tokens.Clear();
        PpLexer.Tokenize(text, tokens);
    }

    private string SubstituteToText(List<PpToken> tokens, MacroCall call)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            switch (t.Kind)
            {
                case PpTokenKind.Parameter:
                    AppendParameter(sb, t.Text, call);
                    break;
                case PpTokenKind.MacroLocal:
                    sb.Append("..@").Append(call.Unique).Append('.').Append(t.Text, 2, t.Text.Length - 2);
                    break;
                case PpTokenKind.MacroName:
                    sb.Append(t.Text == "%??" ? call.Macro.Name : call.InvokedName);
                    break;
                case PpTokenKind.Indirect:
                    {
                        string inner = t.Text.Length >= 3 && t.Text[^1] == ']' ? t.Text[2..^1] : t.Text[2..];
                        sb.Append("%[").Append(SubstituteToText(PpLexer.Tokenize(inner), call)).Append(']');
                        break;
                    }
                default:
                    sb.Append(t.Text);
                    break;
            }
        }
        return sb.ToString();
    }

    private void AppendParameter(StringBuilder sb, string text, MacroCall call)
    {
        int count = call.Parameters.Length;
        string spec = text.Length > 2 && text[1] == '{' ? text[2..^1].Trim() : text[1..];
        if (spec == "00") { if (call.Label is { } l) AppendTokens(sb, l); return; }
        if (spec.Length > 0 && (spec[0] == '$' || spec.StartsWith("%$", StringComparison.Ordinal)))
        {
            sb.Append(MangleContextLocal(spec[0] == '$' ? "%" + spec : spec));
            return;
        }
        int colon = spec.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(spec.AsSpan(0, colon), out int from) || !int.TryParse(spec.AsSpan(colon + 1), out int to))
            {
                Error($"invalid macro parameter range `{text}'");
                return;
            }
            if (from < 0) from = count + 1 + from;
            if (to < 0) to = count + 1 + to;
            int step = to >= from ? 1 : -1;
            for (int k = from; ; k += step)
            {
                if (k >= 1 && k <= count)
                {
                    if (k != from) sb.Append(',');
                    AppendTokens(sb, call.Parameter(k));
                }
                if (k == to) break;
            }
            return;
        }
        bool invert = spec.StartsWith('-');
        if (!int.TryParse(spec.AsSpan(invert || spec.StartsWith('+') ? 1 : 0), out int n))
        {
            Error($"invalid macro parameter `{text}'");
            return;
        }
        if (n == 0 && !invert) { sb.Append(count); return; }
        if (n < 1 || n > count) return;
        var value = call.Parameter(n);
        if (!invert) { AppendTokens(sb, value); return; }
        string cc = PpLexer.Join(value).Trim();
        string? inverse = ConditionCodes.Invert(cc);
        if (inverse is null) { Error($"macro parameter `{text}' is not a condition code"); return; }
        sb.Append(inverse);
    }

    private static void AppendTokens(StringBuilder sb, List<PpToken> tokens)
    {
        foreach (var t in tokens) sb.Append(t.Text);
    }
}
