namespace Nas64.Assembler.Preprocessor;

/// <summary>nasm 2.16's <c>%clear [global|context] [all|define|defalias|alldefine|macro|none]…</c>. Without options it
/// removes every single-line macro that is no alias (nasm's own __?FILE?__, __?LINE?__… too; their legacy names
/// __FILE__… are aliases and stay, naming what is gone) and every multi-line macro, nasm's standard ones (section, bits,
/// global, align…) included, so the parser then meets those words raw. (nasm 2.16.01 loops forever on any option it
/// takes; nas64 does what the options say.)</summary>
public sealed partial class Preprocessor
{
    [Flags]
    private enum ClearWhat : byte { Define = 1, DefAlias = 2, AllDefine = Define | DefAlias, Macro = 4, All = AllDefine | Macro }

    /// <summary>Set by a %clear of the multi-line macros: nasm's standard macros are gone.</summary>
    private bool _standardMacrosCleared;

    /// <summary>The names nasm's standard macro set defines as %defalias of their __?NAME?__ forms.</summary>
    private static readonly string[] StandardAliases =
        ["NASM_MAJOR", "NASM_MINOR", "NASM_SUBMINOR", "NASM_PATCHLEVEL", "NASM_VERSION_ID", "NASM_VER", "NAS64", "OUTPUT_FORMAT", "PASS", "FILE", "LINE", "BITS", "SECT"];

    private void ClearDirective(List<PpToken> tokens, int i, string directive)
    {
        var body = Tail(tokens, i);
        ExpandLine(body);
        if (body.Count == 0)
        {
            Clear(ClearWhat.Define | ClearWhat.Macro, context: false);
            return;
        }
        bool context = false;
        int k = 0;
        for (; k < body.Count && body[k].Kind == PpTokenKind.Identifier; k = SkipWhitespace(body, k + 1))
        {
            switch (body[k].Text.ToLowerInvariant())
            {
                case "all": Clear(ClearWhat.All, context); break;
                case "define" or "def" or "smacro": Clear(ClearWhat.Define, context); break;
                case "defalias" or "alias" or "salias": Clear(ClearWhat.DefAlias, context); break;
                case "alldef" or "alldefine": Clear(ClearWhat.AllDefine, context); break;
                case "macro" or "mmacro": Clear(ClearWhat.Macro, context); break;
                case "context" or "ctx": context = true; break;
                case "global": context = false; break;
                case "nothing" or "none" or "ignore": break;
                default:
                    Error($"invalid option to {directive}: {body[k].Text}");
                    return;
            }
        }
        if (k < body.Count) Warning($"trailing garbage after `{directive}' ignored [-w+pp-trailing]");
    }

    private void Clear(ClearWhat what, bool context)
    {
        if ((what & ClearWhat.AllDefine) != 0)
        {
            if (!context && (what & ClearWhat.Define) != 0)
                foreach (string name in StandardAliases)
                    if (_defines.ContainsKey($"__{name}__") && _aliases.Add($"__{name}__"))
                    {
                        // The legacy name is nasm's alias of the __?NAME?__ form: it stays, naming what is gone.
                        DefineSingle($"__{name}__", null, false, [new PpToken(PpTokenKind.Identifier, $"__?{name}?__")], false);
                    }
            ClearSingleLineMacros(_defines, _aliases, what, context);
            ClearSingleLineMacros(_idefines, _ialiases, what, context);
            ResetNameSlots();
        }
        if (context || (what & ClearWhat.Macro) == 0) return;
        _macros.Clear();
        _imacros.Clear();
        ResetNameSlots();
        _standardMacrosCleared = true;
    }

    /// <summary>Removes the macros of one table that <paramref name="what"/> names: aliases or the others, the global ones or
    /// (<paramref name="context"/>) the context-local ones, whose mangled names start with <c>..@</c>.</summary>
    private static void ClearSingleLineMacros(Dictionary<string, SingleLineMacro> table, HashSet<string> aliases, ClearWhat what, bool context)
    {
        var names = new List<string>();
        foreach (string name in table.Keys)
        {
            if (name.StartsWith("..@", StringComparison.Ordinal) != context) continue;
            bool alias = aliases.Contains(name);
            if (alias ? (what & ClearWhat.DefAlias) != 0 : (what & ClearWhat.Define) != 0) names.Add(name);
        }
        foreach (string name in names)
        {
            table.Remove(name);
            aliases.Remove(name);
        }
    }

    /// <summary>After a %clear of nasm's standard macros their words reach nasm's parser raw: with arguments or after a
    /// label it wants an instruction (incbin is one); alone the word is a label (without a colon, with nasm's warning).
    /// False when the line is no such word's; true when it is dropped after the error.</summary>
    private bool DropClearedStandardMacroCall(List<PpToken> tokens, int first)
    {
        int word = first;
        if (tokens[word].Kind != PpTokenKind.Identifier) return false;
        if (!IsStandardMacroWord(tokens[word].Text))
        {
            word = SkipWhitespace(tokens, first + 1);
            if (word < tokens.Count && tokens[word].Is(':')) word = SkipWhitespace(tokens, word + 1);
            if (word >= tokens.Count || tokens[word].Kind != PpTokenKind.Identifier || !IsStandardMacroWord(tokens[word].Text)) return false;
        }
        int next = SkipWhitespace(tokens, word + 1);
        if (next < tokens.Count && tokens[next].Is(':')) return false;
        if (word > first || next < tokens.Count)
        {
            Error("parser: instruction expected");
            return true;
        }
        // The parser gets the label as `$word:` (a directive word of its own is a name after a `$`).
        Warning("label alone on a line without a colon might be in error [-w+label-orphan]");
        tokens[word] = new PpToken(PpTokenKind.Identifier, "$" + tokens[word].Text);
        tokens.Add(new PpToken(PpTokenKind.Other, ":"));
        return false;
    }

    private static bool IsStandardMacroWord(string word) =>
        StandardMacroNames.ContainsKey(word) && !word.Equals("incbin", StringComparison.OrdinalIgnoreCase);
}
