namespace Nas64.Assembler.Preprocessor;

/// <summary>nasm's messages for %-tokens out of place: a multi-line macro's own tokens on a line outside any macro call
/// (expand_mmac_params with no macro: each parameter <c>%1</c>, <c>%0</c>, <c>%00</c>, <c>%{1:2}</c>, <c>%+1</c> and
/// macro-local name <c>%%x</c> is an error and goes from the line, before the line is looked at as a directive), and
/// unterminated <c>%[</c> and <c>%{</c>.</summary>
public sealed partial class Preprocessor
{
    private static bool HasMacroOnlyToken(List<PpToken> tokens)
    {
        foreach (var t in tokens)
            if (t.Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal) return true;
        return false;
    }

    /// <summary>Drops the macro-only tokens of a line read outside any macro call, with nasm's error for each.</summary>
    private void DropMacroOnlyTokens(List<PpToken> tokens)
    {
        int kept = 0;
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind is PpTokenKind.Parameter or PpTokenKind.MacroLocal && NasmTokenText(t.Text) is var text && IsMacroOnly(text))
            {
                Error($"`{text}': not in a macro call");
                continue;
            }
            tokens[kept++] = t;
        }
        tokens.RemoveRange(kept, tokens.Count - kept);
    }

    /// <summary>The token's text as nasm has it: <c>%{…}</c> without its braces.</summary>
    private static string NasmTokenText(string text) =>
        text.StartsWith("%{", StringComparison.Ordinal) ? "%" + text[2..(text.EndsWith('}') ? ^1 : ^0)] : text;

    /// <summary>nasm's classes of a %-token that only a macro call gives a meaning: parameters (a digit, a sign and a digit,
    /// a range) and %%names.</summary>
    private static bool IsMacroOnly(string text) =>
        text.Length > 1 && (char.IsAsciiDigit(text[1]) || text[1] == ':'
            || (text[1] is '+' or '-' && text.Length > 2 && char.IsAsciiDigit(text[2]))
            || (text[1] == '%' && text.Length > 2));

    /// <summary>nasm's warning for a <c>%[…]</c> or <c>%{…}</c> that runs to the end of its line, given where it tokenizes
    /// the line (such a token is always the line's last). nasm takes the token as if it were closed: an open <c>%{1</c> is
    /// parameter 1, so it gets its brace here.</summary>
    private void CloseOpenBrackets(List<PpToken> tokens)
    {
        string text = tokens[^1].Text;
        if (text.Length < 2 || text[1] is not ('[' or '{')) return;
        char open = text[1], close = open == '[' ? ']' : '}';
        int depth = 0;
        for (int i = 1; i < text.Length;)
        {
            char c = text[i];
            if (c is '\'' or '"' or '`') { i = PpLexer.ScanString(text, i); continue; }
            i++;
            if (c == open) depth++;
            else if (c == close && --depth == 0) return;
        }
        Warning($"unterminated %{open}...{close} construct (missing `{close}') [-w+pp-open-brackets]");
        if (open == '{') tokens[^1] = new PpToken(PpTokenKind.Parameter, text + new string('}', depth));
    }
}
