using System.Text;
using Nas64.Assembler.Listing;

namespace Nas64.Assembler.Preprocessor;

/// <summary>The listing's view of the preprocessor (-l): every line read is listed where nasm lists it, with its
/// nesting level, except inside .nolist macros, %use packages and -P files; -Le adds the expanded lines, -Lm the calls.</summary>
public sealed partial class Preprocessor
{
    private ListingRecorder? Listing => _options.Listing;

    /// <summary>The next emitted line is the label of the macro call just listed.</summary>
    private bool _listingMacroLabel;

    /// <summary>Lists a line just read from the current frame (a file line as written, a body line as nasm re-creates it).</summary>
    private void ListReadLine(string? fileLine, BodyLine? bodyLine)
    {
        if (Listing is not { } listing || _frame is not { } f || f.NoList) return;
        if (fileLine is { Length: 0 } && f.Offset > f.Text.Length) return;   // after the last newline: no line for nasm
        listing.Line(f.CurrentLine, fileLine ?? BodyText(bodyLine!.Tokens), ListingLevel());
    }

    /// <summary>The entry a parser line's output belongs to; with -Le a <c> ;;; text</c> line of its own.</summary>
    private int ListEmittedLine(List<PpToken> tokens, int first, string text)
    {
        if (Listing is not { } listing) return -1;
        if (_frame is { NoList: false } f)
        {
            // nasm's standard directives (bits, section, global, align…) are .nolist macros: their expansion is not listed.
            // The label before a macro call is a line of the expansion: one level deeper, `label: '.
            if (listing.Options.Expanded && !IsStandardMacroLine(tokens, first))
                listing.Line(f.CurrentLine, " ;;; " + BodyText(tokens) + (_listingMacroLabel ? " " : ""), ListingLevel() + (_listingMacroLabel ? 1 : 0));
            TrackListDirective(listing, text);
        }
        _listingMacroLabel = false;
        return listing.Current;
    }

    /// <summary>The label before a macro call is a line of the expansion, and -Lm lists the call with its arguments.</summary>
    private void ListMacroCall(MultiLineMacro macro, PpToken[]? label, MacroCall call)
    {
        if (Listing is not { } listing || _frame is not { NoList: false } f || macro.NoList && !listing.Options.ForceNoList) return;
        if (listing.Options.MacroCalls)
        {
            var text = new StringBuilder(" ;;; [macro] ").Append(macro.Name);
            for (int k = 0; k < call.Count; k++)
            {
                text.Append(k == 0 ? " {" : ",{");
                AppendCollapsed(text, [.. call.Raw(k)], 0);
                text.Append('}');
            }
            listing.Line(f.CurrentLine, text.ToString(), ListingLevel());
        }
        if (label is null || macro.UsesLabel) return;
        listing.Line(f.CurrentLine, label[0].Text + ": ", ListingLevel() + 1);
        _listingMacroLabel = true;
    }

    /// <summary>A frame's lines are unlisted inside a .nolist macro (unless -Lf) and in -P files (unless -Lb).</summary>
    private void MarkNoList(Frame frame, bool noList)
    {
        if (Listing is not { } listing) return;
        frame.NoList = frame.Parent is { NoList: true } || noList && !(frame.Kind == FrameKind.File ? listing.Options.Builtin : listing.Options.ForceNoList);
    }

    private int ListingLevel()
    {
        int level = -1;
        for (var f = _frame; f is not null; f = f.Parent) level++;
        return level;
    }

    private bool IsStandardMacroLine(List<PpToken> tokens, int first)
    {
        if (tokens[first].Kind != PpTokenKind.Identifier) return false;
        if (StandardMacroCalls(tokens[first].Text) > 0) return true;
        int j = SkipWhitespace(tokens, first + 1);
        if (j < tokens.Count && tokens[j].Is(':')) j = SkipWhitespace(tokens, j + 1);
        return j < tokens.Count && tokens[j].Kind == PpTokenKind.Identifier && StandardMacroCalls(tokens[j].Text) > 0;
    }

    /// <summary><c>[list -]</c> stops the listing until <c>[list +]</c> (nasm's user_nolist).</summary>
    private static void TrackListDirective(ListingRecorder listing, string text)
    {
        var t = text.AsSpan().Trim();
        if (!t.StartsWith("[") || !t.EndsWith("]")) return;
        t = t[1..^1].Trim();
        if (!t.StartsWith("list", StringComparison.OrdinalIgnoreCase)) return;
        t = t[4..].Trim();
        if (t.SequenceEqual("-")) listing.UserNoList = true;
        else if (t.SequenceEqual("+")) listing.UserNoList = false;
    }

    /// <summary>A stored body line as nasm lists it: indentation as one space, whitespace runs as one space, no comment.</summary>
    private static string BodyText(List<PpToken> tokens)
    {
        var text = new StringBuilder();
        int first = SkipWhitespace(tokens, 0);
        if (first > 0) text.Append(' ');
        AppendCollapsed(text, tokens, first);
        return text.ToString();
    }

    private static void AppendCollapsed(StringBuilder text, List<PpToken> tokens, int first)
    {
        int end = tokens.Count;
        while (end > first && tokens[end - 1].IsWhitespace) end--;
        first = SkipWhitespace(tokens, first);
        for (int k = first; k < end; k++) text.Append(tokens[k].IsWhitespace ? " " : tokens[k].Text);
    }
}
