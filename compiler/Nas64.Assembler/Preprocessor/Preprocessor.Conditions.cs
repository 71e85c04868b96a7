namespace Nas64.Assembler.Preprocessor;

/// <summary>The %if family: a stack of branch states, and the tests each family makes.</summary>
public sealed partial class Preprocessor
{
    private enum Branch : byte
    {
        /// <summary>This branch is being assembled.</summary>
        Taken,
        /// <summary>No branch taken yet; a later %elif or %else may be.</summary>
        Waiting,
        /// <summary>A branch was taken; skip the rest.</summary>
        Done,
        /// <summary>Inside a skipped region: skip everything, evaluate nothing.</summary>
        Never,
    }

    private readonly List<Branch> _conditions = [];

    private bool Emitting => _conditions.Count == 0 || _conditions[^1] == Branch.Taken;

    private void HandleConditional(DirectiveInfo info, List<PpToken> tokens, int argStart)
    {
        switch (info.Directive)
        {
            case Directive.If:
                if (!Emitting) { _conditions.Add(Branch.Never); return; }
                _conditions.Add(Test(info, tokens, argStart) ? Branch.Taken : Branch.Waiting);
                return;
            case Directive.Elif:
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%elif': no matching `%if'"); return; }
                switch (_conditions[^1])
                {
                    case Branch.Taken: _conditions[^1] = Branch.Done; break;
                    case Branch.Waiting: _conditions[^1] = Test(info, tokens, argStart) ? Branch.Taken : Branch.Waiting; break;
                }
                return;
            case Directive.Else:
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%else': no matching `%if'"); return; }
                _conditions[^1] = _conditions[^1] switch
                {
                    Branch.Taken => Branch.Done,
                    Branch.Waiting => Branch.Taken,
                    var b => b,
                };
                return;
            case Directive.EndIf:
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%endif': no matching `%if'"); return; }
                _conditions.RemoveAt(_conditions.Count - 1);
                return;
        }
    }

    private int CurrentConditionBase() => _frame?.FileConditionDepth ?? 0;

    private bool Test(DirectiveInfo info, List<PpToken> tokens, int i)
    {
        bool result = TestUnnegated(info.Condition, tokens, i);
        return result != info.Negated;
    }

    private bool TestUnnegated(ConditionKind kind, List<PpToken> tokens, int i)
    {
        i = SkipWhitespace(tokens, i);
        switch (kind)
        {
            case ConditionKind.Expression:
                return EvaluateNumber(Tail(tokens, i), "%if") is { } v && v != 0;
            case ConditionKind.DefAlias:
                {
                    string? name = ReadName(tokens, ref i);
                    return name is not null && (_aliases.Contains(name) || _ialiases.Contains(name));
                }
            case ConditionKind.Def:
                {
                    // True when any of the names is a defined single-line macro.
                    for (int k = i; k < tokens.Count; k++)
                    {
                        var t = tokens[k];
                        string? name = t.Kind switch
                        {
                            PpTokenKind.Identifier => t.Text,
                            PpTokenKind.ContextLocal => MangleContextLocal(t.Text),
                            _ => null,
                        };
                        if (name is not null && IsDefined(name)) return true;
                    }
                    return false;
                }
            case ConditionKind.Macro:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) return false;
                    var list = LookupMulti(name);
                    if (list is null) return false;
                    var spec = Tail(tokens, i);
                    if (spec.Count == 0) return true;
                    ParseParameterSpec(PpLexer.Join(spec), out int min, out int max, out _, out _, out _);
                    foreach (var m in list)
                        if (m.MinParameters <= max && (m.MaxParameters >= min)) return true;
                    return false;
                }
            case ConditionKind.Ctx:
                {
                    if (_contexts.Count == 0) return false;
                    string? top = _contexts[^1].Name;
                    for (int k = i; k < tokens.Count; k++)
                        if (tokens[k].Kind == PpTokenKind.Identifier && string.Equals(tokens[k].Text, top, StringComparison.OrdinalIgnoreCase)) return true;
                    return false;
                }
            case ConditionKind.Idn or ConditionKind.Idni:
                {
                    var line = Tail(tokens, i);
                    ExpandLine(line);
                    int comma = -1;
                    for (int k = 0; k < line.Count; k++) if (line[k].Is(',')) { comma = k; break; }
                    if (comma < 0) { Error("`%ifidn' expects two comma-separated arguments"); return false; }
                    return SameTokens(line, 0, comma, comma + 1, line.Count, kind == ConditionKind.Idni);
                }
            case ConditionKind.Id or ConditionKind.Num or ConditionKind.Str:
                {
                    var line = Tail(tokens, i);
                    ExpandLine(line);
                    if (line.Count == 0) return false;
                    // nasm's %ifnum accepts a leading minus sign.
                    if (kind == ConditionKind.Num && line.Count > 1 && line[0].Is('-')) line.RemoveAt(0);
                    var want = kind == ConditionKind.Id ? PpTokenKind.Identifier : kind == ConditionKind.Num ? PpTokenKind.Number : PpTokenKind.String;
                    return line[0].Kind == want;
                }
            case ConditionKind.Token:
                {
                    var line = Tail(tokens, i);
                    ExpandLine(line);
                    return line.Count == 1;
                }
            case ConditionKind.Empty:
                {
                    var line = Tail(tokens, i);
                    ExpandLine(line);
                    return line.Count == 0;
                }
            case ConditionKind.Env:
                {
                    var line = Tail(tokens, i);
                    if (line.Count == 0) return false;
                    var t = line[0];
                    string name = t.Kind switch
                    {
                        PpTokenKind.String => PpStrings.Unquote(t.Text),
                        PpTokenKind.Environment => EnvironmentName(t.Text),
                        _ => PpLexer.Join(line),
                    };
                    return Environment.GetEnvironmentVariable(name) is not null;
                }
            case ConditionKind.Usable or ConditionKind.Using:
                {
                    // A %use package name: usable when there is such a package, using once it was loaded.
                    var line = Tail(tokens, i);
                    if (line.Count == 0)
                    {
                        Error($"`%if{(kind == ConditionKind.Usable ? "usable" : "using")}' expects a package name, got end of line");
                        return false;
                    }
                    string name = line[0].Kind == PpTokenKind.String ? PpStrings.Unquote(line[0].Text) : line[0].Text;
                    return kind == ConditionKind.Usable ? StandardMacros.Package(name) is not null : _usedPackages.Contains(name);
                }
        }
        return false;
    }

    /// <summary>Compares tokens <paramref name="i"/>..<paramref name="aEnd"/> with <paramref name="j"/>..<paramref name="bEnd"/> of one line, spaces aside.</summary>
    private static bool SameTokens(List<PpToken> line, int i, int aEnd, int j, int bEnd, bool ignoreCase)
    {
        while (true)
        {
            while (i < aEnd && line[i].IsWhitespace) i++;
            while (j < bEnd && line[j].IsWhitespace) j++;
            if (i == aEnd || j == bEnd) return i == aEnd && j == bEnd;
            var x = line[i++];
            var y = line[j++];
            if (x.Kind == PpTokenKind.String && y.Kind == PpTokenKind.String)
            {
                if (!string.Equals(PpStrings.Unquote(x.Text), PpStrings.Unquote(y.Text), ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) return false;
                continue;
            }
            if (!string.Equals(x.Text, y.Text, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) return false;
        }
    }
}
