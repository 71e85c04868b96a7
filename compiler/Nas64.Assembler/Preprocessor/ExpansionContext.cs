namespace Nas64.Assembler.Preprocessor;

/// <summary>One multi-line macro call on the expansion stack: immutable, shared by every line the call produces.
/// Made for every call, so it keeps the call site's file and line rather than a whole <see cref="SourceLocation"/>.</summary>
public sealed class ExpansionChain(string macroName, SourceLocation callSite, ExpansionChain? outer)
{
    private readonly string _callFile = callSite.File;
    private readonly int _callLine = callSite.Line;
    private readonly ExpansionChain? _root = outer?._root ?? outer;

    public string MacroName { get; } = macroName;
    public SourceLocation CallSite => new(_callFile, _callLine);
    public ExpansionChain? Outer { get; } = outer;

    /// <summary>The call site in real source of the outermost call (kept, not searched: every emitted line asks).</summary>
    public SourceLocation Root => (_root ?? this).CallSite;

    /// <summary>Calls on the chain, this one included.</summary>
    public int Depth { get; } = (outer?.Depth ?? 0) + 1;
}

/// <summary>
/// The "in macro X at file:line, called from file:line" notes of a line produced by a macro, innermost
/// first. The strings are made while a diagnostic is printed and not kept, so an error deep in a recursion
/// costs memory for its chain only once (the chain is shared), not once per level per diagnostic.
/// </summary>
public sealed class ExpansionContext(ExpansionChain chain, string file, int line) : IReadOnlyList<string>, IMacroTrace
{
    /// <summary>The line inside the innermost macro's body this line came from (NASM's debug line for it).</summary>
    public string File => file;

    public int Line => line;

    public int Count => chain.Depth;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            foreach (string frame in this)
                if (index-- == 0) return frame;
            throw new InvalidOperationException();
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        string atFile = file;
        int atLine = line;
        for (var c = chain; c is not null; c = c.Outer)
        {
            yield return $"in macro `{c.MacroName}' at {atFile}:{atLine}, called from {c.CallSite.File}:{c.CallSite.Line}";
            atFile = c.CallSite.File;
            atLine = c.CallSite.Line;
        }
    }

    /// <summary>nasm's lines for the chain, outermost call first: each at the line of its body the next call (or,
    /// for the innermost, the failing line) came from.</summary>
    public IEnumerable<string> NasmLines()
    {
        var lines = new string[Count];
        int i = lines.Length;
        string atFile = file;
        int atLine = line;
        for (var c = chain; c is not null; c = c.Outer)
        {
            lines[--i] = $"{atFile}:{atLine}: ... from macro `{c.MacroName}' defined here";
            atFile = c.CallSite.File;
            atLine = c.CallSite.Line;
        }
        return lines;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
