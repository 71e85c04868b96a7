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
        prefix = EncodingPrefixes.Parse(_chars.Span.Slice(word.Start, word.Length));
        return prefix != EncodingPrefix.None;
    }

    /// <summary>
    /// What nasm's scanner says about a brace group that starts a line or follows its label and is no encoding prefix,
    /// before the parser's "label or instruction expected" or "instruction expected": nothing for a decorator it knows ({z}, {k1}, {1to8}, {rn-sae} …), "invalid decorator
    /// token" when the braces hold anything but one word, else that the word is no decorator.
    /// </summary>
    private string? BraceAtLineStartMessage() => BraceMessage(_chars.Span, Current.Start);

    /// <summary>What nasm's scanner says about the brace group at <paramref name="brace"/> of <paramref name="line"/>
    /// (also where an operand's expression meets one).</summary>
    internal static string? BraceMessage(ReadOnlySpan<char> line, int brace)
    {
        int end = BraceWordEnd(line, brace);
        int start = brace + 1;
        if (end >= line.Length || line[end] != '}') return "invalid decorator token inside braces";
        string word = line[start..end].ToString();
        return IsKnownDecorator(word.ToLowerInvariant()) ? null : $"`{word}' is not a valid decorator with braces";
    }

    /// <summary>Where the word inside the brace group at <paramref name="brace"/> ends: at its `}', or where nasm's scanner
    /// stops an unterminated group.</summary>
    private static int BraceWordEnd(ReadOnlySpan<char> line, int brace)
    {
        int end = brace + 1;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] is '_' or '.' or '?' or '@' or '$' or '#' or '~' or '-')) end++;
        return end;
    }

    /// <summary>What follows the brace group at <paramref name="brace"/>: 'w' for a word (`{q} nop', `{q nop'), '0' for a
    /// number, else the character (0 at the end of the line).</summary>
    private static char AfterBraceGroup(ReadOnlySpan<char> line, int brace)
    {
        int at = BraceWordEnd(line, brace);
        if (at < line.Length && line[at] == '}') at++;
        while (at < line.Length && line[at] is ' ' or '\t') at++;
        if (at == line.Length) return '\0';
        return char.IsAsciiLetter(line[at]) || line[at] is '_' or '.' or '?' or '@' or '$' ? 'w' : char.IsAsciiDigit(line[at]) ? '0' : line[at];
    }

    /// <summary>nasm's message for a line that starts with `[' and names no directive it knows: the first word after
    /// the `[' up to white space or the first `]', or "invalid directive line" without a `]' (or with a `;' before it).</summary>
    private string UnknownDirectiveLineMessage()
    {
        string line = Line;
        int open = Current.Start, close = line.IndexOf(']', open);
        int semicolon = line.IndexOf(';', open);
        if (close < 0 || (semicolon >= 0 && semicolon < close)) return "invalid directive line";
        int start = open + 1;
        while (start < close && char.IsWhiteSpace(line[start])) start++;
        int end = start;
        while (end < close && !char.IsWhiteSpace(line[end])) end++;
        return $"unrecognized directive [{line[start..end]}]";
    }

    /// <summary>Whether the well-formed brace group at <paramref name="brace"/> is one nasm's scanner makes a decorator
    /// token of (not an opmask {k1}, which its evaluator refuses).</summary>
    internal static bool IsDecoratorTerm(ReadOnlySpan<char> line, int brace) => brace + 1 < line.Length && (line[brace + 1] | 0x20) != 'k';

    private static bool IsKnownDecorator(string word) => word switch
    {
        "z" or "sae" or "rn-sae" or "rd-sae" or "ru-sae" or "rz-sae" or "1to2" or "1to4" or "1to8" or "1to16" or "1to32" => true,
        _ => word.Length == 2 && word[0] == 'k' && word[1] is >= '1' and <= '7',
    };

    /// <summary>Steps over the encoding prefix <paramref name="next"/> of an instruction that has <paramref name="current"/>
    /// so far: the same one again is nasm's warning, another one its error.</summary>
    private void TakeEncodingPrefix(ref EncodingPrefix current, EncodingPrefix next)
    {
        _position += 3;
        if (current == next) diagnostics.Warning(_location, "instruction has redundant prefixes [-w+other]");
        else if (current != EncodingPrefix.None) throw new SyntaxException("instruction has conflicting prefixes");
        current = next;
    }

    /// <summary>
    /// nasm's prefix slots (its prefix_slot): each instruction has one of lock, of rep/repe/repz/repne/repnz/xacquire/
    /// xrelease/bnd, of o16/o32/o64, of a16/a32/a64, of wait and of segment: the same word again is its warning, another in
    /// the slot its error (`es cs', `repe repz'), and the later one stands. Words as written count (repe and repz differ).
    /// </summary>
    private struct PrefixSlots
    {
        private const PrefixFlags Rep = PrefixFlags.Rep | PrefixFlags.Repe | PrefixFlags.Repne | PrefixFlags.Xacquire | PrefixFlags.Xrelease | PrefixFlags.Bnd;
        private const PrefixFlags OperandSize = PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64;
        private const PrefixFlags AddressSize = PrefixFlags.A16 | PrefixFlags.A32 | PrefixFlags.A64;

        private string? _lock, _rep, _operandSize, _addressSize, _wait, _segment;

        /// <summary>Takes prefix <paramref name="lower"/> (<paramref name="flag"/>, or a segment register with
        /// <see cref="PrefixFlags.None"/>) into <paramref name="prefixes"/>, reporting a repeat or a conflict.</summary>
        public void Take(string lower, PrefixFlags flag, ref PrefixFlags prefixes, DiagnosticBag diagnostics, SourceLocation location)
        {
            var mask = flag == PrefixFlags.None ? PrefixFlags.None : (flag & Rep) != 0 ? Rep : (flag & OperandSize) != 0 ? OperandSize
                : (flag & AddressSize) != 0 ? AddressSize : flag;
            string? current = mask switch
            {
                PrefixFlags.None => _segment,
                PrefixFlags.Lock => _lock,
                Rep => _rep,
                OperandSize => _operandSize,
                AddressSize => _addressSize,
                PrefixFlags.Wait => _wait,
                _ => null,
            };
            if (current is not null)
            {
                if (current == lower) diagnostics.Warning(location, "instruction has redundant prefixes [-w+other]");
                else diagnostics.Error(location, "instruction has conflicting prefixes");
                prefixes &= ~mask;
            }
            switch (mask)
            {
                case PrefixFlags.None: _segment = lower; break;
                case PrefixFlags.Lock: _lock = lower; break;
                case Rep: _rep = lower; break;
                case OperandSize: _operandSize = lower; break;
                case AddressSize: _addressSize = lower; break;
                case PrefixFlags.Wait: _wait = lower; break;
            }
            prefixes |= flag;
        }
    }

    /// <summary>A line of prefixes with an encoding prefix and no instruction: nasm's error ({rex} alone fails an
    /// assertion in nasm 2.16.01).</summary>
    private static void EncodingPrefixAlone(EncodingPrefix prefix)
    {
        if (prefix == EncodingPrefix.Rex) throw new NotSupportedYetException("{rex} without an instruction (nasm 2.16.01 fails an assertion)");
        if (prefix != EncodingPrefix.None) throw new SyntaxException(EncodingPrefixes.NotEncodable(prefix));
    }
}
