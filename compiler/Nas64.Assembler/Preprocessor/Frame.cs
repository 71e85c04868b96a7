namespace Nas64.Assembler.Preprocessor;

internal enum FrameKind : byte { File, Macro, Rep }

/// <summary>A multi-line macro call in progress: its arguments, %rotate state and unique number for %%labels.</summary>
internal sealed class MacroCall(MultiLineMacro macro, List<PpToken>[] parameters, List<PpToken>? label, string invokedName, long unique)
{
    public MultiLineMacro Macro { get; } = macro;
    public List<PpToken>[] Parameters { get; } = parameters;

    /// <summary>Tokens plus characters of <see cref="Parameters"/>, counted against --limit-macro-args.</summary>
    public long ArgumentSize { get; init; }
    public List<PpToken>? Label { get; } = label;
    public string InvokedName { get; } = invokedName;
    public long Unique { get; } = unique;
    public int Rotate { get; set; }

    /// <summary>Parameter <paramref name="number"/> (1-based) after rotation.</summary>
    public List<PpToken> Parameter(int number)
    {
        int count = Parameters.Length;
        return Parameters[(number - 1 + Rotate) % count];
    }
}

/// <summary>Where lines come from: a file (or built-in package text), a macro body, or a %rep body.</summary>
internal sealed class Frame
{
    public FrameKind Kind;
    public Frame? Parent;

    /// <summary>The innermost macro call whose parameters this frame's lines use (a %rep inherits it).</summary>
    public MacroCall? Call;
    public ExpansionChain? Chain;

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

    public string CurrentFile => Kind == FrameKind.File ? File : Current?.File ?? File;
    public int CurrentLine => Kind == FrameKind.File ? LineNumber : Current?.Line ?? 0;
}
