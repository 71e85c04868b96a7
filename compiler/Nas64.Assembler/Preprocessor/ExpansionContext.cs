namespace Nas64.Assembler.Preprocessor;

/// <summary>One multi-line macro call on the expansion stack: immutable, shared by every line the call produces.
/// The outermost call's site is not kept: it is the line's own location (<see cref="ExpansionContext"/>), so the chain of a
/// call from a macro body is the same object for every call of the macro around it.</summary>
public sealed class ExpansionChain(string macroName, SourceLocation callSite, ExpansionChain? outer)
{
    private readonly string _callFile = callSite.File;
    private readonly int _callLine = callSite.Line;

    public string MacroName { get; } = macroName;

    /// <summary>Where this call was made; for the outermost call (no <see cref="Outer"/>) the location of the line the chain is for.</summary>
    public SourceLocation CallSite => new(_callFile, _callLine);
    public ExpansionChain? Outer { get; } = outer;

    /// <summary>Calls on the chain, this one included.</summary>
    public int Depth { get; } = (outer?.Depth ?? 0) + 1;
}

/// <summary>
/// The line of a macro body a line came from, with its expansion chain: one object for that body line in every call of
/// the same chain, whatever line the outermost call is on (that line is the location's own, see <see cref="IRelativeContext"/>).
/// </summary>
public sealed class ExpansionContext(ExpansionChain chain, string file, int line) : IReadOnlyList<string>, IRelativeContext
{
    /// <summary>The line inside the innermost macro's body this line came from (NASM's debug line for it).</summary>
    public string File => file;

    public int Line => line;

    internal ExpansionChain Chain => chain;

    public int Count => chain.Depth;

    /// <summary>The notes for a line at <paramref name="location"/> (the outermost call site).</summary>
    public IReadOnlyList<string> At(SourceLocation location) => new ExpansionTrace(chain, file, line, location.File, location.Line);

    // Only a context placed in a location is complete: read as a list on its own it has no outermost call site.
    public string this[int index] => throw Unplaced();

    public IEnumerator<string> GetEnumerator() => throw Unplaced();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static InvalidOperationException Unplaced() => new("an expansion context is read through At(location)");
}

/// <summary>
/// The "in macro X at file:line, called from file:line" notes of a line produced by a macro, innermost
/// first. The strings are made while a diagnostic is printed and not kept, so an error deep in a recursion
/// costs memory for its chain only once (the chain is shared), not once per level per diagnostic.
/// </summary>
internal sealed class ExpansionTrace(ExpansionChain chain, string file, int line, string rootFile, int rootLine) : IReadOnlyList<string>, IMacroTrace
{
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

    private SourceLocation CallSite(ExpansionChain c) => c.Outer is null ? new SourceLocation(rootFile, rootLine) : c.CallSite;

    public IEnumerator<string> GetEnumerator()
    {
        string atFile = file;
        int atLine = line;
        for (var c = chain; c is not null; c = c.Outer)
        {
            var site = CallSite(c);
            yield return $"in macro `{c.MacroName}' at {atFile}:{atLine}, called from {site.File}:{site.Line}";
            atFile = site.File;
            atLine = site.Line;
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
            var site = CallSite(c);
            atFile = site.File;
            atLine = site.Line;
        }
        return lines;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
