using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Iced.Intel;
using Nas64.Assembler.Encoding;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// Turns source lines into statements. It knows NASM's line shape — <c>label: prefixes mnemonic
/// operands ; comment</c> — and the scoping of local labels (<c>.x</c> belongs to the last non-local
/// label). Everything whose value depends on layout is left as expressions for the passes.
/// </summary>
public sealed partial class Parser(DiagnosticBag diagnostics)
{
    /// <summary>--limit-eval for every expression on a line.</summary>
    public long EvalLimit { get; init; } = 8192;

    private string _parentLabel = "";
    /// <summary>The line being parsed: the preprocessor's text, which the parser reads in place (see <see cref="ParseLine"/>).</summary>
    private ReadOnlyMemory<char> _chars;
    private string? _lineText;

    /// <summary>The line being parsed as a string, made on the first ask (directives, messages).</summary>
    private string Line => _lineText ??= _chars.ToString();

    private void SetLine(ReadOnlyMemory<char> chars, string? text = null)
    {
        _chars = chars;
        _lineText = text;
    }
    private List<Token> _tokens = [];
    private int _position;
    private SourceLocation _location;

    /// <summary>The statements of the lines parsed so far.</summary>
    public List<Statement> Statements
    {
        get
        {
            _sharedRun.End(_statements);
            return _statements;
        }
    }

    private readonly List<Statement> _statements = [];

    /// <summary>The statements parsed so far, as they stand: the places of the run being collected are still empty (see
    /// <see cref="SettledCount"/>).</summary>
    internal List<Statement> StatementsSoFar => _statements;

    /// <summary>How many of the statements parsed so far are in place and stay as they are: those before the run being
    /// collected, whose places the parser fills when the run ends.</summary>
    internal int SettledCount => _sharedRun.OpenRunStart ?? _statements.Count;

    /// <summary>Parses one line, appending its statements; a bad line is reported and skipped.</summary>
    public void ParseLine(string line, SourceLocation location) => ParseLine(line.AsMemory(), location);

    /// <summary>Parses one line given as characters, which are read only until this returns (the preprocessor's thread
    /// hands its lines over in buffers it reuses).</summary>
    public void ParseLine(ReadOnlyMemory<char> line, SourceLocation location)
    {
        // Lines repeat (macro bodies, common instructions): an instruction line already parsed shares its syntax, and
        // consecutive ones share a statement (its place is kept until the run ends).
        if (_shared.Find(line.Span, out int hash) is { } shared)
        {
            _sharedRun.Add(_statements, _statements.Count, shared, location);
            _statements.Add(null!);
            return;
        }
        int statementsBefore = _statements.Count, diagnosticsBefore = diagnostics.Items.Count;
        _qualifiedLocal = false;
        ParseNewLine(line, location);
        int last = _statements.Count - 1;
        if (last < statementsBefore || !ReferenceEquals(_statements[last], _lineInstruction)) return;
        var syntax = _lineInstruction.Syntax;
        if (diagnostics.Items.Count != diagnosticsBefore)
        {
            _statements[last] = new InstructionStatement(syntax, _lineInstruction.Origin, _lineInstruction.Line);
            return;
        }
        // A new instruction line joins the run too, as three numbers instead of a statement that would live (and be
        // copied by each young collection) until the first pass; the run ends at the next line that is not one.
        _statements[last] = null!;
        _sharedRun.Add(_statements, last, syntax, _lineInstruction.Origin!, _lineInstruction.Line);
        // Shareable by text when the instruction is the whole line, unless a local label's meaning depends on the label
        // before it.
        if (last == statementsBefore && !_qualifiedLocal) _shared.Add(line.Span, hash, syntax);
    }

    /// <summary>The statement of an instruction that is the body of its line (<see cref="ParseBody"/> with alone set), one
    /// for every line: <see cref="ParseLine"/> takes its syntax into the run, or makes it a statement of its own.</summary>
    private readonly InstructionStatement _lineInstruction = new("", []);

    /// <summary>The shared instruction lines (see <see cref="SharedInstructionRun"/>) and the run being collected.</summary>
    private readonly SharedInstructionRun.Store _sharedRun = new();

    /// <summary>Makes room for the instruction lines of a source of <paramref name="lines"/> lines at once, and for its
    /// distinct words (gen_asm 100k has about one per 8 lines, mostly labels): the word table grown by doubling left a chain
    /// of large arrays behind, and one of them set off a full collection in the middle of the parse (2.610 -> 2.517 G
    /// instructions).</summary>
    public void ExpectLines(int lines)
    {
        _shared = new SharedLines(lines / 2);
        EnsureWordCapacity(lines / 8);
    }

    // The instruction lines parsed so far, by text. Nothing else a line's parse depends on (the parent label, the
    // statement kind) makes it into a shared entry.
    private SharedLines _shared = new();

    /// <summary>Set when the line named a local label (.x), whose full name depends on the last non-local label.</summary>
    private bool _qualifiedLocal;

    private void ParseNewLine(ReadOnlyMemory<char> line, SourceLocation location)
    {
        SetLine(line);
        _location = location;
        _tokens = Tokenize(line.Span, out string? lexError);
        if (lexError is not null && OpenStringEndsData())
        {
            // nasm's data loop takes an unterminated string after an operand for the one stray token it drops there (to the
            // end of the line: `db 6 "a' is 06, `db 6 x "a' has a second stray token); `}' stands in for it.
            string closed = string.Concat(line.Span[.._tokens[^2].Start], "}");
            SetLine(closed.AsMemory(), closed);
            _tokens = Tokenize(closed, out lexError);
        }
        _position = 0;
        if (lexError is not null && !DirectiveTakesRawText())
        {
            diagnostics.Error(location, OpenStringMessage() ?? InstructionExpectedMessage() ?? lexError);
            return;
        }
        if (_tokens[^1].Overflow) WarnNumberOverflow();
        if (Current.Kind == TokenKind.End) return;
        try
        {
            ParseStatementLine();
        }
        catch (SyntaxException e)
        {
            if (e.Preceding is { } preceding) diagnostics.Error(location, preceding);
            diagnostics.Error(location, e.Message);
        }
        catch (NotSupportedYetException e)
        {
            diagnostics.Error(location, e.Message);
        }
    }

    /// <summary>Whether the line's lexing stopped at an unterminated string that follows an operand of db…dz (or a
    /// number or `)' ending an instruction's operand).</summary>
    private bool OpenStringEndsData()
    {
        if (_tokens.Count < 4) return false;
        Token open = _tokens[^2], before = _tokens[^3];
        if (open.Kind != TokenKind.Invalid || _chars.Span[open.Start] is not ('\'' or '"' or '`')
            || before.Kind is not (TokenKind.Number or TokenKind.Float or TokenKind.Identifier or TokenKind.String or TokenKind.RightParen))
            return false;
        for (int k = 0; k < _tokens.Count - 3; k++)
            if (_tokens[k].Kind == TokenKind.Identifier && Keywords.DataUnit(TextOf(_tokens[k])) > 0) return true;
        // After an instruction's operand it is a token nasm's operand parser does not expect there (`push 6 "a').
        return before.Kind is TokenKind.Number or TokenKind.RightParen;
    }

    private Token Current => _tokens[_position];
    private Token Peek(int ahead = 1) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];
    private string TextOf(Token token) => token.Kind == TokenKind.Identifier ? _words[_lastWord = (int)token.Integer].Text : token.Text(_chars.Span);

    /// <summary>The tokens of <paramref name="line"/> (in <see cref="_lineTokens"/>), each identifier interned once with its
    /// word's index in <see cref="Token.Integer"/>: the parser asks for a word several times per line (CurrentWord cut it
    /// out and looked it up again at each new position, 200,000 times on gen_asm 100k).</summary>
    private List<Token> Tokenize(ReadOnlySpan<char> line, out string? error)
    {
        var tokens = Lexer.Tokenize(line, _lineTokens, out error);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        for (int k = 0; k < span.Length; k++)
        {
            ref var token = ref span[k];
            if (token.Kind != TokenKind.Identifier) continue;
            Intern(line.Slice(token.Start, token.Length));
            token = token with { Integer = _lastWord };
        }
        return tokens;
    }

    private readonly List<Token> _lineTokens = new(16);
    private Func<Token, string>? _textOfDelegate;
    private Func<string, string>? _qualifyNameDelegate;
    private Func<Token, string> WordOf => _textOfDelegate ??= TextOf;
    private Func<string, string> Qualifier => _qualifyNameDelegate ??= QualifyName;

    // Identifiers recur on many lines (mnemonics, registers, labels): one string each instead of one per use, with what
    // the keyword and register tables say about it, asked once per distinct word instead of in several tables per line.
    // The words are found by a hash of the line's characters (open addressing, no string made to look one up) and referred
    // to by their index: a Word copied into the parser's fields cost two write barriers per copy.
    private Word[] _words = new Word[64];
    private int[] _wordHashes = new int[64];
    private int _wordCount;

    /// <summary>Word index + 1 by hash (0: empty); a power of two, at most half full.</summary>
    private int[] _wordSlots = new int[128];

    /// <summary>The index in <see cref="_words"/> of the last <see cref="Intern"/>'s word.</summary>
    private int _lastWord;

    private ref readonly Word LastWord => ref _words[_lastWord];

    /// <summary>Makes room for <paramref name="count"/> distinct words.</summary>
    private void EnsureWordCapacity(int count)
    {
        if (count > _words.Length)
        {
            Array.Resize(ref _words, count);
            Array.Resize(ref _wordHashes, count);
        }
        int slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * count, 16));
        if (slots <= _wordSlots.Length) return;
        _wordSlots = new int[slots];
        for (int k = 0; k < _wordCount; k++)
        {
            int s = _wordHashes[k] & (slots - 1);
            while (_wordSlots[s] != 0) s = (s + 1) & (slots - 1);
            _wordSlots[s] = k + 1;
        }
    }

    private string Intern(ReadOnlySpan<char> text)
    {
        uint h = 2166136261;
        foreach (char c in text) h = (h ^ c) * 16777619;
        int hash = (int)h, mask = _wordSlots.Length - 1, slot = hash & mask;
        for (int k; (k = _wordSlots[slot] - 1) >= 0; slot = (slot + 1) & mask)
        {
            if (_wordHashes[k] == hash && text.SequenceEqual(_words[k].Text))
            {
                _lastWord = k;
                return _words[k].Text;
            }
        }
        string name = text.ToString();
        bool mnemonic = InstructionTable.IsMnemonic(name);
        string lower = Keywords.Lower(name);
        var word = new Word(name, lower, mnemonic, mnemonic || (IsReservedWithoutRegisters(name, lower) && KnowsDirective(lower, bracketed: false)),
            mnemonic && IsPlainMnemonic(lower), Registers.TryGet(name, out var register) ? register : Register.None);
        if (_wordCount == _words.Length || 2 * (_wordCount + 1) > _wordSlots.Length)
        {
            EnsureWordCapacity(Math.Max(_wordCount + 1, 2 * _wordCount));
            mask = _wordSlots.Length - 1;
            for (slot = hash & mask; _wordSlots[slot] != 0; slot = (slot + 1) & mask) { }
        }
        _words[_wordCount] = word;
        _wordHashes[_wordCount] = hash;
        _wordSlots[slot] = _wordCount + 1;
        _lastWord = _wordCount++;
        return name;
    }

    /// <summary>An interned identifier and what depends on its text alone: it in lower case; whether it is a mnemonic; whether
    /// it is a mnemonic, prefix, data or reserve unit, directive or times/incbin/align word (<see cref="IsReservedWithoutRegisters"/>);
    /// whether it is a mnemonic and nothing else (<see cref="IsPlainMnemonic"/>); and the register it names.</summary>
    private readonly record struct Word(string Text, string Lower, bool Mnemonic, bool Reserved, bool PlainMnemonic, Register Register);

    /// <summary>Whether the mnemonic <paramref name="lower"/> is no other word a line's body or instruction prefixes can start
    /// with (times, a data or reserve unit, incbin, align, a directive, a prefix, wait): most instruction lines then go
    /// straight to their operands, without asking each keyword table.</summary>
    private static bool IsPlainMnemonic(string lower) =>
        lower is not ("times" or "incbin" or "align" or "alignb" or SmartAlignWord or "wait") && Keywords.DataUnit(lower) == 0
        && Keywords.ReserveUnit(lower) == 0 && !Keywords.IsDirective(lower) && Keywords.Prefix(lower) == PrefixFlags.None;

    // Inlined, as CurrentWordFacts: asked about 600,000 times on gen_asm 100k, the calls cost more than the lookups.
    private string CurrentWord
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ref readonly var token = ref CollectionsMarshal.AsSpan(_tokens)[_position];
            if (token.Kind != TokenKind.Identifier) return "";
            return _words[_currentWord = (int)token.Integer].Text;
        }
    }

    /// <summary>The <see cref="Word"/> of <see cref="CurrentWord"/> (an identifier's).</summary>
    private ref readonly Word CurrentWordFacts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            _ = CurrentWord;
            return ref _words[_currentWord];
        }
    }

    /// <summary>The index in <see cref="_words"/> of <see cref="CurrentWord"/>.</summary>
    private int _currentWord;

    private void ParseStatementLine()
    {
        // [pragma namespace …] from %pragma: nas64 acts on none of the assembler's pragmas (nasm ignores unknown ones).
        if (Current.Kind == TokenKind.LeftBracket && Peek().Kind == TokenKind.Identifier && TextOf(Peek()).Equals("pragma", StringComparison.OrdinalIgnoreCase)) return;
        // [directive arguments]: NASM's primitive form of a directive.
        if (Current.Kind == TokenKind.LeftBracket && Peek().Kind == TokenKind.Identifier && Keywords.IsDirective(TextOf(Peek()))
            && KnowsDirective(Keywords.Lower(TextOf(Peek())), bracketed: true))
        {
            int close = Line.LastIndexOf(']');
            if (close < 0) throw new SyntaxException("invalid directive line");
            string inner = Line[(Current.Start + 1)..close];
            SetLine(inner.AsMemory(), inner);
            _tokens = Tokenize(inner, out _);
            _position = 0;
            _rawDirective = true;
            try
            {
                ParseDirective(TextOf(Current));
            }
            finally
            {
                _rawDirective = false;
            }
            return;
        }

        // Any other `[' line is nasm's directive line with a name it does not know.
        if (Current.Kind == TokenKind.LeftBracket) throw new SyntaxException(UnknownDirectiveLineMessage());

        // nasm's parser wants a name first (label, prefix, instruction).
        if (Current.Kind != TokenKind.Identifier && !AtEncodingPrefix(out _))
        {
            if (Current.Kind == TokenKind.LeftBrace && BraceAtLineStartMessage() is { } brace) diagnostics.Error(_location, brace);
            throw new SyntaxException("label or instruction expected at start of line");
        }
        if (Current.Kind == TokenKind.Identifier && (!IsReservedWord(CurrentWordFacts) || IsBareDirectiveWord()) && !IsInstructionBeyondNasm())
        {
            var nameToken = Current;
            string raw = TextOf(nameToken);
            _position++;
            bool colon = Current.Kind == TokenKind.Colon;
            if (colon) _position++;
            if (Current.Kind == TokenKind.Identifier && CurrentWord.Equals("equ", StringComparison.OrdinalIgnoreCase))
            {
                _position++;
                // An equ does not become the parent of local labels (NASM's define_label with normal=false).
                string equName = QualifyName(raw[0] == '$' ? raw[1..] : raw);
                var value = ParseExpression();
                ExpectEnd();
                Add(new EquStatement(equName, value) { Location = _location });
                return;
            }
            string name = DefineLabelName(raw);
            if (!colon && Current.Kind == TokenKind.End)
                diagnostics.Warning(_location, "label alone on a line without a colon might be in error [-w+label-orphan]");
            else if (Current.Kind == TokenKind.LeftBrace && !AtEncodingPrefix(out _))
            {
                // Where the instruction goes, nasm's scanner reads the brace group first (`x {a}': no decorator).
                if (BraceAtLineStartMessage() is { } brace) diagnostics.Error(_location, brace);
                throw new SyntaxException("parser: instruction expected");
            }
            else if (!colon && (Current.Kind != TokenKind.Identifier || !IsReservedWord(CurrentWordFacts)) && !AtEncodingPrefix(out _))
                throw new SyntaxException("parser: instruction expected");
            Add(new LabelStatement(name) { Location = _location });
            if (Current.Kind == TokenKind.End) return;
        }
        var statement = ParseBody(alone: true);
        if (statement is not null) Add(statement);
    }

    private void Add(Statement statement) => _statements.Add(statement);

    /// <summary>A name Iced encodes and nasm 2.16 does not know, followed by operands: nasm reads the name as a label and
    /// then fails on the operands ("instruction expected"), so the line is that instruction. Alone, before a colon, an
    /// `equ' or an instruction, the name is a label as in nasm (`tlbsync' alone is a label with the label-orphan warning).</summary>
    private bool IsInstructionBeyondNasm()
    {
        if (Current.Kind != TokenKind.Identifier || !InstructionTable.IsBeyondNasm(CurrentWord)) return false;
        var next = Peek();
        if (next.Kind is TokenKind.End or TokenKind.Colon) return false;
        if (next.Kind != TokenKind.Identifier) return true;
        string word = TextOf(next);
        return !word.Equals("equ", StringComparison.OrdinalIgnoreCase) && !IsReservedWord(LastWord);
    }

    /// <summary>A directive word alone on its line that nasm's standard macros take only with arguments (`org', `global')
    /// or that is no directive outside brackets (`warning'): nasm's parser reads it as a label.</summary>
    private bool IsBareDirectiveWord() =>
        Peek().Kind == TokenKind.End && !CurrentWord.Equals("incbin", StringComparison.OrdinalIgnoreCase)
        && (Preprocessor.Preprocessor.IsStandardMacroNeedingArguments(CurrentWord) || CurrentWord.Equals("warning", StringComparison.OrdinalIgnoreCase));

    /// <summary>The statement after the label: an instruction, data, times, or a directive.</summary>
    /// <param name="alone">The statement is the line's own, not the body of a times or align: an instruction is then
    /// <see cref="_lineInstruction"/>.</param>
    private Statement? ParseBody(bool alone = false)
    {
        if (AtEncodingPrefix(out _)) return ParseInstruction(alone);
        if (Current.Kind != TokenKind.Identifier || IsBareDirectiveWord())
            throw new SyntaxException("parser: instruction expected");
        if (CurrentWordFacts.PlainMnemonic) return ParseInstruction(alone);
        string word = CurrentWord;
        string lower = CurrentWordFacts.Lower;

        if (lower == "times")
        {
            _position++;
            if (Current.Kind == TokenKind.LeftBrace && BraceMessage(_chars.Span, Current.Start) is { } brace
                && AfterBraceGroup(_chars.Span, Current.Start) is var after && after is 'w' or '0' or '(')
            {
                // nasm's evaluator takes the refused group as a term and leaves what follows, which is no instruction:
                // a word after it makes the count one it cannot know (times {q} nop), a number or `(' does not (times {q} 5).
                diagnostics.Error(_location, brace);
                if (after == 'w') diagnostics.Error(_location, "non-constant argument supplied to TIMES");
                throw new SyntaxException("parser: instruction expected");
            }
            var count = ParseDecoratedExpression(out bool decorated);
            if (decorated)
            {
                // nasm's nonfatal error; it repeats the line once.
                diagnostics.Error(_location, "non-constant argument supplied to TIMES");
                count = new NumberExpression(1);
            }
            // NASM's directives and align are macros, which a `times' line does not expand: words it cannot repeat.
            if (Current.Kind == TokenKind.Identifier && IsMacroDirective(CurrentWord)) throw new SyntaxException("parser: instruction expected");
            var body = ParseBody() ?? throw new SyntaxException("`times' needs something to repeat");
            // `times a times b x' repeats b times: NASM keeps only the innermost count.
            return body as TimesStatement ?? new TimesStatement(count, body) { Location = _location };
        }
        int unit = Keywords.DataUnit(lower);
        if (unit > 0)
        {
            _position++;
            return ParseData(unit);
        }
        unit = Keywords.ReserveUnit(lower);
        if (unit > 0)
        {
            _position++;
            var count = ParseExpression();
            ExpectEnd();
            return new ReserveStatement(unit, count) { Location = _location };
        }
        if (lower == "incbin")
        {
            _uniqueCounter += 2;   // NASM's incbin macro and the ..@N.dep label it makes
            _position++;
            return ParseIncbin();
        }
        if (lower is "align" or "alignb")
        {
            _position++;
            _uniqueCounter += 2;   // the align macro and the sectalign macro it calls
            var alignment = ParseExpression();
            Statement? fill = null;
            if (Current.Kind == TokenKind.Comma)
            {
                _position++;
                fill = ParseBody();
            }
            else ExpectEnd();
            return new AlignStatement(alignment, lower == "alignb", fill) { Location = _location };
        }
        if (lower == SmartAlignWord) return ParseSmartAlign();
        if (Keywords.IsDirective(lower) && KnowsDirective(lower, bracketed: false))
        {
            ParseDirective(word);
            return null;
        }
        return ParseInstruction(alone);
    }

    private static bool IsMacroDirective(string word) =>
        word.Equals("align", StringComparison.OrdinalIgnoreCase) || word.Equals("alignb", StringComparison.OrdinalIgnoreCase)
        || word == SmartAlignWord || Keywords.IsDirective(word);

    /// <summary>The line the preprocessor writes for smartalign's <c>align n</c>.</summary>
    public const string SmartAlignWord = "__?smartalign?__";

    /// <summary><c>__?smartalign?__ n, threshold, 'hex', …</c>: the k-th string is the k-byte NOP (hex digits).</summary>
    private AlignStatement ParseSmartAlign()
    {
        _position++;
        _uniqueCounter += 3;   // the align macro, the sectalign macro it calls, and its %push
        var alignment = ParseExpression();
        if (Current.Kind != TokenKind.Comma) throw new SyntaxException("`align' expects a threshold");
        _position++;
        var threshold = ParseExpression();
        var nops = new List<byte[]>();
        while (Current.Kind == TokenKind.Comma)
        {
            _position++;
            if (Current.Kind != TokenKind.String) throw new SyntaxException("`align' expects NOP bytes");
            string text = TextOf(Current);
            nops.Add(Convert.FromHexString(text.AsSpan(1, text.Length - 2)));
            _position++;
        }
        ExpectEnd();
        if (nops.Count == 0) throw new SyntaxException("`align' expects NOP bytes");
        return new AlignStatement(alignment, false, null) { Location = _location, Smart = new SmartAlignment(threshold, [.. nops]) };
    }

    private Statement ParseInstruction(bool alone)
    {
        var prefixes = PrefixFlags.None;
        var segment = Register.None;
        var encoding = EncodingPrefix.None;
        var slots = new PrefixSlots();
        while (true)
        {
            if (AtEncodingPrefix(out var encodingPrefix))
            {
                TakeEncodingPrefix(ref encoding, encodingPrefix);
                continue;
            }
            if (Current.Kind != TokenKind.Identifier || CurrentWordFacts.PlainMnemonic) break;
            string word = CurrentWord;
            var prefix = Keywords.Prefix(word);
            if (prefix != PrefixFlags.None) { slots.Take(CurrentWordFacts.Lower, prefix, ref prefixes, diagnostics, _location); _position++; continue; }
            // `wait` before another instruction is a prefix (wait fninit is 9B DB E3), alone it is the instruction.
            if (word.Equals("wait", StringComparison.OrdinalIgnoreCase) && Peek().Kind == TokenKind.Identifier
                && (InstructionTable.IsMnemonic(TextOf(Peek())) || Keywords.Prefix(TextOf(Peek())) != PrefixFlags.None))
            {
                slots.Take("wait", PrefixFlags.Wait, ref prefixes, diagnostics, _location);
                _position++;
                continue;
            }
            if (Peek().Kind != TokenKind.Colon && CurrentWordFacts.Register is var reg && reg.IsSegmentRegister())
            {
                slots.Take(CurrentWordFacts.Lower, PrefixFlags.None, ref prefixes, diagnostics, _location);
                segment = reg;
                _position++;
                continue;
            }
            break;
        }
        if (Current.Kind == TokenKind.End)
        {
            // A line of prefixes alone: NASM emits them as bytes.
            EncodingPrefixAlone(encoding);
            return new InstructionStatement("", []) { Location = _location, Prefixes = prefixes, SegmentPrefix = segment };
        }
        if (Current.Kind != TokenKind.Identifier)
            throw new SyntaxException("parser: instruction expected");
        string mnemonic = CurrentWordFacts.Lower;
        if (!CurrentWordFacts.Mnemonic && !IsInstructionBeyondNasm())
        {
            if (prefixes != PrefixFlags.None || segment != Register.None || encoding != EncodingPrefix.None)
            {
                // nasm's parser takes data after prefixes and its output leaves them out (a16 db 1 is 01, lock dw 1 is 01 00);
                // before times it writes them in each repetition (rep times 2 nop: F3 90 F3 90), before resb as bytes.
                if (Keywords.DataUnit(mnemonic) > 0) return ParseBody() ?? throw new SyntaxException("parser: instruction expected");
                if (mnemonic == "times" || Keywords.ReserveUnit(mnemonic) > 0)
                    throw new NotSupportedYetException($"a prefix before `{mnemonic}' (nasm writes it {(mnemonic == "times" ? "in each repetition" : "as a byte")})");
            }
            throw new SyntaxException("parser: instruction expected");
        }
        _position++;
        // Built in a list kept for the next line, kept as an array of the exact length.
        var operands = _operands;
        operands.Clear();
        _addressSizeTaken = (prefixes & PrefixFlags.A16) != 0 ? 16 : (prefixes & PrefixFlags.A32) != 0 ? 32 : (prefixes & PrefixFlags.A64) != 0 ? 64 : 0;
        // fadd to st1: the destination is st1, the source st0 (DC C1).
        if (Current.Kind == TokenKind.Identifier && CurrentWord.Equals("to", StringComparison.OrdinalIgnoreCase) && IsX87ToMnemonic(mnemonic))
        {
            _position++;
            var destination = ParseOperand();
            if (!destination.IsRegister || !destination.Register.IsST()) throw new SyntaxException("invalid combination of opcode and operands");
            ExpectEnd();
            operands.Add(destination);
            operands.Add(new Operand { Kind = OperandKind.Register, Register = Register.ST0 });
        }
        else if (Current.Kind != TokenKind.End)
        {
            while (true)
            {
                // NASM writes rounding and SAE as a last operand of their own: vaddpd z1, z2, z3, {rn-sae}.
                if (Current.Kind == TokenKind.LeftBrace && operands.Count > 0) ParseDecorators(operands[^1] = Owned(operands[^1]), alone: true);
                else operands.Add(ParseOperand());
                if (_registerSetSize != 0) CheckRegisterSet(mnemonic, operands.Count - 1);
                if (Current.Kind == TokenKind.Comma) { _position++; continue; }
                if (Current.Kind == TokenKind.End) break;
                throw new SyntaxException("comma, colon, decorator or end of line expected after operand");
            }
        }
        // An address size written inside the brackets ([a32 0x1000]) is the instruction's a32 prefix, and a prefix
        // sets the address size of the memory operand. (Indexed here and in OperandArray: the list's enumerator was a call
        // per operand, g100k: −6 M instructions.)
        for (int i = 0; i < operands.Count; i++)
        {
            var op = operands[i];
            if (!op.IsMemory) continue;
            if (op.AddressSize != 0) prefixes |= op.AddressSize switch { 16 => PrefixFlags.A16, 32 => PrefixFlags.A32, _ => PrefixFlags.A64 };
            else op.AddressSize = (prefixes & PrefixFlags.A16) != 0 ? 16 : (prefixes & PrefixFlags.A32) != 0 ? 32 : (prefixes & PrefixFlags.A64) != 0 ? 64 : 0;
        }
        var syntax = new InstructionSyntax(mnemonic, OperandArray(operands)) { Prefixes = prefixes, SegmentPrefix = segment, EncodingPrefix = encoding };
        if (!alone) return new InstructionStatement(syntax) { Location = _location };
        _lineInstruction.Reuse(syntax, Statement.LineOrigin.Of(_location), _location.Line);
        return _lineInstruction;
    }

    private readonly List<Operand> _operands = new(4);

    /// <summary>The address size the instruction being parsed has taken (a prefix or an operand's a16/a32/a64), 0 for none.</summary>
    private int _addressSizeTaken;

    /// <summary><paramref name="operands"/> as an array of the exact length: for up to three plain registers the one
    /// array of those registers that lines of different mnemonics share (add rax, rbx and cmp rax, rbx), as nothing
    /// changes an operand list once it is parsed.</summary>
    private Operand[] OperandArray(List<Operand> operands)
    {
        int key = 0;
        if (operands.Count is 0 or > 3) return operands.ToArray();
        for (int i = 0; i < operands.Count; i++)
        {
            var operand = operands[i];
            if (!IsPlainRegister(operand)) return operands.ToArray();
            key = key << 8 | (byte)operand.Register;
        }
        key |= operands.Count << 24;
        if (!_registerLists.TryGetValue(key, out var shared)) _registerLists.Add(key, shared = operands.ToArray());
        return shared;
    }

    /// <summary>The operand lists of plain registers made so far, by their count and registers (see <see cref="OperandArray"/>).</summary>
    private readonly Dictionary<int, Operand[]> _registerLists = [];

    private readonly Dictionary<long, NumberExpression> _numbers = [];

    // A register operand without a size or decorators is the same on every line: one instance per register.
    private readonly Operand?[] _plainRegisters = new Operand?[256];

    private Operand PlainRegister(Register register)
    {
        if ((uint)register >= (uint)_plainRegisters.Length) return new Operand { Kind = OperandKind.Register, Register = register };
        return _plainRegisters[(int)register] ??= new Operand { Kind = OperandKind.Register, Register = register };
    }

    /// <summary>An operand this line may still change: a copy of a shared plain register or number.</summary>
    private Operand Owned(Operand operand) =>
        IsPlainRegister(operand) ? new Operand { Kind = OperandKind.Register, Register = operand.Register }
        : IsPlainNumber(operand) ? new Operand { Kind = OperandKind.Immediate, Value = operand.Value }
        : operand;

    // A number operand without a size, strict, distance, wrt or decorators is the same on every line: one instance per
    // value, as for plain registers (a large program's immediates are mostly a few values: 1, -1, 8 …).
    private readonly Dictionary<long, Operand> _plainNumbers = [];

    private Operand PlainNumber(NumberExpression number)
    {
        if (_plainNumbers.TryGetValue(number.Value, out var operand)) return operand;
        operand = new Operand { Kind = OperandKind.Immediate, Value = number };
        // Bounded, as the numbers are: a program of all-different values gains nothing from the table.
        if (_plainNumbers.Count < 1 << 16) _plainNumbers.Add(number.Value, operand);
        return operand;
    }

    /// <summary>Whether <paramref name="operand"/> is the shared instance of a plain number (<see cref="PlainNumber"/>).</summary>
    private bool IsPlainNumber(Operand operand) =>
        operand.IsImmediate && operand.Value is NumberExpression number && _plainNumbers.TryGetValue(number.Value, out var shared)
        && ReferenceEquals(shared, operand);

    /// <summary>Whether <paramref name="operand"/> is the shared instance of a plain register (<see cref="PlainRegister"/>).</summary>
    private bool IsPlainRegister(Operand operand) =>
        operand.IsRegister && (uint)operand.Register < (uint)_plainRegisters.Length && ReferenceEquals(_plainRegisters[(int)operand.Register], operand);

    private static bool IsX87ToMnemonic(string mnemonic) => mnemonic is "fadd" or "fsub" or "fmul" or "fdiv" or "fsubr" or "fdivr";

    private Operand ParseOperand()
    {
        int size = 0;
        bool strict = false;
        var distance = BranchDistance.Default;
        // A register (most operands) is none of the words before an operand.
        while (Current.Kind == TokenKind.Identifier && CurrentWordFacts.Register == Register.None)
        {
            string word = CurrentWordFacts.Lower;
            int s = Keywords.SizeOf(word);
            if (s > 0) { size = s; _position++; continue; }
            if (word == "strict") { strict = true; _position++; continue; }
            if (word == "short") { distance = BranchDistance.Short; _position++; continue; }
            if (word == "near") { distance = BranchDistance.Near; _position++; continue; }
            if (word == "far") { distance = BranchDistance.Far; _position++; continue; }
            break;
        }

        Operand operand;
        if (Current.Kind == TokenKind.LeftBracket)
        {
            operand = ParseMemory();
        }
        else if (Current.Kind == TokenKind.Identifier && CurrentWord[0] != '$' && CurrentWordFacts.Register is var register && register != Register.None
                 && Peek().Kind is TokenKind.Comma or TokenKind.End or TokenKind.LeftBrace or TokenKind.Colon)
        {
            _position++;
            if (Current.Kind == TokenKind.Colon)
            {
                // seg:[mem] written outside the brackets.
                _position++;
                if (Current.Kind != TokenKind.LeftBracket || !register.IsSegmentRegister())
                    throw new SyntaxException("invalid segment override");
                operand = ParseMemory();
                operand.SegmentOverride = register;
            }
            else if (size == 0 && !strict && distance == BranchDistance.Default && Current.Kind != TokenKind.LeftBrace) return PlainRegister(register);
            else operand = new Operand { Kind = OperandKind.Register, Register = register };
        }
        else
        {
            int start = _position;
            var value = ExpressionOrRegisterSet();
            if (value is null) operand = ParseRegisterSet(start);
            else if (value is NumberExpression number && size == 0 && !strict && distance == BranchDistance.Default
                     && Current.Kind is TokenKind.Comma or TokenKind.End)
                return PlainNumber(number);
            else if (Current.Kind == TokenKind.Colon)
            {
                _position++;
                var offset = ParseExpression();
                operand = new Operand { Kind = OperandKind.FarPointer, Segment = value, Value = offset };
            }
            else
            {
                operand = new Operand { Kind = OperandKind.Immediate, Value = value };
                operand.Wrt = ParseWrt();
                if (operand.Wrt == WrtKind.Invalid) operand.Value = WithWrtTarget(value);
            }
        }
        operand.Size = size != 0 ? size : operand.Size;
        operand.Strict = strict;
        operand.Distance = distance;
        ParseDecorators(operand);
        return operand;
    }

    private WrtKind ParseWrt()
    {
        if (Current.Kind != TokenKind.Identifier || !CurrentWord.Equals("wrt", StringComparison.OrdinalIgnoreCase)) return WrtKind.None;
        _position++;
        // The bin format defines none of the ELF formats' `..got' names: each is an undefined symbol there.
        if (Format == Passes.OutputFormat.Bin && Current.Kind == TokenKind.Identifier && CurrentWord.StartsWith("..", StringComparison.Ordinal))
        {
            _wrtTarget = new SymbolExpression(CurrentWord);
            _position++;
            return WrtKind.Invalid;
        }
        if (Current.Kind == TokenKind.Identifier && Keywords.Wrt(CurrentWord) is var kind && kind != WrtKind.Other)
        {
            _position++;
            return kind;
        }
        // nasm: an unknown `..name' is an undefined symbol.
        if (Current.Kind == TokenKind.Identifier && CurrentWord.StartsWith("..", StringComparison.Ordinal))
            throw new SyntaxException($"symbol `{CurrentWord}' not defined");
        // wrt a number (obj-format addressing): the output format reports it; wrt a label, extern or section is
        // nasm's "invalid right-hand operand to WRT" (its segment is not a segment base).
        var target = ParseExpression();
        if (target is NumberExpression) return WrtKind.Other;
        _wrtTarget = target;
        return WrtKind.Invalid;
    }

    /// <summary>The target of the last <see cref="WrtKind.Invalid"/> WRT <see cref="ParseWrt"/> read.</summary>
    private Expression? _wrtTarget;

    /// <summary><paramref name="value"/> with the target of an invalid WRT, which evaluation reports as nasm does.</summary>
    private Expression WithWrtTarget(Expression? value) => new WrtTargetExpression(value ?? new NumberExpression(0), _wrtTarget!);

    private Operand ParseMemory()
    {
        _position++; // [
        var operand = new Operand { Kind = OperandKind.Memory };
        while (Current.Kind == TokenKind.Identifier)
        {
            string word = CurrentWordFacts.Lower;
            int s = word == "long" ? 4 : Keywords.SizeOf(word);
            if (s is 1 or 2 or 4 or 8 && Peek().Kind != TokenKind.Colon) { operand.DisplacementSize = s; _position++; continue; }
            if (word == "rel") { operand.RipRelative = operand.RelWritten = true; _position++; continue; }
            if (word == "abs") { operand.RipRelative = false; _position++; continue; }
            if (word == "nosplit") { operand.NoSplit = true; _position++; continue; }
            if (word is "a16" or "a32" or "a64")
            {
                // One address size per instruction, as nasm's prefix slot: the first (a prefix's or an operand's) stands.
                int size = word == "a16" ? 16 : word == "a32" ? 32 : 64;
                if (_addressSizeTaken != 0 && _addressSizeTaken != size) diagnostics.Error(_location, "conflicting address size specifications");
                else (operand.AddressSize, _addressSizeTaken) = (size, size);
                _position++;
                continue;
            }
            // nasm's other size, special and prefix words (tword, strict, far, to, rep, o16, times, ...) are refused here,
            // and the address read on (xword is no word of nasm's).
            if (Keywords.IsExpressionKeyword(word) && word != "wrt" && Peek().Kind != TokenKind.Colon)
            {
                diagnostics.Error(_location, "invalid size specification in effective address");
                _position++;
                continue;
            }
            if (Peek().Kind == TokenKind.Colon && Registers.TryGet(word, out var seg) && seg.IsSegmentRegister())
            {
                operand.SegmentOverride = seg;
                _position += 2;
                continue;
            }
            break;
        }
        bool simple = TrySimpleAddress(out var simpleDisplacement);
        Expression? expression = null;
        if (!simple)
        {
            var parser = ExpressionAt(allowRegisters: true);
            expression = parser.Parse();
            _position = parser.Position;
        }
        operand.Wrt = ParseWrt();
        Expression? mibIndex = null;
        if (Current.Kind == TokenKind.Comma)
        {
            _position++;
            var parser = ExpressionAt(allowRegisters: true);
            mibIndex = parser.Parse();
            _position = parser.Position;
        }
        if (Current.Kind != TokenKind.RightBracket) throw new SyntaxException("expecting ] at end of memory operand");
        _position++;
        if (simple) PlaceAddress(simpleDisplacement, operand);
        else SplitAddress(expression!, operand);
        if (mibIndex is not null) PlaceMibIndex(mibIndex, operand);
        if (operand.Wrt == WrtKind.Invalid) operand.Value = WithWrtTarget(operand.Value);
        return operand;
    }

    /// <summary>
    /// The address terms and displacement of the commonest memory references without the expression parser: registers,
    /// numbers, symbols and number*register or register*number joined by + (and - before a number or symbol) up to the `]'
    /// (such as rbx+8*rcx+16, r9-128 or rel d_4+8). They are what <see cref="Linearize"/> makes of the parsed expression, the displacement
    /// the same tree of the same numbers and symbols, with the parser's side effects (<see cref="PlainTerm"/>). False for
    /// anything else, which the expression parser reads again from the start. Parsing and splitting an address cost
    /// ≈1,900 instructions and an expression tree per memory operand (g100k: −54 M instructions, a quarter of it in
    /// collections).
    /// </summary>
    private bool TrySimpleAddress(out Expression? displacement)
    {
        displacement = null;
        var tokens = CollectionsMarshal.AsSpan(_tokens);
        var terms = _addressTerms;
        terms.Clear();
        int p = _position;
        bool subtract = false;
        for (int count = 0; count < MaxSimpleTerms; count++)
        {
            ref readonly var token = ref tokens[p];
            if (token.Kind == TokenKind.End) return false;
            bool star = tokens[p + 1].Kind == TokenKind.Star;
            if (!star && PlainTerm(token) is { } term)
            {
                displacement = Combine(displacement, term, subtract ? BinaryOperator.Subtract : BinaryOperator.Add);
                p++;
            }
            else
            {
                // A register, alone or scaled by a number written on either side of the `*'; never subtracted.
                if (subtract) return false;
                ref readonly var word = ref token.Kind == TokenKind.Number ? ref tokens[p + 2] : ref token;
                if (word.Kind != TokenKind.Identifier) return false;
                ref readonly var named = ref _words[(int)word.Integer];
                var register = named.Register;
                if (register == Register.None || named.Text[0] == '$') return false;
                long scale = 1;
                if (star)
                {
                    ref readonly var number = ref token.Kind == TokenKind.Number ? ref token : ref tokens[p + 2];
                    if (number.Kind != TokenKind.Number) return false;
                    scale = number.Integer;
                }
                terms.Add(new AddressTerm(register, scale, star));
                _lastWord = (int)word.Integer;
                p += star ? 3 : 1;
            }
            var next = tokens[p].Kind;
            if (next == TokenKind.RightBracket)
            {
                _position = p;
                return true;
            }
            if (next is not (TokenKind.Plus or TokenKind.Minus)) return false;
            subtract = next == TokenKind.Minus;
            p++;
        }
        return false;
    }

    private const int MaxSimpleTerms = 8;

    /// <summary>
    /// The expression the expression parser makes of <paramref name="token"/> alone, a number or a plain symbol (no
    /// register, $name, seg or __?name?__ function), with the same side effects (the word read last, a local label's
    /// qualification); null for any other token.
    /// </summary>
    private Expression? PlainTerm(in Token token)
    {
        if (token.Kind == TokenKind.Number) return (_expressionParser ??= ExpressionAt(allowRegisters: false)).SharedNumber(token.Integer);
        if (token.Kind != TokenKind.Identifier) return null;
        ref readonly var word = ref _words[(int)token.Integer];
        if (word.Register != Register.None || word.Text[0] == '$' || word.Text.StartsWith("__", StringComparison.Ordinal) || word.Lower == "seg"
            || Keywords.IsExpressionKeyword(word.Lower)) return null;
        _lastWord = (int)token.Integer;
        return new SymbolExpression(QualifyName(word.Text));
    }

    /// <summary>Sorts an effective-address expression into base, index*scale and displacement.</summary>
    private void SplitAddress(Expression expression, Operand operand)
    {
        var terms = _addressTerms;
        terms.Clear();
        PlaceAddress(Linearize(expression, 1, terms), operand);
    }

    /// <summary>The base, index*scale and displacement of an address from its terms (in <see cref="_addressTerms"/>) and
    /// <paramref name="displacement"/>.</summary>
    private void PlaceAddress(Expression? displacement, Operand operand)
    {
        var terms = _addressTerms;
        bool registersSummed = false;
        // nasm's hint names the first register written; once its terms cancel ([rcx-rcx+rbx+rax]) no register has it,
        // and the address is placed as a summed one.
        var hinted = terms.Count > 0 ? terms[0].Register : Register.None;
        // Merge repeated registers: [rax+rax*2] is rax*3. A register whose terms cancel ([rbx-rbx], [rax*2-rax]) is gone, as
        // in nasm's sums of terms, while one multiplied by 0 ([rcx*0]) still takes a register's place below.
        for (int i = 0; i < terms.Count; i++)
        {
            bool merged = false;
            for (int j = terms.Count - 1; j > i; j--)
                if (terms[j].Register == terms[i].Register)
                {
                    // A sum is no longer "multiplied" to nasm (its hint is EAH_SUMMED): [rax*2-rax+rbx] is base rax.
                    terms[i] = new AddressTerm(terms[i].Register, terms[i].Scale + terms[j].Scale, false);
                    terms.RemoveAt(j);
                    merged = true;
                }
            if (merged && terms[i].Scale == 0) terms.RemoveAt(i--);
            else registersSummed |= merged;
        }
        // nasm places the registers in the order of its register table (by name: [rcx*2+rbx*2+rax] is rax, rbx*2, rcx*2):
        // the first unscaled general register is the base, another register the index, and a further one is an error, a
        // register multiplied by 0 included ([rax+rbx+rcx*0] is too many registers, [rcx*2+rdx*0] two index registers,
        // [xmm1+rax+rbx] an impossible register); then those multiplied by 0 are dropped ([rax+rcx*0] is [rax]). With two
        // registers the order changes nothing.
        if (terms.Count > 1)
        {
            var placed = terms.Count == 2 ? terms : terms.OrderBy(t => t.Register, Comparer<Register>.Create(TableOrder)).ToList();
            bool hasBase = false, hasIndex = false;
            foreach (var term in placed)
            {
                if (term.Scale == 1 && !hasBase && term.Register.IsGPR()) hasBase = true;
                else if (!hasIndex) hasIndex = true;
                else throw new SyntaxException(!hasBase ? "invalid effective address: two index registers"
                    : term.Register.IsGPR() ? "invalid effective address: too many registers" : "invalid effective address: impossible register");
            }
        }
        // nasm keeps the scale in an int: past 32 bits only its low half counts ([rax*0x100000002] is [rax*2],
        // [rbx+rax*0x100000000] is [rbx]), and a scale that was not 1 still makes an index ([rax*0x100000001] is rax*1).
        for (int i = 0; i < terms.Count; i++)
            if (terms[i].Scale != (int)terms[i].Scale) terms[i] = new AddressTerm(terms[i].Register, (int)terms[i].Scale, terms[i].Multiplied, Wide: true);
        terms.RemoveAll(t => t.Scale == 0);
        var baseReg = Register.None;
        var index = Register.None;
        int scale = 1;
        bool invalid = false;
        if (terms.Count > 2) throw new SyntaxException("invalid effective address: too many registers");
        if (terms.Count == 1)
        {
            var (r, s, multiplied, wide) = terms[0];
            // A vector register can only be a (VSIB) index: [xmm7*1+disp] has no base; so is [nosplit eax*1], and
            // [eax*0x100000001] (nasm's index of scale 1 stays one when it was multiplied).
            // nosplit keeps esp/rsp*1 the base (no index can be) and does not stop [eax*3] being [eax+eax*2].
            // A summed address has no such hint: [nosplit rax*1+4+4] is base rax, [nosplit rax*2+4+4] is [rax+rax*1].
            bool indexAlone = !IsVectorRegister(r) && (s == 1 && multiplied && (operand.NoSplit || wide) && r is not (Register.ESP or Register.RSP)
                || s == 2 && operand.NoSplit);
            bool? summed = indexAlone ? Summed(registersSummed || hinted != r, displacement) : false;
            if (summed is null) operand.SummedBySymbols = true;
            if (s == 1 && (IsVectorRegister(r) || (indexAlone && summed != true))) { index = r; scale = 1; }
            else if (s == 1) baseReg = r;
            else if (s is 3 or 5 or 9 && !IsVectorRegister(r)) { baseReg = r; index = r; scale = (int)s - 1; }
            else if (s == 2 && (!operand.NoSplit || summed == true) && !IsVectorRegister(r)) { baseReg = r; index = r; scale = 1; }
            else if (s is 2 or 4 or 8) { index = r; scale = (int)s; }
            else invalid = true;
            if (invalid) (baseReg, index, scale) = StandIn(r);
        }
        else if (terms.Count == 2)
        {
            var (r0, s0, m0, w0) = terms[0];
            var (r1, s1, _, w1) = terms[1];
            if (s0 != 1 && s1 != 1) throw new SyntaxException("invalid effective address: two index registers");
            // The first register written with `*` is the index, even as *1 ([rbp*1+rax] is base rax, index rbp).
            if (s0 != 1 || (s1 == 1 && (IsVectorRegister(r0) || m0))) { (r0, s0, r1, s1) = (r1, s1, r0, s0); }
            baseReg = r0;
            index = r1;
            scale = (int)s1;
            // A summed address takes no hint from the order written: of two unscaled general registers the first in nasm's
            // register table is the base ([rbp+rax+4+4] and [rbx+rax+(4+4)] are base rax; esp/rsp is the base anyway).
            // A lone number or symbol (most displacements) never sums: nothing more is looked at then.
            bool noHint = registersSummed || (hinted != baseReg && hinted != index);
            if (scale == 1 && (noHint || NasmSummedHint.MaySum(displacement)) && !w0 && !w1 && baseReg.IsGPR() && index.IsGPR()
                && baseReg is not (Register.ESP or Register.RSP) && index is not (Register.ESP or Register.RSP) && TableOrder(index, baseReg) < 0)
            {
                bool? summed = Summed(noHint, displacement);
                if (summed == true) (baseReg, index) = (index, baseReg);
                else if (summed is null) operand.SummedBySymbols = true;
            }
            // esp/rsp cannot be an index; NASM swaps an unscaled pair to make it the base.
            if (scale == 1 && (index == Register.RSP || index == Register.ESP) ) (baseReg, index) = (index, baseReg);
            if (scale is not (1 or 2 or 4 or 8)) (scale, invalid) = (1, true);
        }
        // esp/rsp scaled, or twice ([esp*2], [esp+esp]), is no index either.
        if (index is Register.ESP or Register.RSP)
        {
            (baseReg, index, scale) = StandIn(index);
            invalid = true;
        }
        // Any other register ([rax+cr0], [k1], [es], [st0]) is nasm's index, and its process_ea refuses the address once a
        // form matched: the address without it stands in, so that an r/m form still matches.
        if (!AddressRegister(baseReg) || !AddressRegister(index))
        {
            if (!AddressRegister(baseReg)) baseReg = Register.None;
            if (!AddressRegister(index)) (index, scale) = (Register.None, 1);
            invalid = true;
        }
        operand.InvalidAddress = invalid;
        operand.Base = baseReg;
        operand.Index = index;
        operand.Scale = scale;
        operand.Value = displacement;
    }

    /// <summary>
    /// nasm's mib form [base+disp, index*scale] (bndldx's, and any address's): the first part may have no index and the
    /// second is one register and nothing else ("invalid mib expression"). The base stays the one written and a lone
    /// index an index (nasm's hints), though an index*2 without a base is split as ever ([8,rbx*2] is [rbx+rbx+8]).
    /// </summary>
    private void PlaceMibIndex(Expression part, Operand operand)
    {
        if (operand.Index != Register.None) throw new SyntaxException("invalid mib expression");
        var terms = _addressTerms;
        terms.Clear();
        var rest = Linearize(part, 1, terms);
        var index = Register.None;
        long scale = 0;
        foreach (var term in terms)
        {
            if (index != Register.None && term.Register != index)
                throw new SyntaxException(scale != 1 && term.Scale != 1 ? "invalid effective address: two index registers" : "invalid mib expression");
            (index, scale) = (term.Register, scale + term.Scale);
        }
        if (rest is not null && rest.Constant != 0) throw new SyntaxException("invalid mib expression");
        int s = (int)scale;
        if (index == Register.None || s == 0) return;
        var baseReg = operand.Base;
        if (baseReg == Register.None && s is 2 or 3 or 5 or 9 && !operand.NoSplit && index is not (Register.ESP or Register.RSP))
            (baseReg, s) = (index, s - 1);
        // esp/rsp cannot be an index: as *1 nasm makes it the base.
        if (s == 1 && index is Register.ESP or Register.RSP) (baseReg, index) = (index, baseReg);
        operand.InvalidAddress |= index is Register.ESP or Register.RSP || s is not (1 or 2 or 4 or 8);
        if (operand.InvalidAddress) (baseReg, index, s) = baseReg != Register.None ? (baseReg, Register.None, 1) : StandIn(index);
        (operand.Base, operand.Index, operand.Scale) = (baseReg, index, s);
    }

    /// <summary>nasm's EAH_SUMMED hint for an address: its registers summed, or its displacement (null when symbol values
    /// decide, which the encoder does: <see cref="Operand.SummedBySymbols"/>).</summary>
    private static bool? Summed(bool registersSummed, Expression? displacement) =>
        registersSummed ? true : NasmSummedHint.MaySum(displacement) ? NasmSummedHint.Sums(displacement!, evaluate: null) : false;

    /// <summary>The order of nasm's register table, by name ([rcx*2+rbx*2+rax] is rax, rbx*2, rcx*2; r10 before r8).</summary>
    private static int TableOrder(Register a, Register b) => string.Compare(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    /// <summary>For an address nasm's process_ea refuses (an impossible scale, esp/rsp as an index): <paramref name="r"/>
    /// alone, as a base (a vector register as an unscaled index), so that the instruction matches its forms as nasm's does
    /// before the encoder gives nasm's "invalid N-bit effective address" (<see cref="Operand.InvalidAddress"/>).</summary>
    private static (Register Base, Register Index, int Scale) StandIn(Register r) =>
        IsVectorRegister(r) ? (Register.None, r, 1) : (r, Register.None, 1);

    /// <summary>The register terms of the memory reference being split (one list for every line).</summary>
    private readonly List<AddressTerm> _addressTerms = new(4);

    /// <summary>A register an effective address can hold (or none).</summary>
    private static bool AddressRegister(Register r) => r == Register.None || r.IsGPR() || IsVectorRegister(r) || r is Register.RIP or Register.EIP;

    private static bool IsVectorRegister(Register r) => r.IsXMM() || r.IsYMM() || r.IsZMM();

    /// <summary>Collects register*scale terms, returning what is left (the displacement) or null.</summary>
    /// <summary><paramref name="Wide"/>: the scale was cut to 32 bits (<see cref="PlaceAddress"/>).</summary>
    private readonly record struct AddressTerm(Register Register, long Scale, bool Multiplied, bool Wide = false);

    private static Expression? Linearize(Expression e, long factor, List<AddressTerm> terms)
    {
        switch (e)
        {
            case RegisterExpression r:
                terms.Add(new AddressTerm(r.Register, factor, false));
                return null;
            case BinaryExpression { Operator: BinaryOperator.Add } b:
                return Combine(Linearize(b.Left, factor, terms), Linearize(b.Right, factor, terms), BinaryOperator.Add);
            case BinaryExpression { Operator: BinaryOperator.Subtract } b:
                {
                    // A register subtracted is a negative term: cancelled by another ([rbx-rbx]), or nasm's invalid address.
                    var left = Linearize(b.Left, factor, terms);
                    var right = Linearize(b.Right, -factor, terms);
                    return Combine(left, right, BinaryOperator.Subtract);
                }
            case BinaryExpression { Operator: BinaryOperator.Multiply } b when ContainsRegister(b.Left) || ContainsRegister(b.Right):
                {
                    var (regPart, constPart) = ContainsRegister(b.Left) ? (b.Left, b.Right) : (b.Right, b.Left);
                    if (ContainsRegister(constPart) || constPart.Constant is not { } k)
                        throw new SyntaxException("invalid effective address: scale must be a constant");
                    int first = terms.Count;
                    var rest = Linearize(regPart, factor * k, terms);
                    for (int i = first; i < terms.Count; i++) terms[i] = terms[i] with { Multiplied = true };
                    return rest is null ? null : new BinaryExpression(BinaryOperator.Multiply, rest, new NumberExpression(k));
                }
            case UnaryExpression { Operator: UnaryOperator.Plus } u:
                return Linearize(u.Operand, factor, terms);
            // A negated register is a negative term as a subtracted one ([rax - -rbx] is [rax+rbx], [-rax] nasm's invalid address).
            case UnaryExpression { Operator: UnaryOperator.Negate } u when ContainsRegister(u.Operand):
                {
                    var rest = Linearize(u.Operand, -factor, terms);
                    return rest is null ? null : new UnaryExpression(UnaryOperator.Negate, rest);
                }
            // nasm's SEG of a register is its segment_part of a value with no segment ([seg rax], [seg+rax]).
            case UnaryExpression { Operator: UnaryOperator.Seg } u when ContainsRegister(u.Operand):
                throw new SyntaxException("cannot apply SEG to a non-relocatable value");
            default:
                if (ContainsRegister(e)) throw new SyntaxException("invalid effective address");
                return e;
        }
    }

    private static Expression? Combine(Expression? left, Expression? right, BinaryOperator op) =>
        left is null ? (right is null ? null : op == BinaryOperator.Subtract ? new UnaryExpression(UnaryOperator.Negate, right) : right)
        : right is null ? left
        : new BinaryExpression(op, left, right);

    private static bool ContainsRegister(Expression e) => e switch
    {
        RegisterExpression => true,
        BinaryExpression b => ContainsRegister(b.Left) || ContainsRegister(b.Right),
        UnaryExpression u => ContainsRegister(u.Operand),
        ConditionalExpression c => ContainsRegister(c.Condition) || ContainsRegister(c.WhenTrue) || ContainsRegister(c.WhenFalse),
        _ => false,
    };

    /// <summary>The decorators after an operand (<paramref name="alone"/>: written as an operand of their own, `, {rn-sae}').
    /// A group nasm's scanner refuses is its message, then the parser's for where it stands. As nasm's parse_braces takes
    /// them: after an operand an opmask, {z} and {1toN} (a second opmask replaces the first, with an error); rounding and
    /// {sae} only as an operand of their own, which must start with one; a decorator out of place is an error and ignored.</summary>
    private void ParseDecorators(Operand operand, bool alone = false)
    {
        bool any = false;
        while (Current.Kind == TokenKind.LeftBrace)
        {
            if (BraceMessage(_chars.Span, Current.Start) is { } refused)
            {
                diagnostics.Error(_location, refused);
                throw new SyntaxException(alone ? (any ? "comma, colon, decorator or end of line expected after operand" : "expression syntax error")
                    : any ? "only a series of valid decorators expected" : "comma, colon, decorator or end of line expected after operand");
            }
            bool first = !any;
            any = true;
            _position++;
            // Gather the decorator text up to the closing brace ({rn-sae} lexes as rn - sae).
            int from = Current.Start;
            while (Current.Kind is not (TokenKind.RightBrace or TokenKind.End)) _position++;
            if (Current.Kind != TokenKind.RightBrace) throw new SyntaxException("expecting `}'");
            string written = _chars.Span[from..Current.Start].ToString();
            _position++;
            string text = written.ToLowerInvariant();
            var rounding = text switch
            {
                "sae" => RoundingControl.None,
                "rn-sae" => RoundingControl.RoundToNearest,
                "rd-sae" => RoundingControl.RoundDown,
                "ru-sae" => RoundingControl.RoundUp,
                "rz-sae" => RoundingControl.RoundTowardZero,
                _ => (RoundingControl?)null,
            };
            if (alone && first && rounding is null)
            {
                // An opmask is no decorator token to nasm's operand loop but a register in braces (no expression).
                if (text is ['k', >= '0' and <= '7']) throw new SyntaxException("expression syntax error");
                diagnostics.Error(_location, "invalid decorator");
                continue;
            }
            if (rounding is { } mode)
            {
                if (!(alone && first))
                {
                    diagnostics.Error(_location, $"{{{written}}} is not an expected decorator");
                    continue;
                }
                operand.Rounding = mode;
                operand.SuppressAllExceptions = true;
                // Decorators after it belong to the rounding operand, which nasm then drops: checked, not applied.
                operand = new Operand { Kind = OperandKind.Register };
            }
            else if (text == "z") operand.Zeroing = true;
            else if (text is ['k', >= '0' and <= '7'])
            {
                if (operand.OpMask != Register.None) diagnostics.Error(_location, $"opmask k{operand.OpMask - Register.K0} is already set");
                operand.OpMask = Register.K0 + (text[1] - '0');
            }
            else if (text.StartsWith("1to", StringComparison.Ordinal) && int.TryParse(text.AsSpan(3), out int n)) operand.Broadcast = n;
            else throw new SyntaxException($"`{text}' is not a valid decorator with braces");
        }
    }

    /// <summary>Past the brace group at the current token as nasm's scanner reads it (up to the first `}', or the end of the
    /// line), reporting its message for a group that is no decorator.</summary>
    private void SkipBraceToken()
    {
        if (BraceMessage(_chars.Span, Current.Start) is { } brace) diagnostics.Error(_location, brace);
        while (Current.Kind is not (TokenKind.RightBrace or TokenKind.End)) _position++;
        if (Current.Kind == TokenKind.RightBrace) _position++;
    }

    private Statement ParseData(int unit)
    {
        var items = _dataItems;
        items.Clear();
        while (true)
        {
            var token = Current;
            // nasm's data loop ends at a `)' (its end of a DUP list) where an operand starts: db ) 1 is empty, db 1, ) 2 is 01.
            if (token.Kind is TokenKind.End or TokenKind.RightParen) break;
            if (token.Kind == TokenKind.String && Peek().Kind is TokenKind.Comma or TokenKind.End or TokenKind.RightParen)
            {
                items.Add(new DataItem(DataItemKind.String, Bytes: token.Bytes));
                _position++;
            }
            else if (token.Kind == TokenKind.Question && Peek().Kind is TokenKind.Comma or TokenKind.End or TokenKind.RightParen)
            {
                items.Add(new DataItem(DataItemKind.Uninitialized));
                _position++;
            }
            else if (token.Kind == TokenKind.Float && Peek().Kind is TokenKind.Comma or TokenKind.End or TokenKind.RightParen)
            {
                items.Add(new DataItem(DataItemKind.Float, FloatText: TextOf(token)));
                _position++;
            }
            else if (token.Kind is TokenKind.Minus or TokenKind.Plus && Peek().Kind == TokenKind.Float && Peek(2).Kind is TokenKind.Comma or TokenKind.End or TokenKind.RightParen)
            {
                items.Add(new DataItem(DataItemKind.Float, FloatText: TextOf(token) + TextOf(Peek())));
                _position += 2;
            }
            else if (token.Kind == TokenKind.Float || (token.Kind is TokenKind.Minus or TokenKind.Plus && Peek().Kind == TokenKind.Float))
            {
                // NASM takes a float as a whole data item: `dd 1.5 + 1' stops after 1.5.
                throw new SyntaxException("comma expected after operand");
            }
            else
            {
                var value = ParseDecoratedExpression(out bool decorated);
                if (decorated) throw new SyntaxException("expression is not simple or relocatable");
                var wrt = ParseWrt();
                items.Add(new DataItem(DataItemKind.Expression, wrt == WrtKind.Invalid ? WithWrtTarget(value) : value, Wrt: wrt));
                // nasm drops one stray token after an expression (db 1 2 is 01, db "a" 2 is 61); a second is its error.
                // A brace group is one token to nasm's scanner (to the first `}'), which reports one it refuses: db 1 {z}
                // is 01, db 1{b} an error of the scanner's alone.
                if (Current.Kind == TokenKind.LeftBrace) SkipBraceToken();
                else if (Current.Kind is not (TokenKind.Comma or TokenKind.End or TokenKind.RightParen)) _position++;
            }
            // nasm's parse_eops ends at the end of the line after a comma too (db 1, is 01).
            if (Current.Kind == TokenKind.Comma && Peek().Kind == TokenKind.End) break;
            if (Current.Kind == TokenKind.Comma) { _position++; continue; }
            // A `)' after an operand ends the list too (db 1 ) 2 and db 1 2 ) 3 are 01).
            if (Current.Kind is TokenKind.End or TokenKind.RightParen) break;
            // nasm's words exactly (dd foo(1) is "comma expected after operand").
            throw new SyntaxException("comma expected after operand");
        }
        if (items.Count == 0)
        {
            // nasm: nothing to emit, and a warning (from the parser, in every pass).
            diagnostics.Warning(_location, "no operand for data declaration [-w+db-empty]");
            return new DataStatement(unit, []) { Location = _location };
        }
        // Kept at its exact length (most data lines have one item).
        return new DataStatement(unit, new List<DataItem>(items)) { Location = _location };
    }

    private readonly List<DataItem> _dataItems = new(8);

    private Statement ParseIncbin()
    {
        if (Current.Kind != TokenKind.String) throw new SyntaxException("`incbin' expects a file name");
        string path = System.Text.Encoding.UTF8.GetString(Current.Bytes!);
        _position++;
        Expression? offset = null, length = null;
        if (Current.Kind == TokenKind.Comma) { _position++; offset = ParseExpression(); }
        if (Current.Kind == TokenKind.Comma) { _position++; length = ParseExpression(); }
        ExpectEnd();
        return new IncbinStatement(path, offset, length) { Location = _location };
    }

    private void ParseDirective(string word)
    {
        string name = word.ToLowerInvariant();
        if (!_rawDirective) _uniqueCounter++;   // user-level directives are standard macros in NASM
        if (TryParseStruc(name)) return;
        _position++;
        int argumentStart = Current.Start;
        string arguments = argumentStart < _chars.Length ? Line[argumentStart..].Trim() : "";
        int semicolon = IndexOfComment(arguments);
        if (semicolon >= 0) arguments = arguments[..semicolon].TrimEnd();
        object? parsed = null;
        switch (name)
        {
            case "section" or "segment":
                {
                    string[] parts = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 0) throw new SyntaxException("`section' needs a name");
                    parsed = new SectionDirective(parts[0], parts[1..]);
                    name = "section";
                    break;
                }
            case "use16" or "use32" or "use64" when arguments.Length > 0:
                ExpectNoParameters();
                break;
            case "use16": name = "bits"; arguments = "16"; break;
            case "use32": name = "bits"; arguments = "32"; break;
            case "use64": name = "bits"; arguments = "64"; break;
            // [sectalign] without a value does nothing; [org] without one is also the org directive's own error.
            case "sectalign" when arguments.Length == 0:
                return;
            case "org" when arguments.Length == 0:
                diagnostics.Error(_location, "expression syntax error");
                throw new SyntaxException("No or invalid offset specified in ORG directive.");
            // nasm evaluates the value and ignores what follows it (`org 5 x', `absolute 5, 6'); a value that does not
            // parse is also the org directive's own error.
            case "org":
                parsed = ParseOrigin();
                break;
            case "absolute" or "sectalign":
                parsed = ParseExpression();
                break;
            case "global" or "extern" or "common" or "static" or "required":
                // Names declared here may be local labels too: qualify each one.
                parsed = QualifyDeclarations(name, arguments);
                break;
        }
        var directive = new DirectiveStatement(name, arguments) { Location = _location, Parsed = parsed };
        if (!_rawDirective && name is "section" or "absolute") _lastUserSection = directive;
        Add(directive);
    }

    private List<string> QualifyDeclarations(string directive, string arguments)
    {
        var names = new List<string>();
        // The standard macro declares each name in turn (an empty one is an error), the raw [global …] one name.
        string[] items = _rawDirective ? [arguments] : arguments.Split(',', StringSplitOptions.TrimEntries);
        foreach (string written in items)
        {
            // The standard macro passes {name} as name.
            string item = written.Length > 2 && written[0] == '{' && written[^1] == '}' ? written[1..^1].Trim() : written;
            // nasm's check of each declaration: a name (up to `:' or a space), then `:special' right after it (common's size
            // follows a space).
            int end = item.AsSpan().IndexOfAny(':', ' ', '\t');
            var nameChars = item.AsSpan(0, end < 0 ? item.Length : end);
            if (nameChars.Length > 1 && nameChars[0] == '$') nameChars = nameChars[1..];
            if (nameChars.Length == 0 || !(char.IsAsciiLetter(nameChars[0]) || nameChars[0] is '_' or '.' or '?' or '@' or '$')
                || nameChars.IndexOfAnyExcept(IdentifierCharacters) >= 0)
                throw new SyntaxException($"identifier expected after {directive}, got `{(item.Length > 1 && item[0] == '$' ? item[1..] : item)}'");
            if (end >= 0 && item[end] != ':' && directive != "common") throw new SyntaxException($"invalid syntax in {directive} declaration");
            int colon = item.IndexOf(':');
            string nameText = colon < 0 ? item : item[..colon];
            string rest = colon < 0 ? "" : item[colon..];
            nameText = nameText.Trim();
            if (nameText.StartsWith('$')) nameText = nameText[1..];
            names.Add(QualifyName(nameText) + rest);
        }
        return names;
    }

    private static readonly System.Buffers.SearchValues<char> IdentifierCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.?@$#~");

    private static int IndexOfComment(string text)
    {
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"' or '`') quote = c;
            else if (c == ';') return i;
        }
        return -1;
    }

    private Expression ParseExpression()
    {
        // A number or symbol alone (most immediates and branch targets): the expression parser's result without its
        // descent through the operator levels (g100k: −4 M instructions).
        var tokens = CollectionsMarshal.AsSpan(_tokens);
        if (tokens[_position].Kind is TokenKind.Number or TokenKind.Identifier && tokens[_position + 1].Kind is TokenKind.Comma or TokenKind.End
            && PlainTerm(tokens[_position]) is { } term)
        {
            _position++;
            return term;
        }
        var parser = ExpressionAt(allowRegisters: false);
        var e = parser.Parse();
        _position = parser.Position;
        return e;
    }

    /// <summary>An expression of data or times, where a decorator is a term (<see cref="ExpressionParser.DecoratorTerms"/>).</summary>
    private Expression ParseDecoratedExpression(out bool decorated)
    {
        var parser = ExpressionAt(allowRegisters: false);
        parser.DecoratorTerms = true;
        var e = parser.Parse();
        _position = parser.Position;
        decorated = parser.SawDecorator;
        return e;
    }

    private ExpressionParser? _expressionParser;
    private Func<Register>? _lastWordRegister;

    /// <summary>The expression parser, restarted at the current token (no expression parse is nested in another's).</summary>
    private ExpressionParser ExpressionAt(bool allowRegisters)
    {
        var parser = _expressionParser ??= new ExpressionParser("", _tokens, _position, Qualifier) { Word = WordOf, LastWordRegister = _lastWordRegister ??= () => LastWord.Register, Numbers = _numbers };
        parser.Restart(_chars, _tokens, _position, allowRegisters);
        return parser;
    }

    /// <summary>After use16…, endstruc or iend: nasm's standard macro takes no parameters, so a line with some is no call
    /// of it (the preprocessor warns); nasm's parser reads the word as a label and finds no instruction after it, its
    /// scanner reading a brace group there first (`iend {a}').</summary>
    private void ExpectNoParameters()
    {
        if (Current.Kind == TokenKind.End) return;
        if (Current.Kind == TokenKind.LeftBrace && BraceAtLineStartMessage() is { } brace) diagnostics.Error(_location, brace);
        throw new SyntaxException("parser: instruction expected");
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.End)
            throw new SyntaxException("parser: instruction expected");
    }

    /// <summary>Whether an identifier just interned (<see cref="LastWord"/>, or <see cref="CurrentWordFacts"/>) starts a
    /// statement rather than naming a label: a segment register does unless a colon follows the current token.</summary>
    private bool IsReservedWord(in Word word) =>
        word.Reserved || (word.Register.IsSegmentRegister() && Peek().Kind != TokenKind.Colon);

    // The keyword tables take the word lowered once (each lowers it again, which copies nothing then): a label with
    // a capital (.Lret) made four copies of its name per definition.
    private static bool IsReservedWithoutRegisters(string word, string lower) =>
        InstructionTable.IsMnemonic(word) || Keywords.Prefix(lower) != PrefixFlags.None || Keywords.DataUnit(lower) > 0
        || Keywords.ReserveUnit(lower) > 0 || Keywords.IsDirective(lower)
        || word.Equals("times", StringComparison.OrdinalIgnoreCase) || word.Equals("incbin", StringComparison.OrdinalIgnoreCase)
        || word.Equals("align", StringComparison.OrdinalIgnoreCase) || word.Equals("alignb", StringComparison.OrdinalIgnoreCase)
        || word == SmartAlignWord;

    /// <summary>A label being defined: local names get their parent's prefix; others become the parent.</summary>
    private string DefineLabelName(string raw)
    {
        string name = raw[0] == '$' ? raw[1..] : raw;
        // ..start and friends belong to other output formats (obj); ..@x is an ordinary label.
        if (name.StartsWith("..", StringComparison.Ordinal) && !name.StartsWith("..@", StringComparison.Ordinal))
            throw new SyntaxException($"unrecognised special symbol `{name}'");
        string full = QualifyName(name);
        if (!name.StartsWith('.')) _parentLabel = name;
        return full;
    }

    /// <summary>.x under the last non-local label becomes parent.x; ..@x and ..start stay as they are.</summary>
    public string QualifyName(string name)
    {
        if (name.Length <= 1 || name[0] != '.' || name[1] == '.') return name;
        _qualifiedLocal = true;
        // A function's local labels are named again and again (its definitions and every branch to them): one string each.
        if (!ReferenceEquals(_qualifiedParent, _parentLabel))
        {
            _qualified.Clear();
            _qualifiedParent = _parentLabel;
        }
        if (!_qualified.TryGetValue(name, out string? full))
        {
            full = _parentLabel + name;
            if (_qualified.Count < 4096) _qualified.Add(name, full);
        }
        return full;
    }

    /// <summary>The full names of local labels under <see cref="_qualifiedParent"/>, by their local name.</summary>
    private readonly Dictionary<string, string> _qualified = new(StringComparer.Ordinal);
    private string? _qualifiedParent;
}

/// <summary>Valid NASM that nas64 does not assemble yet: reported as "not supported yet: …".</summary>
public sealed class NotSupportedYetException(string what) : Exception($"not supported yet: {what}");
