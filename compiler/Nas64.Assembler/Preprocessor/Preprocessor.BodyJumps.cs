namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Shortcuts through stored bodies, worked out once per body line: a branch of an %if that is not assembled is stepped
/// over to its next %elif, %else or %endif instead of reading each line, and a %rep inside a macro or %rep body takes its
/// lines straight from the body instead of collecting them again on every call. Both give what reading the lines one by
/// one gives; where a line on the way could do anything more (a substitution that may fail, an unknown %word), where the
/// end is not in the same body, with a listing, or near --limit-lines, the lines are read one by one as before.
/// </summary>
public sealed partial class Preprocessor
{
    /// <summary>After <paramref name="line"/> (a conditional) left the lines after it unassembled: continues at the next
    /// %elif, %else or %endif of the same level in the body being read.</summary>
    private void SkipBranch(BodyLine line)
    {
        var f = _frame;
        if (f is null || f.Kind == FrameKind.File || !ReferenceEquals(f.Current, line) || f.Index == 0 || !ReferenceEquals(f.Body![f.Index - 1], line)) return;
        var body = f.Body;
        if (!ReferenceEquals(line.SkipOwner, body) || line.SkipFrom != f.Index)
        {
            line.SkipOwner = body;
            line.SkipFrom = f.Index;
            line.SkipTo = FindBranchEnd(body, f.Index);
        }
        int to = line.SkipTo;
        if (to < 0 || _linesRead + (to - f.Index) >= _options.Limits.Lines) return;
        _linesRead += to - f.Index;
        f.Index = to;
    }

    /// <summary>The index of the next %elif, %else or %endif at the level of the lines from <paramref name="start"/>, or -1
    /// when a line before it is not a plain no-op while skipping.</summary>
    private int FindBranchEnd(List<BodyLine> body, int start)
    {
        int depth = 0;
        for (int k = start; k < body.Count; k++)
        {
            var line = body[k];
            var tokens = line.Tokens;
            int first = SkipWhitespace(tokens, 0);
            if (first == tokens.Count || tokens[first].Kind != PpTokenKind.Directive) continue;
            if (!line.QuietSubstitution) return -1;
            var info = line.FirstDirective ??= LookupDirective(tokens[first].Text);
            switch (info.Directive)
            {
                case Directive.None:
                    return -1;
                case Directive.If:
                    depth++;
                    break;
                case Directive.EndIf:
                    if (depth == 0) return k;
                    depth--;
                    break;
                case Directive.Elif or Directive.Else:
                    if (depth == 0) return k;
                    break;
            }
        }
        return -1;
    }

    /// <summary>A %rep read from a stored body: its lines up to the matching %endrep of the same body, which is then stepped
    /// over. False when the %endrep is not in that body (the lines are collected as they are read).</summary>
    private bool TakeRepBody(long count)
    {
        var f = _frame!;
        if (f.Kind == FrameKind.File || Listing is not null || f.Current is not { } line || f.Index == 0 || !ReferenceEquals(f.Body![f.Index - 1], line)) return false;
        var body = f.Body;
        if (!ReferenceEquals(line.RepOwner, body) || line.RepFrom != f.Index)
        {
            line.RepOwner = body;
            line.RepFrom = f.Index;
            int end = FindRepEnd(body, f.Index);
            line.RepBody = end < 0 ? null : body.GetRange(f.Index, end - f.Index);
        }
        if (line.RepBody is not { } lines) return false;
        int read = lines.Count + 1;
        if (_linesRead + read >= _options.Limits.Lines) return false;
        _linesRead += read;
        f.Index += read;
        if (count <= 0 || lines.Count == 0) return true;
        var rep = BodyFrame(FrameKind.Rep, lines);
        rep.Call = f.Call;
        rep.RepeatsLeft = count;
        _frame = rep;
        MarkNoList(rep, noList: false);
        return true;
    }

    /// <summary>As <see cref="CollectsDirective"/> counts them: the index of the %endrep closing the %rep before <paramref name="start"/>.</summary>
    private int FindRepEnd(List<BodyLine> body, int start)
    {
        int nesting = 0;
        for (int k = start; k < body.Count; k++)
        {
            var tokens = body[k].Tokens;
            int first = SkipWhitespace(tokens, 0);
            if (first == tokens.Count || tokens[first].Kind != PpTokenKind.Directive) continue;
            var d = LookupDirective(tokens[first].Text).Directive;
            if (d == Directive.Rep) nesting++;
            else if (d == Directive.EndRep && nesting-- == 0) return k;
        }
        return -1;
    }
}
