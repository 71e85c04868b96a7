using Iced.Intel;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// Reads NASM expressions from a token list by precedence climbing, lowest first:
/// <c>?:</c>, <c>||</c>, <c>^^</c>, <c>&amp;&amp;</c>, comparisons, <c>|</c>, <c>^</c>, <c>&amp;</c>,
/// shifts, <c>+ -</c>, <c>* / // % %%</c>, then unary <c>- + ~ ! seg</c>.
/// </summary>
public sealed class ExpressionParser
{
    private ReadOnlyMemory<char> _line;
    private List<Token> _tokens;
    private readonly Func<string, string> _qualify;

    public ExpressionParser(string line, List<Token> tokens, int position, Func<string, string> qualifyName)
    {
        _line = line.AsMemory();
        _tokens = tokens;
        Position = position;
        _qualify = qualifyName;
    }

    public int Position { get; set; }

    /// <summary>Makes this parser read a new expression at <paramref name="position"/> (the parser of source lines keeps one
    /// instead of allocating one per operand): as a new parser with the same qualifier, words and numbers.</summary>
    internal void Restart(ReadOnlyMemory<char> line, List<Token> tokens, int position, bool allowRegisters)
    {
        _line = line;
        _tokens = tokens;
        Position = position;
        AllowRegisters = allowRegisters;
        DecoratorTerms = false;
        SawDecorator = false;
        _descents = 0;
    }

    /// <summary>A decorator ({z}, {1to8}, {rn-sae}) is a term, as in nasm's evaluator, which makes the value neither simple
    /// nor relocatable: data and times then give nasm's message for that instead of a syntax error.</summary>
    internal bool DecoratorTerms { get; set; }

    /// <summary>Whether the expression read had a decorator term (with <see cref="DecoratorTerms"/>).</summary>
    internal bool SawDecorator { get; private set; }

    /// <summary>The text of an identifier token (the parser passes one that shares the strings of repeated words).</summary>
    public Func<Token, string>? Word { get; init; }

    /// <summary>The register the word <see cref="Word"/> returned last names (Register.None for none), when the word
    /// source knows it without another table lookup.</summary>
    internal Func<Register>? LastWordRegister { get; init; }

    private long _descents;

    /// <summary>The most operators, parentheses and unary prefixes in one expression (--limit-eval): a bound on the
    /// depth of the tree, and so on the recursion of the parser and the evaluator.</summary>
    public long DescentLimit { get; init; } = 8192;

    private void Descend()
    {
        if (++_descents > DescentLimit) throw new SyntaxException($"expression too long: more than --limit-eval ({DescentLimit}) operators and parentheses");
    }

    /// <summary>Registers become <see cref="RegisterExpression"/> (inside memory references).</summary>
    public bool AllowRegisters { get; set; }

    public Token Current => _tokens[Position];

    public Expression Parse() => ParseConditional();

    private Expression ParseConditional()
    {
        var condition = ParseBinary(0);
        if (Current.Kind != TokenKind.Question) return condition;
        Position++;
        var whenTrue = ParseConditional();
        Expect(TokenKind.Colon, "`?' without matching `:'");
        var whenFalse = ParseConditional();
        return new ConditionalExpression(condition, whenTrue, whenFalse);
    }

    private const int LevelCount = 10;

    private static int Level(TokenKind kind) => kind switch
    {
        TokenKind.OrOr => 0,
        TokenKind.XorXor => 1,
        TokenKind.AndAnd => 2,
        TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater
            or TokenKind.GreaterEqual or TokenKind.Compare => 3,
        TokenKind.Pipe => 4,
        TokenKind.Caret => 5,
        TokenKind.Ampersand => 6,
        TokenKind.ShiftLeft or TokenKind.ShiftRight or TokenKind.ShiftRightArith => 7,
        TokenKind.Plus or TokenKind.Minus => 8,
        TokenKind.Star or TokenKind.Slash or TokenKind.SlashSlash or TokenKind.Percent or TokenKind.PercentPercent => 9,
        _ => -1,
    };

    private static BinaryOperator Operator(TokenKind kind) => kind switch
    {
        TokenKind.OrOr => BinaryOperator.LogicalOr,
        TokenKind.XorXor => BinaryOperator.LogicalXor,
        TokenKind.AndAnd => BinaryOperator.LogicalAnd,
        TokenKind.Equal => BinaryOperator.Equal,
        TokenKind.NotEqual => BinaryOperator.NotEqual,
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessEqual => BinaryOperator.LessEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterEqual => BinaryOperator.GreaterEqual,
        TokenKind.Compare => BinaryOperator.Compare,
        TokenKind.Pipe => BinaryOperator.Or,
        TokenKind.Caret => BinaryOperator.Xor,
        TokenKind.Ampersand => BinaryOperator.And,
        TokenKind.ShiftLeft => BinaryOperator.ShiftLeft,
        TokenKind.ShiftRight => BinaryOperator.ShiftRight,
        TokenKind.ShiftRightArith => BinaryOperator.ShiftRightArith,
        TokenKind.Plus => BinaryOperator.Add,
        TokenKind.Minus => BinaryOperator.Subtract,
        TokenKind.Star => BinaryOperator.Multiply,
        TokenKind.Slash => BinaryOperator.Divide,
        TokenKind.SlashSlash => BinaryOperator.SignedDivide,
        TokenKind.Percent => BinaryOperator.Modulo,
        TokenKind.PercentPercent => BinaryOperator.SignedModulo,
        _ => throw new InvalidOperationException(kind.ToString()),
    };

    /// <summary>The operators of <paramref name="lowest"/> and the levels above it, left-associative: an operand, then as
    /// long as an operator of one of those levels follows, its right side of the levels above that operator's. A lone
    /// number or name (most operands) is one unary parse and one look at the token after it, not a call per level.</summary>
    private Expression ParseBinary(int lowest)
    {
        var left = ParseUnary();
        int level;
        while ((level = Level(Current.Kind)) >= lowest)
        {
            var op = Operator(Current.Kind);
            Descend();
            Position++;
            var right = level + 1 < LevelCount ? ParseBinary(level + 1) : ParseUnary();
            left = new BinaryExpression(op, left, right);
        }
        return left;
    }

    private Expression ParseUnary()
    {
        Descend();
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Minus: Position++; return Fold(new UnaryExpression(UnaryOperator.Negate, ParseUnary()));
            case TokenKind.Plus: Position++; return new UnaryExpression(UnaryOperator.Plus, ParseUnary());
            case TokenKind.Tilde: Position++; return Fold(new UnaryExpression(UnaryOperator.Complement, ParseUnary()));
            case TokenKind.Bang: Position++; return new UnaryExpression(UnaryOperator.Not, ParseUnary());
            case TokenKind.Identifier when IsWord(token, "seg"):
                Position++;
                return new UnaryExpression(UnaryOperator.Seg, ParseUnary());
            default: return ParsePrimary();
        }
    }

    // -5 stays a number so data and immediates see a constant without evaluating.
    private Expression Fold(UnaryExpression e) => e.Constant is { } v && e.Operand is NumberExpression ? Number(v) : e;

    /// <summary>Numbers already made (the parser shares them between lines: an expression never changes).</summary>
    public Dictionary<long, NumberExpression>? Numbers { get; init; }

    /// <summary>The number expression of <paramref name="value"/>, shared as this parser's numbers are.</summary>
    internal NumberExpression SharedNumber(long value) => Number(value);

    private NumberExpression Number(long value)
    {
        if (Numbers is null) return new NumberExpression(value);
        if (Numbers.TryGetValue(value, out var number)) return number;
        number = new NumberExpression(value);
        // Bounded: a program of all-different numbers gains nothing from the table.
        if (Numbers.Count < 1 << 16) Numbers.Add(value, number);
        return number;
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Position++;
                return Number(token.Integer);
            case TokenKind.Float:
                // A float is a value only inside __?floatN?__(…); data lines take floats before this parser.
                throw new SyntaxException("expression syntax error");
            case TokenKind.String:
                Position++;
                return new StringExpression(token.Bytes!);
            case TokenKind.Dollar:
                Position++;
                return HereExpression.Instance;
            case TokenKind.DoubleDollar:
                Position++;
                return SectionStartExpression.Instance;
            case TokenKind.LeftParen:
                {
                    Position++;
                    var inner = Parse();
                    Expect(TokenKind.RightParen, "expecting `)'");
                    return inner;
                }
            case TokenKind.Identifier:
                {
                    Position++;
                    string text = Word?.Invoke(token) ?? token.Text(_line.Span);
                    Register register = Register.None;
                    if (text[0] != '$' && (LastWordRegister is { } lastWordRegister && Word is not null
                        ? (register = lastWordRegister()) != Register.None
                        : Registers.TryGet(text, out register)))
                    {
                        if (!AllowRegisters) throw new SyntaxException($"register `{text}' in an expression");
                        return RegisterExpression.Of(register);
                    }
                    if (IntegerFunctionName(text) is { } integerFunction)
                    {
                        Expect(TokenKind.LeftParen, $"expecting `(' after `{text}'");
                        var argument = Parse();
                        Expect(TokenKind.RightParen, "expecting `)'");
                        return new IntegerFunctionExpression(integerFunction, argument);
                    }
                    string? function = FloatFunctionName(text);
                    if (function is not null)
                    {
                        if (function is not ("infinity" or "qnan" or "snan"))
                        {
                            // nasm's grammar: `(', one optional sign, a floating-point constant, `)'.
                            Expect(TokenKind.LeftParen, "expecting `('");
                            var sign = Current.Kind switch { TokenKind.Minus => (UnaryOperator?)UnaryOperator.Negate, TokenKind.Plus => UnaryOperator.Plus, _ => null };
                            if (sign is not null) Position++;
                            Expression argument;
                            if (Current.Kind == TokenKind.Float) argument = new FloatExpression(Current.Text(_line.Span));
                            else if (Current.Kind == TokenKind.Identifier && FloatFunctionName(Word?.Invoke(Current) ?? Current.Text(_line.Span)) is "infinity" or "qnan" or "snan")
                                argument = new FloatFunctionExpression(FloatFunctionName(Word?.Invoke(Current) ?? Current.Text(_line.Span))!, null);
                            else throw new SyntaxException("expecting floating-point number");
                            Position++;
                            Expect(TokenKind.RightParen, "expecting `)'");
                            return new FloatFunctionExpression(function, sign is { } op ? new UnaryExpression(op, argument) : argument);
                        }
                        return new FloatFunctionExpression(function, null);
                    }
                    if (text[0] != '$' && Keywords.IsExpressionKeyword(text)) throw new SyntaxException("expression syntax error");
                    return new SymbolExpression(_qualify(text[0] == '$' ? text[1..] : text));
                }
            case TokenKind.End:
                throw new SyntaxException("expression syntax error");
            case TokenKind.LeftBrace:
                // nasm's scanner reports the brace group before its parser fails on it (a malformed group is its only error).
                string? brace = Parser.BraceMessage(_line.Span, token.Start);
                if (DecoratorTerms && brace is null && Parser.IsDecoratorTerm(_line.Span, token.Start))
                {
                    while (Current.Kind is not (TokenKind.RightBrace or TokenKind.End)) Position++;
                    if (Current.Kind == TokenKind.End) throw new SyntaxException("expression syntax error");
                    Position++;
                    SawDecorator = true;
                    return Number(0);   // a stand-in: the caller reports the value as nasm does
                }
                // A blank after the brace with more on the line (db { q }, db { q) is the scanner's error alone; a brace
                // at the end (db {) or a word nasm knows no decorator by (db {q}, dd {q) is followed by the parser's.
                if (brace is not null && token.Start + 1 < _line.Length && char.IsWhiteSpace(_line.Span[token.Start + 1])
                    && !_line.Span[(token.Start + 1)..].Trim().IsEmpty)
                    throw new SyntaxException(brace);
                throw new SyntaxException("expression syntax error") { Preceding = brace };
            default:
                throw new SyntaxException("expression syntax error");
        }
    }

    /// <summary>__?ilog2e?__ and friends (also spelled without the ?s); null for other names.</summary>
    private static string? IntegerFunctionName(string text) =>
        SpecialName(text) is { } inner && inner.StartsWith("ilog2", StringComparison.OrdinalIgnoreCase)
            ? inner.ToLowerInvariant() switch { "ilog2e" or "ilog2w" or "ilog2f" or "ilog2c" => inner.ToLowerInvariant(), _ => null }
            : null;

    /// <summary>The name inside __?name?__ or __name__; null for other words.</summary>
    private static string? SpecialName(string text)
    {
        if (!text.StartsWith("__", StringComparison.Ordinal) || !text.EndsWith("__", StringComparison.Ordinal) || text.Length < 5)
            return null;
        string inner = text[2..^2];
        if (inner.StartsWith('?') && inner.EndsWith('?') && inner.Length > 2) inner = inner[1..^1];
        return inner;
    }

    /// <summary>__?float32?__ and friends (also spelled without the ?s); null for other names.</summary>
    private static string? FloatFunctionName(string text)
    {
        if (SpecialName(text) is not { } inner) return null;
        return inner.ToLowerInvariant() switch
        {
            "float8" or "float16" or "bfloat16" or "float32" or "float64" or "float80m" or "float80e"
                or "float128l" or "float128h" => inner.ToLowerInvariant(),
            "infinity" => "infinity",
            "nan" or "qnan" => "qnan",
            "snan" => "snan",
            _ => null,
        };
    }

    private bool IsWord(Token token, string word) =>
        token.Length == word.Length && _line.Span.Slice(token.Start, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    private void Expect(TokenKind kind, string message)
    {
        if (Current.Kind != kind) throw new SyntaxException(message);
        Position++;
    }
}

/// <summary>A line that does not parse; the parser reports it as file:line: error.</summary>
public sealed class SyntaxException(string message) : Exception(message)
{
    /// <summary>An error nasm reports on the same line before this one.</summary>
    public string? Preceding { get; init; }
}
