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

    private readonly List<string> _standardLines = [];

    /// <summary>Writes the expansion of a standard-macro directive line starting at <paramref name="first"/>;
    /// false for any other line. <paramref name="unique"/> is the number the call takes. A label before the call
    /// goes on a line of its own first, as nasm writes it before any macro's lines.</summary>
    private bool WriteStandardMacro(TextSink sink, List<PpToken> tokens, int first, long unique)
    {
        _standardLines.Clear();
        int call = first;
        if (tokens[first].Kind != PpTokenKind.Identifier) return false;
        if (CachedStandardMacroCalls(tokens[first].Text) == 0)
        {
            call = SkipWhitespace(tokens, first + 1);
            if (call < tokens.Count && tokens[call].Is(':')) call = SkipWhitespace(tokens, call + 1);
            if (call >= tokens.Count || tokens[call].Kind != PpTokenKind.Identifier || CachedStandardMacroCalls(tokens[call].Text) == 0) return false;
        }
        if (!ExpandStandardMacro(tokens, call, unique)) return false;
        if (call > first) SinkWrite(sink, LabelLine(tokens, first, call));
        foreach (string line in _standardLines) SinkWrite(sink, line);
        return true;
    }

    /// <summary>The line nasm writes for the label before a macro call: the text before the macro's name (each
    /// whitespace run one space, indentation included) and a colon when the label has none.</summary>
    private static string LabelLine(List<PpToken> tokens, int first, int call)
    {
        var text = new System.Text.StringBuilder(first > 0 ? " " : "");
        foreach (var token in LabelLineTokens(tokens, call).Skip(first)) text.Append(token.Kind == PpTokenKind.Whitespace ? " " : token.Text);
        return text.ToString();
    }

    /// <summary>The tokens of <see cref="LabelLine"/>: those before the macro's name at <paramref name="call"/>, and a colon
    /// when there is none.</summary>
    private static List<PpToken> LabelLineTokens(List<PpToken> tokens, int call)
    {
        var line = tokens.GetRange(0, call);
        if (!line.Exists(t => t.Is(':'))) line.Add(new PpToken(PpTokenKind.Other, ":"));
        return line;
    }

    /// <summary>The lines of standard macro call <paramref name="first"/> into <see cref="_standardLines"/>; false when
    /// nas64 writes the line as it is.</summary>
    private bool ExpandStandardMacro(List<PpToken> tokens, int first, long unique)
    {
        var head = tokens[first];
        string word = head.Text.ToLowerInvariant();
        var args = new List<string>(2);
        bool split = word is "global" or "extern" or "static" or "required" or "common";
        var text = _standardText.Clear();
        int braces = 0;
        for (int k = first + 1; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Is('{')) braces++;
            else if (token.Is('}')) braces--;
            if (token.Kind == PpTokenKind.Whitespace) { if (text.Length > 0) text.Append(' '); }
            else if (token.Is(',') && braces == 0 && (split || word is "align" or "alignb" or "struc" or "at" or "incbin") && (split || args.Count == 0)) { args.Add(text.ToString().TrimEnd()); text.Clear(); }
            else text.Append(token.Text);
        }
        args.Add(text.ToString().TrimEnd());
        if (args[0].Length > 0 && TakesNoArguments(word)) return false;   // `use16 x' is no call of the macro: the line stays
        switch (word)
        {
            case "use16" or "use32" or "use64":
                _standardLines.Add($"[bits {word[3..]}]");
                return true;
            case "align" or "alignb":
            {
                if (args[0].Length == 0) return false;
                string n = args[0], padding = $"((({n}) - (($-$$) % ({n}))) % ({n}))";
                _standardLines.Add($"[sectalign {args[0]}]");
                if (args.Count > 1) _standardLines.Add($"times {padding} {args[1].TrimStart()}");
                else if (word == "align") _standardLines.Add($"times {padding} nop");
                else
                {
                    _standardLines.Add("[warning push]");
                    _standardLines.Add("[warning -zeroing]");
                    _standardLines.Add($"resb {padding}");
                    _standardLines.Add("[warning pop]");
                }
                return true;
            }
            case "section" or "segment" or "absolute" or "bits" or "cpu" or "default" or "float" or "org" or "sectalign"
                or "global" or "extern" or "static" or "required" or "common":
                if (args.Exists(a => a.Length == 0)) return false;
                foreach (string arg in args) _standardLines.Add($"[{word} {Unbraced(arg.TrimStart())}]");
                return true;
            case "osabi":
                // The ELF formats' macro writes the name as called: [%? %1].
                _standardLines.Add($"[{head.Text} {args[0]}]");
                return true;
            case "incbin":
            {
                // nasm's `%? %depend(%pathsearch(%1)),%2` with %2 defaulting to 0: the name as called, the file as
                // found on the include path and quoted again, and the rest after one comma.
                int at = SkipWhitespace(tokens, first + 1);
                if (at >= tokens.Count || tokens[at].Kind != PpTokenKind.String || PpLexer.IsOpenString(tokens[at].Text)) return false;
                int after = SkipWhitespace(tokens, at + 1);
                if (after < tokens.Count && !tokens[after].Is(',')) return false;
                string name = PpStrings.Unquote(tokens[at].Text);
                _standardLines.Add($"{head.Text} {PpStrings.Quote(ResolveInclude(name) ?? name)},{(args.Count > 1 ? args[1].TrimStart() : "0")}");
                return true;
            }
            case "struc":
                if (args[0].Length == 0) return false;
                _strucs.Push((args[0], -1));
                _standardLines.Add($"[absolute {(args.Count > 1 ? args[1].TrimStart() : "0")}]");
                _standardLines.Add($"{args[0]}:");
                return true;
            case "endstruc":
                if (!_strucs.TryPeek(out var struc) || struc.Start >= 0) return false;
                _strucs.Pop();
                _standardLines.Add($"{struc.Name}_size equ ($-{struc.Name})");
                _standardLines.Add(_sect);
                return true;
            case "istruc":
                if (args[0].Length == 0) return false;
                _strucs.Push((args[0], unique + 1));   // the call takes one number, its %push the next
                _standardLines.Add($"..@{unique + 1}.strucstart:");
                return true;
            case "at":
            {
                if (args[0].Length == 0 || !_strucs.TryPeek(out var open) || open.Start < 0) return false;
                _standardLines.Add($"times ({args[0]}-{open.Name})-($-..@{open.Start}.strucstart) db 0");
                _standardLines.Add(args.Count > 1 ? args[1].TrimStart() : "");
                return true;
            }
            case "iend":
                if (!_strucs.TryPeek(out var instance) || instance.Start < 0) return false;
                _strucs.Pop();
                _standardLines.Add($"times {instance.Name}_size-($-..@{instance.Start}.strucstart) db 0");
                return true;
            default:
                return false;
        }
    }

    /// <summary>A macro argument in braces without them, as nasm passes <c>{a,b}</c> to the macro's body.</summary>
    private static string Unbraced(string arg) => arg.Length >= 2 && arg[0] == '{' && arg[^1] == '}' ? arg[1..^1].TrimStart() : arg;

    /// <summary>The legacy names nasm's standard macros make case-insensitive aliases of the special tokens
    /// (<c>%idefalias __float32__ __?float32?__</c>): -E writes the token (the parser reads both spellings).</summary>
    private static readonly HashSet<string> TokenAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "__infinity__", "__nan__", "__qnan__", "__snan__", "__float8__", "__float16__", "__float32__", "__float64__",
        "__float80m__", "__float80e__", "__float128l__", "__float128h__", "__utf16__", "__utf16le__", "__utf16be__",
        "__utf32__", "__utf32le__", "__utf32be__", "__ilog2e__", "__ilog2w__", "__ilog2f__", "__ilog2c__",
    };

    private static bool HasTokenAlias(ReadOnlySpan<PpToken> tokens)
    {
        foreach (ref readonly var t in tokens)
            if (t.Kind == PpTokenKind.Identifier && t.Text.Length >= 7 && IsTokenAlias(t)) return true;
        return false;
    }

    private static bool IsTokenAlias(in PpToken token) =>
        token.Kind == PpTokenKind.Identifier && token.Text.Length >= 7 && token.Text[0] == '_' && token.Text[2] != '?' && TokenAliases.Contains(token.Text);

    /// <summary>Writes a line that names a token alias with each such name as its token, lower case (<c>__FLOAT32__</c> is
    /// <c>__?float32?__</c>); false for any other line.</summary>
    private bool WriteWithTokenAliases(TextSink sink, List<PpToken> tokens, int first)
    {
        if (!HasTokenAlias(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)[first..])) return false;
        var line = new System.Text.StringBuilder(first > 0 ? " " : "");
        for (int k = first; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Kind == PpTokenKind.Whitespace) { if (tokens[k - 1].Kind != PpTokenKind.Whitespace) line.Append(' '); }
            else if (IsTokenAlias(token)) line.Append("__?").Append(token.Text[2..^2].ToLowerInvariant()).Append("?__");
            else line.Append(token.Text);
        }
        SinkWrite(sink, line.ToString());
        return true;
    }
}
