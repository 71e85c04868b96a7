
namespace Nas64.Assembler.Syntax;

/// <summary>
/// Splits one source line into NASM tokens: identifiers, numbers in every NASM radix form, strings
/// with NASM's three quote kinds, and the expression operators. Comments (;) end the line.
/// </summary>
public static class Lexer
{
    /// <summary>Tokenizes <paramref name="line"/>; the list ends with an End token. Errors become
    /// Invalid tokens carrying the message in <paramref name="error"/>.</summary>
    public static List<Token> Tokenize(string line, out string? error) => Tokenize(line, new List<Token>(16), out error);

    /// <summary>Tokenizes <paramref name="line"/> into <paramref name="tokens"/> (cleared first, so one list serves every line).</summary>
    public static List<Token> Tokenize(ReadOnlySpan<char> line, List<Token> tokens, out string? error)
    {
        tokens.Clear();
        error = null;
        int i = 0;
        bool overflow = false;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { i++; continue; }
            if (c == ';') break;
            int start = i;
            if (IsIdentifierStart(c) || (c == '$' && i + 1 < line.Length && IsIdentifierStart(line[i + 1]) && !IsHexDollarNumber(line, i)))
            {
                if (c == '$') i++;   // $name: a name even if it spells a keyword or register
                while (i < line.Length && IsIdentifierPart(line[i])) i++;
                // A lone ? is the operator of ?: (and db's "uninitialized"), as in NASM's scanner.
                bool question = c == '?' && i - start == 1;
                tokens.Add(new Token(question ? TokenKind.Question : TokenKind.Identifier, start, i - start));
                continue;
            }
            if (char.IsAsciiDigit(c) && tokens.Count > 0 && tokens[^1].Kind == TokenKind.LeftBrace && IsBroadcastDecorator(line, i, out int end))
            {
                // {1to16}: an AVX-512 broadcast decorator, one word.
                tokens.Add(new Token(TokenKind.Identifier, i, end - i));
                i = end;
                continue;
            }
            if (char.IsAsciiDigit(c) || IsHexDollarNumber(line, i))
            {
                if (!ReadNumber(line, ref i, out var token, out error))
                {
                    tokens.Add(new Token(TokenKind.Invalid, start, Math.Max(1, i - start)));
                    break;
                }
                tokens.Add(token);
                overflow |= token.Overflow;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`')
            {
                if (!ReadString(line, ref i, out var token, out error))
                {
                    tokens.Add(new Token(TokenKind.Invalid, start, line.Length - start));
                    break;
                }
                tokens.Add(token);
                continue;
            }
            var kind = ReadOperator(line, ref i);
            if (kind == TokenKind.Invalid)
            {
                error = $"unexpected character `{c}'";
                tokens.Add(new Token(TokenKind.Invalid, start, 1));
                break;
            }
            tokens.Add(new Token(kind, start, i - start));
        }
        // The End token tells whether a number on the line did not fit in 64 bits (the parser warns as nasm does).
        tokens.Add(new Token(TokenKind.End, line.Length, 0) { Overflow = overflow });
        return tokens;
    }

    private static bool IsBroadcastDecorator(ReadOnlySpan<char> line, int i, out int end)
    {
        end = i;
        while (end < line.Length && char.IsAsciiDigit(line[end])) end++;
        // nasm's decorator words are case-insensitive ({1TO16}).
        if (end + 2 >= line.Length || (line[end] | 0x20) != 't' || (line[end + 1] | 0x20) != 'o' || !char.IsAsciiDigit(line[end + 2])) return false;
        end += 2;
        while (end < line.Length && char.IsAsciiDigit(line[end])) end++;
        return true;
    }

    // Inlined: both lexers ask these of every character of every name, and the calls were not inlined into their loops.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsIdentifierStart(char c) =>
        char.IsAsciiLetter(c) || c == '_' || c == '.' || c == '?' || c == '@' || c > 0x7f;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsIdentifierPart(char c) =>
        c < 64 ? (IdentifierPartBelow64 >> c & 1) != 0 : c < 128 ? (IdentifierPartFrom64 >> (c - 64) & 1) != 0 : true;

    // IsIdentifierPart of the ASCII characters as bits (the lexer asks it of every character of every name): digits
    // . ? $ # below 64; @ A-Z _ a-z ~ from 64. Every character past ASCII continues a name.
    private const ulong IdentifierPartBelow64 = 0x83ff401800000000UL;
    private const ulong IdentifierPartFrom64 = 0x47fffffe87ffffffUL;

    private static bool IsHexDollarNumber(ReadOnlySpan<char> line, int i) =>
        line[i] == '$' && i + 1 < line.Length && char.IsAsciiDigit(line[i + 1]);

    private static TokenKind ReadOperator(ReadOnlySpan<char> s, ref int i)
    {
        char c = s[i];
        char n = i + 1 < s.Length ? s[i + 1] : '\0';
        char n2 = i + 2 < s.Length ? s[i + 2] : '\0';
        switch (c)
        {
            case '$': if (n == '$') { i += 2; return TokenKind.DoubleDollar; } i++; return TokenKind.Dollar;
            case '+': i++; return TokenKind.Plus;
            case '-': i++; return TokenKind.Minus;
            case '*': i++; return TokenKind.Star;
            case '/': if (n == '/') { i += 2; return TokenKind.SlashSlash; } i++; return TokenKind.Slash;
            case '%': if (n == '%') { i += 2; return TokenKind.PercentPercent; } i++; return TokenKind.Percent;
            case '<':
                if (n == '<') { i += n2 == '<' ? 3 : 2; return TokenKind.ShiftLeft; }
                if (n == '=' && n2 == '>') { i += 3; return TokenKind.Compare; }
                if (n == '=') { i += 2; return TokenKind.LessEqual; }
                if (n == '>') { i += 2; return TokenKind.NotEqual; }
                i++; return TokenKind.Less;
            case '>':
                if (n == '>') { if (n2 == '>') { i += 3; return TokenKind.ShiftRightArith; } i += 2; return TokenKind.ShiftRight; }
                if (n == '=') { i += 2; return TokenKind.GreaterEqual; }
                i++; return TokenKind.Greater;
            case '=': i += n == '=' ? 2 : 1; return TokenKind.Equal;
            case '!': if (n == '=') { i += 2; return TokenKind.NotEqual; } i++; return TokenKind.Bang;
            case '&': if (n == '&') { i += 2; return TokenKind.AndAnd; } i++; return TokenKind.Ampersand;
            case '|': if (n == '|') { i += 2; return TokenKind.OrOr; } i++; return TokenKind.Pipe;
            case '^': if (n == '^') { i += 2; return TokenKind.XorXor; } i++; return TokenKind.Caret;
            case '~': i++; return TokenKind.Tilde;
            case '?': i++; return TokenKind.Question;
            case ':': i++; return TokenKind.Colon;
            case ',': i++; return TokenKind.Comma;
            case '(': i++; return TokenKind.LeftParen;
            case ')': i++; return TokenKind.RightParen;
            case '[': i++; return TokenKind.LeftBracket;
            case ']': i++; return TokenKind.RightBracket;
            case '{': i++; return TokenKind.LeftBrace;
            case '}': i++; return TokenKind.RightBrace;
            default: return TokenKind.Invalid;
        }
    }

    /// <summary>The radix a number's prefix or suffix letter stands for (x/h 16, d/t 10, o/q 8, b/y 2), 0 for any other.</summary>
    internal static int RadixOfLetter(char c) => char.ToLowerInvariant(c) switch
    {
        'x' or 'h' => 16,
        'd' or 't' => 10,
        'o' or 'q' => 8,
        'b' or 'y' => 2,
        _ => 0,
    };

    /// <summary>Reads a number as NASM's readnum does: prefix (0x, 0h, 0d, 0t, 0o, 0q, 0b, 0y, $),
    /// else suffix (h, x, d, t, o, q, b, y), else decimal; underscores are ignored. A decimal with a
    /// point or exponent, or a hex one with a p exponent, is a Float token.</summary>
    private static bool ReadNumber(ReadOnlySpan<char> s, ref int i, out Token token, out string? error)
    {
        int start = i;
        error = null;
        if (ReadDecimal(s, ref i, out token)) return true;
        // The extent of a number as nasm's scanner finds it: letters, digits, _ and points; a sign after p, or after
        // an e seen before any h/x/$ (which make it hex). A point, a p, or such an e makes it a Float token.
        int end = i;
        bool hex = s[i] == '$', isFloat = false, hasE = false;
        if (hex) end++;
        while (end < s.Length)
        {
            char c = s[end];
            if (!hex && c is 'e' or 'E')
            {
                hasE = true;
                if (end + 1 < s.Length && s[end + 1] is '+' or '-') { isFloat = true; end++; }
            }
            else if (c is 'h' or 'H' or 'x' or 'X') hex = true;
            else if (c is 'p' or 'P')
            {
                isFloat = true;
                if (end + 1 < s.Length && s[end + 1] is '+' or '-') end++;
            }
            else if (c == '.') isFloat = true;
            else if (!char.IsAsciiLetterOrDigit(c) && c != '_') break;
            end++;
        }
        i = end;
        if (isFloat || (hasE && !hex))
        {
            token = new Token(TokenKind.Float, start, end - start);
            return true;
        }
        // Read in place: a copy only for the rare number written with underscores.
        var raw = s.Slice(start, end - start);
        ReadOnlySpan<char> text = raw.Contains('_') ? raw.ToString().Replace("_", "", StringComparison.Ordinal) : raw;
        int radix = 10;
        var digits = text;
        if (text[0] == '$') { radix = 16; digits = text[1..]; }
        else if (text.Length > 2 && text[0] == '0' && RadixOfLetter(text[1]) != 0 && AllDigits(text[2..], RadixOfLetter(text[1])))
        {
            radix = RadixOfLetter(text[1]);
            digits = text[2..];
        }
        else if (text.Length > 1 && RadixOfLetter(text[^1]) != 0)
        {
            int r = RadixOfLetter(text[^1]);
            // A trailing b or d can be a hex digit only when written with an h suffix; here it is a suffix.
            radix = r;
            digits = text[..^1];
        }
        if (digits.Length == 0 || !AllDigits(digits, radix))
        {
            error = "expression syntax error";   // NASM's words for a malformed number
            return false;
        }
        ulong value = 0;
        bool overflow = false;
        foreach (char c in digits)
        {
            int d = DigitValue(c);
            overflow |= value > (ulong.MaxValue - (ulong)d) / (ulong)radix;
            value = unchecked(value * (ulong)radix + (ulong)d);
        }
        token = new Token(TokenKind.Number, start, end - start) { Integer = unchecked((long)value), Overflow = overflow };
        return true;
    }

    /// <summary>A plain decimal (digits up to a character no number continues with), the most common number, read in one
    /// pass as the general path below would read it (gen_asm 100k: about 60,000 of them).</summary>
    private static bool ReadDecimal(ReadOnlySpan<char> s, ref int i, out Token token)
    {
        int end = i;
        ulong value = 0;
        bool overflow = false;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            uint d = (uint)(s[end] - '0');
            // value > (ulong.MaxValue - d) / 10, the general path's test for radix 10
            overflow |= value > 1844674407370955161UL || (value == 1844674407370955161UL && d > 5);
            value = unchecked(value * 10 + d);
            end++;
        }
        if (end == i || end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '_' or '.'))
        {
            token = default;
            return false;
        }
        token = new Token(TokenKind.Number, i, end - i) { Integer = unchecked((long)value), Overflow = overflow };
        i = end;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> digits, int radix)
    {
        if (digits.Length == 0) return false;
        foreach (char c in digits)
        {
            int d = DigitValue(c);
            if (d < 0 || d >= radix) return false;
        }
        return true;
    }

    /// <summary>A digit's value in radixes up to 36, -1 for a character that is no digit.</summary>
    internal static int DigitValue(char c) =>
        c >= '0' && c <= '9' ? c - '0'
        : c >= 'a' && c <= 'z' ? c - 'a' + 10
        : c >= 'A' && c <= 'Z' ? c - 'A' + 10
        : -1;

    private static bool ReadString(ReadOnlySpan<char> s, ref int i, out Token token, out string? error)
    {
        char quote = s[i];
        int start = i;
        i++;
        error = null;
        token = default;
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (i >= s.Length)
            {
                error = "expression syntax error";   // after the preprocessor's pp-open-string warning, as nasm
                return false;
            }
            char c = s[i];
            if (c == quote) { i++; break; }
            if (quote == '`' && c == '\\')
            {
                if (!ReadEscape(s, ref i, bytes, out error)) return false;
                continue;
            }
            if (c < 0x80) bytes.Add((byte)c);
            else
            {
                int n = System.Text.Encoding.UTF8.GetBytes(s.Slice(i, char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1), utf8);
                for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                if (char.IsHighSurrogate(c)) i++;
            }
            i++;
        }
        token = new Token(TokenKind.String, start, i - start) { Bytes = bytes.ToArray(), Quote = quote };
        return true;
    }

    private static bool ReadEscape(ReadOnlySpan<char> s, ref int i, List<byte> bytes, out string? error)
    {
        error = null;
        i++; // backslash
        if (i >= s.Length) { error = "expression syntax error"; return false; }
        char c = s[i++];
        switch (c)
        {
            case '\'': case '"': case '`': case '\\': case '?': bytes.Add((byte)c); return true;
            case 'a': bytes.Add(7); return true;
            case 'b': bytes.Add(8); return true;
            case 't': bytes.Add(9); return true;
            case 'n': bytes.Add(10); return true;
            case 'v': bytes.Add(11); return true;
            case 'f': bytes.Add(12); return true;
            case 'r': bytes.Add(13); return true;
            case 'e': bytes.Add(27); return true;
            case 'x':
                {
                    int v = 0, n = 0;
                    while (n < 2 && i < s.Length && Uri.IsHexDigit(s[i])) { v = v * 16 + DigitValue(s[i]); i++; n++; }
                    bytes.Add(n == 0 ? (byte)'x' : (byte)v);   // nasm: \x without a hex digit is an x
                    return true;
                }
            case 'u':
            case 'U':
                {
                    int max = c == 'u' ? 4 : 8, n = 0;
                    uint v = 0;
                    while (n < max && i < s.Length && Uri.IsHexDigit(s[i])) { v = v * 16 + (uint)DigitValue(s[i]); i++; n++; }
                    AppendUtf8(bytes, v);
                    return true;
                }
            default:
                if (c >= '0' && c <= '7')
                {
                    int v = c - '0', n = 1;
                    while (n < 3 && i < s.Length && s[i] >= '0' && s[i] <= '7') { v = v * 8 + (s[i] - '0'); i++; n++; }
                    bytes.Add((byte)v);
                    return true;
                }
                bytes.Add((byte)c);   // NASM drops the backslash of an unknown escape
                return true;
        }
    }

    private static void AppendUtf8(List<byte> bytes, uint v)
    {
        if (v < 0x80) bytes.Add((byte)v);
        else if (v < 0x800) { bytes.Add((byte)(0xc0 | (v >> 6))); bytes.Add((byte)(0x80 | (v & 0x3f))); }
        else if (v < 0x10000)
        {
            bytes.Add((byte)(0xe0 | (v >> 12))); bytes.Add((byte)(0x80 | ((v >> 6) & 0x3f))); bytes.Add((byte)(0x80 | (v & 0x3f)));
        }
        else
        {
            bytes.Add((byte)(0xf0 | (v >> 18))); bytes.Add((byte)(0x80 | ((v >> 12) & 0x3f)));
            bytes.Add((byte)(0x80 | ((v >> 6) & 0x3f))); bytes.Add((byte)(0x80 | (v & 0x3f)));
        }
    }
}
