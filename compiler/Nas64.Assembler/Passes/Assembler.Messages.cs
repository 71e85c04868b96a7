using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>nasm runs its preprocessor and parser in every pass and prints their warnings (%warning, label-orphan…)
/// and %error in its final pass, in line order with that pass's own messages; when an earlier pass fails they never
/// appear. nas64 preprocesses and parses once, so those messages wait here, each with the statement it came before,
/// until the emitting pass reaches that statement.</summary>
public sealed partial class Assembler
{
    private readonly List<(Diagnostic Diagnostic, int Statement, int ListingEntry)> _held = [];
    private int _heldNext;

    /// <summary>While parsing: warnings, notes and final-pass errors go to <paramref name="held"/> with the number of
    /// statements parsed before them; other errors are reported at once.</summary>
    private static HeldMessages? HoldFinalPassMessages(DiagnosticBag diagnostics, Parser parser, List<(Diagnostic, int, int)>? held,
        List<(int Statement, int Held)>? reported, Listing.ListingRecorder? listing)
    {
        if (held is null) return null;
        bool holding = false;
        diagnostics.Hold = d =>
        {
            // An info line goes where the message it belongs to went.
            if (d.Severity != Severity.Info) holding = d.Severity < Severity.Error || d.FinalPass || d.WarningName is not null;
            if (holding) held.Add((d, parser.Statements.Count, listing?.Current ?? -1));
            else reported?.Add((parser.Statements.Count, held.Count));
            return holding;
        };
        return new HeldMessages(diagnostics);
    }

    private sealed class HeldMessages(DiagnosticBag diagnostics) : IDisposable
    {
        public void Dispose() => diagnostics.Hold = null;
    }

    /// <summary>Reports the held messages that came before statement <paramref name="statement"/>.</summary>
    private void ReleaseHeld(int statement)
    {
        while (_heldNext < _held.Count && _held[_heldNext].Statement <= statement)
        {
            var (diagnostic, _, entry) = _held[_heldNext++];
            // A listing shows it under the line it was made on.
            int current = _listing?.Current ?? -1;
            if (_listing is not null) _listing.Current = entry;
            // Classified when it was made; an escalated warning is added as the error it became.
            _diagnostics.Add(diagnostic.Severity == Severity.Warning ? diagnostic with { WarningName = null } : diagnostic);
            if (_listing is not null) _listing.Current = current;
        }
    }
}
