namespace Nas64.Assembler.Syntax;

public sealed partial class Parser
{
    /// <summary>nasm's parser error for a line whose unterminated string stands where its parser wants something else:
    /// at the start of the line, after a label (with or without its colon) where an instruction goes, after `]' where
    /// the operand loop wants a comma (token 272 is the string), after `?' in data where the data loop does. Null
    /// elsewhere (the lexer's error stands).</summary>
    private string? OpenStringMessage()
    {
        if (_tokens.Count < 2) return null;
        Token open = _tokens[^2];
        if (open.Kind != TokenKind.Invalid || _line[open.Start] is not ('\'' or '"' or '`')) return null;
        if (_tokens.Count == 2) return "label or instruction expected at start of line";
        Token before = _tokens[^3];
        if (before.Kind == TokenKind.RightBracket) return "comma, decorator or end of line expected, got 272";
        if (_tokens[0].Kind != TokenKind.Identifier) return null;
        bool label = !IsReservedWord(Facts(_tokens[0]));
        if (label && (_tokens.Count == 3 || (_tokens.Count == 4 && before.Kind == TokenKind.Colon))) return "parser: instruction expected";
        if (before.Kind == TokenKind.Question)
            for (int k = 0; k < _tokens.Count - 3; k++)
                if (_tokens[k].Kind == TokenKind.Identifier && Keywords.DataUnit(TextOf(_tokens[k])) > 0) return "comma expected after operand";
        return null;
    }

    private Word Facts(Token identifier)
    {
        _ = TextOf(identifier);
        return LastWord;
    }
}
