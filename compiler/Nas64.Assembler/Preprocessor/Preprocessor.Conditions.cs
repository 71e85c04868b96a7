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
        /// <summary>A test of this %if or %elif failed: skip everything, as <see cref="Never"/>, but nasm still reports
        /// trailing text after its %else and %endif.</summary>
        Failed,
    }

    private readonly List<Branch> _conditions = [];

    private bool Emitting
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => _conditions.Count == 0 || _conditions[^1] == Branch.Taken;
    }

    /// <summary>One bit per nesting level (below 64): an %else was read at that level, so a later %elif or %else there
    /// is nasm's pp-else-elif / pp-else-else case.</summary>
    private ulong _elseSeen;

    /// <summary>Errors reported so far (a condition whose test reports one is nasm's "never": no branch of it is taken).</summary>
    private int _errorCount;

    /// <summary>Set while an %elif is tested, whose messages nasm suppresses (it is not emitting then).</summary>
    private bool _quiet;

    /// <summary>The %if family. nasm's own messages about %elif, %else and %endif (trailing text, a second %else) are
    /// given unless the %if is inside a skipped region or a second %else ended it (a second %else is not reported
    /// either after a failed test).</summary>
    private void HandleConditional(DirectiveInfo info, List<PpToken> tokens, int argStart)
    {
        switch (info.Directive)
        {
            case Directive.If:
            {
                if (_conditions.Count < 64) _elseSeen &= ~(1UL << _conditions.Count);
                if (!Emitting) { _conditions.Add(Branch.Never); return; }
                int errors = _errorCount;
                bool taken = Test(info, tokens, argStart);
                _conditions.Add(_errorCount != errors ? Branch.Failed : taken ? Branch.Taken : Branch.Waiting);
                return;
            }
            case Directive.Elif:
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%elif': no matching `%if'"); return; }
                if (ElseSeen() && _conditions[^1] is not (Branch.Never or Branch.Failed))
                {
                    Warning("`%elif' after `%else', ignoring content [-w+pp-else-elif]");
                    _conditions[^1] = Branch.Never;
                    return;
                }
                switch (_conditions[^1])
                {
                    case Branch.Taken: _conditions[^1] = Branch.Done; break;
                    case Branch.Waiting:
                    {
                        int errors = _errorCount;
                        _quiet = true;
                        bool taken = Test(info, tokens, argStart);
                        _quiet = false;
                        _conditions[^1] = _errorCount != errors ? Branch.Failed : taken ? Branch.Taken : Branch.Waiting;
                        break;
                    }
                }
                return;
            case Directive.Else:
                WarnTrailing(tokens, argStart, "%else");
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%else': no matching `%if'"); return; }
                if (ElseSeen() && _conditions[^1] is not (Branch.Never or Branch.Failed))
                {
                    Warning("`%else' after `%else', ignoring content [-w+pp-else-else]");
                    _conditions[^1] = Branch.Never;
                    return;
                }
                if (_conditions.Count <= 64) _elseSeen |= 1UL << (_conditions.Count - 1);
                _conditions[^1] = _conditions[^1] switch
                {
                    Branch.Taken => Branch.Done,
                    Branch.Waiting => Branch.Taken,
                    var b => b,
                };
                return;
            case Directive.EndIf:
                WarnTrailing(tokens, argStart, "%endif");
                if (_conditions.Count <= CurrentConditionBase()) { Error("`%endif': no matching `%if'"); return; }
                _conditions.RemoveAt(_conditions.Count - 1);
                return;
        }
    }

    private bool ElseSeen() => _conditions.Count <= 64 && (_elseSeen & (1UL << (_conditions.Count - 1))) != 0;

    private void WarnTrailing(List<PpToken> tokens, int argStart, string directive)
    {
        if ((_conditions.Count == 0 || _conditions[^1] != Branch.Never) && SkipWhitespace(tokens, argStart) < tokens.Count) Warning($"trailing garbage after `{directive}' ignored [-w+pp-trailing]");
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
                return EvaluateTail(tokens, i, "%if") is { } v && v != 0;
            case ConditionKind.DefAlias:
                {
                    string? name = ReadName(tokens, ref i);
                    return name is not null && (_aliases.Contains(name) || _ialiases.Contains(name));
                }
            case ConditionKind.Def:
                {
                    // True when any of the names is a defined single-line macro.
                    bool defined = false;
                    for (int k = i; k < tokens.Count; k++)
                    {
                        var t = tokens[k];
                        string? name = t.Kind switch
                        {
                            PpTokenKind.Identifier => t.Text,
                            PpTokenKind.ContextLocal => MangleContextLocal(t.Text),
                            _ => null,
                        };
                        if (name is null && !t.IsWhitespace) { Error($"`{DirectiveName(tokens, i)}' expects macro identifiers"); return false; }
                        defined |= name is not null && IsDefinedThroughAliases(name);
                    }
                    return defined;
                }
            case ConditionKind.Macro:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error($"`{DirectiveName(tokens, i)}' expects a macro name"); return false; }
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
                    string directive = DirectiveName(tokens, i);
                    var line = Tail(tokens, i);
                    if (line.Count == 0) return false;
                    var t = line[0];
                    string? name = t.Kind switch
                    {
                        PpTokenKind.String => PpStrings.Unquote(t.Text),
                        PpTokenKind.Environment => EnvironmentName(t.Text),
                        PpTokenKind.Identifier => PpLexer.Join(line),
                        _ => null,
                    };
                    if (name is null) { Error($"`{directive}' expects environment variable names"); return false; }
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

    /// <summary>The conditional directive before argument <paramref name="i"/>, in lower case as nasm names it.</summary>
    private static string DirectiveName(List<PpToken> tokens, int i)
    {
        while (i > 0 && tokens[i - 1].Kind != PpTokenKind.Directive) i--;
        return i > 0 ? tokens[i - 1].Text.ToLowerInvariant() : "%if";
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
