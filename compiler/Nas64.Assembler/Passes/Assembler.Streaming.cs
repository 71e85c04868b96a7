using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>
/// The first pass runs on each line as soon as it is parsed, instead of on the whole program afterwards: it is a
/// sequential scan in which forward references are unknown anyway, so it sees what it would see after parsing. Most
/// instruction lines are compacted to their bytes on the spot (<see cref="Compact"/>), so their parsed syntax dies
/// young instead of living, with the whole statement graph, until the first pass would have reached it.
/// The first pass keeps what it would have had to itself: it holds no messages (the parser's hold list is set aside
/// while it runs) and follows `[warning]' lines with a warning policy of its own, so the policy the preprocessor and
/// the parser apply as they go is not changed twice.
/// </summary>
public sealed partial class Assembler
{
    /// <summary>Statements the streamed first pass has processed.</summary>
    private int _firstPassDone;

    /// <summary>Set when a limit stopped the first pass (the rest of the source is still parsed, for its messages).</summary>
    private bool _firstPassStopped;

    /// <summary>The first pass's own warning policy while it runs between the lines.</summary>
    private WarningPolicy? _firstPassWarnings;

    /// <summary>Starts the first pass before parsing into <paramref name="statements"/> (room for <paramref name="expected"/>
    /// of them); false when a limit stops the passes before the first one, which <see cref="Run"/> then reports.</summary>
    private bool BeginStreamedFirstPass(List<Statement> statements, int expected)
    {
        if (_pass != 0 || _options.Limits.Passes <= 0 || _options.Limits.StalledPasses <= 0) return false;
        BeginFirstPass();
        _firstPassWarnings = _diagnostics.Warnings?.Fork();
        var saved = EnterFirstPass();
        try
        {
            BeginPass(statements, expected, emit: false);
        }
        finally
        {
            ExitFirstPass(saved);
        }
        return true;
    }

    /// <summary>Runs the first pass on the statements parsed since the last call.</summary>
    private void StreamFirstPass(List<Statement> statements)
    {
        int count = statements.Count;
        if (count == _firstPassDone) return;
        int from = _firstPassDone;
        _firstPassDone = count;
        if (_firstPassStopped) return;
        if (count > _layoutSizes!.Length) Array.Resize(ref _layoutSizes, Math.Max(2 * _layoutSizes.Length, count));
        _layoutLabels!.EnsureCapacity(count);
        var saved = EnterFirstPass();
        try
        {
            if (!RunStatements(statements, from, count, emit: false, endRun: false)) _firstPassStopped = true;
        }
        finally
        {
            ExitFirstPass(saved);
        }
    }

    /// <summary>Parsing is done: the last run of compacted lines is put in place, and the per-statement sizes get their
    /// exact length (later passes check it).</summary>
    private void EndStreamedFirstPass(List<Statement> statements)
    {
        StreamFirstPass(statements);
        if (!_firstPassStopped) EndRun(statements);
        if (_layoutSizes!.Length != statements.Count) Array.Resize(ref _layoutSizes, statements.Count);
        _layoutLabels!.EnsureCapacity(statements.Count);
        _firstPassWarnings = null;
    }

    /// <summary>Sets the first pass's own warning policy, no held messages, and its messages tagged; returns what it set aside.</summary>
    private (Func<Diagnostic, bool>? Hold, WarningPolicy? Warnings) EnterFirstPass()
    {
        var saved = (_diagnostics.Hold, _diagnostics.Warnings);
        _diagnostics.Hold = null;
        _diagnostics.Warnings = _firstPassWarnings;
        _inFirstPass = true;
        return saved;
    }

    private void ExitFirstPass((Func<Diagnostic, bool>? Hold, WarningPolicy? Warnings) saved)
    {
        _inFirstPass = false;
        (_diagnostics.Hold, _diagnostics.Warnings) = saved;
    }
}
