namespace Nas64.Assembler.Preprocessor;

/// <summary>One multi-line macro call on the expansion stack: immutable, shared by every line the call produces.</summary>
public sealed class ExpansionChain(string macroName, SourceLocation callSite, ExpansionChain? outer)
{
    public string MacroName { get; } = macroName;
    public SourceLocation CallSite { get; } = callSite;
    public ExpansionChain? Outer { get; } = outer;

    /// <summary>The call site in real source of the outermost call.</summary>
    public SourceLocation Root
    {
        get
        {
            var c = this;
            while (c.Outer is not null) c = c.Outer;
            return c.CallSite;
        }
    }
}

/// <summary>
/// The "in macro X at file:line, called from file:line" notes of a line produced by a macro, innermost
/// first; the strings are built only when a diagnostic is printed.
/// </summary>
public sealed class ExpansionContext(ExpansionChain chain, string file, int line) : IReadOnlyList<string>
{
    private string[]? _frames;

    /// <summary>The line inside the innermost macro's body this line came from (NASM's debug line for it).</summary>
    public string File => file;

    public int Line => line;

    public int Count => Frames.Length;

    public string this[int index] => Frames[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Frames).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private string[] Frames => _frames ??= Build();

    private string[] Build()
    {
        var frames = new List<string>();
        string at = $"{file}:{line}";
        for (var c = chain; c is not null; c = c.Outer)
        {
            frames.Add($"in macro `{c.MacroName}' at {at}, called from {c.CallSite.File}:{c.CallSite.Line}");
            at = $"{c.CallSite.File}:{c.CallSite.Line}";
        }
        return [.. frames];
    }
}
