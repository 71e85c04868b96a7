namespace Nas64.Assembler.Preprocessor;

internal enum FrameKind : byte { File, Macro, Rep }

/// <summary>A multi-line macro call in progress: its arguments, %rotate state and unique number for %%labels.
/// Reused with its frame once the call has ended (a call's lines are read only while it is on the frame stack),
/// so the arguments live in buffers of its own rather than in arrays made for each call.</summary>
internal sealed class MacroCall
{
    private PpToken[] _tokens = new PpToken[16];
    private int[] _starts = new int[8];   // parameter k is _tokens[_starts[k].._starts[k + 1]]
    private int _used;

    /// <summary>The tokens' part of their <see cref="ArgumentSet"/> hash, made as they are added (not read again to hash them).</summary>
    private int _tokenHash;

    public MultiLineMacro Macro { get; private set; } = null!;

    /// <summary>Parameters given or defaulted: %0.</summary>
    public int Count { get; private set; }

    /// <summary>Tokens plus characters of the parameters, counted against --limit-macro-args.</summary>
    public long ArgumentSize { get; private set; }
    public PpToken[]? Label { get; private set; }
    public string InvokedName { get; private set; } = "";
    public long Unique { get; private set; }

    public int Rotate
    {
        get => _rotate;
        set
        {
            _rotate = value;
            _set = null;
        }
    }

    private int _rotate;

    /// <summary>The parameters as a shared set, once asked for (see <see cref="ArgumentSet"/>).</summary>
    private ArgumentSet? _set;

    /// <summary>Starts filling the parameters: <see cref="Add"/> their tokens, <see cref="EndParameter"/> after each.</summary>
    public void BeginParameters()
    {
        Count = 0;
        _used = 0;
        _tokenHash = 0;
        ArgumentSize = 0;
        _set = null;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in PpToken token)
    {
        if (_used == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
        _tokens[_used++] = token;
        ArgumentSize += 1 + token.Text.Length;
        _tokenHash = _tokenHash * 31 + TokenMemo<ArgumentSet>.Hash(token);
    }

    public void EndParameter()
    {
        if (Count + 2 > _starts.Length) Array.Resize(ref _starts, _starts.Length * 2);
        _starts[++Count] = _used;
    }

    /// <summary>No parameter or label token holds a quote, a comment, a percent sign or a backslash, so a parameter's
    /// text joined to its neighbours cannot open a string or bracket that reaches past the next space.</summary>
    public bool JoinsAsText
    {
        get
        {
            if (_joinsAsText < 0) _joinsAsText = IsPlainText(_tokens.AsSpan(0, _used)) && IsPlainText(Label) ? 1 : 0;
            return _joinsAsText == 1;
        }
    }

    private int _joinsAsText = -1;

    /// <summary>A parameter or the label holds <c>..@</c> text, which could be taken for one of this call's %%names.</summary>
    public bool MentionsLocalNames
    {
        get
        {
            if (_mentionsLocalNames < 0)
                _mentionsLocalNames = BodyLine.MentionsLocalNamesIn(_tokens.AsSpan(0, _used)) || BodyLine.MentionsLocalNamesIn(Label) ? 1 : 0;
            return _mentionsLocalNames == 1;
        }
    }

    private int _mentionsLocalNames = -1;

    private static bool IsPlainText(ReadOnlySpan<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Kind is PpTokenKind.String || t.Text.AsSpan().IndexOfAny("'\"`;%\\") >= 0) return false;
        return true;
    }

    /// <summary>The <c>..@N.name</c> names made for <c>%%name</c> in this call.</summary>
    public NameMemo LocalNames { get; } = new();

    public MacroCall Start(MultiLineMacro macro, PpToken[]? label, string invokedName, long unique)
    {
        _joinsAsText = -1;
        _mentionsLocalNames = -1;
        LocalNames.Clear();
        Macro = macro;
        Label = label;
        InvokedName = invokedName;
        Unique = unique;
        Rotate = 0;
        return this;
    }

    /// <summary>The parameters as a set shared by the calls that have the same ones: from <paramref name="sets"/>, where a new
    /// set is added while there is room (past that a set of its own, the same as no other call's).</summary>
    public ArgumentSet Arguments(ArgumentSetTable sets, ArgumentSet probe) => _set ?? FindArguments(sets, probe);

    private ArgumentSet FindArguments(ArgumentSetTable sets, ArgumentSet probe)
    {
        probe.Probe(_tokens, _used, _starts, 1, Count, Rotate, _tokenHash);
        var set = sets.Find(probe);
        if (set is null)
        {
            set = probe.Copy();
            sets.Add(set);
        }
        return _set = set;
    }

    /// <summary>Records this call's parameters in <paramref name="memo"/>.</summary>
    public void CopyArguments(SubstitutionMemo memo, ArgumentSetTable sets, ArgumentSet probe)
    {
        memo.Rotate = Rotate;
        memo.Arguments = Arguments(sets, probe);
    }

    /// <summary>Parameter <paramref name="number"/> (1-based) after rotation.</summary>
    public ReadOnlySpan<PpToken> Parameter(int number) => Raw((number - 1 + Rotate) % Count);

    /// <summary>Parameter <paramref name="index"/> (0-based) as given, before any rotation.</summary>
    public ReadOnlySpan<PpToken> Raw(int index) => _tokens.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
}

/// <summary>A body line's last parameter substitution, with what it depended on: the call (its unique number and
/// rotation) and, for a line that uses nothing of the call but its parameters, their tokens.</summary>
internal sealed class SubstitutionMemo
{
    public MacroCall? Call;
    public long Unique;
    public int Rotate;
    public ArgumentSet? Arguments;
    public PpToken[] Result = [];
    public int ResultCount;

    /// <summary>For a line with %%names: how many tokens of <see cref="Result"/> are those names (at <see cref="LocalAt"/>, made
    /// from <see cref="LocalKeys"/>), so another call with the same parameters gets the result with its own; -1 when not so.</summary>
    public int LocalCount = -1;
    public int[] LocalAt = [];
    public string[] LocalKeys = [];
}

/// <summary>Where lines come from: a file (or built-in package text), a macro body, or a %rep body.</summary>
internal sealed class Frame
{
    public FrameKind Kind;
    public Frame? Parent;

    /// <summary>The innermost macro call whose parameters this frame's lines use (a %rep inherits it).</summary>
    public MacroCall? Call;

    /// <summary>For a macro frame: the macro's name and its call site, made into the frame's <see cref="ExpansionChain"/>
    /// only when a line or diagnostic needs it (a macro that only defines things, as most renaming macros do, needs none).
    /// Other frames have the chain of the frame they were opened in.</summary>
    public string? CallName;
    public string CallFile = "";
    public int CallLine;

    /// <summary>The body line the call was made from, if any: it keeps the call's chain for the next call from it.</summary>
    public BodyLine? CallSite;
    private ExpansionChain? _chain;
    private bool _chainMade;

    /// <summary>The chain of macro calls this frame's lines come from (null outside macros). A frame's ancestors outlive it,
    /// and their chains do not change, so it is made once, on first use.</summary>
    public ExpansionChain? Chain
    {
        get
        {
            if (_chainMade) return _chain;
            // Made from the outermost frame without one inwards, without recursion: a runaway recursion may leave
            // thousands of frames without a chain before its error needs one.
            Frame? pending = null;
            for (var f = this; f is not null && !f._chainMade; f = f.Parent)
            {
                f._inner = pending;
                pending = f;
            }
            while (pending is not null)
            {
                var parent = pending.Parent;
                var outer = parent?._chain;
                pending._chain = pending.CallName is null ? outer : pending.MakeChain(outer);
                // The outermost call's site, which the chain leaves to the location of each line.
                (pending._rootFile, pending._rootLine) = pending.CallName is not null && outer is null ? (pending.CallFile, pending.CallLine)
                    : parent is not null ? (parent._rootFile, parent._rootLine) : ("", 0);
                pending._chainMade = true;
                (pending, pending._inner) = (pending._inner, null);
            }
            return _chain;
        }
    }

    /// <summary>Once <see cref="Chain"/> is made: where the outermost call of the chain was made, the location of this frame's lines.</summary>
    public SourceLocation Root => new(_rootFile, _rootLine);

    private string _rootFile = "";
    private int _rootLine;

    private ExpansionChain MakeChain(ExpansionChain? outer)
    {
        // An outermost call's chain has no call site of its own: one per macro serves its calls from anywhere.
        if (outer is null) return Call!.Macro.OutermostChain ??= new ExpansionChain(CallName!, default, null);
        if (CallSite?.CallChain is { } last && ReferenceEquals(last.Outer, outer) && last.MacroName == CallName) return last;
        var chain = new ExpansionChain(CallName!, new SourceLocation(CallFile, CallLine), outer);
        if (CallSite is not null) CallSite.CallChain = chain;
        return chain;
    }

    /// <summary>While <see cref="Chain"/> is being made: the next frame inwards still to make.</summary>
    private Frame? _inner;

    /// <summary>Conditional-stack depth when the frame started: %exitmacro and %exitrep drop the %ifs opened since.</summary>
    public int ConditionDepth;

    /// <summary>The depth when the enclosing file started. As in nasm there is one %if stack per file: a macro or %rep
    /// body may close an %if of the lines around it, and an %if a body leaves open stays open after it.</summary>
    public int FileConditionDepth;

    /// <summary>The frame's lines are left out of the listing (a .nolist macro, a %use package, or inside one).</summary>
    public bool NoList;

    // A file: its text, read line by line.
    public string File = "";
    public string Text = "";
    public int Offset;
    public int LineNumber;
    public int LineIncrement = 1;
    public int NextLineNumber = 1;

    // A body: its stored lines, and the repeat count left for %rep.
    public List<BodyLine>? Body;
    public int Index;
    public BodyLine? Current;
    public long RepeatsLeft;

    /// <summary>The call object a macro frame from the pool reuses.</summary>
    public MacroCall? OwnCall;

    /// <summary>Clears a pooled body frame for its next use.</summary>
    public void Reset()
    {
        Parent = null;
        Call = null;
        CallName = null;
        CallSite = null;
        _chain = null;
        _chainMade = false;
        _rootFile = "";
        _rootLine = 0;
        NoList = false;
        Body = null;
        Index = 0;
        Current = null;
        RepeatsLeft = 0;
    }

    public string CurrentFile => Kind == FrameKind.File ? File : Current?.File ?? File;
    public int CurrentLine => Kind == FrameKind.File ? LineNumber : Current?.Line ?? 0;
}
