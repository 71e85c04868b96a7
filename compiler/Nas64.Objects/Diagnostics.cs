namespace Nas64;

public enum Severity
{
    Note,
    /// <summary>A remark attached to the diagnostic before it, printed as NASM's `info:'.</summary>
    Info,
    Warning,
    Error,
    Fatal,
}

/// <summary>Where a diagnostic points: a source file and line, or a file and byte offset.</summary>
public readonly record struct SourceLocation(string File, int Line, long Offset = -1)
{
    public static readonly SourceLocation None = new("", 0);

    /// <summary>For a line produced by a macro: the expansion chain, innermost first (copied into <see cref="Diagnostic.Context"/>).</summary>
    public IReadOnlyList<string>? Context { get; init; }

    public override string ToString() =>
        // An empty name with a line comes from `%line N ""`: nasm prints ":N" then.
        File.Length == 0 && Line <= 0 ? "nas64"
        : Line > 0 ? $"{File}:{Line}"
        : Offset >= 0 ? $"{File}: offset 0x{Offset:x}"
        : File;
}

/// <summary>One problem, printed in NASM's shape so editors can jump to it: <c>file:line: error: message</c>.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    /// <summary>Where the location came from when it is inside a macro or an include, innermost first.</summary>
    public IReadOnlyList<string> Context { get; init; } = Location.Context is IRelativeContext relative ? relative.At(Location) : Location.Context ?? [];

    /// <summary>NASM's warning class (label-orphan, zeroing…) for a warning, also one turned into an error; otherwise null.</summary>
    public string? WarningName { get; init; }

    /// <summary>An error nasm only prints in its final pass, in line order with that pass's messages (%error).</summary>
    public bool FinalPass { get; init; }

    /// <summary>The word nasm prints for a severity: error, warning, fatal, note or info.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Note => "note",
        Severity.Warning => "warning",
        Severity.Fatal => "fatal",
        Severity.Info => "info",
        _ => "error",
    };

    public override string ToString()
    {
        // One builder, not string +=: a diagnostic deep in a recursion has a note per level.
        var text = new System.Text.StringBuilder().Append(Location).Append(": ").Append(SeverityName(Severity)).Append(": ").Append(Message);
        if (Context is IMacroTrace trace)
            foreach (string line in trace.NasmLines()) text.Append('\n').Append(line);
        else
            foreach (string frame in Context) text.Append('\n').Append(Location.File).Append(": note: ").Append(frame);
        return text.ToString();
    }
}

/// <summary>A macro expansion chain that prints as nasm 2.16 does after a message: one
/// <c>file:line: ... from macro `name' defined here</c> line per call, outermost first, at the line of that macro's
/// body the next call (or the failing line) came from.</summary>
public interface IMacroTrace
{
    IEnumerable<string> NasmLines();
}

/// <summary>A <see cref="SourceLocation.Context"/> that leaves its outermost call site to the location it is attached to,
/// so one context serves the same line of every call: <see cref="At"/> makes the whole list for that location.</summary>
public interface IRelativeContext
{
    IReadOnlyList<string> At(SourceLocation location);
}

/// <summary>Collects diagnostics so a pass can report every problem and keep going.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;
    public int ErrorCount { get; private set; }
    public bool HasErrors => ErrorCount > 0;

    /// <summary>Which warning classes are reported, and which as errors (-w/-W, [warning]); null reports every warning.</summary>
    public WarningPolicy? Warnings { get; set; }

    /// <summary>Sees each diagnostic once classified; true keeps it out of the bag (and its error count) for now.</summary>
    public Func<Diagnostic, bool>? Hold { get; set; }

    public void Add(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == Severity.Warning)
        {
            string name = WarningPolicy.ClassOf(diagnostic.Message);
            var (report, asError) = Warnings?.Classify(name) ?? (true, false);
            if (!report) return;
            if (asError)
            {
                // nasm: `... [-w+error=name]'
                string message = diagnostic.Message.EndsWith($"[-w+{name}]", StringComparison.Ordinal)
                    ? string.Concat(diagnostic.Message.AsSpan(0, diagnostic.Message.Length - name.Length - 5), $"[-w+error={name}]")
                    : diagnostic.Message;
                diagnostic = diagnostic with { Severity = Severity.Error, Message = message, WarningName = name };
            }
            else diagnostic = diagnostic with { WarningName = name };
        }
        if (Hold is { } hold && hold(diagnostic)) return;
        if (diagnostic.Severity >= Severity.Error) ErrorCount++;
        _items.Add(diagnostic);
        Added?.Invoke(diagnostic);
    }

    /// <summary>Replaces the diagnostics kept from <paramref name="start"/> on by <paramref name="replacement"/> (the same
    /// ones in another order, with held ones among them), without raising <see cref="Added"/> again.</summary>
    public void ReplaceFrom(int start, IReadOnlyList<Diagnostic> replacement)
    {
        _items.RemoveRange(start, _items.Count - start);
        _items.AddRange(replacement);
        ErrorCount = 0;
        foreach (var d in _items)
            if (d.Severity >= Severity.Error) ErrorCount++;
    }

    /// <summary>Raised for each diagnostic kept (a listing puts it under the line it belongs to).</summary>
    public event Action<Diagnostic>? Added;

    public void Error(SourceLocation location, string message) => Add(new Diagnostic(Severity.Error, location, message));
    public void Warning(SourceLocation location, string message) => Add(new Diagnostic(Severity.Warning, location, message));
}

/// <summary>Thrown for an input problem that stops the current job; carries the diagnostic to print.</summary>
public sealed class DiagnosticException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    public DiagnosticException(SourceLocation location, string message)
        : this(new Diagnostic(Severity.Error, location, message)) { }
}
