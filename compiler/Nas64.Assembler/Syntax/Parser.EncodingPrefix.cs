namespace Nas64.Assembler.Syntax;

public sealed partial class Parser
{
    /// <summary>True at `{vex}', `{evex}'…: one word in braces without spaces, which nasm reads as one token
    /// (`{ vex }' is no prefix to it).</summary>
    private bool AtEncodingPrefix(out EncodingPrefix prefix)
    {
        prefix = EncodingPrefix.None;
        if (Current.Kind != TokenKind.LeftBrace) return false;
        Token word = Peek(), close = Peek(2);
        if (word.Kind != TokenKind.Identifier || close.Kind != TokenKind.RightBrace
            || word.Start != Current.Start + 1 || close.Start != word.Start + word.Length) return false;
        prefix = EncodingPrefixes.Parse(_line.AsSpan(word.Start, word.Length));
        return prefix != EncodingPrefix.None;
    }

    /// <summary>Steps over the encoding prefix <paramref name="next"/> of an instruction that has <paramref name="current"/>
    /// so far: the same one again is nasm's warning, another one its error.</summary>
    private void TakeEncodingPrefix(ref EncodingPrefix current, EncodingPrefix next)
    {
        _position += 3;
        if (current == next) diagnostics.Warning(_location, "instruction has redundant prefixes [-w+other]");
        else if (current != EncodingPrefix.None) throw new SyntaxException("instruction has conflicting prefixes");
        current = next;
    }

    /// <summary>A line of prefixes with an encoding prefix and no instruction: nasm's error ({rex} alone fails an
    /// assertion in nasm 2.16.01).</summary>
    private static void EncodingPrefixAlone(EncodingPrefix prefix)
    {
        if (prefix == EncodingPrefix.Rex) throw new NotSupportedYetException("{rex} without an instruction (nasm 2.16.01 fails an assertion)");
        if (prefix != EncodingPrefix.None) throw new SyntaxException(EncodingPrefixes.NotEncodable(prefix));
    }
}
