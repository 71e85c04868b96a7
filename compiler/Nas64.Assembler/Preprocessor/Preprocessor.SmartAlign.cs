using System.Globalization;
using System.Text;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// <c>%use smartalign</c>: NASM replaces <c>align</c> by a macro that pads code with the multi-byte NOPs of the
/// current <c>alignmode</c>, reading <c>$</c> in the preprocessor on every pass. Here the macro's tables are
/// looked up when the line is read and handed to the assembler, which computes the padding where it lands.
/// </summary>
public sealed partial class Preprocessor
{
    private bool _smartAlign;

    /// <summary>Under smartalign, turns <c>[label:] align n</c> (no fill) into the assembler's smartalign line and
    /// the <c>..@N.end</c> label nasm's macro defines after the padding; false for any other line.</summary>
    private bool TrySmartAlign(List<PpToken> tokens)
    {
        int i = SkipWhitespace(tokens, 0);
        int label = -1;
        if (i < tokens.Count && tokens[i].Kind == PpTokenKind.Identifier && !IsAlignWord(tokens[i]))
        {
            label = i;
            i = SkipWhitespace(tokens, i + 1);
            if (i < tokens.Count && tokens[i].Is(':')) i = SkipWhitespace(tokens, i + 1);
        }
        if (i >= tokens.Count || !IsAlignWord(tokens[i])) return false;
        int start = SkipWhitespace(tokens, i + 1);
        if (start == tokens.Count) return false;
        int depth = 0;
        for (int k = start; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Is('(') || t.Is('[')) depth++;
            else if (t.Is(')') || t.Is(']')) depth--;
            else if (t.Is(',') && depth == 0) return false;   // align n, fill: the plain macro's times line
        }
        if (label >= 0) Emit([tokens[label], new PpToken(PpTokenKind.Other, ":")]);
        string bits = _bits.ToString(CultureInfo.InvariantCulture);
        string threshold = ExpandedText("__?ALIGN_JMP_THRESHOLD?__");
        if (!int.TryParse(ExpandedText($"__?ALIGN_{bits}BIT_GROUP?__"), out int group) || group < 1) group = 1;
        var sb = new StringBuilder(Parser.SmartAlignWord).Append(' ');
        for (int k = start; k < tokens.Count; k++) sb.Append(tokens[k].Text);
        sb.Append(", ").Append(threshold);
        for (int size = 1; size <= group; size++)
        {
            sb.Append(", '");
            foreach (string b in ExpandedText($"__?ALIGN_{bits}BIT_{size}B?__").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (b.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && byte.TryParse(b.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
                    sb.Append(value.ToString("x2", CultureInfo.InvariantCulture));
            sb.Append('\'');
        }
        // The macro call, the sectalign call inside it, then its %push: the context names the end label.
        long unique = _unique;
        _unique += 3;
        var at = CurrentLocation();
        Output(sb.ToString(), at, unique);
        Output($"..@{unique + 2}.end:", at, _unique);
        return true;
    }

    private static bool IsAlignWord(PpToken t) =>
        t.Kind == PpTokenKind.Identifier && t.Text.Equals("align", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text a single-line macro expands to.</summary>
    private string ExpandedText(string name)
    {
        var tokens = new List<PpToken> { new(PpTokenKind.Identifier, name) };
        ExpandLine(tokens);
        return PpLexer.Join(tokens).Trim();
    }
}
