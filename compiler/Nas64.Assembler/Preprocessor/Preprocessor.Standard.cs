using System.Globalization;
using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Preprocessor;

/// <summary>NASM's standard macros (version, file, line, bits, section, output format) and the assembler
/// state they follow, watched on the lines going to the parser.</summary>
public sealed partial class Preprocessor
{
    private int _bits;
    /// <summary>__?SECT?__: the last section, segment or absolute macro call's directive, as nasm's standard macros define it.</summary>
    private string _sect = "[section .text]";

    /// <summary>The version nas64 reports to feature checks: nasm 2.16.01.</summary>
    private const int Major = 2, Minor = 16, SubMinor = 1, PatchLevel = 0;

    private void DefineStandardMacros()
    {
        void Both(string name, List<PpToken> body)
        {
            DefineSingle($"__?{name}?__", null, false, body, false);
            DefineSingle($"__{name}__", null, false, body, false);
        }
        void Dynamic(string name, Func<List<PpToken>> compute)
        {
            DefineSingle($"__?{name}?__", null, false, [], false, compute);
            DefineSingle($"__{name}__", null, false, [], false, compute);
        }
        Both("NASM_MAJOR", NumberTokens(Major));
        Both("NASM_MINOR", NumberTokens(Minor));
        Both("NASM_SUBMINOR", NumberTokens(SubMinor));
        Both("NASM_PATCHLEVEL", NumberTokens(PatchLevel));
        Both("NASM_VERSION_ID", PpLexer.Tokenize(((Major << 24) | (Minor << 16) | (SubMinor << 8) | PatchLevel).ToString("x9", CultureInfo.InvariantCulture) + "h"));
        Both("NASM_VER", [new PpToken(PpTokenKind.String, "\"2.16.01\"")]);
        Both("NAS64", NumberTokens(1));
        string format = _options.Format switch
        {
            OutputFormat.Bin => "bin",
            OutputFormat.Elf32 => "elf32",
            _ => "elf64",
        };
        Both("OUTPUT_FORMAT", [new PpToken(PpTokenKind.Identifier, format)]);
        // nasm -E assembles nothing: its __?PASS?__ is 3 (preprocess only) and __?BITS?__ 0 (no assembler state).
        Dynamic("PASS", () => NumberTokens(_sink is null ? 2 : 3));
        Dynamic("FILE", () => [new PpToken(PpTokenKind.String, PpStrings.Quote(CurrentLocation().File))]);
        Dynamic("LINE", () => NumberTokens(CurrentLocation().Line));
        Dynamic("BITS", () => NumberTokens(_sink is null ? _bits : 0));
        Dynamic("SECT", () => PpLexer.Tokenize(_sect));
        if (_options.Format != OutputFormat.Bin)
            DefineSingle(_options.Format == OutputFormat.Elf32 ? "__?ELF32?__" : "__?ELF64?__", null, false, [], false);
    }

    /// <summary>
    /// NASM implements these directives as multi-line macros in its standard macro set, so each use takes
    /// numbers from the counter behind <c>..@N</c> names (two when the macro pushes a context or calls another).
    /// Counting them keeps our macro-local and context-local label names identical to nasm's.
    /// </summary>
    private static int StandardMacroCalls(string word) => StandardMacroNames.GetValueOrDefault(word);

    private readonly Dictionary<string, int> _standardCallCache = new(ReferenceEqualityComparer.Instance);

    /// <summary><see cref="StandardMacroCalls"/> remembered by the pooled word itself (every parser line asks for its first word).</summary>
    private int CachedStandardMacroCalls(string word)
    {
        if (_standardMacrosCleared || !MayBeStandardMacro(word)) return 0;   // not a standard macro name, or they are gone
        if (_standardCallCache.TryGetValue(word, out int calls)) return calls;
        calls = HasFormatMacro(word) ? StandardMacroCalls(word) : 0;
        if (_standardCallCache.Count < 4096) _standardCallCache[word] = calls;
        return calls;
    }

    private static readonly Dictionary<string, int> StandardMacroNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["section"] = 1, ["segment"] = 1, ["absolute"] = 1, ["endstruc"] = 1, ["at"] = 1, ["iend"] = 1, ["extern"] = 1,
        ["bits"] = 1, ["use16"] = 1, ["use32"] = 1, ["use64"] = 1, ["global"] = 1, ["static"] = 1, ["common"] = 1,
        ["required"] = 1, ["cpu"] = 1, ["default"] = 1, ["float"] = 1, ["org"] = 1, ["sectalign"] = 1, ["osabi"] = 1,
        ["struc"] = 2, ["istruc"] = 2, ["align"] = 2, ["alignb"] = 2, ["incbin"] = 2,
    };

    /// <summary>By first letter: one bit per length of the standard macro names starting with it.</summary>
    private static readonly uint[] StandardNameLengths = BuildStandardNameLengths();

    private static uint[] BuildStandardNameLengths()
    {
        var lengths = new uint[26];
        foreach (string name in StandardMacroNames.Keys) lengths[name[0] - 'a'] |= 1u << name.Length;
        return lengths;
    }

    /// <summary>Whether <paramref name="word"/> has the first letter and length of a standard macro name (most words,
    /// mnemonics and registers, have not, and skip the table).</summary>
    private static bool MayBeStandardMacro(string word)
    {
        if (word.Length is < 2 or > 31) return false;
        // A word starting with a non-ASCII letter goes to the table, whose case-insensitive comparison knows more letters.
        if (word[0] >= 0x80) return true;
        int letter = (word[0] | 0x20) - 'a';
        return (uint)letter < 26 && (StandardNameLengths[letter] & (1u << word.Length)) != 0;
    }

    private static bool TakesNoArguments(string word) =>
        word.Equals("endstruc", StringComparison.OrdinalIgnoreCase) || word.Equals("iend", StringComparison.OrdinalIgnoreCase)
        || word.StartsWith("use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Counts the standard-macro calls a parser line makes (see <see cref="StandardMacroCalls"/>); the index
    /// of the standard macro's name (after a label), or -1.</summary>
    private int CountStandardMacroCall(List<PpToken> tokens, int first)
    {
        if (tokens[first].Kind != PpTokenKind.Identifier) return -1;
        int word = first;
        int calls = CachedStandardMacroCalls(tokens[word].Text);
        if (calls == 0)
        {
            // `label: align 16` calls the macro after the label, as any macro call does.
            int j = SkipWhitespace(tokens, first + 1);
            if (j < tokens.Count && tokens[j].Is(':')) j = SkipWhitespace(tokens, j + 1);
            if (j >= tokens.Count || tokens[j].Kind != PpTokenKind.Identifier) return -1;
            word = j;
            calls = CachedStandardMacroCalls(tokens[word].Text);
            if (calls == 0) return -1;
        }
        bool hasArguments = SkipWhitespace(tokens, word + 1) < tokens.Count;
        if (hasArguments == TakesNoArguments(tokens[word].Text))
        {
            // No standard macro takes the bare word, which goes on to the parser as a label (org alone, x: global); org is
            // a macro of the bin format only. nasm -E says nothing.
            if (!hasArguments && _sink is null && (_options.Format == OutputFormat.Bin || !tokens[word].Text.Equals("org", StringComparison.OrdinalIgnoreCase))) Warning($"multi-line macro `{tokens[word].Text}' exists, but not taking 0 parameters [-w+pp-macro-params-multi]");
            // Nor the word with arguments (`use16 x', `iend 1, 2'): the line goes on as it is, and the parser finds no
            // instruction in it. Here nasm -E warns too.
            if (hasArguments)
            {
                int count = SplitMacroArguments(tokens, word + 1).Count;
                Warning($"multi-line macro `{tokens[word].Text}' exists, but not taking {count} parameter{(count == 1 ? "" : "s")} [-w+pp-macro-params-multi]");
            }
            return -1;
        }
        _unique += calls;
        return word;
    }

    /// <summary>Where the standard macro's name is on a line starting at <paramref name="first"/>: there, or after a label
    /// (<c>x: align 4</c>); -1 for a line without one.</summary>
    private int StandardWordAt(List<PpToken> tokens, int first)
    {
        if (tokens[first].Kind != PpTokenKind.Identifier) return -1;
        if (CachedStandardMacroCalls(tokens[first].Text) != 0) return first;
        int j = SkipWhitespace(tokens, first + 1);
        if (j < tokens.Count && tokens[j].Is(':')) j = SkipWhitespace(tokens, j + 1);
        return j < tokens.Count && tokens[j].Kind == PpTokenKind.Identifier && CachedStandardMacroCalls(tokens[j].Text) != 0 ? j : -1;
    }

    /// <summary>nasm's legacy rule for an empty last argument of a standard macro call (`section .data,`, `align 4,`):
    /// the comma goes, with nasm's warning, when the call takes that many arguments.</summary>
    private void DropTrailingEmptyStandardArgument(List<PpToken> tokens, int first)
    {
        // `%pragma preproc sane_empty_expansion': the call has the arguments written.
        if (_saneEmptyExpansion) return;
        int comma = tokens.Count - 1;
        while (comma > first && tokens[comma].Kind == PpTokenKind.Whitespace) comma--;
        if (comma <= first || !tokens[comma].Is(',') || tokens[first].Kind != PpTokenKind.Identifier) return;
        int word = first;
        if (CachedStandardMacroCalls(tokens[word].Text) == 0)
        {
            word = SkipWhitespace(tokens, first + 1);
            if (word < tokens.Count && tokens[word].Is(':')) word = SkipWhitespace(tokens, word + 1);
            if (word >= comma || tokens[word].Kind != PpTokenKind.Identifier || CachedStandardMacroCalls(tokens[word].Text) == 0) return;
        }
        if (TakesNoArguments(tokens[word].Text)) return;
        int arguments = 1, braces = 0;
        for (int k = word + 1; k < comma; k++)
        {
            if (tokens[k].Is('{')) braces++;
            else if (tokens[k].Is('}')) braces--;
            else if (tokens[k].Is(',') && braces == 0) arguments++;
        }
        int before = comma - 1;
        while (before > word && tokens[before].Kind == PpTokenKind.Whitespace) before--;
        // An empty argument before the comma, or more arguments than the macro takes, are other cases of the rule.
        string name = tokens[word].Text.ToLowerInvariant();
        int most = name switch { "struc" => 2, "istruc" => 1, _ => int.MaxValue };   // the others are greedy or 1-*
        if (braces != 0 || before == word || tokens[before].Is(',') || arguments + 1 > most) return;
        Warning($"dropping trailing empty parameter in call to multi-line macro `{name}' [-w+pp-macro-params-legacy]");
        tokens.RemoveRange(before + 1, tokens.Count - before - 1);
    }

    /// <summary>A directive nasm implements as a standard macro taking arguments (org, global, section …): alone, no
    /// macro takes it and the parser reads it as a label.</summary>
    internal static bool IsStandardMacroNeedingArguments(string word) => StandardMacroNames.ContainsKey(word) && !TakesNoArguments(word);

    /// <summary>Whether <paramref name="word"/> names a standard macro that takes no parameters (use16…, endstruc, iend).</summary>
    internal static bool IsStandardMacroWithoutParameters(string word) => StandardMacroNames.ContainsKey(word) && TakesNoArguments(word);

    /// <summary>Follows `bits`/`use16…`/`section` lines so __?BITS?__ and __?SECT?__ match what the assembler sees:
    /// the bits of both the directive and the macro form, and __?SECT?__ as the section, segment and absolute
    /// macros define it (the bracketed directives leave it).</summary>
    private void TrackAssemblerState(List<PpToken> tokens, int first)
    {
        int call = CountStandardMacroCall(tokens, first);
        var t = tokens[first];
        int k = first + 1;
        if (t.Is('['))
        {
            k = SkipWhitespace(tokens, k);
            if (k >= tokens.Count) return;
            t = tokens[k++];
        }
        else if (call > first) (t, k) = (tokens[call], call + 1);
        if (t.Kind != PpTokenKind.Identifier || t.Text.Length < 4 || t.Text.Length > 8) return;
        string word = t.Text;
        if (word.Equals("bits", StringComparison.OrdinalIgnoreCase))
        {
            k = SkipWhitespace(tokens, k);
            if (k < tokens.Count && int.TryParse(tokens[k].Text, out int bits)) _bits = bits;
        }
        else if (word.Equals("use16", StringComparison.OrdinalIgnoreCase)) _bits = 16;
        else if (word.Equals("use32", StringComparison.OrdinalIgnoreCase)) _bits = 32;
        else if (word.Equals("use64", StringComparison.OrdinalIgnoreCase)) _bits = 64;
        else if (call >= 0 && word.Equals("incbin", StringComparison.OrdinalIgnoreCase))
        {
            // nasm's incbin macro names its file with %depend, so -M lists it.
            k = SkipWhitespace(tokens, k);
            if (k < tokens.Count && tokens[k].Kind == PpTokenKind.String && !PpLexer.IsOpenString(tokens[k].Text))
            {
                string name = PpStrings.Unquote(tokens[k].Text);
                _dependencies.Add(ResolveInclude(name) ?? name);
            }
        }
        else if (call >= 0 && (word.Equals("section", StringComparison.OrdinalIgnoreCase) || word.Equals("segment", StringComparison.OrdinalIgnoreCase)
            || word.Equals("absolute", StringComparison.OrdinalIgnoreCase)))
        {
            var text = new System.Text.StringBuilder("[").Append(word.ToLowerInvariant()).Append(' ');
            for (k = SkipWhitespace(tokens, k); k < tokens.Count; k++) text.Append(tokens[k].Kind == PpTokenKind.Whitespace ? " " : tokens[k].Text);
            _sect = text.ToString().TrimEnd() + "]";
        }
    }

    /// <summary>A <c>[warning +x]</c> line changes which warnings the lines after it report (the parser's, while preprocessing).</summary>
    internal static void ApplyWarningDirective(WarningPolicy warnings, string text)
    {
        var t = text.AsSpan().Trim();
        if (!t.EndsWith("]")) return;
        t = t[1..^1].Trim();
        if (!t.StartsWith("warning", StringComparison.OrdinalIgnoreCase) || t.Length == 7 || !char.IsWhiteSpace(t[7])) return;
        foreach (string word in t[7..].ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) warnings.Apply(word);
    }
}
