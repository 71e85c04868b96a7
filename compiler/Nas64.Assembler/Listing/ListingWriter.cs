using System.Globalization;
using System.Text;

namespace Nas64.Assembler.Listing;

/// <summary>
/// Writes a <see cref="ListingRecorder"/>'s lines in nasm -l's format, replaying them the way nasm's
/// listing.c does: <c>%6d %08X %-19s</c>, at most 18 hex digits per line (a longer run ends in <c>-</c>
/// and continues on a line of its own), <c>&lt;n&gt;</c> for the nesting level, and each diagnostic
/// on a line of <c>*</c> after the line it belongs to.
/// </summary>
public sealed class ListingWriter
{
    private const int HexWidth = 18;      // nasm's LIST_HEXBIT
    private const int MaxLine = 1024;     // nasm's LIST_MAX_LEN

    private readonly ListingOptions _options;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _data = new();
    private readonly List<Diagnostic> _errors = [];
    private long _offset;
    private int _lineNumber;
    private bool _hasLine;
    private string _line = "";
    private int _level;
    private int _suppress;

    private ListingWriter(ListingOptions options) => _options = options;

    public static string Write(ListingRecorder recorder)
    {
        var writer = new ListingWriter(recorder.Options);
        foreach (var e in recorder.Preamble) writer.Replay(e, hidden: false);
        for (int i = 0; i < recorder.Entries.Count; i++)
        {
            var entry = recorder.Entries[i];
            if (!entry.Hidden) writer.StartLine(entry);
            foreach (var e in recorder.EventsOf(i)) writer.Replay(e, entry.Hidden);
        }
        writer.Emit();
        return writer._out.ToString();
    }

    private void StartLine(ListingEntry entry)
    {
        Emit();
        _lineNumber = entry.LineNumber;
        _hasLine = true;
        _line = entry.Text.Length >= MaxLine - 4 ? string.Concat(entry.Text.AsSpan(0, MaxLine - 4), "...") : entry.Text;
        _level = entry.Level;
    }

    private void Replay(ListingEvent e, bool hidden)
    {
        if (e.Kind == ListingEventKind.Diagnostic)
        {
            _errors.Add(e.Diagnostic!);
            if (e.Diagnostic!.Severity >= Severity.Fatal) Emit();
            return;
        }
        if (hidden) return;
        switch (e.Kind)
        {
            case ListingEventKind.Bytes:
                if (_suppress != 0) return;
                if (e.Data!.Length == 0)
                {
                    if (_data.Length == 0) _offset = e.Offset;
                    return;
                }
                long offset = e.Offset;
                foreach (byte b in e.Data) Out(offset++, b.ToString("X2", CultureInfo.InvariantCulture));
                return;
            case ListingEventKind.Address or ListingEventKind.RelativeAddress:
                {
                    if (_suppress != 0) return;
                    var text = new StringBuilder(20);
                    text.Append(e.Kind == ListingEventKind.Address ? '[' : '(');
                    for (int i = 0; i < e.Size; i++) text.Append(((byte)(e.Value >> (8 * i))).ToString("X2", CultureInfo.InvariantCulture));
                    text.Append(e.Kind == ListingEventKind.Address ? ']' : ')');
                    Out(e.Offset, text.ToString());
                    return;
                }
            case ListingEventKind.Reserve:
                if (_suppress != 0) return;
                if (e.Size > 8) OutSize(e.Offset, "res", e.Size);
                else Out(e.Offset, new string('?', (int)e.Size * 2));
                return;
            case ListingEventKind.TimesBegin:
                _suppress |= 2;
                OutSize(_offset, "rep", e.Size);
                return;
            case ListingEventKind.TimesEnd:
                _suppress &= ~2;
                return;
            case ListingEventKind.IncbinBegin:
                _suppress |= 1;
                OutSize(_offset, "bin", e.Size);
                return;
            case ListingEventKind.IncbinEnd:
                _suppress &= ~1;
                return;
        }
    }

    private void OutSize(long offset, string tag, long size) =>
        Out(offset, _options.Decimal
            ? $"<{tag} {size.ToString(CultureInfo.InvariantCulture)}>"
            : $"<{tag} {size.ToString("X", CultureInfo.InvariantCulture)}h>");

    private void Out(long offset, string text)
    {
        if (_data.Length + text.Length > HexWidth)
        {
            _data.Append('-');
            Emit();
        }
        if (_data.Length == 0) _offset = offset;
        _data.Append(text);
    }

    private void Emit()
    {
        if (_hasLine || _data.Length > 0)
        {
            _out.Append(_lineNumber.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append(' ');
            if (_data.Length > 0)
                _out.Append(((uint)_offset).ToString("X8", CultureInfo.InvariantCulture)).Append(' ').Append(_data.ToString().PadRight(HexWidth + 1));
            else
                _out.Append(' ', HexWidth + 10);
            if (_level > 0) _out.Append(_level < 10 ? " " : "").Append('<').Append(_level.ToString(CultureInfo.InvariantCulture)).Append('>');
            else if (_hasLine) _out.Append("    ");
            if (_hasLine) _out.Append(' ').Append(_line);
            _out.Append('\n');
            _hasLine = false;
            _data.Clear();
        }
        foreach (var error in _errors)
        {
            _out.Append(_lineNumber.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append("          ");
            _out.Append(FillChar(error.Severity), HexWidth);
            if (_level > 0) _out.Append(' ').Append(_level < 10 ? " " : "").Append('<').Append(_level.ToString(CultureInfo.InvariantCulture)).Append('>');
            else _out.Append("     ");
            _out.Append("  ").Append(Diagnostic.SeverityName(error.Severity)).Append(": ").Append(error.Message).Append('\n');
        }
        _errors.Clear();
    }

    private static char FillChar(Severity severity) => severity switch
    {
        Severity.Info => ' ',
        Severity.Note => '-',
        _ => '*',
    };
}
