namespace Nas64.Assembler.Preprocessor;

/// <summary>nasm's messages for %-tokens out of place: a multi-line macro's own tokens on a line outside any macro call
/// (expand_mmac_params with no macro: each parameter <c>%1</c>, <c>%0</c>, <c>%00</c>, <c>%{1:2}</c>, <c>%+1</c> and
/// macro-local name <c>%%x</c> is an error and goes from the line, before the line is looked at as a directive).</summary>
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
}
