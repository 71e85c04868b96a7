using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Multi-line macros: the tables, calls (label, arguments, defaults, greedy last parameter) and
/// substitution of %1, %0, %00, %{…}, %%labels and %? into body lines as they are read.</summary>
public sealed partial class Preprocessor
{
    private readonly Dictionary<string, List<MultiLineMacro>> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<MultiLineMacro>> _imacros = new(StringComparer.OrdinalIgnoreCase);

    private readonly List<(int Start, int End)> _macroArgumentRanges = [];

    /// <summary>Whether the last <see cref="SplitMacroArguments"/> ended in a brace that does not close.</summary>
    private bool _unclosedBrace;

    /// <summary>As <see cref="_nameFilter"/>, for the case-sensitive multi-line macro names: every line going to the
    /// parser asks whether its first word (or the word after a label) is a macro.</summary>
    private readonly ulong[] _macroNameFilter = new ulong[64];

    private List<MultiLineMacro>? LookupMulti(string name)
    {
        int nameClass = NameClass(name);
        if (_imacros.Count == 0 && (_macroNameFilter[nameClass >> 6] & (1UL << (nameClass & 63))) == 0) return null;
        if (_macros.Count > 0 && _macros.TryGetValue(name, out var list) && list.Count > 0) return list;
        if (_imacros.Count > 0 && _imacros.TryGetValue(name, out list) && list.Count > 0) return list;
        return null;
    }

    private void AddMacro(MultiLineMacro macro)
    {
        var table = macro.CaseInsensitive ? _imacros : _macros;
        int nameClass = NameClass(macro.Name);
        if (!macro.CaseInsensitive) _macroNameFilter[nameClass >> 6] |= 1UL << (nameClass & 63);
        if (!table.TryGetValue(macro.Name, out var list))
        {
            table[macro.Name] = list = [];
            if (!macro.CaseInsensitive && _pool.Number(macro.Name) is var number and not 0) SlotFor(ref _multiByName, number) = list;
        }
        for (int k = list.Count - 1; k >= 0; k--)
            if (list[k].MinParameters == macro.MinParameters && list[k].MaxParameters == macro.MaxParameters) list.RemoveAt(k);
        list.Add(macro);
    }

    private bool TryCallMultiLineMacro(List<PpToken> tokens)
    {
        if (_macros.Count == 0 && _imacros.Count == 0) return false;
        int i = SkipWhitespace(tokens, 0);
        if (i >= tokens.Count || tokens[i].Kind != PpTokenKind.Identifier) return false;
        var list = LookupMulti(tokens[i]);
        int nameIndex = i;
        PpToken? label = null;
        if (list is null)
        {
            // `label: macro args` and `label macro args` call the macro after defining the label.
            int j = SkipWhitespace(tokens, i + 1);
            if (j < tokens.Count && tokens[j].Is(':')) j = SkipWhitespace(tokens, j + 1);
            if (j >= tokens.Count || tokens[j].Kind != PpTokenKind.Identifier) return false;
            list = LookupMulti(tokens[j]);
            if (list is null) return false;
            label = tokens[i];
            nameIndex = j;
        }
        return CallMultiLineMacro(tokens, list, nameIndex, label);
    }

    /// <summary>Calls a macro of <paramref name="list"/> named at <paramref name="nameIndex"/> (after <paramref name="label"/>);
    /// false when none takes the arguments given. Apart from <see cref="TryCallMultiLineMacro"/>, whose every line (most are
    /// no call) would otherwise clear this method's large frame.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool CallMultiLineMacro(List<PpToken> tokens, List<MultiLineMacro> list, int nameIndex, PpToken? label)
    {
        var ranges = SplitMacroArguments(tokens, nameIndex + 1);
        int count = ranges.Count;
        var macro = FindMultiLineMacro(list, count, out bool busy);
        string invoked = tokens[nameIndex].Text;
        // nasm's legacy rule for an empty last argument after a comma (`m a,`): a call that matches no macro is tried without
        // it; a call that matches gets the default in its place, or (a greedy macro) loses the comma, or loses the argument.
        // (Not after an unclosed brace, whose empty rest is no argument left empty.)
        bool trailingEmpty = !_saneEmptyExpansion && count > 1 && !_unclosedBrace && SkipWhitespace(tokens, ranges[count - 1].Start) >= ranges[count - 1].End;
        int given = count;
        bool dropped = false;
        if (macro is null && trailingEmpty && FindMultiLineMacro(list, count - 1, out _) is { } shorter)
        {
            macro = shorter;
            ranges.RemoveAt(--count);
        }
        else if (macro is not null && trailingEmpty)
        {
            ranges.RemoveAt(--count);
            dropped = !(given > macro.MinParameters && given <= macro.MinParameters + macro.Defaults.Count) && !(given > macro.MaxParameters && macro.Greedy);
        }
        else if (macro is null && count == 0 && !_saneEmptyExpansion && nameIndex + 1 < tokens.Count && FindMultiLineMacro(list, 1, out _) is { } one)
        {
            // The other legacy rule: only whitespace after the name (`foobar %1` with %1 empty) calls a one-parameter
            // macro, with no parameters (%0 is 0 and %1 empty).
            macro = one;
            dropped = true;
        }
        if (macro is null)
        {
            // Inside its own expansion a %macro's name is left alone, so it can wrap the instruction it is named after.
            if (busy) return false;
            Warning($"multi-line macro `{invoked}' exists, but not taking {count} parameter{(count == 1 ? "" : "s")} [-w+pp-macro-params-multi]");
            return false;
        }
        if (given < macro.MinParameters || (given > macro.MaxParameters && !macro.Greedy))
            Warning($"improperly calling multi-line macro `{macro.Name}' with {given} parameters [-w+pp-macro-params-legacy]");
        else if (trailingEmpty)
            Warning($"dropping trailing empty parameter in call to multi-line macro `{macro.Name}' [-w+pp-macro-params-legacy]");
        if (macro.Greedy && macro.MaxParameters > 0 && count > macro.MaxParameters)
        {
            // The greedy parameter takes the rest of the line, unless it is a brace group: then the group alone (`g {1}, 2').
            var greedy = ranges[macro.MaxParameters - 1];
            if (!tokens[greedy.Start].Is('{')) ranges[macro.MaxParameters - 1] = (greedy.Start, ranges[count - 1].End);
            ranges.RemoveRange(macro.MaxParameters, count - macro.MaxParameters);
            count = macro.MaxParameters;
        }
        // A dropped argument may leave fewer than the minimum (%0 says how many), with no defaults after it.
        int total = dropped ? count : Math.Max(count, macro.MinParameters + macro.Defaults.Count);
        var frame = BodyFrame(FrameKind.Macro, macro.Body);
        var call = frame.OwnCall ??= new MacroCall();
        call.BeginParameters();
        AddArguments(call, tokens, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ranges)[..count]);
        for (int k = count; k < total; k++)
        {
            if (k - macro.MinParameters < macro.Defaults.Count)
                foreach (var t in macro.Defaults[k - macro.MinParameters]) call.Add(t);
            call.EndParameter();
        }
        PpToken[]? labelTokens = label is { } l ? [l] : null;
        ListMacroCall(macro, labelTokens, call);
        if (labelTokens is not null && !macro.UsesLabel)
            Emit(LabelLineTokens(tokens, nameIndex));
        if (++_macroDepth > _options.Limits.MultiLineMacros)
        {
            LimitExceeded = true;
            _macroDepth--;
            Error($"macro `{invoked}' called too deeply: more than --limit-mmacros ({_options.Limits.MultiLineMacros}) nested calls (runaway recursion?)");
            _stopped = true;
            ReleaseFrame(frame);
            return true;
        }
        long argumentSize = call.ArgumentSize;
        if (_activeArgumentSize + argumentSize > _options.Limits.MacroArguments)
        {
            LimitExceeded = true;
            _macroDepth--;
            Error($"arguments of the active calls of macro `{invoked}' and its callers exceed --limit-macro-args ({_options.Limits.MacroArguments}) (runaway recursion with a growing argument?)");
            _stopped = true;
            ReleaseFrame(frame);
            return true;
        }
        _activeArgumentSize += argumentSize;
        macro.Active++;
        frame.Call = call.Start(macro, labelTokens, invoked, _unique++);
        frame.CallName = macro.Name;
        frame.CallFile = _frame!.CurrentFile;
        frame.CallLine = _frame.CurrentLine;
        frame.CallSite = _frame.Kind == FrameKind.File ? null : _frame.Current;
        _frame = frame;
        MarkNoList(frame, macro.NoList);
        return true;
    }

    /// <summary>The latest definition in <paramref name="list"/> taking <paramref name="count"/> parameters that is not busy
    /// (being expanded and not %rmacro); <paramref name="busy"/> tells whether one was passed over for that.</summary>
    private static MultiLineMacro? FindMultiLineMacro(List<MultiLineMacro> list, int count, out bool busy)
    {
        busy = false;
        for (int k = list.Count - 1; k >= 0; k--)
        {
            if (!list[k].Accepts(count)) continue;
            if (list[k].Active > 0 && !list[k].Recursive) { busy = true; continue; }
            return list[k];
        }
        return null;
    }

    /// <summary>Comma-separated arguments after a macro name, as nasm's count_mmac_params splits them: an argument that
    /// starts with `{' runs to its matching `}' (commas inside it included), and only that far: what follows before the next
    /// comma is left out, with nasm's error (`m {1,2} 3, 4' has the arguments `{1,2}' and `4'); without a matching `}' the
    /// argument is the rest of the line after the `{' (`m {1' passes `1'). Braces elsewhere in an argument group nothing
    /// (`m a{,}b' makes two arguments), though they count where the argument's text ends. <see cref="TrimArgument"/> takes
    /// the enclosing pair off.</summary>
    private List<(int Start, int End)> SplitMacroArguments(List<PpToken> list, int start)
    {
        var ranges = _macroArgumentRanges;
        ranges.Clear();
        _unclosedBrace = false;
        var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        int k = start;
        while (true)
        {
            while (k < tokens.Length && tokens[k].Kind is PpTokenKind.Whitespace or PpTokenKind.EndOfExpansion) k++;
            if (k >= tokens.Length)
            {
                if (ranges.Count > 0) ranges.Add((k, k));   // an empty last argument after a comma
                return ranges;
            }
            int argStart = k;
            if (tokens[k].Is('{'))
            {
                int depth = 1;
                while (++k < tokens.Length)
                {
                    if (tokens[k].Is('{')) depth++;
                    else if (tokens[k].Is('}') && --depth == 0) break;
                }
                if (k >= tokens.Length)
                {
                    Error("expecting closing brace in macro parameter");
                    _unclosedBrace = true;
                    ranges.Add((argStart + 1, tokens.Length));
                    return ranges;
                }
                int end = ++k;
                while (k < tokens.Length && tokens[k].Kind is PpTokenKind.Whitespace or PpTokenKind.EndOfExpansion) k++;
                if (k < tokens.Length && !tokens[k].Is(','))
                {
                    Error("braces do not enclose all of macro parameter");
                    while (k < tokens.Length && !tokens[k].Is(',')) k++;
                }
                ranges.Add((argStart, end));
            }
            else
            {
                // Its text is read as nasm's expand_mmacro reads it, counting every brace (a `}' too many included): up
                // to a comma outside braces, which may lie past the comma that ends it here (`m 1{,}2' is `1{,}2' and `}2').
                int end = argStart, comma = -1;
                for (int depth = 0; end < tokens.Length; end++)
                {
                    ref readonly var t = ref tokens[end];
                    // A one-character ASCII text's number is its character (one look instead of three).
                    if (t.Kind != PpTokenKind.Other || t.TextNumber >= 128) continue;
                    char c = (char)t.TextNumber;
                    if (c == ',')
                    {
                        if (comma < 0) comma = end;
                        if (depth == 0) break;
                    }
                    else if (c == '{') depth++;
                    else if (c == '}') depth--;
                }
                k = comma < 0 ? tokens.Length : comma;
                ranges.Add((argStart, end));
            }
            if (k >= tokens.Length) return ranges;
            k++;   // the comma
        }
    }

    /// <summary><see cref="SubstituteParameters"/> of a body line whose substitution cannot fail, reusing an earlier result
    /// when nothing it depends on changed: the same call (a %rep body inside a macro), or for a line that uses only the
    /// parameters, the same parameters (a macro called again with the same arguments); a line that also names %%labels
    /// reuses a result for the same parameters with its call's names put in. A line keeps its last few results:
    /// renaming macros alternate between a few argument lists (up to 16: the six orders of three registers, each for xmm and ymm).</summary>
    private void SubstituteRemembered(BodyLine line, List<PpToken> tokens, MacroCall call)
    {
        var memos = line.Memos;
        if (memos is not null)
        {
            // Only a memo made with the call's parameter set can serve (a memo of the same call has the same set): the
            // memos with a set of the same hash are found among the hashes (line.MemoKeys) without reading the others.
            var arguments = call.Arguments(_argumentSets, _argumentProbe);
            var keys = line.MemoKeys.AsSpan();
            for (int at = keys.IndexOf(arguments.Hash), from = 0; at >= 0; from += at + 1, at = keys[from..].IndexOf(arguments.Hash))
            {
                var memo = memos[from + at];
                if (memo is null || !ReferenceEquals(memo.Arguments, arguments)) continue;
                bool sameCall = ReferenceEquals(memo.Call, call) && memo.Unique == call.Unique && memo.Rotate == call.Rotate;
                if (sameCall || !line.UsesCall || memo.LocalCount >= 0)
                {
                    SetTokens(tokens, memo.Result.AsSpan(0, memo.ResultCount));
                    if (!sameCall)
                        for (int k = 0; k < memo.LocalCount; k++)
                            tokens[memo.LocalAt[k]] = MacroLocalToken(memo.LocalKeys[k], call);
                    return;
                }
            }
        }
        SubstituteParameters(line.Tokens, tokens, call);
        // A line particular to its call is read again in that call only inside a %rep: elsewhere its result is kept only
        // when its %%names can be put in for another call.
        int locals = line.UsesCall ? FindLocalNames(line, tokens, call) : 0;
        if (locals < 0 && _frame!.Kind != FrameKind.Rep) return;
        if (memos is null)
        {
            memos = line.Memos = new SubstitutionMemo[locals < 0 ? 1 : 16];
            line.MemoKeys = new int[memos.Length];
        }
        int slot = line.NextMemo;
        line.NextMemo = (slot + 1) % memos.Length;
        var replaced = memos[slot] ??= new SubstitutionMemo();
        replaced.Call = call;
        replaced.Unique = call.Unique;
        call.CopyArguments(replaced, _argumentSets, _argumentProbe);
        line.MemoKeys[slot] = replaced.Arguments!.Hash;
        if (replaced.Result.Length < tokens.Count) replaced.Result = new PpToken[Math.Max(tokens.Count, 8)];
        tokens.CopyTo(replaced.Result);
        replaced.ResultCount = tokens.Count;
        replaced.LocalCount = locals;
        if (locals > 0)
        {
            if (replaced.LocalAt.Length < locals) (replaced.LocalAt, replaced.LocalKeys) = (new int[locals], new string[locals]);
            _localAt.AsSpan(0, locals).CopyTo(replaced.LocalAt);
            _localKeys.AsSpan(0, locals).CopyTo(replaced.LocalKeys);
        }
    }

    /// <summary>The parameter sets of macro calls, each kept once (see <see cref="ArgumentSet"/>), and the set that looks them up.</summary>
    private readonly ArgumentSetTable _argumentSets = new();
    private readonly ArgumentSet _argumentProbe = new();

    private int[] _localAt = new int[4];
    private string[] _localKeys = new string[4];

    /// <summary>For a substituted body line whose only tie to its call is %%names: where in <paramref name="result"/> the
    /// names stand, each a token of its own (into <see cref="_localAt"/> and <see cref="_localKeys"/>), and how many; -1 when
    /// the result cannot be reused for another call that way (a %%name joined to other text, %00 or %?, or a ..@ name not
    /// made from a %%name of this line: in the body or in an argument).</summary>
    private int FindLocalNames(BodyLine line, List<PpToken> result, MacroCall call)
    {
        if (line.UsesCallBeyondLocals || call.MentionsLocalNames || line.MentionsLocalNames) return -1;
        // Every ..@ in the result is then this call's: each must be a whole name made from one of the line's %%names.
        Span<char> prefix = stackalloc char[32];
        "..@".CopyTo(prefix);
        call.Unique.TryFormat(prefix[3..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
        prefix[3 + digits] = '.';
        prefix = prefix[..(4 + digits)];
        int count = 0;
        for (int k = 0; k < result.Count; k++)
        {
            var t = result[k];
            if (!t.Text.Contains("..@", StringComparison.Ordinal)) continue;
            string? key = null;
            if (t.Kind == PpTokenKind.Identifier && t.Text.AsSpan().StartsWith(prefix))
                foreach (var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line.Tokens))
                    if (s.Kind == PpTokenKind.MacroLocal && t.Text.AsSpan(prefix.Length).SequenceEqual(s.Text.AsSpan(2))) { key = s.Text; break; }
            if (key is null) return -1;
            if (count == _localAt.Length)
            {
                Array.Resize(ref _localAt, count * 2);
                Array.Resize(ref _localKeys, count * 2);
            }
            _localAt[count] = k;
            _localKeys[count++] = key;
        }
        return count;
    }

    /// <summary>Replaces macro parameters and macro-local labels of body line <paramref name="source"/> into
    /// <paramref name="tokens"/>. Substituted tokens are copied as tokens; only when a substitution touches a
    /// neighbouring word (<c>r%1q</c>) are the pieces joined as text and re-tokenized (<c>r0q</c>), as nasm pastes them.</summary>
    private void SubstituteParameters(List<PpToken> source, List<PpToken> tokens, MacroCall call)
    {
        KeptSlots<PpToken>.Clear(tokens);
        bool any = false;
        foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(source))
            if (t.Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal or PpTokenKind.MacroName
                || (t.Kind == PpTokenKind.Indirect && t.Text.IndexOf('%', 1) >= 0)) { any = true; break; }
        if (!any)
        {
            tokens.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(source));
            return;
        }
        if (!NeedsTextSubstitution(source))
        {
            foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(source))
            {
                switch (t.Kind)
                {
                    case PpTokenKind.Parameter when TrySubstituteParameterTokens(tokens, t.Text, call):
                        break;
                    case PpTokenKind.MacroLocal:
                        tokens.Add(MacroLocalToken(t.Text, call));
                        break;
                    case PpTokenKind.MacroName:
                        tokens.Add(new PpToken(PpTokenKind.Identifier, t.Text == "%??" ? call.Macro.Name : call.InvokedName));
                        break;
                    default:
                        if (t.Kind is PpTokenKind.Parameter or PpTokenKind.Indirect) goto text;
                        tokens.Add(t);
                        break;
                }
            }
            return;
        }
    text:
        KeptSlots<PpToken>.Clear(tokens);
        if (!Contains(source, PpTokenKind.Indirect) && call.JoinsAsText)
        {
            SubstituteRuns(source, tokens, call);
            return;
        }
        _text.Clear();
        SubstituteToText(_text, source, 0, source.Count, call);
        RetokenizeText(tokens);
    }

    /// <summary>The text substitution of a whole line, one run of tokens between spaces at a time: only the runs with a
    /// substitution are joined and re-tokenized. That is the same as re-tokenizing the line because nothing in it can
    /// reach over a space (no quote, comment or bracket: <see cref="MacroCall.JoinsAsText"/>, and no %[…]).</summary>
    private void SubstituteRuns(List<PpToken> source, List<PpToken> tokens, MacroCall call)
    {
        int n = source.Count;
        int k = 0;
        while (k < n)
        {
            var t = source[k];
            if (t.IsWhitespace)
            {
                AddWhitespace(tokens, t);
                k++;
                continue;
            }
            int end = k;
            bool substituted = false;
            while (end < n && !source[end].IsWhitespace)
            {
                if (source[end].Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal or PpTokenKind.MacroName) substituted = true;
                end++;
            }
            if (!substituted)
            {
                for (; k < end; k++) tokens.Add(source[k]);
                continue;
            }
            if (end == k + 1 ? TrySubstituteAlone(source[k], tokens, call) : TrySubstituteWord(source, k, end, tokens, call))
            {
                k = end;
                continue;
            }
            _text.Clear();
            SubstituteToText(_text, source, k, end, call);
            int length = _text.Length;
            if (_buffer.Length < length) _buffer = new char[Math.Max(length, _buffer.Length * 2)];
            _text.CopyTo(0, _buffer, 0, length);
            int before = tokens.Count;
            PpLexer.Tokenize(_buffer.AsSpan(0, length), tokens, _pool, trimEnd: false);
            // An empty parameter leaves the spaces either side as one run, as the whole line's text would.
            if (before > 0 && tokens.Count > before && tokens[before - 1].IsWhitespace && tokens[before].IsWhitespace)
            {
                var space = tokens[before];
                tokens.RemoveAt(before);
                AddWhitespace(tokens, space);
            }
            k = end;
        }
        TrimEnd(tokens);
    }

    /// <summary>A run of words (names, numbers, %%names and parameters whose arguments are one name or number each:
    /// <c>m%1</c>, <c>%1%2</c>) between simple punctuation (<c>m%3,</c>, <c>[%1+%2*2]</c>): each word's text re-tokenizes
    /// to one name or number and each punctuation mark to itself, so the tokens are made from the pieces without the text path.</summary>
    private bool TrySubstituteWord(List<PpToken> source, int start, int end, List<PpToken> tokens, MacroCall call)
    {
        int before = tokens.Count;
        Span<char> word = stackalloc char[128];
        int length = 0;
        for (int k = start; k < end; k++)
        {
            var t = source[k];
            string text;
            switch (t.Kind)
            {
                case PpTokenKind.Identifier or PpTokenKind.Number:
                    text = t.Text;
                    break;
                case PpTokenKind.Parameter when SimpleParameter(t.Text) is int number && number >= 1 && number <= call.Count
                    && call.Parameter(number) is [{ Kind: PpTokenKind.Identifier or PpTokenKind.Number } only]:
                    text = only.Text;
                    break;
                case PpTokenKind.MacroLocal:
                    text = MacroLocalName(t.Text, call);
                    break;
                case PpTokenKind.Other when t.Text.Length == 1 && t.Text[0] is ',' or '[' or ']' or '(' or ')' or ':' or '*' or '+' or '-':
                    // A sign after a number ending in e or p could be its exponent's: left to the lexer.
                    if (length > 0 && (!AddWord(word[..length], tokens) || t.Text[0] is '+' or '-' && word[length - 1] is 'e' or 'E' or 'p' or 'P')) goto fail;
                    length = 0;
                    tokens.Add(t);
                    continue;
                default:
                    goto fail;
            }
            if (length + text.Length > word.Length || text.AsSpan().ContainsAny('+', '-')) goto fail;
            text.CopyTo(word[length..]);
            length += text.Length;
        }
        if (length == 0 || AddWord(word[..length], tokens)) return true;
    fail:
        tokens.RemoveRange(before, tokens.Count - before);
        return false;
    }

    /// <summary>Adds the one name or number <paramref name="word"/> (all identifier characters) re-tokenizes to; false when
    /// it starts with neither a name's first character nor a digit.</summary>
    private bool AddWord(ReadOnlySpan<char> word, List<PpToken> tokens)
    {
        var kind = Syntax.Lexer.IsIdentifierStart(word[0]) ? PpTokenKind.Identifier : char.IsAsciiDigit(word[0]) ? PpTokenKind.Number : PpTokenKind.Whitespace;
        if (kind == PpTokenKind.Whitespace) return false;
        tokens.Add(_pool.Token(kind, word));
        return true;
    }

    /// <summary>The number of a plain <c>%N</c> or <c>%{N}</c> parameter, or null for any other form.</summary>
    private static int? SimpleParameter(string text)
    {
        if (text.Length == 2 && char.IsAsciiDigit(text[1])) return text[1] - '0';
        var digits = text.Length > 2 && text[1] == '{' ? text.AsSpan(2, text.Length - 3) : text.AsSpan(1);
        if (digits.Length is 0 or > 9 || digits.ContainsAnyExceptInRange('0', '9')) return null;
        return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A substituted token with spaces (or the line's ends) either side whose text re-tokenizes to one known token:
    /// a %%name (one name, <see cref="MacroLocalName"/>) or a %N whose argument is one name or number without a sign.</summary>
    private static bool TrySubstituteAlone(PpToken t, List<PpToken> tokens, MacroCall call)
    {
        if (t.Kind == PpTokenKind.MacroLocal)
        {
            tokens.Add(MacroLocalToken(t.Text, call));
            return true;
        }
        if (t.Kind != PpTokenKind.Parameter || SimpleParameter(t.Text) is not int number || number < 1 || number > call.Count) return false;
        if (call.Parameter(number) is not [{ Kind: PpTokenKind.Identifier or PpTokenKind.Number } only] || only.Text.AsSpan().ContainsAny('+', '-')) return false;
        tokens.Add(only);
        return true;
    }

    private void AddWhitespace(List<PpToken> tokens, PpToken space)
    {
        if (tokens.Count > 0 && tokens[^1].IsWhitespace)
        {
            tokens[^1] = _pool.Token(PpTokenKind.Whitespace, string.Concat(tokens[^1].Text, space.Text));
            return;
        }
        tokens.Add(space);
    }

    /// <summary>True when a substituted token touches a word or number without a space between, so the
    /// texts must be joined and re-tokenized.</summary>
    private static bool NeedsTextSubstitution(List<PpToken> tokens)
    {
        for (int k = 0; k < tokens.Count; k++)
        {
            var kind = tokens[k].Kind;
            if (kind is not (PpTokenKind.Parameter or PpTokenKind.MacroLocal or PpTokenKind.MacroName)) continue;
            if (k > 0 && Joins(tokens[k - 1])) return true;
            if (k + 1 < tokens.Count && Joins(tokens[k + 1])) return true;
        }
        return false;
    }

    private static bool Joins(PpToken t) => t.Kind switch
    {
        PpTokenKind.Whitespace => false,
        PpTokenKind.Other => t.Text == "$" || t.Text == "%",
        PpTokenKind.Paste => false,
        _ => true,
    };

    /// <summary>Appends the tokens of a simple parameter reference (<c>%1</c>, <c>%{2}</c>, <c>%0</c>, <c>%00</c>);
    /// false for forms that need text (ranges, inverted condition codes, context names).</summary>
    private bool TrySubstituteParameterTokens(List<PpToken> result, string text, MacroCall call)
    {
        // The common %1…%9 without parsing, and a one-token argument without a bulk copy.
        if (text.Length == 2 && text[1] is >= '1' and <= '9')
        {
            if (text[1] - '0' > call.Count) return true;
            var value = call.Parameter(text[1] - '0');
            if (value.Length == 1) result.Add(value[0]);
            else result.AddRange(value);
            return true;
        }
        var spec = text.Length > 2 && text[1] == '{' ? text.AsSpan(2, text.Length - 3).Trim() : text.AsSpan(1);
        if (spec.SequenceEqual("00"))
        {
            if (call.Label is { } l) result.AddRange(l);
            return true;
        }
        if (spec.Length == 0 || !char.IsAsciiDigit(spec[0]) || !int.TryParse(spec, out int n)) return false;
        int count = call.Count;
        if (n == 0) { result.AddRange(NumberTokens(count)); return true; }
        if (n <= count) result.AddRange(call.Parameter(n));
        return true;
    }

    /// <summary><c>%%name</c> → <c>..@N.name</c>. The name is unique to the call, so it is remembered by the call
    /// for its other uses rather than kept in the pool for good.</summary>
    private static string MacroLocalName(string text, MacroCall call) => MacroLocalToken(text, call).Text;

    /// <summary><see cref="MacroLocalName"/> as an identifier token.</summary>
    private static PpToken MacroLocalToken(string text, MacroCall call) =>
        call.LocalNames.TryFind(text, out var known) ? known : call.LocalNames.Add(text, LocalLabel(call.Unique, text.AsSpan(2)));

    /// <summary><c>..@N.name</c>, made as one string (no string of the number first).</summary>
    internal static string LocalLabel(long number, ReadOnlySpan<char> name)
    {
        Span<char> digits = stackalloc char[20];
        number.TryFormat(digits, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat("..@", digits[..length], ".", name);
    }

    private void SubstituteToText(StringBuilder sb, List<PpToken> tokens, int start, int end, MacroCall call)
    {
        for (int k = start; k < end; k++)
        {
            var t = tokens[k];
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
                        var innerText = new StringBuilder();
                        var innerTokens = PpLexer.Tokenize(inner);
                        SubstituteToText(innerText, innerTokens, 0, innerTokens.Count, call);
                        sb.Append("%[").Append(innerText).Append(']');
                        break;
                    }
                default:
                    sb.Append(t.Text);
                    break;
            }
        }
    }

    private void AppendParameter(StringBuilder sb, string text, MacroCall call)
    {
        int count = call.Count;
        // The common %N and %{N}: read in place.
        var digits = text.Length > 2 && text[1] == '{' ? text.AsSpan(2, text.Length - 3) : text.AsSpan(1);
        if (digits.Length is > 0 and < 10 && !digits.SequenceEqual("00") && !digits.ContainsAnyExceptInRange('0', '9'))
        {
            int number = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            if (number == 0) sb.Append(count);
            else if (number <= count) AppendTokens(sb, call.Parameter(number));
            return;
        }
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
            // Only 1..count select anything: ends further out behave as 0 or count+1 (and %{1:1000000000} stays quick).
            from = (int)Math.Clamp(from < 0 ? count + 1L + from : from, 0, count + 1L);
            to = (int)Math.Clamp(to < 0 ? count + 1L + to : to, 0, count + 1L);
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
        string cc = PpLexer.Join([.. value]).Trim();
        string? inverse = ConditionCodes.Invert(cc);
        if (inverse is null) { Error($"macro parameter `{text}' is not a condition code"); return; }
        sb.Append(inverse);
    }

    private static void AppendTokens(StringBuilder sb, ReadOnlySpan<PpToken> tokens)
    {
        foreach (var t in tokens) sb.Append(t.Text);
    }
}
