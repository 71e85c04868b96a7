namespace Nas64.Assembler.Preprocessor;

/// <summary>A single-line macro (%define and friends): name, optional parameters, body tokens.</summary>
public sealed class SingleLineMacro(string name, string[]? parameters, bool greedy, List<PpToken> body, bool caseInsensitive)
{
    public string Name { get; } = name;

    /// <summary>Parameter names, or null for a macro used without parentheses.</summary>
    public string[]? Parameters { get; } = parameters;

    /// <summary>The last parameter takes the rest of the arguments, commas included.</summary>
    public bool Greedy { get; } = greedy;

    /// <summary>How each parameter takes its argument (<c>=</c>, <c>&amp;</c>, <c>!</c>, <c>+</c>); null when all are plain.</summary>
    public SmacroParameterFlags[]? ParameterFlags { get; init; }

    /// <summary>The replacement tokens; shared, never modified (a redefinition replaces the list).</summary>
    public List<PpToken> Body
    {
        get => _body;
        set
        {
            _body = value;
            _ownsBody = false;   // a list handed in may be shared (%assign's small numbers): never refilled in place
            NamesItself = HasMacroName(value);
        }
    }

    private List<PpToken> _body = body;

    /// <summary>The body list was made for this macro (not shared), so a redefinition may refill it.</summary>
    private bool _ownsBody;

    /// <summary>The next overload of the same name (see <c>Preprocessor.LookupSingle</c>).</summary>
    internal SingleLineMacro? Next { get; set; }

    /// <summary>Gives the macro a copy of <paramref name="tokens"/> as its body, in its own list when it has one; a body of
    /// one token is the read-only list <paramref name="shared"/> keeps for its text.</summary>
    internal void CopyBody(List<PpToken> tokens, Dictionary<string, List<PpToken>> shared)
    {
        if (tokens.Count == 1 && tokens[0].Kind != PpTokenKind.MacroName)
        {
            var token = tokens[0];
            if (!shared.TryGetValue(token.Text, out var one) || one[0].Kind != token.Kind)
            {
                one = [token];
                if (shared.Count < 65536) shared[token.Text] = one;
            }
            Body = one;
            return;
        }
        if (!_ownsBody)
        {
            Body = [.. tokens];
            _ownsBody = true;
            return;
        }
        _body.Clear();
        _body.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens));
        NamesItself = HasMacroName(_body);
    }

    /// <summary>The body contains <c>%?</c> or <c>%??</c>, so it is copied with the name put in on each use.</summary>
    public bool NamesItself { get; private set; } = HasMacroName(body);

    private static bool HasMacroName(List<PpToken> body)
    {
        foreach (var t in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body)) if (t.Kind == PpTokenKind.MacroName) return true;
        return false;
    }

    public bool CaseInsensitive { get; } = caseInsensitive;

    /// <summary>Set while this macro's expansion is being rescanned, so it does not expand itself forever.</summary>
    public int ActiveDepth { get; set; }

    /// <summary>For the standard macros whose value changes (__?LINE?__, __?BITS?__…): computes the body on use.</summary>
    public Func<List<PpToken>>? Compute { get; init; }
}

/// <summary>A multi-line macro (%macro … %endmacro).</summary>
public sealed class MultiLineMacro(string name, bool caseInsensitive)
{
    public string Name { get; } = name;
    public bool CaseInsensitive { get; } = caseInsensitive;
    public int MinParameters { get; set; }

    /// <summary>The most parameters; int.MaxValue for <c>*</c>.</summary>
    public int MaxParameters { get; set; }
    public bool Greedy { get; set; }
    public bool NoList { get; set; }

    /// <summary>Defined by %rmacro: may call itself. A %macro line naming itself inside its own expansion is not expanded (nasm).</summary>
    public bool Recursive { get; set; }

    /// <summary>Calls of this macro in progress on the frame stack.</summary>
    public int Active { get; set; }

    /// <summary>The expansion chain of a call made outside any macro (the same for all of them, see <see cref="ExpansionChain"/>).</summary>
    internal ExpansionChain? OutermostChain { get; set; }

    /// <summary>Defaults for the parameters after the required ones, in order.</summary>
    public List<List<PpToken>> Defaults { get; } = [];
    public List<BodyLine> Body { get; } = [];
    public SourceLocation DefinedAt { get; set; }

    /// <summary>The body uses %00, so a label before the call is not emitted on its own line.</summary>
    public bool UsesLabel { get; set; }

    public bool Accepts(int count) =>
        count >= MinParameters && (count <= MaxParameters || Greedy);
}

/// <summary>One stored line of a macro or %rep body: its tokens and its source line.</summary>
public sealed class BodyLine(List<PpToken> tokens, string file, int line)
{
    public List<PpToken> Tokens { get; } = tokens;
    public string File { get; } = file;
    public int Line { get; } = line;

    /// <summary>No %-token inside: the line needs no parameter substitution.</summary>
    public bool Plain { get; } = IsPlain(tokens);

    /// <summary>Substituting the line's parameters cannot fail: every parameter is a plain <c>%N</c> or <c>%{N}</c> and there
    /// is no <c>%[…]</c>, so a directive that does not look at its arguments may skip the substitution.</summary>
    public bool QuietSubstitution { get; } = IsQuiet(tokens);

    /// <summary>The line's own macro-local names or macro name are used: its substitution is particular to one call.</summary>
    public bool UsesCall { get; } = UsesCallOf(tokens);

    /// <summary>The line uses the macro's name or the call's label (%? %?? %00): more of its call than %%names.</summary>
    internal bool UsesCallBeyondLocals { get; } = UsesCallBeyondLocalsOf(tokens);

    /// <summary>The line's own text holds <c>..@</c>, which could be taken for a call's %%name.</summary>
    internal bool MentionsLocalNames { get; } = MentionsLocalNamesIn(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens));

    internal static bool MentionsLocalNamesIn(ReadOnlySpan<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Text.Contains("..@", StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool UsesCallBeyondLocalsOf(List<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Kind == PpTokenKind.MacroName || (t.Kind == PpTokenKind.Parameter && t.Text is "%00" or "%{00}")) return true;
        return false;
    }

    /// <summary>The chain of the last macro call this line made, shared by its next call of the same macro from the same
    /// place (a call inside a %rep body): chains are immutable, and lines keep them for their diagnostics.</summary>
    internal ExpansionChain? CallChain { get; set; }

    /// <summary>The expansion contexts of the line's last outputs, by the chain they were made in (the same line in the same
    /// chain has the same context, however many times it is read; chains are shared by the calls of the macros around it,
    /// and a macro called from a few places alternates between a few).</summary>
    internal ExpansionContext Context(ExpansionChain chain, string file, int line)
    {
        var contexts = _contexts ??= new ExpansionContext[4];
        foreach (var known in contexts)
            if (known is not null && ReferenceEquals(known.Chain, chain)) return known;
        var context = new ExpansionContext(chain, file, line);
        contexts[_nextContext] = context;
        _nextContext = (_nextContext + 1) % contexts.Length;
        return context;
    }

    private ExpansionContext?[]? _contexts;
    private int _nextContext;

    /// <summary>What the line's first token is as a directive, once looked up (the line starts with a %word).</summary>
    internal DirectiveInfo? FirstDirective { get; set; }

    /// <summary>For a conditional: where the branch after it ends in body <see cref="SkipOwner"/> when the line is read from
    /// index <see cref="SkipFrom"/> - 1 (-1: read the lines one by one). A line may be in more than one body (a %rep's).</summary>
    internal List<BodyLine>? SkipOwner { get; set; }
    internal int SkipFrom { get; set; }
    internal int SkipTo { get; set; }

    /// <summary>For a %rep: its lines in body <see cref="RepOwner"/> when read from index <see cref="RepFrom"/> - 1 (null:
    /// the %endrep is not in that body).</summary>
    internal List<BodyLine>? RepOwner { get; set; }
    internal int RepFrom { get; set; }
    internal List<BodyLine>? RepBody { get; set; }

    /// <summary>The last substitutions of the line (<see cref="Preprocessor"/> reuses them for the same call or the same arguments).</summary>
    internal SubstitutionMemo?[]? Memos { get; set; }

    /// <summary>The hash of each memo's parameter set (<see cref="ArgumentSet.Hash"/>), by slot.</summary>
    internal int[] MemoKeys { get; set; } = [];

    /// <summary>The slot of <see cref="Memos"/> the next new result goes to (the oldest).</summary>
    internal int NextMemo { get; set; }

    private static bool UsesCallOf(List<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Kind is PpTokenKind.MacroLocal or PpTokenKind.MacroName || (t.Kind == PpTokenKind.Parameter && t.Text is "%00" or "%{00}")) return true;
        return false;
    }

    private static bool IsQuiet(List<PpToken> tokens)
    {
        foreach (var t in tokens)
        {
            if (t.Kind == PpTokenKind.Indirect) return false;
            if (t.Kind != PpTokenKind.Parameter) continue;
            var spec = t.Text.AsSpan(1);
            if (spec.Length >= 2 && spec[0] == '{' && spec[^1] == '}') spec = spec[1..^1];
            if (spec.Length == 0) return false;
            foreach (char c in spec) if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    private static bool IsPlain(List<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal or PpTokenKind.MacroName or PpTokenKind.Indirect) return false;
        return true;
    }
}
