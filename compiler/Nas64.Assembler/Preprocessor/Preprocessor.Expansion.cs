using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Single-line macros: the tables, expansion with NASM's no-self-recursion rule, %+ pasting and %[…].</summary>
public sealed partial class Preprocessor
{
    /// <summary>The single-line macros by name: the first overload, the others after it through <see cref="SingleLineMacro.Next"/>
    /// (one object per name: renaming macros define a new name on nearly every call).</summary>
    private readonly Dictionary<string, SingleLineMacro> _defines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SingleLineMacro> _idefines = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SingleLineMacro> _active = [];
    private readonly List<(int Start, int End)> _argumentRanges = [];

    /// <summary>One bit per (first character, last character, length) class of the case-sensitive names ever defined:
    /// most identifiers on a line (mnemonics, registers) are in no class and skip the dictionary lookup.</summary>
    private readonly ulong[] _nameFilter = new ulong[64];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int NameClass(string name)
    {
        if (name.Length == 0) return 0;
        return ((name[0] * 31 + name[^1]) * 17 + name.Length) & 4095;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool MayBeDefined(string name)
    {
        if (_idefines.Count > 0) return true;
        int c = NameClass(name);
        return (_nameFilter[c >> 6] & (1UL << (c & 63))) != 0;
    }

    private SingleLineMacro? LookupSingle(string name)
    {
        if (_defines.TryGetValue(name, out var first)) return first;
        if (_idefines.Count > 0 && _idefines.TryGetValue(name, out first)) return first;
        return null;
    }

    /// <summary>%ifdef as nasm's smacro_defined: an alias counts when what it names is defined (`%defalias b a' with
    /// no `a', or after a %clear, which leaves aliases).</summary>
    private bool IsDefinedThroughAliases(string name)
    {
        for (int hops = 0; hops < 64; hops++)
        {
            if (LookupSingle(name) is not { } macro) return false;
            if (!_aliases.Contains(name) && !_ialiases.Contains(name)) return true;
            int k = SkipWhitespace(macro.Body, 0);
            if (k >= macro.Body.Count) return true;
            name = macro.Body[k].Text;
        }
        return true;
    }

    /// <summary>Defines a macro; with <paramref name="copyBody"/> the body is a working list the macro copies
    /// (into its old body's list when it is redefined), otherwise the macro keeps the list given.</summary>
    private void DefineSingle(string name, string[]? parameters, bool greedy, List<PpToken> body, bool caseInsensitive, Func<List<PpToken>>? compute = null, bool copyBody = false,
        SmacroParameterFlags[]? parameterFlags = null, int nameNumber = 0)
    {
        // A redefinition of a name token's plain macro (%assign i i+1, %xdefine m1 m2): its slot has the object to change.
        if (nameNumber != 0 && !caseInsensitive && parameters is null && compute is null
            && SingleSlot(nameNumber) is { Next: null, Parameters: null, Compute: null, ActiveDepth: 0 } known)
        {
            if (copyBody) known.CopyBody(body, _singleTokenBodies);
            else known.Body = body;
            return;
        }
        var table = caseInsensitive ? _idefines : _defines;
        int nameClass = NameClass(name);
        if (!caseInsensitive) _nameFilter[nameClass >> 6] |= 1UL << (nameClass & 63);
        ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(table, name, out _);
        int count = parameters?.Length ?? -1;
        if (first is { Next: null, Parameters: null, Compute: null, ActiveDepth: 0 } && count < 0 && compute is null)
        {
            // Redefinition (the common %assign i i+1): keep the macro object, replace its body.
            if (copyBody) first.CopyBody(body, _singleTokenBodies);
            else first.Body = body;
            return;
        }
        // Overloads with as many parameters are replaced; the new one goes last.
        SingleLineMacro? kept = null, last = null;
        for (var m = first; m is not null; m = m.Next)
        {
            if ((m.Parameters?.Length ?? -1) == count) continue;
            if (last is null) kept = m;
            else last.Next = m;
            last = m;
        }
        var macro = new SingleLineMacro(name, parameters, greedy, copyBody ? NoTokens : body, caseInsensitive) { Compute = compute, ParameterFlags = parameterFlags };
        if (copyBody) macro.CopyBody(body, _singleTokenBodies);
        if (last is null) first = macro;
        else
        {
            last.Next = macro;
            first = kept;
        }
        // Every name in the table but the ..@ ones (looked up by text) has a number (given here), so a slot is never behind its table.
        if (!caseInsensitive && _pool.Number(name) is var number and not 0) SlotFor(ref _singleByName, number) = first;
    }

    /// <summary>An empty body no macro owns (it is never filled).</summary>
    private static readonly List<PpToken> NoTokens = [];

    /// <summary>Read-only one-token bodies shared by the macros defined as that token (<c>%xdefine %%tmp m3</c> on every
    /// call of a renaming macro), by its pooled text.</summary>
    private readonly Dictionary<string, List<PpToken>> _singleTokenBodies = new(ReferenceEqualityComparer.Instance);

    private void Undefine(string name)
    {
        if (_defines.Remove(name)) UpdateSingleSlot(name);
        _idefines.Remove(name);
        _aliases.Remove(name);
        _ialiases.Remove(name);
    }

    /// <summary>Fully expands a line in place: %[…] first, then macros, then %+ pasting and a rescan of pasted names.</summary>
    private void ExpandLine(List<PpToken> tokens)
    {
        // One --limit-macro-tokens budget per source line, shared by the expansions nested in it (%[…], functions).
        if (_expansionNesting++ == 0) _expansionBudget = _options.Limits.MacroTokens;
        try
        {
            if (IsInertLine(tokens))
            {
                // What the scan below would do to the line: look at each token once.
                _expansionBudget -= tokens.Count;
                return;
            }
            if (Contains(tokens, PpTokenKind.Indirect)) ExpandIndirect(tokens);
            for (int round = 0; round < 1000; round++)
            {
                int held = _heldWarnings.Count;
                if (!ExpandSingleLineMacros(tokens) || !Contains(tokens, PpTokenKind.Paste) || !HasInnerPaste(tokens)) return;
                if (_heldWarnings.Count > held) _heldWarnings.RemoveRange(held, _heldWarnings.Count - held);
                PasteTokens(tokens);
            }
            Error("too many rounds of %+ pasting and expansion");
        }
        finally
        {
            if (--_expansionNesting == 0 && _heldWarnings.Count > 0) IssueHeldWarnings();
        }
    }

    /// <summary>The line has nothing to expand or paste: no name of a single-line macro, no %-token, and the budget
    /// covers a scan of it (one pass with the name slots instead of the expansion scan and its checks).</summary>
    private bool IsInertLine(List<PpToken> tokens)
    {
        if (_expansionBudget < tokens.Count) return false;
        foreach (ref readonly var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens))
            if (!t.IsWhitespace && !IsInert(t)) return false;
        return true;
    }

    /// <summary>Whether a %+ has a token after it, white space too (one that ends the line stays as it is).</summary>
    private static bool HasInnerPaste(List<PpToken> tokens)
    {
        for (int k = 0; k < tokens.Count - 1; k++)
            if (tokens[k].Kind == PpTokenKind.Paste) return true;
        return false;
    }

    private int _expansionNesting;
    private long _expansionBudget;

    private static bool Contains(List<PpToken> tokens, PpTokenKind kind)
    {
        foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)) if (t.Kind == kind) return true;
        return false;
    }

    /// <summary>Expands the single-line macros of the line in place; false when <see cref="ReplaceInertMacros"/> passed over
    /// all of it (which it does only for tokens that are no %+), so there is nothing to paste.</summary>
    private bool ExpandSingleLineMacros(List<PpToken> tokens)
    {
        int baseActive = _active.Count;
        long levels = _options.Limits.MacroLevels;
        int i = ReplaceInertMacros(tokens);
        if (i == tokens.Count) return false;
        while (i < tokens.Count)
        {
            // Every token looked at and every token an expansion moves counts: exponential %define chains stop here.
            if (--_expansionBudget < 0 || _active.Count - baseActive > levels)
            {
                if (!_stopped)
                {
                    Error(_expansionBudget < 0
                        ? $"single-line macro expansion processed more than --limit-macro-tokens ({_options.Limits.MacroTokens}) tokens"
                        : $"single-line macros nested more than --limit-macro-levels ({_options.Limits.MacroLevels}) deep");
                }
                _stopped = true;
                LimitExceeded = true;
                tokens.Clear();
                break;
            }
            var t = tokens[i];
            switch (t.Kind)
            {
                case PpTokenKind.EndOfExpansion:
                    PopActive();
                    tokens.RemoveAt(i);
                    continue;
                case PpTokenKind.ContextLocal:
                    tokens[i] = t = MangleContextLocalToken(t.Text);
                    break;
                case PpTokenKind.Environment:
                    tokens[i] = new PpToken(PpTokenKind.String, PpStrings.Quote(Environment.GetEnvironmentVariable(EnvironmentName(t.Text)) ?? ""));
                    i++;
                    continue;
            }
            if (t.Kind == PpTokenKind.Identifier && LookupSingle(t) is { } macros && TryExpandAt(tokens, i, macros, baseActive) is var expanded && expanded != Expansion.None)
            {
                _expansionBudget -= tokens.Count - i;
                if (expanded == Expansion.InPlace)
                {
                    // As the marker and the body token would count: the name replaced, looked at and passed over.
                    _expansionBudget -= 3;
                    i++;
                }
                continue;
            }
            if (t.Kind == PpTokenKind.Directive && TryExpandFunction(tokens, i)) continue;
            i++;
        }
        while (_active.Count > baseActive) PopActive();
        return true;
    }

    /// <summary>The start of <see cref="ExpandSingleLineMacros"/>' scan as one pass over the line while it meets only
    /// tokens the scan passes over and names of plain macros whose body is one inert token (<c>m0</c> for <c>xmm0</c>,
    /// which take their name's place); returns where the scan goes on. The budget counts as the scan would count it.</summary>
    private int ReplaceInertMacros(List<PpToken> list)
    {
        if (_options.Limits.MacroLevels < 1) return 0;
        var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        long budget = _expansionBudget;
        int i = 0;
        for (; i < tokens.Length; i++)
        {
            ref var t = ref tokens[i];
            // A replacement counts the token, the rest of the line and 3 (see ExpandSingleLineMacros).
            if (budget < 4 + tokens.Length - i) break;
            if (t.Kind is PpTokenKind.Whitespace or PpTokenKind.Number or PpTokenKind.String or PpTokenKind.Other)
            {
                budget--;
                continue;
            }
            if (t.Kind != PpTokenKind.Identifier) break;
            var macro = LookupSingle(t);
            if (macro is null)
            {
                budget--;
                continue;
            }
            if (macro is not { Next: null, Parameters: null, Compute: null, ActiveDepth: 0, Body: [var only] } || !IsInert(only)) break;
            t = only;
            budget -= 4 + tokens.Length - i;
        }
        _expansionBudget = budget;
        return i;
    }

    private void PopActive()
    {
        if (_active.Count == 0) return;
        _active[^1].ActiveDepth--;
        _active.RemoveAt(_active.Count - 1);
    }

    private static string EnvironmentName(string text)
    {
        string name = text[2..];
        return name.Length > 0 && name[0] is '\'' or '"' ? PpStrings.Unquote(name) : name;
    }

    private enum Expansion : byte
    {
        /// <summary>The name is no macro here (or an active one): left as it is.</summary>
        None,
        /// <summary>The name made way for the body and an <see cref="EndOfExpansion"/> marker, to be rescanned.</summary>
        Inserted,
        /// <summary>The body is one token that cannot expand: it took the name's place, and the scan goes on after it.</summary>
        InPlace,
    }

    /// <summary>Expands the name at <paramref name="i"/>, whose single-line macros are <paramref name="list"/>.</summary>
    private Expansion TryExpandAt(List<PpToken> tokens, int i, SingleLineMacro list, int baseActive)
    {
        SingleLineMacro? chosen = null;
        int end = i + 1;
        List<List<PpToken>>? args = null;
        int j = i + 1;
        while (j < tokens.Count && tokens[j].IsWhitespace) j++;
        if (j < tokens.Count && tokens[j].Is('(') && HasParameterized(list))
        {
            int close = SplitArguments(tokens, j);
            if (close > 0)
            {
                int count = _argumentRanges.Count;
                if (count == 1 && _argumentRanges[0].Start == _argumentRanges[0].End && FindOverload(list, 0) is not null) count = 0;
                chosen = FindOverload(list, count);
                if (chosen is not null)
                {
                    args = new List<List<PpToken>>(count);
                    int n = chosen.Parameters!.Length;
                    for (int k = 0; k < count; k++)
                    {
                        var (s, e) = _argumentRanges[k];
                        if (chosen.Greedy && k == n - 1 && count > n) e = _argumentRanges[count - 1].End;
                        args.Add(chosen.ParameterFlags is null ? ArgumentTokens(tokens, s, e) : FlaggedArgumentTokens(chosen, k, tokens, s, e));
                        if (chosen.Greedy && k == n - 1) break;
                    }
                    if (chosen.ParameterFlags is not null) ApplyParameterFlags(chosen, args);
                    end = close;
                }
                else if (!HasParameterless(list))
                {
                    // nasm: no definition takes that many arguments, and the name is left as it is.
                    WarnParameterCount(tokens[i].Text, count);
                    return Expansion.None;
                }
            }
            else
            {
                Error("macro call expects terminating `)'");
                return Expansion.None;
            }
        }
        if (chosen is null)
        {
            for (var m = list; m is not null; m = m.Next) if (m.Parameters is null) chosen = m;
            if (chosen is null) return Expansion.None;
        }
        if (chosen.ActiveDepth > 0) return Expansion.None;
        // The common %define m0 xmm0 / %assign i 3: a body of one token that no rescan would change takes the name's place,
        // without the marker, when the limits would not have stopped the rescan either.
        if (args is null && chosen.Compute is null && chosen.Body is [var only] && IsInert(only)
            && _expansionBudget - (tokens.Count + 1 - i) - 2 >= 0 && _active.Count + 1 - baseActive <= _options.Limits.MacroLevels)
        {
            tokens[i] = only;
            return Expansion.InPlace;
        }
        // A plain body (the common %define m0 xmm0) is copied straight in, without an intermediate list.
        var body = chosen.Compute is { } compute ? compute()
            : args is null && !chosen.NamesItself ? chosen.Body
            : Substitute(chosen, args, tokens[i].Text);
        // Expansions that ended inside the argument list are finished now.
        for (int k = i + 1; k < end; k++)
            if (tokens[k].Kind == PpTokenKind.EndOfExpansion) PopActive();
        // The name (and its arguments) make way for the body and the marker after it.
        tokens[i] = EndOfExpansion;
        if (end > i + 1) tokens.RemoveRange(i + 1, end - i - 1);
        tokens.InsertRange(i, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
        chosen.ActiveDepth++;
        _active.Add(chosen);
        return Expansion.Inserted;
    }

    /// <summary>A token the expansion scan passes over unchanged: a number, string or punctuation, or a name that is no
    /// single-line macro.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool IsInert(in PpToken t) => t.Kind switch
    {
        PpTokenKind.Number or PpTokenKind.String or PpTokenKind.Other => true,
        PpTokenKind.Identifier => LookupSingle(t) is null,
        _ => false,
    };

    private static readonly PpToken EndOfExpansion = new(PpTokenKind.EndOfExpansion, "");

    private static bool HasParameterized(SingleLineMacro list)
    {
        for (var m = list; m is not null; m = m.Next) if (m.Parameters is not null) return true;
        return false;
    }

    private static SingleLineMacro? FindOverload(SingleLineMacro list, int count)
    {
        for (var m = list; m is not null; m = m.Next)
            if (m.Parameters is { } p && (p.Length == count || (m.Greedy && count >= MinimumArguments(m)))) return m;
        return null;
    }

    private static bool HasParameterless(SingleLineMacro list)
    {
        for (var m = list; m is not null; m = m.Next) if (m.Parameters is null) return true;
        return false;
    }

    /// <summary>Splits <c>( a, b, … )</c> starting at <paramref name="open"/> into <see cref="_argumentRanges"/>;
    /// returns the index after the closing parenthesis, or -1 when there is none.</summary>
    private int SplitArguments(List<PpToken> tokens, int open)
    {
        _argumentRanges.Clear();
        int depth = 0, brace = 0;
        int start = open + 1;
        for (int k = open; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind != PpTokenKind.Other) continue;
            if (t.Is('{')) brace++;
            else if (t.Is('}')) brace--;
            else if (brace > 0) continue;
            else if (t.Is('(')) depth++;
            else if (t.Is(')'))
            {
                if (--depth == 0)
                {
                    _argumentRanges.Add((start, k));
                    return k + 1;
                }
            }
            else if (t.Is(',') && depth == 1)
            {
                _argumentRanges.Add((start, k));
                start = k + 1;
            }
        }
        return -1;
    }

    /// <summary>An argument's tokens: trimmed, without expansion markers, and without one enclosing pair of braces.</summary>
    private static List<PpToken> ArgumentTokens(List<PpToken> tokens, int start, int end)
    {
        TrimArgument(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens), ref start, ref end);
        var list = new List<PpToken>(end - start);
        for (int k = start; k < end; k++)
            if (tokens[k].Kind != PpTokenKind.EndOfExpansion) list.Add(tokens[k]);
        return list;
    }

    /// <summary>Adds the <see cref="ArgumentTokens"/> of each of <paramref name="ranges"/> as the call's next parameters
    /// (in one loop: a call per argument cost about as much as the argument's one or two tokens).</summary>
    private static void AddArguments(MacroCall call, List<PpToken> list, ReadOnlySpan<(int Start, int End)> ranges)
    {
        var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        foreach (var (first, last) in ranges)
        {
            int start = first, end = last;
            TrimArgument(tokens, ref start, ref end);
            for (int k = start; k < end; k++)
                if (tokens[k].Kind != PpTokenKind.EndOfExpansion) call.Add(tokens[k]);
            call.EndParameter();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void TrimArgument(ReadOnlySpan<PpToken> tokens, ref int start, ref int end)
    {
        while (start < end && tokens[start].Kind is PpTokenKind.Whitespace or PpTokenKind.EndOfExpansion) start++;
        while (end > start && tokens[end - 1].Kind is PpTokenKind.Whitespace or PpTokenKind.EndOfExpansion) end--;
        if (end - start >= 2 && tokens[start].Is('{') && tokens[end - 1].Is('}') && ClosesAt(tokens, start, end - 1))
        {
            start++;
            end--;
        }
    }

    private static bool ClosesAt(ReadOnlySpan<PpToken> tokens, int open, int close)
    {
        int depth = 0;
        for (int k = open; k <= close; k++)
        {
            if (tokens[k].Is('{')) depth++;
            else if (tokens[k].Is('}') && --depth == 0) return k == close;
        }
        return false;
    }

    /// <summary>The body with arguments in place of parameters; <c>%?</c> is the name as invoked, <c>%??</c> as defined.</summary>
    private static List<PpToken> Substitute(SingleLineMacro macro, List<List<PpToken>>? args, string invokedName)
    {
        var body = new List<PpToken>(macro.Body.Count + 1);
        var names = macro.Parameters;
        foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(macro.Body))
        {
            if (t.Kind == PpTokenKind.Identifier && names is not null && args is not null)
            {
                int p = Array.IndexOf(names, t.Text);
                if (p >= 0)
                {
                    if (p < args.Count) body.AddRange(args[p]);
                    continue;
                }
            }
            if (t.Kind == PpTokenKind.MacroName) { body.Add(new PpToken(PpTokenKind.Identifier, t.Text == "%??" ? macro.Name : invokedName)); continue; }
            body.Add(t);
        }
        return body;
    }

    /// <summary>Joins the tokens either side of each %+ (spaces around it dropped; one that ends the line stays) and
    /// re-tokenizes the line.</summary>
    private void PasteTokens(List<PpToken> tokens)
    {
        // The result depends on the texts alone: a line pasted before (a %rep body's, every call's) is copied.
        var line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        int hash = TokenMemo<PpToken[]>.Hash(line);
        if (_pasteMemo.TryGet(line, hash, out var pasted))
        {
            SetTokens(tokens, pasted);
            return;
        }
        // The key is a copy of its own, which the memo copies again: a buffer kept for it instead moved the collections of
        // gen_macro 4000, which then peaked 2 MB higher and cost 14 M instructions more (-E).
        var key = line.ToArray();
        PasteText(tokens);
        _pasteMemo.Set(key, hash, [.. tokens]);
    }

    /// <summary>Pasted lines by their tokens before pasting.</summary>
    private readonly TokenMemo<PpToken[]> _pasteMemo = new(256);

    private void PasteText(List<PpToken> tokens)
    {
        var sb = _text;
        sb.Clear();
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind == PpTokenKind.Paste)
            {
                // nasm keeps a %+ that is the line's last token (`db 1 %+' stays, for the assembler's expression error);
                // before anything else it drops the white space and every %+ after the token before it, which is then
                // pasted to what follows, if anything (`db 1 %+ %+' is db 1).
                if (k == tokens.Count - 1) { sb.Append(t.Text); continue; }
                while (sb.Length > 0 && sb[^1] is ' ' or '\t') sb.Length--;
                while (k + 1 < tokens.Count && (tokens[k + 1].IsWhitespace || tokens[k + 1].Kind == PpTokenKind.Paste)) k++;
                continue;
            }
            // A one-character ASCII text's number is its character.
            if (t.TextNumber < 128) sb.Append((char)t.TextNumber);
            else sb.Append(t.Text);
        }
        RetokenizeText(tokens);
    }

    /// <summary>Replaces each %[…] by its fully expanded contents, joined to its neighbours, and re-tokenizes.</summary>
    private void ExpandIndirect(List<PpToken> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens))
        {
            if (t.Kind != PpTokenKind.Indirect) { sb.Append(t.Text); continue; }
            string inner = t.Text.Length >= 3 && t.Text[^1] == ']' ? t.Text[2..^1] : t.Text[2..];
            var part = PpLexer.Tokenize(inner);
            // nasm tokenizes the contents again, with its warning for a string they leave open.
            if (part is [.., { Kind: PpTokenKind.String } last] && PpLexer.IsOpenString(last.Text))
                Warning($"unterminated string (missing `{last.Text[0]}') [-w+pp-open-string]");
            ExpandLine(part);
            sb.Append(PpLexer.Join(part).Trim());
        }
        tokens.Clear();
        PpLexer.Tokenize(sb.ToString(), tokens);
    }
}
