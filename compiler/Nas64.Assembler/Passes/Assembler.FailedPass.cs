namespace Nas64.Assembler.Passes;

/// <summary>
/// nasm stops after a first pass that reported an error (its parser's errors are first-pass errors too) and prints
/// what that pass printed, in line order: its errors, and the warnings its preprocessor and parser give in every pass
/// (label-orphan, pp-macro-params-multi, a numeric constant past 64 bits), but not those it keeps for its final pass
/// (%warning, %error). nas64 parses once, then runs its first pass: this puts the messages of both in nasm's order.
/// </summary>
public sealed partial class Assembler
{
    private readonly int _itemsBeforeParsing, _errorsBeforeParsing;

    /// <summary>Per diagnostic reported at once while parsing: the statements parsed before it and the messages held before it.</summary>
    private readonly List<(int Statement, int Held)> _reportedWhileParsing = [];

    /// <summary>The statement being processed (for the order of first-pass messages).</summary>
    private int _statementIndex;

    /// <summary>Per diagnostic kept during the first pass: the statement it came from.</summary>
    private List<int>? _firstPassAt;
    private int _itemsBeforeFirstPass;

    private void RecordFirstPassMessage(Diagnostic diagnostic) => _firstPassAt?.Add(_statementIndex);

    private void BeginFirstPass()
    {
        _firstPassAt = [];
        _itemsBeforeFirstPass = _diagnostics.Items.Count;
        _diagnostics.Added += RecordFirstPassMessage;
    }

    private void EndFirstPass()
    {
        RefuseUsedBinSpecialExterns();
        ReportBinRefusals();
        _diagnostics.Added -= RecordFirstPassMessage;
    }

    private void OrderFailedFirstPass()
    {
        var items = _diagnostics.Items;
        if (_firstPassAt is null || _itemsBeforeParsing + _reportedWhileParsing.Count != _itemsBeforeFirstPass
            || _itemsBeforeFirstPass + _firstPassAt.Count != items.Count)
            return;
        var ordered = new List<(int Statement, int Phase, int Rank, int Sequence, Diagnostic Diagnostic)>();
        for (int k = 0; k < _reportedWhileParsing.Count; k++)
        {
            var (statement, held) = _reportedWhileParsing[k];
            // After the held messages before it (rank 2j for held message j), before the next one.
            ordered.Add((statement, 0, 2 * held - 1, ordered.Count, items[_itemsBeforeParsing + k]));
        }
        bool everyPass = false;
        for (int j = 0; j < _held.Count; j++)
        {
            var (diagnostic, statement, _) = _held[j];
            // A note or info line goes with the message before it.
            if (diagnostic.Severity != Severity.Info) everyPass = !diagnostic.FinalPass && diagnostic.WarningName != "user";
            if (everyPass) ordered.Add((statement, 0, 2 * j, ordered.Count, diagnostic));
        }
        for (int k = 0; k < _firstPassAt.Count; k++)
            ordered.Add((_firstPassAt[k], 1, 0, ordered.Count, items[_itemsBeforeFirstPass + k]));
        ordered.Sort((a, b) => a.Statement != b.Statement ? a.Statement.CompareTo(b.Statement)
            : a.Phase != b.Phase ? a.Phase.CompareTo(b.Phase)
            : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
            : a.Sequence.CompareTo(b.Sequence));
        var diagnostics = new List<Diagnostic>(ordered.Count);
        foreach (var entry in ordered) diagnostics.Add(entry.Diagnostic);
        _diagnostics.ReplaceFrom(_itemsBeforeParsing, diagnostics);
    }
}
