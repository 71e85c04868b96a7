namespace Nas64.Assembler.Preprocessor;

/// <summary>-E output of the directives nasm defines as .nolist macros in its standard macro set: written as
/// nasm expands them (<c>section .text</c> becomes <c>[section .text]</c>, <c>align 16</c> its <c>sectalign</c> and
/// <c>times</c> lines), so the text matches nasm -E's.</summary>
public sealed partial class Preprocessor
{
    private readonly System.Text.StringBuilder _standardText = new();

    /// <summary>Writes the expansion of a standard-macro directive line starting at <paramref name="first"/>;
    /// false for any other line (and for struc, istruc, at, iend, endstruc and incbin, written as they are).</summary>
    private bool WriteStandardMacro(TextSink sink, List<PpToken> tokens, int first)
    {
        var head = tokens[first];
        if (head.Kind != PpTokenKind.Identifier || CachedStandardMacroCalls(head.Text) == 0) return false;
        string word = head.Text.ToLowerInvariant();
        var args = new List<string>(2);
        bool split = word is "global" or "extern" or "static" or "required" or "common";
        var text = _standardText.Clear();
        for (int k = first + 1; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Kind == PpTokenKind.Whitespace) { if (text.Length > 0) text.Append(' '); }
            else if (token.Is(',') && (split || word is "align" or "alignb") && (split || args.Count == 0)) { args.Add(text.ToString().TrimEnd()); text.Clear(); }
            else text.Append(token.Text);
        }
        args.Add(text.ToString().TrimEnd());
        switch (word)
        {
            case "use16" or "use32" or "use64":
                SinkWrite(sink, $"[bits {word[3..]}]");
                return true;
            case "align" or "alignb":
            {
                if (args[0].Length == 0) return false;
                string n = args[0], padding = $"((({n}) - (($-$$) % ({n}))) % ({n}))";
                SinkWrite(sink, $"[sectalign {args[0]}]");
                if (args.Count > 1) SinkWrite(sink, $"times {padding} {args[1].TrimStart()}");
                else if (word == "align") SinkWrite(sink, $"times {padding} nop");
                else
                {
                    SinkWrite(sink, "[warning push]");
                    SinkWrite(sink, "[warning -zeroing]");
                    SinkWrite(sink, $"resb {padding}");
                    SinkWrite(sink, "[warning pop]");
                }
                return true;
            }
            case "section" or "segment" or "absolute" or "bits" or "cpu" or "default" or "float" or "org" or "sectalign"
                or "global" or "extern" or "static" or "required" or "common":
                if (args.Exists(a => a.Length == 0)) return false;
                foreach (string arg in args) SinkWrite(sink, $"[{word} {arg.TrimStart()}]");
                return true;
            default:
                return false;
        }
    }
}
