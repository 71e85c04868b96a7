namespace Nas64.Assembler.Syntax;

public enum TokenKind : byte
{
    End,
    Identifier,
    Number,
    Float,
    String,
    Dollar,         // $
    DoubleDollar,   // $$
    Plus,
    Minus,
    Star,
    Slash,          // /   unsigned division
    SlashSlash,     // //  signed division
    Percent,        // %   unsigned modulo
    PercentPercent, // %%  signed modulo
    ShiftLeft,      // <<  (and <<<)
    ShiftRight,     // >>  logical
    ShiftRightArith,// >>>
    Ampersand,
    Pipe,
    Caret,
    Tilde,
    Bang,
    Question,
    Colon,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Equal,          // = or ==
    NotEqual,       // != or <>
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Compare,        // <=>
    AndAnd,
    OrOr,
    XorXor,
    Invalid,
}

/// <summary>One token of a source line: its kind, where it is, and for numbers and strings the value.</summary>
public readonly struct Token(TokenKind kind, int start, int length)
{
    public TokenKind Kind { get; } = kind;
    public int Start { get; } = start;
    public int Length { get; } = length;

    /// <summary>Value of a Number token (two's complement, 64 bits).</summary>
    public long Integer { get; init; }

    /// <summary>Bytes of a String token after escape processing.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>The quote a String token used: ', " or `.</summary>
    public char Quote { get; init; }

    /// <summary>A Number token whose value did not fit in 64 bits (kept modulo 2^64); on the End token: any on the line.</summary>
    public bool Overflow { get; init; }

    public string Text(string line) => line.Substring(Start, Length);

    public string Text(ReadOnlySpan<char> line) => new(line.Slice(Start, Length));

    public override string ToString() => $"{Kind}@{Start}";
}
