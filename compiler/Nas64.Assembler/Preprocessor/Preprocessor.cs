using System.Text;
using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// NASM's preprocessor as a stream over lines: each source line is tokenized once, directives act on
/// the macro tables and the frame stack (files, macro calls, %rep bodies), and every other line is
/// expanded (single-line macros, pasting) and either starts a multi-line macro call or goes to the parser.
/// </summary>
public sealed partial class Preprocessor
{
    private readonly AssemblerOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private List<PreprocessedLine> _pending = [];
    private readonly List<string> _dependencies = [];
    private readonly StringPool _pool = new();
    private readonly StringBuilder _text = new(256);
    private char[] _buffer = new char[256];
    private Frame? _frame;
    private Definition? _defining;
    private long _unique;
    private bool _stopped;
    private int _macroDepth;
    private long _activeArgumentSize;   // of the active multi-line macro calls (--limit-macro-args)
    private long _linesRead;
    private SourceLocation _end;   // the line after the source's last

    /// <summary>True when a --limit-X stopped the preprocessor (the lines so far are incomplete).</summary>
    public bool LimitExceeded { get; private set; }

    public Preprocessor(AssemblerOptions options, DiagnosticBag diagnostics)
    {
        TokenTexts.Enter();
        _options = options;
        _diagnostics = diagnostics;
        _bits = options.DefaultBits;
        _expressionLookup = _expressionValues.GetAlternateLookup<ReadOnlySpan<char>>();
        DefineStandardMacros();
    }

    /// <summary>Files read by %include and named by %depend, in order (for -M).</summary>
    public IReadOnlyList<string> Dependencies => _dependencies;

    /// <summary>Preprocesses a whole source into text, one output line per parser line (nasm -E).</summary>
    public static string PreprocessToText(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics) =>
        System.Text.Encoding.UTF8.GetString(PreprocessToUtf8(sourcePath, source, options, diagnostics).Span);

    /// <summary><see cref="PreprocessToText"/> as UTF-8 bytes, written as the lines come (-E output is several times
    /// the source: no string of it all, no copy from string to bytes).</summary>
    public static ReadOnlyMemory<byte> PreprocessToUtf8(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics)
    {
        // Room for expansion (gen_macro's output, with nasm's %line markers, is 10 times its source); the pages past the end are never touched.
        var preprocessor = new Preprocessor(options, diagnostics) { _sink = new TextSink(new Utf8Output(source.Length * 12L + 4096)) };
        foreach (var line in preprocessor.Run(sourcePath, source)) preprocessor._sink.Write(line.Text, line.Location.File, line.Location.Line);
        return preprocessor._sink.Output.Written;
    }

    /// <summary>-E output as nasm writes it (nasm.c's preprocess-only loop): a line goes out as it is when it is where
    /// the line before leads (the next line, or with increment 0 the same one); one skipped line becomes an empty line;
    /// otherwise a <c>%line N+I file</c> marker comes first. The increment drops to 0 when a line repeats the line
    /// before's place (several lines of one .nolist macro call, a %rep body's lines) and comes back to 1 only when a
    /// line follows the line before's place, or the file changes.</summary>
    private sealed class TextSink(Utf8Output output)
    {
        private string? _file;
        private int _next;        // where the next line is expected; -1 after a change of file (a marker is due)
        private int _increment;

        public Utf8Output Output => output;

        /// <summary>Writes a line that nasm places at <paramref name="file"/>:<paramref name="line"/>.</summary>
        public void Write(ReadOnlySpan<char> text, string file, int line)
        {
            if (_file is null || !ReferenceEquals(file, _file) && file != _file)
            {
                _file = file;
                _next = -1;
                _increment = 1;
            }
            else if (_increment != 0)
            {
                if (_next + _increment == line)
                {
                    output.Append('\n');
                    _next += _increment;
                }
                else if (_next - _increment == line) _increment = 0;
            }
            else if (_next + 1 == line) _increment = 1;
            if (_next == -1 && text.IsEmpty) return;   // nasm -E drops the empty lines before a marker it writes anyway
            if (_next != line)
            {
                output.Append("%line ");
                output.Append(line);
                output.Append(_increment == 1 ? "+1 " : "+0 ");
                output.Append(file);
                output.Append('\n');
            }
            _next = line + _increment;
            output.Append(text);
            output.Append('\n');
        }
    }

    /// <summary>Writes an -E line at nasm's place for it: the body line of a macro or %rep, or for a .nolist
    /// macro's lines the line that called it (no expansion chain is made).</summary>
    private void SinkWrite(TextSink sink, ReadOnlySpan<char> text)
    {
        var at = _frame!;
        for (var f = at; f.Parent is { } parent; f = parent)
            if (f.CallName is not null && f.Call!.Macro.NoList) at = parent;
        sink.Write(text, at.CurrentFile, at.CurrentLine);
    }

    /// <summary>Set for -E: lines are written as text here instead of being handed out (no string per line).</summary>
    private TextSink? _sink;

    /// <summary>Hands one line on: to the -E text, or to the parser as a string, the same string for the same text
    /// (most macro output repeats; the parser shares the syntax of a line by its text), or a line that is not shared in
    /// <see cref="LineBuffers"/>.</summary>
    private void Output(ReadOnlySpan<char> text, SourceLocation location, long unique, int listingLine = -1)
    {
        if (_sink is { } sink)
        {
            if (_frame is null) sink.Write(text, location.File, location.Line);
            else SinkWrite(sink, text);
            return;
        }
        _pending.Add(new PreprocessedLine(InternLine(text), location, (int)unique) { ListingLine = listingLine });
    }

    /// <summary>Where the lines that are not shared are copied instead of into a string each: set when the lines go to
    /// the parser on another thread (<see cref="PreprocessorPipeline"/>), which reads each one before giving its room back.</summary>
    internal LineBuffers? LineBuffers { get; init; }

    private readonly HashSet<string> _lines = new(StringComparer.Ordinal);
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lineLookup;

    /// <summary>The line as a string, shared with its earlier copies when it comes from a macro or %rep body. Lines of
    /// the file itself (a large generated file's would fill the set for little) and lines naming a macro call's or
    /// context's own <c>..@N</c> labels rarely repeat and are not kept.</summary>
    private ReadOnlyMemory<char> InternLine(ReadOnlySpan<char> text)
    {
        // Handed to the parser's thread, which reads a line only while it parses it and shares what it parsed by the text
        // (SharedLines), every line is a copy in the chunks: looking each macro line up in the set of lines cost 109 M
        // instructions on the preprocessor's thread on gen_macro 4000, the copy 25 M.
        if (LineBuffers is { } buffers) return buffers.Add(text);
        // Most lines have no '@': the search for it is cheaper than the one for "..@".
        if (_frame is not { Kind: not FrameKind.File } || (text.Contains('@') && text.IndexOf("..@") >= 0)) return text.ToString().AsMemory();
        if (_lines.Count == 0) _lineLookup = _lines.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!_lineLookup.TryGetValue(text, out string? line))
        {
            line = text.ToString();
            if (_lines.Count < 1 << 20) _lines.Add(line);
        }
        return line.AsMemory();
    }

    /// <summary>The files a source reads, for make dependencies (-M/-MD): pre-includes and %include files as opened,
    /// and %depend names, in first-use order without repeats and without the source itself (nasm -M's list after the source).</summary>
    public static IReadOnlyList<string> ListDependencies(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics)
    {
        var preprocessor = new Preprocessor(options, diagnostics);
        foreach (var _ in preprocessor.Run(sourcePath, source)) { }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string file in preprocessor.Dependencies)
            if (seen.Add(file)) result.Add(file);
        return result;
    }

    /// <summary>Runs the preprocessor over <paramref name="source"/>, yielding the lines for the parser.</summary>
    public IEnumerable<PreprocessedLine> Run(string sourcePath, string source)
    {
        foreach (var _ in RunInto(_pending, sourcePath, source))
        {
            for (int k = 0; k < _pending.Count; k++) yield return _pending[k];
            KeptSlots<PreprocessedLine>.Clear(_pending);
        }
    }

    /// <summary>Runs the preprocessor over <paramref name="source"/>, adding the lines for the parser to <paramref name="lines"/>
    /// (or the list <see cref="SetPending"/> gave since); yields after each source or body line that added some, the place
    /// where the list may be handed on. The pipeline takes its batches so, without a copy of each line through an iterator
    /// (each line copy costs write barriers: 53 M instructions for the two copies on gen_macro 4000).</summary>
    internal IEnumerable<bool> RunInto(List<PreprocessedLine> lines, string sourcePath, string source)
    {
        _pending = lines;
        PushFile(sourcePath, source);
        foreach (string name in _options.PreIncludes)
        {
            IncludeFile(name, new SourceLocation(sourcePath, 0));
            if (_frame!.Parent is not null) MarkNoList(_frame, noList: true);   // nasm lists -P files with -Lb only
        }
        ApplyCommandLineDefines();
        var tokens = new List<PpToken>(32);
        while (!_stopped && ReadLine(tokens, out var bodyLine))
        {
            if (++_linesRead > _options.Limits.Lines)
            {
                LimitExceeded = true;
                Error(CurrentLocation(), $"more than --limit-lines ({_options.Limits.Lines}) source lines processed (runaway %rep or macro?)");
                break;
            }
            int before = _pending.Count;
            ProcessLine(tokens, bodyLine);
            if (bodyLine is { FirstDirective.Directive: Directive.If or Directive.Elif or Directive.Else } && _defining is null && !Emitting && Listing is null) SkipBranch(bodyLine);
            if (_pending.Count > before) yield return true;
        }
        // nasm reports it at the line after the source's last.
        if (_defining is not null && !_stopped)
            Error(_end, _defining.Macro is null ? "end of file while still in %rep" : $"end of file while still defining macro `{_defining.Macro.Name}'");
        // The tokens are read no more: their texts may go (a preprocessor left unfinished keeps them; the pipeline lets
        // them go once the parser's thread has made its lines' texts).
        if (!_ended && TokenLines is null)
        {
            _ended = true;
            TokenTexts.Leave();
        }
    }

    private bool _ended;

    /// <summary>Where <see cref="RunInto"/> adds its lines from now on, and their tokens with <see cref="TokenLines"/>.</summary>
    internal void SetPending(List<PreprocessedLine> lines, TokenLines? tokenLines)
    {
        _pending = lines;
        TokenLines = tokenLines;
    }

    /// <summary>Set by the pipeline: the emitted lines are handed over as their tokens (the line in <see cref="_pending"/>
    /// without text), and the parser's thread makes the text as <see cref="LineText"/> would (<see cref="TokenLines.Text"/>),
    /// which took the preprocessor's thread about 150 M instructions on gen_macro 4000 with the copy into the line chunks.</summary>
    internal TokenLines? TokenLines { get; private set; }

    private void ApplyCommandLineDefines()
    {
        var at = new SourceLocation("command line", 0);
        foreach (string define in _options.Defines)
        {
            int eq = define.IndexOf('=');
            string name = eq < 0 ? define : define[..eq];
            var body = eq < 0 ? [] : PpLexer.Tokenize(define[(eq + 1)..]);
            if (name.Length == 0) { Error(at, "empty macro name in -D"); continue; }
            DefineSingle(name, null, false, body, caseInsensitive: false);
        }
        foreach (string name in _options.Undefines) Undefine(name);
    }

    private void PushFile(string file, string text)
    {
        _frame = new Frame
        {
            Kind = FrameKind.File,
            Parent = _frame,
            File = file,
            Text = text,
            ConditionDepth = _conditions.Count,
            FileConditionDepth = _conditions.Count,
        };
        MarkNoList(_frame, noList: false);
    }

    /// <summary>Reads the next raw line into <paramref name="tokens"/>; body lines come back as <paramref name="bodyLine"/>
    /// (their shared tokens are copied only when substitution changes them), and <paramref name="tokens"/> then keeps the
    /// line before's until <see cref="ProcessLine"/> overwrites it (<see cref="SetTokens"/>: no clearing of what is overwritten).</summary>
    private bool ReadLine(List<PpToken> tokens, out BodyLine? bodyLine)
    {
        bodyLine = null;
        while (_frame is { } f)
        {
            if (f.Kind == FrameKind.File)
            {
                if (f.Offset > f.Text.Length) { PopFrame(); continue; }
                f.LineNumber = f.NextLineNumber;
                KeptSlots<PpToken>.Clear(tokens);
                var span = ReadPhysicalSpan(f);
                f.NextLineNumber += f.LineIncrement;
                if (!span.EndsWith('\\') && Listing is null)
                {
                    // The common line: tokenized where it stands in the file's text.
                    PpLexer.Tokenize(span, tokens, _pool);
                    return true;
                }
                string line = span.ToString();
                // A backslash at the end of a line continues it on the next.
                while (line.EndsWith('\\') && f.Offset <= f.Text.Length)
                {
                    line = line[..^1] + ReadPhysicalLine(f);
                    f.NextLineNumber += f.LineIncrement;
                }
                ListReadLine(line, null);
                PpLexer.Tokenize(line, tokens, _pool);
                return true;
            }
            if (f.Index < f.Body!.Count)
            {
                bodyLine = f.Current = f.Body[f.Index++];
                if (Listing is not null) ListReadLine(null, bodyLine);   // the call alone cost 39 M on gen_macro 4000
                return true;
            }
            if (f.Kind == FrameKind.Rep && --f.RepeatsLeft > 0) { f.Index = 0; continue; }
            PopFrame();
        }
        return false;
    }

    private static string ReadPhysicalLine(Frame f) => ReadPhysicalSpan(f).ToString();

    private static ReadOnlySpan<char> ReadPhysicalSpan(Frame f)
    {
        int end = f.Text.IndexOf('\n', f.Offset);
        if (end < 0) end = f.Text.Length;
        int stop = end > f.Offset && f.Text[end - 1] == '\r' ? end - 1 : end;
        var line = f.Text.AsSpan(f.Offset, stop - f.Offset);
        f.Offset = end + 1;
        return line;
    }

    private void PopFrame()
    {
        var f = _frame!;
        if (f.Kind == FrameKind.File && _conditions.Count > f.ConditionDepth)
        {
            // nasm: fatal at the line after the last one.
            _diagnostics.Add(new Diagnostic(Severity.Fatal, new SourceLocation(f.File, f.LineNumber), "expected `%endif' before end of file"));
            _stopped = true;
            _conditions.RemoveRange(f.ConditionDepth, _conditions.Count - f.ConditionDepth);
        }
        if (f.Kind == FrameKind.Macro)
        {
            _macroDepth--;
            _activeArgumentSize -= f.Call!.ArgumentSize;
            f.Call.Macro.Active--;
        }
        _frame = f.Parent;
        if (f.Kind != FrameKind.File) ReleaseFrame(f);
        else if (_frame is null) _end = new SourceLocation(f.File, f.LineNumber + (f.Text.EndsWith('\n') ? 0 : 1));
    }

    private void ReleaseFrame(Frame f)
    {
        f.Reset();
        _framePool.Push(f);
    }

    private readonly Stack<Frame> _framePool = new();
    private readonly List<PpToken> _lineCopy = [];

    /// <summary>A macro or %rep frame on top of the current one, from the pool of ended ones when there is one.</summary>
    private Frame BodyFrame(FrameKind kind, List<BodyLine> body)
    {
        var frame = _framePool.Count > 0 ? _framePool.Pop() : new Frame();
        var outer = _frame!;
        frame.Kind = kind;
        frame.Parent = outer;
        frame.Body = body;
        frame.ConditionDepth = _conditions.Count;
        frame.FileConditionDepth = outer.FileConditionDepth;
        return frame;
    }

    private void ProcessLine(List<PpToken> tokens, BodyLine? bodyLine)
    {
        // A body line's shared tokens are copied into the working line only once they are needed (substituted or not).
        var source = bodyLine?.Tokens ?? tokens;
        int first = SkipWhitespace(source, 0);
        // nasm warns where it tokenizes a line (a body line when it is defined), not in a skipped branch.
        if (bodyLine is null && tokens.Count > 0 && tokens[^1].Kind == PpTokenKind.String && (_defining is not null || Emitting)
            && PpLexer.IsOpenString(tokens[^1].Text))
            Warning($"unterminated string (missing `{tokens[^1].Text[0]}') [-w+pp-open-string]");
        if (bodyLine is null && tokens.Count > 0 && tokens[^1].Kind is PpTokenKind.Indirect or PpTokenKind.Parameter && (_defining is not null || Emitting))
            CloseOpenBrackets(tokens);
        if (_defining is not null)
        {
            if (first < source.Count && source[first].Kind == PpTokenKind.Directive && CollectsDirective(source[first].Text)) return;
            _defining.Body.Add(bodyLine ?? new BodyLine([.. tokens], _frame!.CurrentFile, _frame.CurrentLine));
            return;
        }
        if (first == source.Count)
        {
            // nasm -E writes empty lines too, all but the one after a file's last newline.
            if (_sink is { } sink && Emitting && !(_frame is { Kind: FrameKind.File } f && f.Offset > f.Text.Length)) SinkWrite(sink, "");
            return;
        }
        bool isDirective = source[first].Kind == PpTokenKind.Directive;
        if (!isDirective && !Emitting) return;
        // A body line's directive is looked up once, when the line is first read.
        string? word = isDirective ? source[first].Text : null;
        int wordNumber = isDirective ? source[first].TextNumber : -1;
        var info = word is null ? default : bodyLine is null ? LookupDirective(word) : bodyLine.FirstDirective ??= LookupDirective(word);
        if (isDirective && (bodyLine is null ? !Contains(tokens, PpTokenKind.Indirect) : bodyLine.QuietSubstitution) && HandleWithoutArguments(source, first, info)) return;
        var call = _frame!.Call;
        if (call is not null && (bodyLine is null || !bodyLine.Plain))
        {
            if (bodyLine is null)
            {
                KeptSlots<PpToken>.Clear(_lineCopy);
                _lineCopy.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens));
                source = _lineCopy;
            }
            if (bodyLine is { QuietSubstitution: true }) SubstituteRemembered(bodyLine, tokens, call);
            else SubstituteParameters(source, tokens, call);
            first = SkipWhitespace(tokens, 0);
            if (first == tokens.Count) return;
            isDirective = tokens[first].Kind == PpTokenKind.Directive;
        }
        else
        {
            if (bodyLine is not null) SetTokens(tokens, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bodyLine.Tokens));
            if (call is null && (bodyLine is null || !bodyLine.Plain) && HasMacroOnlyToken(tokens))
            {
                DropMacroOnlyTokens(tokens);
                first = SkipWhitespace(tokens, 0);
                if (first == tokens.Count)
                {
                    if (_sink is { } emptied && Emitting) SinkWrite(emptied, "");
                    return;
                }
                isDirective = tokens[first].Kind == PpTokenKind.Directive;
            }
        }
        if (isDirective && HandleDirective(tokens, first, tokens[first].TextNumber == wordNumber ? info : null)) return;
        if (!Emitting) return;
        ExpandLine(tokens);
        if (TryCallMultiLineMacro(tokens)) return;
        // nasm -E runs smartalign's align as pass 3, which is the plain align.
        if (_smartAlign && _sink is null && TrySmartAlign(tokens)) return;
        Emit(tokens);
    }

    /// <summary>The directives that act without their arguments: %else and %endif, and in a skipped region every directive
    /// but an %elif that may be taken. They are handled on the line as read, without copying or substituting it.</summary>
    private bool HandleWithoutArguments(List<PpToken> source, int first, DirectiveInfo info)
    {
        bool emitting = Emitting;
        switch (info.Directive)
        {
            case Directive.Else or Directive.EndIf:
            case Directive.If when !emitting:
            case Directive.Elif when !emitting && (_conditions.Count <= CurrentConditionBase() || _conditions[^1] != Branch.Waiting):
                HandleConditional(info, source, first + 1);
                return true;
            case Directive.None or Directive.Elif:
                return false;
            default:
                return !emitting;
        }
    }

    private void Emit(List<PpToken> tokens)
    {
        int first = SkipWhitespace(tokens, 0);
        if (first == tokens.Count) return;
        if (_standardMacrosCleared && _sink is null && DropClearedStandardMacroCall(tokens, first)) return;
        // Most lines name no standard macro (section, align, global…) and skip the three looks for one below.
        bool standard = _standardMacrosCleared || tokens[first].Is('[') || StandardWordAt(tokens, first) >= 0;
        if (standard) DropTrailingEmptyStandardArgument(tokens, first);
        if (TokenLines is { } handed && _frame!.Kind != FrameKind.File && _sink is null && Listing is null
            && (_diagnostics.Warnings is null || !tokens[first].Is('[')))
        {
            // The parser's thread makes the text of a macro's line (the tokens are plain data, and their texts stay until it
            // is done): on macro-heavy code it has time to spare. Not for the lines of the file itself: on plain code the
            // parser's thread is the slower (gen_asm 100k: +49 M there).
            long number = _unique;
            if (standard) TrackAssemblerState(tokens, first);
            handed.Add(_pending.Count, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)[first..], first > 0);
            LineBuffers?.Skip();
            _pending.Add(new PreprocessedLine(ReadOnlyMemory<char>.Empty, CurrentLocation(), (int)number));
            return;
        }
        var text = LineText(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens), first, collapse: _sink is not null);
        long unique = _unique;
        if (standard) TrackAssemblerState(tokens, first);
        if (_diagnostics.Warnings is { } warnings && tokens[first].Is('[')) ApplyWarningDirective(warnings, text.ToString());
        int listingLine = Listing is null ? -1 : ListEmittedLine(tokens, first, text.ToString());
        if (_sink is { } sink)
        {
            if (!(standard && WriteStandardMacro(sink, tokens, first, unique)) && !WriteWithTokenAliases(sink, tokens, first)) SinkWrite(sink, text);
            return;
        }
        Output(text, CurrentLocation(), unique, listingLine);
    }

    /// <summary>The text of a line to emit, from its first token on (in <see cref="_buffer"/>): indentation is one space, as
    /// in nasm -E; with <paramref name="collapse"/> (-E) each run of whitespace is one space, and whitespace next to whitespace (an
    /// empty expansion between two spaces) is one space, as nasm's paste_tokens makes it.</summary>
    private ReadOnlySpan<char> LineText(ReadOnlySpan<PpToken> tokens, int first, bool collapse)
    {
        // One pass: the buffer grows when a piece would not fit (each piece adds at most its text or one space).
        var buffer = _buffer.AsSpan();
        int at = 0;
        if (first > 0) buffer[at++] = ' ';   // the buffer is never empty
        for (int k = first; k < tokens.Length; k++)
        {
            ref readonly var t = ref tokens[k];
            if (at + 2 > buffer.Length) buffer = GrowBuffer(at + 2, at);
            if (collapse && t.Kind == PpTokenKind.Whitespace)
            {
                if (tokens[k - 1].Kind != PpTokenKind.Whitespace) buffer[at++] = ' ';
                continue;
            }
            // A one-character ASCII text's number is its character: no look in the text table.
            if (t.TextNumber < 128)
            {
                buffer[at++] = (char)t.TextNumber;
                continue;
            }
            string piece = t.Text;
            if (at + piece.Length + 1 > buffer.Length) buffer = GrowBuffer(at + piece.Length + 1, at);
            piece.CopyTo(buffer[at..]);
            at += piece.Length;
        }
        return buffer[..at];
    }

    /// <summary><see cref="_buffer"/> grown to at least <paramref name="needed"/> characters, its first <paramref name="keep"/> kept.</summary>
    private Span<char> GrowBuffer(int needed, int keep)
    {
        var grown = new char[Math.Max(needed, _buffer.Length * 2)];
        _buffer.AsSpan(0, keep).CopyTo(grown);
        _buffer = grown;
        return grown;
    }

    /// <summary>Where the current line is: its own file:line, or for a macro line the outermost call site
    /// with the expansion chain attached.</summary>
    private SourceLocation CurrentLocation()
    {
        var f = _frame;
        if (f is null) return SourceLocation.None;
        var chain = f.Chain;
        if (chain is null) return new SourceLocation(f.CurrentFile, f.CurrentLine);
        // A body line's context is the same for all its outputs and diagnostics in one chain: made once.
        var current = f.Kind != FrameKind.File ? f.Current : null;
        var context = current is not null ? current.Context(chain, current.File, current.Line) : new ExpansionContext(chain, f.CurrentFile, f.CurrentLine);
        return f.Root with { Context = context };
    }

    private SourceLocation CurrentPosition() =>
        _frame is { } f ? new SourceLocation(f.CurrentFile, f.CurrentLine) : SourceLocation.None;

    private void Error(string message) => Error(CurrentLocation(), message);

    private void Error(SourceLocation location, string message)
    {
        _errorCount++;
        if (!_quiet) _diagnostics.Add(new Diagnostic(Severity.Error, location, message));
    }

    private void Warning(string message)
    {
        if (!_quiet) _diagnostics.Add(new Diagnostic(Severity.Warning, CurrentLocation(), message));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int SkipWhitespace(List<PpToken> list, int i)
    {
        var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        while ((uint)i < (uint)tokens.Length && tokens[i].IsWhitespace) i++;
        return i;
    }

    /// <summary>Makes <paramref name="list"/> a copy of <paramref name="tokens"/> in place, clearing nothing (<see cref="KeptSlots{T}"/>).</summary>
    internal static void SetTokens(List<PpToken> list, ReadOnlySpan<PpToken> tokens)
    {
        KeptSlots<PpToken>.SetCount(list, tokens.Length);
        tokens.CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
    }

    private static void TrimEnd(List<PpToken> tokens)
    {
        while (tokens.Count > 0 && tokens[^1].IsWhitespace) tokens.RemoveAt(tokens.Count - 1);
    }

    /// <summary>Re-tokenizes the text in <see cref="_text"/> into <paramref name="tokens"/> without allocating a string.</summary>
    private void RetokenizeText(List<PpToken> tokens)
    {
        int length = _text.Length;
        if (_buffer.Length < length) _buffer = new char[Math.Max(length, _buffer.Length * 2)];
        _text.CopyTo(0, _buffer, 0, length);
        KeptSlots<PpToken>.Clear(tokens);
        PpLexer.Tokenize(_buffer.AsSpan(0, length), tokens, _pool);
    }

    /// <summary>Trims the working line in place to its tokens from <paramref name="start"/> on, without the
    /// surrounding whitespace, and returns it (directive handlers own the line buffer).</summary>
    private static List<PpToken> Tail(List<PpToken> tokens, int start)
    {
        start = SkipWhitespace(tokens, start);
        int end = tokens.Count;
        while (end > start && tokens[end - 1].IsWhitespace) end--;
        if (start == 0 && end == tokens.Count) return tokens;
        // A few tokens move: one by one costs less than the bulk copy's fixed part.
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        int count = end - start;
        if (start > 0)
            for (int k = 0; k < count; k++) span[k] = span[start + k];
        KeptSlots<PpToken>.SetCount(tokens, count);
        return tokens;
    }

    private static List<PpToken> Slice(List<PpToken> tokens, int start, int end = -1)
    {
        if (end < 0) end = tokens.Count;
        start = SkipWhitespace(tokens, start);
        while (end > start && tokens[end - 1].IsWhitespace) end--;
        return end > start ? tokens.GetRange(start, end - start) : [];
    }
}
