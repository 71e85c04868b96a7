using Iced.Intel;

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
        if (open.Kind != TokenKind.Invalid || _chars.Span[open.Start] is not ('\'' or '"' or '`')) return null;
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

    /// <summary>nasm's parser error for a line whose string or number the lexer refuses (`"a', `1z') where an instruction
    /// goes: at the start of the line, or after a label and instruction prefixes (`es 1z', `x: rep es "a'), or after a word
    /// that is no instruction there (`x y 1z'). Null elsewhere.</summary>
    private string? InstructionExpectedMessage()
    {
        if (_tokens.Count < 2 || _tokens[^2].Kind != TokenKind.Invalid || _chars.Span[_tokens[^2].Start] is not ('\'' or '"' or '`' or '$' or (>= '0' and <= '9')))
            return null;
        if (_tokens.Count == 2) return "label or instruction expected at start of line";
        int k = 0, invalid = _tokens.Count - 2;
        if (_tokens[0].Kind == TokenKind.Identifier && Facts(_tokens[0]) is { Reserved: false } first && !first.Register.IsSegmentRegister())
            k = _tokens[1].Kind == TokenKind.Colon ? 2 : 1;
        // Prefixes, with nasm's messages for repeated or conflicting ones (`rep es 1z', `es cs 1z').
        var slots = new PrefixSlots();
        var prefixes = PrefixFlags.None;
        for (; k < invalid && _tokens[k].Kind == TokenKind.Identifier && IsPrefixWord(Facts(_tokens[k])); k++)
            slots.Take(LastWord.Lower, Keywords.Prefix(LastWord.Lower), ref prefixes, diagnostics, _location);
        if (k == invalid) return "parser: instruction expected";
        if (_tokens[k].Kind != TokenKind.Identifier) return null;
        // `use16 1z', `iend "a': the macro takes no parameters, so the line is no call of it and nasm's parser sees the word.
        if (Preprocessor.Preprocessor.IsStandardMacroWithoutParameters(TextOf(_tokens[k]))) return "parser: instruction expected";
        if (k == 0) return null;
        var word = Facts(_tokens[k]);
        return word.Reserved || word.Register != Register.None ? null : "parser: instruction expected";
    }

    private static bool IsPrefixWord(in Word word) => Keywords.Prefix(word.Lower) != PrefixFlags.None || word.Register.IsSegmentRegister();

    private Word Facts(Token identifier)
    {
        _ = TextOf(identifier);
        return LastWord;
    }
}
