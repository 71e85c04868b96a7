namespace Nas64.Assembler.Passes;

/// <summary>
/// nasm stops after a first pass that reported an error (its parser's errors are first-pass errors too) and prints
/// what that pass printed, in line order: its errors, and the warnings its preprocessor and parser give in every pass
/// (label-orphan, pp-macro-params-multi, a numeric constant past 64 bits), but not those it keeps for its final pass
/// (%warning, %error). nas64 parses once, running its first pass on each line as it is parsed: this puts the messages
/// of both in nasm's order.
/// </summary>
public sealed partial class Assembler
{
    private readonly int _itemsBeforeParsing, _errorsBeforeParsing;

    /// <summary>Per diagnostic kept from the start of parsing to the end of the first pass, in the bag's order: the
    /// statement it belongs to, 0 for the parser (or preprocessor) and 1 for the first pass, and its rank among the
    /// held messages of that statement (a parser's message comes after the held messages before it: 2 × held − 1).</summary>
    private readonly List<(int Statement, int Phase, int Rank)> _earlyMessages = [];

    /// <summary>The statement being processed (for the order of first-pass messages).</summary>
    private int _statementIndex;

    /// <summary>True while the first pass is running (its messages are tagged with their statement).</summary>
    private bool _inFirstPass;
    private bool _recordingFirstPass;

    private void ReportedWhileParsing(int statements, int held) => _earlyMessages.Add((statements, 0, 2 * held - 1));

    private void RecordFirstPassMessage(Diagnostic diagnostic)
    {
        if (_inFirstPass) _earlyMessages.Add((_statementIndex, 1, 0));
    }

    private void BeginFirstPass()
    {
        if (_recordingFirstPass) return;
        _recordingFirstPass = true;
        _diagnostics.Added += RecordFirstPassMessage;
    }

    private void EndFirstPass()
    {
        if (!_recordingFirstPass) return;
        _recordingFirstPass = false;
        _diagnostics.Added -= RecordFirstPassMessage;
    }

    /// <summary>Takes out what the first pass reported (its source was cut short by a limit, so nasm never ran it).</summary>
    private void DropFirstPassMessages()
    {
        EndFirstPass();
        var items = _diagnostics.Items;
        if (_itemsBeforeParsing + _earlyMessages.Count != items.Count || !_earlyMessages.Exists(m => m.Phase == 1)) return;
        var kept = new List<Diagnostic>(_earlyMessages.Count);
        for (int k = 0; k < _earlyMessages.Count; k++)
            if (_earlyMessages[k].Phase == 0) kept.Add(items[_itemsBeforeParsing + k]);
        _diagnostics.ReplaceFrom(_itemsBeforeParsing, kept);
    }

    private void OrderFailedFirstPass()
    {
        var items = _diagnostics.Items;
        if (_itemsBeforeParsing + _earlyMessages.Count != items.Count) return;
        var ordered = new List<(int Statement, int Phase, int Rank, int Sequence, Diagnostic Diagnostic)>();
        for (int k = 0; k < _earlyMessages.Count; k++)
        {
            var (statement, phase, rank) = _earlyMessages[k];
            ordered.Add((statement, phase, rank, ordered.Count, items[_itemsBeforeParsing + k]));
        }
        bool everyPass = false;
        for (int j = 0; j < _held.Count; j++)
        {
            var (diagnostic, statement, _) = _held[j];
            // A note or info line goes with the message before it.
            if (diagnostic.Severity != Severity.Info) everyPass = !diagnostic.FinalPass && diagnostic.WarningName != "user";
            // After the parser's messages reported at once before it (rank 2j - 1), before the next one.
            if (everyPass) ordered.Add((statement, 0, 2 * j, ordered.Count, diagnostic));
        }
        ordered.Sort((a, b) => a.Statement != b.Statement ? a.Statement.CompareTo(b.Statement)
            : a.Phase != b.Phase ? a.Phase.CompareTo(b.Phase)
            : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
            : a.Sequence.CompareTo(b.Sequence));
        var diagnostics = new List<Diagnostic>(ordered.Count);
        foreach (var entry in ordered) diagnostics.Add(entry.Diagnostic);
        _diagnostics.ReplaceFrom(_itemsBeforeParsing, diagnostics);
    }
}
