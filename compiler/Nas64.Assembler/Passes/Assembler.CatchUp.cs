using System.Runtime.ExceptionServices;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>
/// With the preprocessor on a thread of its own (<see cref="Preprocessor.PreprocessorPipeline"/>), the main thread waits
/// whenever the next batch of lines is not ready: on macro-heavy source, most of the time. The first pass is a sequential
/// scan in which forward references are unknown anyway, so it can run over the lines parsed so far in that time, and
/// after the last line only the rest of it is left to do. It keeps to itself what it would change for the parser: its
/// messages wait in a list of their own (added after parsing, where the first pass would have made them, each with its
/// statement) and it follows `[warning]' lines with a warning policy of its own, handed to the bag's at its end.
/// It catches up only while most lines come from macros (see <see cref="CatchUpFirstPass"/>): on other source the first
/// pass runs after parsing, as before. gen_macro 4000: the main thread's work after the preprocessor's last line went from
/// 1.09 G to 0.56 G instructions (callgrind).
/// </summary>
public sealed partial class Assembler
{
    /// <summary>Statements per call: the queue is looked at again between them, so a batch that arrives is parsed soon.</summary>
    private const int CatchUpStatements = 512;

    /// <summary>Statements the first pass processed while the source was parsed.</summary>
    private int _caughtUp;

    /// <summary>Set when the first pass cannot catch up (a listing, no pass allowed) or stopped (a limit, a failure).</summary>
    private bool _catchUpStopped;

    private ExceptionDispatchInfo? _catchUpFailure;
    private int _symbolsBeforeFirstPass;

    /// <summary>The bag's policy, which follows the parser meanwhile, and the first pass's own.</summary>
    private WarningPolicy? _parserWarnings, _firstPassWarnings;

    /// <summary>The first pass's messages while it catches up, with the statement each came from.</summary>
    private readonly List<(Diagnostic Diagnostic, int Statement)> _caughtUpMessages = [];
    private Func<Diagnostic, bool>? _keepCaughtUpMessage;

    /// <summary>Runs the first pass over some of the statements <paramref name="parser"/> has settled since the last call;
    /// false when there are none (or the first pass cannot run now).</summary>
    /// <param name="lines">The lines parsed so far, <paramref name="expanded"/> of them made by macros.</param>
    private bool CatchUpFirstPass(Parser parser, int lines, int expanded)
    {
        // Macro expansion is what makes the preprocessor the slower thread (gen_macro 4000: 4.2 G instructions to the
        // parser's 0.53 G). On source of plain lines (gen_asm) the parser is the slower one, and the first pass's products
        // (11 MB for gen_asm 100k) would only be added to what parsing holds: its peak went from 39.8 to 48.7 MB.
        if (!MostlyExpanded(lines, expanded)) return false;
        int settled = parser.SettledCount;
        if (_catchUpStopped || settled <= _caughtUp) return false;
        var statements = parser.StatementsSoFar;
        var limits = _options.Limits;
        if (_caughtUp == 0)
        {
            // Run checks these limits before its first pass; a listing records each pass's lines in order.
            if (_pass != 0 || _listing is not null || limits.Passes <= 0 || limits.StalledPasses <= 0)
            {
                _catchUpStopped = true;
                return false;
            }
            _symbolsBeforeFirstPass = _symbols.Count;
            _parserWarnings = _diagnostics.Warnings;
            _firstPassWarnings = _parserWarnings?.Clone();
        }
        var (hold, warnings) = (_diagnostics.Hold, _diagnostics.Warnings);
        _diagnostics.Hold = _keepCaughtUpMessage ??= d =>
        {
            _caughtUpMessages.Add((d, _statementIndex));
            return true;
        };
        _diagnostics.Warnings = _firstPassWarnings;
        int to = Math.Min(settled, _caughtUp + CatchUpStatements);
        try
        {
            // Room for the statements parsed so far (the parser's own estimate at first), exact once parsing ends.
            if (_caughtUp == 0) BeginPass(statements, Math.Max(statements.Capacity, settled), emit: false);
            if (to > _layoutSizes!.Length) Array.Resize(ref _layoutSizes, Math.Max(2 * _layoutSizes.Length, to));
            _layoutLabels!.EnsureCapacity(to);
            if (!RunStatements(statements, _caughtUp, to, emit: false, endRun: false)) _catchUpStopped = true;
        }
        catch (Exception e)
        {
            // Thrown where the first pass would have thrown it, after parsing.
            _catchUpFailure = ExceptionDispatchInfo.Capture(e);
            _catchUpStopped = true;
        }
        finally
        {
            _caughtUp = to;
            (_diagnostics.Hold, _diagnostics.Warnings) = (hold, warnings);
        }
        return true;
    }

    /// <summary>Parsing is done: the first pass's messages so far go into the bag, and it runs over the rest.</summary>
    private void FinishFirstPass(List<Statement> statements)
    {
        // Classified when they were made (the bag adds them as they are without a policy).
        int statementIndex = _statementIndex;
        _diagnostics.Warnings = null;
        foreach (var (diagnostic, statement) in _caughtUpMessages)
        {
            _statementIndex = statement;
            _diagnostics.Add(diagnostic);
        }
        _statementIndex = statementIndex;
        _caughtUpMessages.Clear();
        _diagnostics.Warnings = _firstPassWarnings;
        _catchUpFailure?.Throw();
        // The layout passes after this one check that there is one size per statement.
        Array.Resize(ref _layoutSizes, statements.Count);
        _layoutLabels!.EnsureCapacity(statements.Count);
        if (!_catchUpStopped && RunStatements(statements, _caughtUp, statements.Count, emit: false)) EndPass();
    }

    /// <summary>After the first pass: the bag's policy is where the first pass left its own (as if it had followed it).</summary>
    private void EndCatchUp()
    {
        _parserWarnings?.CopyFrom(_firstPassWarnings!);
        _diagnostics.Warnings = _parserWarnings;
        _firstPassWarnings = null;
    }
}
