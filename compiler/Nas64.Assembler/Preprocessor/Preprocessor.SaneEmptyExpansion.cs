namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// `%pragma preproc sane_empty_expansion [bool]' (nasm 2.16): off by default, nasm's legacy rules for multi-line macro
/// calls apply (an empty last argument after a comma is dropped with a warning, or retried without; an expansion that
/// leaves only white space after the name calls a one-parameter macro); on, a call has exactly the arguments written.
/// </summary>
public sealed partial class Preprocessor
{
    private bool _saneEmptyExpansion;

    /// <summary>The preproc namespace's pragmas after expansion (<paramref name="body"/> from the namespace word): nasm
    /// acts on sane_empty_expansion and ignores the others.</summary>
    private void PreprocessorPragma(List<PpToken> body, int first)
    {
        int word = SkipWhitespace(body, first + 1);
        if (word >= body.Count || body[word].Kind != PpTokenKind.Identifier
            || !body[word].Text.Equals("sane_empty_expansion", StringComparison.OrdinalIgnoreCase)) return;
        _saneEmptyExpansion = BooleanOption(body.GetRange(word + 1, body.Count - word - 1), _saneEmptyExpansion);
    }

    /// <summary>nasm's pp_get_boolean_option: nothing is true; no/yes, false/true, off/on; else an expression's value.</summary>
    private bool BooleanOption(List<PpToken> tokens, bool current)
    {
        int at = SkipWhitespace(tokens, 0);
        if (at >= tokens.Count) return true;
        if (tokens[at].Kind == PpTokenKind.Identifier)
        {
            switch (tokens[at].Text.ToLowerInvariant())
            {
                case "no" or "false" or "off": return false;
                case "yes" or "true" or "on": return true;
            }
        }
        string text = PpLexer.Join(tokens, at).Trim();
        var value = PreprocessorExpression.Evaluate(text, out string? error, _options.Limits.Eval);
        if (error is null) return value != 0;
        // nasm: an expression that does not evaluate is true, one that is no constant leaves the option as it was.
        if (error != PreprocessorExpression.NonConstant)
        {
            Error(error);
            return true;
        }
        Error("boolean flag expression must be a constant");
        return current;
    }
}
