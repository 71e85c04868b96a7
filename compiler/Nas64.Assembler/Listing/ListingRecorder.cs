namespace Nas64.Assembler.Listing;

/// <summary>
/// Collects what a NASM listing (-l) shows while the preprocessor reads lines and the emitting pass
/// writes bytes: one entry per listed source line (file lines, macro and %rep body lines, -Le/-Lm
/// lines), and per entry the output and diagnostics of the statements it produced, in order.
/// <see cref="ListingWriter"/> turns it into nasm's text.
/// </summary>
public sealed class ListingRecorder
{
    private readonly List<ListingEntry> _entries = [];
    private readonly List<List<ListingEvent>?> _events = [];

    public ListingRecorder(ListingOptions options, DiagnosticBag? diagnostics = null)
    {
        Options = options;
        if (diagnostics is not null) diagnostics.Added += d => Record(ListingEvent.ForDiagnostic(d));
    }

    public ListingOptions Options { get; }

    /// <summary>The entry that output and diagnostics belong to now (the last line read, or the statement being emitted).</summary>
    public int Current { get; set; } = -1;

    public IReadOnlyList<ListingEntry> Entries => _entries;

    /// <summary>Set by <c>[list -]</c>, cleared by <c>[list +]</c>: lines read meanwhile, and their output, are left out.</summary>
    public bool UserNoList { get; set; }

    /// <summary>The events recorded for entry <paramref name="index"/>, in the order they happened.</summary>
    public IReadOnlyList<ListingEvent> EventsOf(int index) =>
        index < _events.Count ? _events[index] ?? (IReadOnlyList<ListingEvent>)[] : [];

    /// <summary>Events before the first line (a command-line problem, say).</summary>
    public IReadOnlyList<ListingEvent> Preamble { get; } = new List<ListingEvent>();

    /// <summary>A line as nasm's list_line sees it: its line number in its file or macro, its text and its nesting level.</summary>
    public int Line(int lineNumber, string text, int level)
    {
        _entries.Add(new ListingEntry(lineNumber, text, level, UserNoList));
        _events.Add(null);
        Current = _entries.Count - 1;
        return Current;
    }

    public void Bytes(long offset, ReadOnlySpan<byte> bytes) => Record(new ListingEvent(ListingEventKind.Bytes, offset, bytes.Length, 0, bytes.ToArray(), null));

    /// <summary>A field that refers to a symbol: nasm shows the offset from the symbol in brackets, parentheses when PC-relative.</summary>
    public void Address(long offset, long value, int size, bool relative) =>
        Record(new ListingEvent(relative ? ListingEventKind.RelativeAddress : ListingEventKind.Address, offset, size, value, null, null));

    public void Reserve(long offset, long size) => Record(new ListingEvent(ListingEventKind.Reserve, offset, size, 0, null, null));

    /// <summary>The rest of a TIMES (count &gt; 1) or an INCBIN: listed as <c>&lt;rep n&gt;</c> / <c>&lt;bin n&gt;</c>, their bytes suppressed until <see cref="EndRepeat"/>.</summary>
    public void BeginRepeat(long count, bool incbin = false) =>
        Record(new ListingEvent(incbin ? ListingEventKind.IncbinBegin : ListingEventKind.TimesBegin, 0, count, 0, null, null));

    public void EndRepeat(bool incbin = false) =>
        Record(new ListingEvent(incbin ? ListingEventKind.IncbinEnd : ListingEventKind.TimesEnd, 0, 0, 0, null, null));

    private void Record(ListingEvent e)
    {
        if (Current < 0)
        {
            ((List<ListingEvent>)Preamble).Add(e);
            return;
        }
        (_events[Current] ??= []).Add(e);
    }
}

/// <summary>One listed line: nasm's line number (in the file or macro body it came from), text and level (include/macro depth);
/// <paramref name="Hidden"/> when read under <c>[list -]</c>.</summary>
public readonly record struct ListingEntry(int LineNumber, string Text, int Level, bool Hidden);

public enum ListingEventKind : byte { Bytes, Address, RelativeAddress, Reserve, TimesBegin, TimesEnd, IncbinBegin, IncbinEnd, Diagnostic }

public sealed record ListingEvent(ListingEventKind Kind, long Offset, long Size, long Value, byte[]? Data, Diagnostic? Diagnostic)
{
    public static ListingEvent ForDiagnostic(Diagnostic d) => new(ListingEventKind.Diagnostic, 0, 0, 0, null, d);
}
