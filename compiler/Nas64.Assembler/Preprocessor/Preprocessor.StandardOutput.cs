namespace Nas64.Assembler.Preprocessor;

/// <summary>-E output of the directives nasm defines as .nolist macros in its standard macro set: written as
/// nasm expands them (<c>section .text</c> becomes <c>[section .text]</c>, <c>align 16</c> its <c>sectalign</c> and
/// <c>times</c> lines), so the text matches nasm -E's.</summary>
public sealed partial class Preprocessor
{
    private readonly System.Text.StringBuilder _standardText = new();

    /// <summary>The open struc and istruc blocks of -E output: the structure's name, and for istruc the context
    /// number of its <c>..@N.strucstart</c> label (-1 for struc).</summary>
    private readonly Stack<(string Name, long Start)> _strucs = new();

    /// <summary>Writes the expansion of a standard-macro directive line starting at <paramref name="first"/>;
    /// false for any other line (and for incbin, written as it is). <paramref name="unique"/> is the number the call takes.</summary>
    private bool WriteStandardMacro(TextSink sink, List<PpToken> tokens, int first, long unique)
    {
        var head = tokens[first];
        if (head.Kind != PpTokenKind.Identifier) return false;
        string? label = null;
        if (first + 1 < tokens.Count && tokens[first + 1].Is(':'))
        {
            // A label before the call goes on a line of its own, as nasm writes it before a macro's lines.
            int call = SkipWhitespace(tokens, first + 2);
            if (call >= tokens.Count || tokens[call].Kind != PpTokenKind.Identifier) return false;
            label = head.Text;
            first = call;
            head = tokens[call];
        }
        if (CachedStandardMacroCalls(head.Text) == 0 || label is not null && !head.Text.Equals("istruc", StringComparison.OrdinalIgnoreCase)) return false;
        string word = head.Text.ToLowerInvariant();
        var args = new List<string>(2);
        bool split = word is "global" or "extern" or "static" or "required" or "common";
        var text = _standardText.Clear();
        for (int k = first + 1; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Kind == PpTokenKind.Whitespace) { if (text.Length > 0) text.Append(' '); }
            else if (token.Is(',') && (split || word is "align" or "alignb" or "struc" or "at") && (split || args.Count == 0)) { args.Add(text.ToString().TrimEnd()); text.Clear(); }
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
            case "struc":
                if (args[0].Length == 0) return false;
                _strucs.Push((args[0], -1));
                SinkWrite(sink, $"[absolute {(args.Count > 1 ? args[1].TrimStart() : "0")}]");
                SinkWrite(sink, $"{args[0]}:");
                return true;
            case "endstruc":
                if (!_strucs.TryPeek(out var struc) || struc.Start >= 0) return false;
                _strucs.Pop();
                SinkWrite(sink, $"{struc.Name}_size equ ($-{struc.Name})");
                SinkWrite(sink, $"[section {_section}]");
                return true;
            case "istruc":
                if (args[0].Length == 0) return false;
                if (label is not null) SinkWrite(sink, $"{label}: ");
                _strucs.Push((args[0], unique + 1));   // the call takes one number, its %push the next
                SinkWrite(sink, $"..@{unique + 1}.strucstart:");
                return true;
            case "at":
            {
                if (args[0].Length == 0 || !_strucs.TryPeek(out var open) || open.Start < 0) return false;
                SinkWrite(sink, $"times ({args[0]}-{open.Name})-($-..@{open.Start}.strucstart) db 0");
                SinkWrite(sink, args.Count > 1 ? args[1].TrimStart() : "");
                return true;
            }
            case "iend":
                if (!_strucs.TryPeek(out var instance) || instance.Start < 0) return false;
                _strucs.Pop();
                SinkWrite(sink, $"times {instance.Name}_size-($-..@{instance.Start}.strucstart) db 0");
                return true;
            default:
                return false;
        }
    }
}
