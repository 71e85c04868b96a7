using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Splits a source line into preprocessor tokens. Comments are dropped; whitespace runs are kept as
/// one token each, because pasting and macro-call detection depend on where spaces are.
/// </summary>
public static class PpLexer
{
    public static List<PpToken> Tokenize(string line)
    {
        var tokens = new List<PpToken>(8);
        Tokenize(line, tokens);
        return tokens;
    }

    public static void Tokenize(string line, List<PpToken> tokens, StringPool? pool = null) => Tokenize(line.AsSpan(), tokens, pool);

    /// <summary>Appends the tokens of <paramref name="line"/>; token texts come from <paramref name="pool"/> when given.
    /// Whitespace at the end of the list is dropped unless <paramref name="trimEnd"/> is false.</summary>
    public static void Tokenize(ReadOnlySpan<char> line, List<PpToken> tokens, StringPool? pool = null, bool trimEnd = true)
    {
        int i = 0;
        int n = line.Length;
        while (i < n)
        {
            char c = line[i];
            int start = i;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
            {
                while (i < n && line[i] is ' ' or '\t' or '\r' or '\f' or '\v') i++;
                tokens.Add(i - start == 1 && c == ' ' ? PpToken.Space : Token(PpTokenKind.Whitespace, line, start, i, pool));
                continue;
            }
            if (c == ';') break;
            if (Lexer.IsIdentifierStart(c) || (c == '$' && i + 1 < n && Lexer.IsIdentifierStart(line[i + 1])))
            {
                i++;
                while (i < n && Lexer.IsIdentifierPart(line[i])) i++;
                if (pool is null) tokens.Add(new PpToken(PpTokenKind.Identifier, line[start..i].ToString()));
                else tokens.Add(pool.Token(PpTokenKind.Identifier, line[start..i]));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '$' && i + 1 < n && char.IsAsciiDigit(line[i + 1])))
            {
                i = ScanNumber(line, i);
                tokens.Add(Token(PpTokenKind.Number, line, start, i, pool));
                continue;
            }
            if (c == '\'' || c == '"' || c == '`')
            {
                i = ScanString(line, i);
                tokens.Add(Token(PpTokenKind.String, line, start, i, pool));
                continue;
            }
            if (c == '%' && i + 1 < n)
            {
                var kind = ScanPercent(line, ref i);
                if (kind != PpTokenKind.Other)
                {
                    tokens.Add(Token(kind, line, start, i, pool));
                    continue;
                }
            }
            i = start + 1;
            // Two-character operators stay whole so `%%`, `<<`, `==` survive re-tokenization unchanged.
            if (i < n && IsOperatorPair(c, line[i])) i++;
            tokens.Add(Token(PpTokenKind.Other, line, start, i, pool));
        }
        if (trimEnd)
            while (tokens.Count > 0 && tokens[^1].IsWhitespace) tokens.RemoveAt(tokens.Count - 1);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static PpToken Token(PpTokenKind kind, ReadOnlySpan<char> line, int start, int end, StringPool? pool) =>
        pool is not null ? pool.Token(kind, line[start..end]) : new PpToken(kind, line[start..end].ToString());

    private static bool IsOperatorPair(char a, char b) => (a, b) switch
    {
        ('%', '%') or ('<', '<') or ('>', '>') or ('=', '=') or ('!', '=') or ('<', '=') or ('>', '=') or ('<', '>')
            or ('&', '&') or ('|', '|') or ('^', '^') or ('/', '/') => true,
        _ => false,
    };

    private static int ScanNumber(ReadOnlySpan<char> line, int i)
    {
        int n = line.Length;
        i++;
        while (i < n)
        {
            char c = line[i];
            if (Lexer.IsIdentifierPart(c)) { i++; continue; }
            // Exponent sign of a float: 1.5e+3, 0x1.8p-2.
            if ((c == '+' || c == '-') && (line[i - 1] is 'e' or 'E' or 'p' or 'P') && line[..i].Contains('.')) { i++; continue; }
            break;
        }
        return i;
    }

    /// <summary>Returns the index after the closing quote (or the end of the line when it is missing).</summary>
    public static int ScanString(ReadOnlySpan<char> line, int i)
    {
        char quote = line[i++];
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '\\' && quote == '`') { i += 2; continue; }
            i++;
            if (c == quote) return i;
        }
        return line.Length;
    }

    /// <summary>Whether a string token runs to the end of its line without its closing quote.</summary>
    public static bool IsOpenString(string text)
    {
        char quote = text[0];
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote == '`') i++;
            else if (text[i] == quote) return false;
        }
        return true;
    }

    private static PpTokenKind ScanPercent(ReadOnlySpan<char> line, ref int i)
    {
        int n = line.Length;
        int p = i + 1;
        char c = line[p];
        switch (c)
        {
            case '+' when p + 1 >= n || !char.IsAsciiDigit(line[p + 1]):
                i = p + 1;
                return PpTokenKind.Paste;
            case '[':
                i = ScanBracketed(line, p, '[', ']');
                return PpTokenKind.Indirect;
            case '{':
                i = ScanBracketed(line, p, '{', '}');
                return PpTokenKind.Parameter;
            case '%' when p + 1 < n && Lexer.IsIdentifierStart(line[p + 1]):
                p++;
                while (p < n && Lexer.IsIdentifierPart(line[p])) p++;
                i = p;
                return PpTokenKind.MacroLocal;
            case '$':
                while (p < n && line[p] == '$') p++;
                while (p < n && Lexer.IsIdentifierPart(line[p])) p++;
                i = p;
                return PpTokenKind.ContextLocal;
            case '?':
                p++;
                if (p < n && line[p] == '?') p++;
                i = p;
                return PpTokenKind.MacroName;
            case '!':
                p++;
                if (p < n && (line[p] == '\'' || line[p] == '"')) p = ScanString(line, p);
                else while (p < n && Lexer.IsIdentifierPart(line[p])) p++;
                i = p;
                return PpTokenKind.Environment;
            case '-' or '+' when p + 1 < n && char.IsAsciiDigit(line[p + 1]):
            case >= '0' and <= '9':
                if (c is '-' or '+') p++;
                while (p < n && char.IsAsciiDigit(line[p])) p++;
                i = p;
                return PpTokenKind.Parameter;
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (p < n && (char.IsAsciiLetterOrDigit(line[p]) || line[p] == '_')) p++;
            i = p;
            return PpTokenKind.Directive;
        }
        return PpTokenKind.Other;
    }

    private static int ScanBracketed(ReadOnlySpan<char> line, int open, char openChar, char closeChar)
    {
        int depth = 0;
        int i = open;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '\'' || c == '"' || c == '`') { i = ScanString(line, i); continue; }
            i++;
            if (c == openChar) depth++;
            else if (c == closeChar && --depth == 0) return i;
        }
        return line.Length;
    }

    /// <summary>Joins token texts back into a line.</summary>
    public static string Join(List<PpToken> tokens, int start = 0, int end = -1)
    {
        if (end < 0) end = tokens.Count;
        if (end - start == 1) return tokens[start].Text;
        var sb = new System.Text.StringBuilder();
        for (int i = start; i < end; i++) sb.Append(tokens[i].Text);
        return sb.ToString();
    }
}
