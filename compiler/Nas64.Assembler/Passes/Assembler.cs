using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;
using Nas64.Objects;
using Nas64.Objects.Dwarf;

namespace Nas64.Assembler.Passes;

/// <summary>
/// Assembles NASM source into an <see cref="ObjectModule"/>: parse once, then lay out in passes —
/// every pass evaluates each statement at its current address, with forward references seeing the
/// previous pass's values — until no label moves, then one emitting pass writes bytes and relocations.
/// </summary>
public sealed partial class Assembler : IEvaluationContext, IEncodingContext
{
    private readonly AssemblerOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly ObjectModule _module;
    private readonly Dictionary<string, AssemblySymbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Section> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<Section, ulong> _sectionOffsets = [];
    private readonly InstructionEncoder _encoder = new();
    private readonly Listing.ListingRecorder? _listing;

    /// <summary>With a listing: the listing entry of each statement, by statement index.</summary>
    private readonly List<int>? _listingLines;

    private int _pass;
    private bool _emitting;
    private bool _changed;
    private int _definitionOrder;
    private int _errorsAtPassStart;
    private int _originPass;

    // Position within the pass.
    private Section? _section;
    private bool _absolute;
    private long _absoluteOrigin;
    private ulong _offset;
    private ulong _lineStart;
    private int _bits;
    private bool _defaultRel;
    private int _cpuLevel = CpuLevels.Any;
    private SourceLocation _location;

    private Assembler(string sourcePath, AssemblerOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _listing = options.Listing;
        if (_listing is not null) _listingLines = [];
        // The STT_FILE symbol names the source as it was given, like NASM.
        _module = new ObjectModule(sourcePath, options.Format == OutputFormat.Elf32 ? 32 : 64);
        _itemsBeforeParsing = diagnostics.Items.Count;
        _errorsBeforeParsing = diagnostics.ErrorCount;
        if (options.DebugInfo && options.Format != OutputFormat.Bin) _lines = new LineTable();
    }

    /// <summary>Assembles <paramref name="source"/> (read from <paramref name="sourcePath"/>); returns null
    /// when there were errors, all of which are in <paramref name="diagnostics"/>.</summary>
    public static ObjectModule? Assemble(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics) =>
        Assemble(sourcePath, source, options, diagnostics, out _);

    /// <param name="map">The bin format's [map] request once the first pass reached it, also when assembly fails: nasm
    /// has created the map file by then and leaves it empty.</param>
    public static ObjectModule? Assemble(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics, out Objects.Flat.FlatMapRequest? map) =>
        Assemble(sourcePath, source, options, diagnostics, out map, callerResumes: false, out _);

    /// <param name="collections">Collections may stay paused after a large assembly until this is disposed, so that the
    /// caller writes the object first (see <see cref="PauseCollections"/> and <see cref="ReleaseStatements"/>): the
    /// writer's first large array would otherwise start a full collection of the heap the program left (gen_macro 4000:
    /// 0.14-0.23 G instructions).</param>
    public static ObjectModule? Assemble(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics, out Objects.Flat.FlatMapRequest? map,
        out CollectionPause collections) =>
        Assemble(sourcePath, source, options, diagnostics, out map, callerResumes: true, out collections);

    private static ObjectModule? Assemble(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics, out Objects.Flat.FlatMapRequest? map,
        bool callerResumes, out CollectionPause collections)
    {
        map = null;
        // A line that did not parse is reported and left out; the passes still run so every
        // other error is reported too, as NASM does.
        var assembler = new Assembler(sourcePath, options, diagnostics);
        var statements = Parse(sourcePath, source, diagnostics, options, assembler._listingLines, out bool limitExceeded, assembler._held, assembler._reportedWhileParsing,
            assembler, out bool paused);
        assembler._callerResumesCollections = callerResumes;
        try
        {
            // A runaway expansion stopped at a limit (as NASM's fatal limit errors): its partial output is not assembled.
            if (limitExceeded) return null;
            // The heap as the parse left it (its garbage included) bounds what the passes may fill without collecting
            // (none of this while the parse's region goes on: CollectBetweenPhases does nothing then).
            long parsedHeap = GC.GetTotalMemory(forceFullCollection: false);
            CollectBetweenPhases(statements.Count, GCCollectionMode.Aggressive);
            assembler._heapLimit = parsedHeap + PassSlack;
            if (!paused) assembler.PausePasses(statements.Count);
            ObjectModule? module;
            try
            {
                module = assembler.Run(statements);
            }
            finally
            {
                if (!assembler._regionLeftOpen) assembler.ResumePasses();
            }
            map = assembler._module.Map;
            return diagnostics.HasErrors ? null : module;
        }
        catch
        {
            ResumeCollections(paused: true);   // whichever region this thread opened
            throw;
        }
        finally
        {
            collections = new CollectionPause(paused || assembler._regionLeftOpen);
            if (!callerResumes) collections.Dispose();
        }
    }

    /// <summary>Preprocesses the source and parses each resulting line (with its original file:line and macro chain).</summary>
    /// <param name="listingLines">Receives each statement's listing entry when a listing is collected.</param>
    public static List<Statement> Parse(string sourcePath, string source, DiagnosticBag diagnostics, AssemblerOptions? options = null, List<int>? listingLines = null) =>
        Parse(sourcePath, source, diagnostics, options, listingLines, out _, null, null, null, out _);

    /// <param name="assembler">The assembler whose first pass catches up with the parsed lines while the preprocessor's
    /// thread has no new ones ready (see <see cref="CatchUpFirstPass"/>).</param>
    /// <param name="paused">Collections stay paused for <paramref name="assembler"/>'s passes (on source whose lines come
    /// mostly from macros, see <see cref="PauseCollections"/>): the caller resumes them.</param>
    private static List<Statement> Parse(string sourcePath, string source, DiagnosticBag diagnostics, AssemblerOptions? options, List<int>? listingLines, out bool limitExceeded,
        List<(Diagnostic Diagnostic, int Statement, int ListingEntry)>? held, List<(int Statement, int Held)>? reported, Assembler? assembler, out bool paused)
    {
        var parser = new Parser(diagnostics) { EvalLimit = (options ?? new AssemblerOptions()).Limits.Eval, Format = options?.Format ?? OutputFormat.Elf64 };
        using var holding = HoldFinalPassMessages(diagnostics, parser, held, reported, options?.Listing);
        options ??= new AssemblerOptions();
        // About one statement per source line (more with labels on lines of their own, fewer with comments): room for
        // them at once, where growing by doubling would leave large arrays behind.
        int newlines = SourceLines.CountNewlines(source);
        parser.Statements.Capacity = newlines + newlines / 8;
        parser.ExpectLines(newlines);
        // With two cores the preprocessor runs ahead on a thread of its own (same lines, diagnostics in the same order).
        var pipelined = Preprocessor.PreprocessorPipeline.Applies(options, source) ? new System.Runtime.CompilerServices.StrongBox<bool>() : null;
        var preprocessor = pipelined is null ? new Preprocessor.Preprocessor(options, diagnostics) : null;
        paused = PauseCollections(newlines, source.Length);
        int linesParsed = 0, linesExpanded = 0;   // lines, and lines a macro made (see CatchUpFirstPass)
        try
        {
            var lines = preprocessor?.Run(sourcePath, source) ?? Preprocessor.PreprocessorPipeline.Run(sourcePath, source, options, diagnostics, pipelined!,
                assembler is null ? null : () => assembler.CatchUpFirstPass(parser, linesParsed, linesExpanded));
            foreach (var line in lines)
            {
                linesParsed++;
                if (line.Location.Context is not null) linesExpanded++;
                parser.UniqueCounter = line.Unique;   // the preprocessor counts every macro call and context
                parser.ParseLine(line.Chars, line.Location);
                while (listingLines is not null && listingLines.Count < parser.Statements.Count) listingLines.Add(line.ListingLine);
            }
        }
        catch
        {
            ResumeCollections(paused);
            throw;
        }
        if (!(assembler is not null && MostlyExpanded(linesParsed, linesExpanded)))
        {
            ResumeCollections(paused);
            paused = false;
        }
        limitExceeded = preprocessor?.LimitExceeded ?? pipelined!.Value;
        return parser.Statements;
    }

    private ObjectModule? Run(List<Statement> statements)
    {
        bool caughtUp = _caughtUp > 0;   // the first pass began while the source was parsed
        if (!caughtUp) _pass = 0;
        int earlierErrors = _diagnostics.ErrorCount;   // from lines that did not parse
        var limits = _options.Limits;
        long stalled = 0;
        int defined = 0;
        // Room for every label and equ at once, in the symbol table and in the symbols written by a pass (the first writes
        // them all): a large table grown by doubling leaves its smaller copies behind.
        int names = 0;
        foreach (var statement in statements)
            if (statement is LabelStatement or EquStatement) names++;
        _symbols.EnsureCapacity((caughtUp ? _symbolsBeforeFirstPass : _symbols.Count) + names);
        _written.EnsureCapacity(names);
        do
        {
            if (!caughtUp && (_pass >= limits.Passes || stalled >= limits.StalledPasses))
            {
                // Point at a label that still moves: the line whose size never settles is before it.
                var moving = _symbols.Values.FirstOrDefault(s => s.Moved == _pass && s.DefinedAt.Line > 0);
                var at = moving?.DefinedAt ?? statements.FirstOrDefault()?.Location ?? new SourceLocation(_module.SourceName, 1);
                _diagnostics.Error(at, _pass >= limits.Passes
                    ? $"code sizes did not settle after {_pass} passes: exceeds --limit-passes ({limits.Passes})"
                    : $"code sizes did not settle: {stalled} passes without progress{(moving is null ? "" : $" (`{moving.Name}' keeps moving)")} exceed --limit-stalled-passes ({limits.StalledPasses})");
                return null;
            }
            if (_pass == 0 || caughtUp) BeginFirstPass();
            if (caughtUp) FinishFirstPass(statements);
            else RunPass(statements, emit: false);
            if (_pass == 1) EndFirstPass();
            if (_pass == 1) CollectAfterFirstPass(statements.Count);
            if (_pass == 1) PlaceImplicitText();
            if (caughtUp) EndCatchUp();
            caughtUp = false;
            if (_pass == 1 && _diagnostics.ErrorCount > _errorsBeforeParsing)
            {
                // nasm stops after a first pass with errors, its parser's included: that pass's messages, in line order.
                OrderFailedFirstPass();
                return null;
            }
            if (_diagnostics.ErrorCount > earlierErrors) return null;
            // Progress: more symbols with a value than in any pass before (a count that only rises, so circular
            // definitions that take turns being defined cannot reset the count forever).
            int nowDefined = _definedThisPass;
            if (nowDefined > defined)
            {
                defined = nowDefined;
                stalled = 0;
            }
            else stalled++;
        } while (_changed);

        ReleaseLayout();
        if (_diagnostics.HasErrors) _held.Clear();   // nasm stops before its final pass: its messages never come
        RunPass(statements, emit: true);
        ReleaseHeld(int.MaxValue);
        ReleaseStatements(statements);
        if (_diagnostics.HasErrors) return null;
        Finish();
        if (_lines is not null && !_diagnostics.HasErrors) AddDebugSections();
        return _diagnostics.HasErrors ? null : _module;
    }

    private void RunPass(List<Statement> statements, bool emit)
    {
        BeginPass(statements, statements.Count, emit);
        if (_pass == 1) StartPreEncoding(statements);
        bool finished;
        try
        {
            // The first two passes settle most statements (forward references are known from the second): later ones run the layout program.
            finished = emit || _pass < 3 ? RunStatements(statements, 0, statements.Count, emit) : RunProgram(statements);
        }
        finally
        {
            StopPreEncoding();
        }
        if (finished) EndPass();
    }

    /// <summary>Starts a pass over <paramref name="count"/> statements (a first pass that begins while the source is
    /// parsed: as many as there is room for so far).</summary>
    private void BeginPass(List<Statement> statements, int count, bool emit)
    {
        _pass++;
        _emitting = emit;
        _changed = false;
        _errorsAtPassStart = _diagnostics.ErrorCount;
        _diagnostics.Warnings?.Reset();   // [warning] directives apply from where they are, in every pass
        if (emit)
        {
            // The last layout pass ended where the emitting pass will: each section's bytes get their final size at once
            // instead of growing by doubling (large arrays that would only be garbage).
            foreach (var section in _sections.Values)
            {
                section.Data.Clear();
                if (!section.IsNoBits && _sectionOffsets.TryGetValue(section, out ulong size) && size <= (ulong)Math.Min(_options.Limits.Output, int.MaxValue))
                    section.Data.EnsureCapacity((int)size);
            }
        }
        _sectionOffsets.Clear();
        _section = null;
        _absolute = false;
        _offset = 0;
        _bits = _options.DefaultBits;
        _cpuLevel = CpuLevels.Any;
        _encoder.CpuFlags = CpuFlags.None;
        _alignUpdatesSection = true;
        // NASM does not reset `default rel/abs' between passes: only the first pass starts at abs, later ones start
        // where the previous pass ended, so [x] above a `default rel' is RIP-relative in the output (nasm 2.16.01).
        // Sizes the first pass recorded under the other setting are then recorded again.
        if (_pass == 1) _defaultRel = false;
        else if (_pass == 2 && _defaultRel) _layoutSizes = null;
        foreach (var section in _sections.Values) section.Relocations.Clear();
        _relocations.Clear();
        if (!emit && (_layoutSizes is null || _layoutSizes.Length != count))
        {
            _layoutSizes = new LayoutSize[count];
            _layoutLabels = new LaidOutLabels(statements, count);
            _program = null;
        }
        _definedThisPass = 0;
    }

    /// <summary>Ends a pass that processed every statement: the values forward references see in the next pass.</summary>
    private void EndPass()
    {
        if (_section is not null) _sectionOffsets[_section] = _offset;
        // Values seen by forward references in the next pass: only a symbol whose value was written this pass can
        // differ from its previous value (every pass ends with the two equal).
        foreach (var symbol in _written)
        {
            if (symbol.DefinedPass == _pass && !SameValue(symbol.Value, symbol.PreviousValue))
            {
                _changed = true;
                symbol.Moved = _pass;
                symbol.PreviousValue = symbol.Value;
            }
        }
        _written.Clear();
    }

    /// <summary>Processes statements [<paramref name="from"/>, <paramref name="to"/>) one by one (a layout pass steps
    /// over fixed-size runs and defines known labels directly); false when a limit stopped the pass.</summary>
    /// <param name="endRun">False while the first pass catches up with the parser: the run of compacted lines goes on
    /// with the next statement, which is not parsed yet.</param>
    private bool RunStatements(List<Statement> statements, int from, int to, bool emit, bool endRun = true)
    {
        var layoutSizes = _layoutSizes!;   // (null in the emitting pass, which reads neither)
        var labels = _layoutLabels!;
        var preEncoder = _preEncoder;
        for (int index = from; index < to; index++)
        {
            if (preEncoder is not null) preEncoder.PassIndex = index;
            var statement = LineToProcess(statements[index], index);
            _statementIndex = index;
            if (!emit && layoutSizes[index] is var (size, bits) && size >= 0 && bits == _bits)
            {
                // Statements whose size cannot change (data, address-independent instructions): a layout pass only moves past them.
                ulong run = 0;
                int end = index;
                for (; end < to && layoutSizes[end].Size >= 0 && layoutSizes[end].Bits == _bits; end++) run += (ulong)layoutSizes[end].Size;
                if (!_absolute) CurrentSection();
                if (Fits(run))
                {
                    _offset += run;
                    index = end - 1;
                    continue;
                }
                // Past --limit-output: the statements go the long way, and the one that crosses the limit reports it.
            }
            if (!emit && labels[index] is { } bound)
            {
                // A label defined in an earlier pass: only its value is new (errors and first definitions are the other passes' business).
                Define(bound, CurrentAddress(_offset));
                continue;
            }
            if (emit && _heldNext < _held.Count) ReleaseHeld(index);
            if (emit && _listing is not null) _listing.Current = _listingLines![index];
            if (emit && statement is FixedInstructionRun fixedRun && TryEmitRun(fixedRun, index, to))
            {
                index = fixedRun.Start + fixedRun.Count - 1;
                continue;
            }
            _location = LocationOf(statement, index);
            // $ is the start of the line, also for every repetition of `times' (NASM's behaviour).
            _lineStart = _offset;
            var lineSection = _section;
            int lineSectionLength = emit && _lines is not null && !_absolute ? lineSection?.Data.Length ?? 0 : -1;
            try
            {
                Process(statement);
                if (!emit)
                {
                    layoutSizes[index] = new LayoutSize(FixedSize(statement, _offset - _lineStart, _encoder), _bits);
                    if (statement is InstructionStatement instruction && layoutSizes[index].Size > 0) Compact(statements, index, instruction);
                    if (statement is LabelStatement { Binding: AssemblySymbol defined } && defined.Owner == this && defined.DefinedPass == _pass) labels[index] = defined;
                }
            }
            catch (EvaluationException e)
            {
                ReportDirective(statement, e.Message);
            }
            catch (NotSupportedYetException e)
            {
                ReportDirective(statement, e.Message);
            }
            catch (LimitException e)
            {
                // A runaway line: report it now, whatever the pass, and stop before memory or time run out.
                _diagnostics.Error(_location, e.Message);
                KeepSharedLine(statements, index, statement);
                EndRun(statements);
                return false;
            }
            if (emit && _lines is not null) RecordLine(statement, lineSection, lineSectionLength);
            KeepSharedLine(statements, index, statement);
        }
        if (endRun) EndRun(statements);
        return true;
    }

    /// <summary>
    /// The emitting pass's lines of <paramref name="run"/> from statement <paramref name="index"/> on, written at once when
    /// they would only write their bytes one by one: the run ends before <paramref name="to"/>, no listing or line table
    /// records each line, no held message comes out between them, and the bytes go into a section within --limit-output
    /// in the run's mode. False (nothing done) otherwise: the lines go one by one.
    /// </summary>
    private bool TryEmitRun(FixedInstructionRun run, int index, int to)
    {
        int end = run.Start + run.Count;
        if (end > to || _listing is not null || _lines is not null || run.Bits != _bits || _absolute
            || (_heldNext < _held.Count && _held[_heldNext].Statement < end))
            return false;
        var section = CurrentSection();
        var bytes = run.BytesFrom(index);
        if (section.IsNoBits || !Fits((ulong)bytes.Length)) return false;
        section.Data.Write(bytes);
        _offset += (ulong)bytes.Length;
        return true;
    }

    /// <summary>Per statement, the size a layout pass may reuse and the mode it holds for (-1: process the statement).</summary>
    private LayoutSize[]? _layoutSizes;

    /// <summary>Per statement, the symbol of a label already defined once, so a layout pass defines it without
    /// processing the statement.</summary>
    private LaidOutLabels? _layoutLabels;

    /// <summary>The size of a statement just processed when no later layout pass can change it: data (its items have
    /// sizes of their own), reserved space and repetitions of data or space of a constant size, and instructions whose
    /// length the encoder knows to be stable; otherwise -1.</summary>
    private static int FixedSize(Statement statement, ulong size, InstructionEncoder encoder) => size > int.MaxValue ? -1 : statement switch
    {
        DataStatement => (int)size,
        ReserveStatement { Count.Constant: not null } => (int)size,
        TimesStatement { Count.Constant: not null, Body: DataStatement or ReserveStatement { Count.Constant: not null } } => (int)size,
        InstructionStatement when encoder.LengthIsStable && encoder.Length == (int)size => (int)size,
        FixedInstructionStatement or FixedInstructionRun => (int)size,
        _ => -1,
    };

    private static bool SameValue(Value a, Value b) => a.Number == b.Number && a.Known == b.Known && ReferenceEquals(a.Base, b.Base);

    /// <summary>nasm reports a directive's error when its first pass reads the line (and stops after that pass).</summary>
    private void ReportDirective(Statement statement, string message)
    {
        // nasm opens an incbin file in its first pass: a missing one is that pass's error too.
        if (_pass == 1 && statement is DirectiveStatement or IncbinStatement { Contents: null }) _diagnostics.Error(_location, message);
        else Report(message);
    }

    private void Report(string message)
    {
        // Layout passes may see forward references not yet defined; only the emitting pass, which
        // sees every statement once with final values, reports, so each error appears once.
        if (_emitting) _diagnostics.Error(_location, message);
    }

    // ---- statements ----

    private void Process(Statement statement)
    {
        switch (statement)
        {
            case LabelStatement label:
                DefineLabel(label);
                break;
            case EquStatement equ:
                DefineEqu(equ);
                break;
            case InstructionStatement instruction:
                EmitInstruction(instruction);
                break;
            case FixedInstructionStatement fixedInstruction:
                EmitFixedInstruction(fixedInstruction);
                break;
            case FixedInstructionRun run:
                EmitFixedLine(run);
                break;
            case DataStatement data:
                EmitData(data);
                break;
            case ReserveStatement reserve:
                {
                    long count = CriticalValue(reserve.Count, NonConstantReserve);
                    if (count < 0) throw new EvaluationException($"negative count {count} in RES{"BWDQT"[Math.Min(reserve.UnitSize, 4) - 1]}");
                    Reserve((ulong)count * (ulong)reserve.UnitSize);
                    break;
                }
            case TimesStatement times:
                {
                    // TIMES is critical: a count not known in the first pass (a forward reference) is an error in NASM.
                    if (_pass == 1 && !Evaluate(times.Count).Known && UnknownWeight(times.Count) != 0)
                    {
                        _diagnostics.Error(_location, NonConstantTimes);
                        break;
                    }
                    long count = CriticalValue(times.Count, NonConstantTimes);
                    if (count < 0) throw new EvaluationException($"TIMES value {count} is negative");
                    if (count > _options.Limits.Times)
                        throw new LimitException($"TIMES count {count} exceeds --limit-times ({_options.Limits.Times})");
                    if (times.Body is ReserveStatement reserveBody)
                    {
                        // NASM reserves `times n resx m' as one block (one zeroing warning, not n).
                        long each = CriticalValue(reserveBody.Count, NonConstantReserve);
                        if (each < 0) throw new EvaluationException($"negative count {each} in RES{"BWDQT"[Math.Min(reserveBody.UnitSize, 4) - 1]}");
                        Reserve((ulong)count * (ulong)each * (ulong)reserveBody.UnitSize, warnZeroing: count > 0);
                        break;
                    }
                    if (!_emitting && count > 1 && times.Body is DataStatement)
                    {
                        // Data has the same size in every repetition: a layout pass needs only one of them.
                        ulong before = _offset;
                        Process(times.Body);
                        ulong each = _offset - before;
                        if (each > 0 && (ulong)(count - 1) > ulong.MaxValue / each) EnsureRoom(ulong.MaxValue);
                        Advance((ulong)(count - 1) * each);
                        break;
                    }
                    for (long i = 0; i < count; i++)
                    {
                        if (i == 1) ListRepeat(count);
                        Process(times.Body);
                    }
                    if (count > 1) ListRepeatEnd();
                    break;
                }
            case AlignStatement align:
                DoAlign(align);
                break;
            case IncbinStatement incbin:
                DoIncbin(incbin);
                break;
            case DirectiveStatement directive:
                DoDirective(directive);
                break;
        }
    }

    /// <summary>
    /// NASM's first pass gives each forward reference the value "unknown × 1", and a TIMES count is refused unless
    /// they cancel out (times b - a db 0 with a and b ahead is accepted, times b - $ and times N before `N equ' are not).
    /// Null when the unknowns are not combined linearly.
    /// </summary>
    private long? UnknownWeight(Expression e)
    {
        switch (e)
        {
            case SymbolExpression symbol:
                return Evaluate(symbol).Known ? 0 : 1;
            case UnaryExpression { Operator: UnaryOperator.Plus } u:
                return UnknownWeight(u.Operand);
            case UnaryExpression { Operator: UnaryOperator.Negate } u:
                return UnknownWeight(u.Operand) is { } negated ? -negated : null;
            case BinaryExpression { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b:
                if (UnknownWeight(b.Left) is not { } left || UnknownWeight(b.Right) is not { } right) return null;
                return b.Operator == BinaryOperator.Add ? left + right : left - right;
            case BinaryExpression { Operator: BinaryOperator.Multiply } b:
                {
                    var (l, r) = (Evaluate(b.Left), Evaluate(b.Right));
                    if (l.Known && r.Known) return 0;
                    if (l.Known && l.IsScalar) return UnknownWeight(b.Right) is { } wr ? l.Number * wr : null;
                    if (r.Known && r.IsScalar) return UnknownWeight(b.Left) is { } wl ? r.Number * wl : null;
                    return null;
                }
            // Other operators keep a cancelled-out operand simple ((b - a) / 1).
            case BinaryExpression b:
                return UnknownWeight(b.Left) == 0 && UnknownWeight(b.Right) == 0 ? 0 : null;
            case UnaryExpression u:
                return UnknownWeight(u.Operand) == 0 ? 0 : null;
            default:
                return Evaluate(e).Known ? 0 : null;
        }
    }

    /// <summary>nasm's message for a RESx count that is not a number (its "non-constant argument" wording is TIMES's).</summary>
    private const string NonConstantReserve = "attempt to reserve non-constant quantity of BSS space";
    private const string NonConstantTimes = "non-constant argument supplied to TIMES";
    private const string NonConstantAlign = "non-constant argument supplied to ALIGN";

    /// <summary>A count or size nasm needs as a number; <paramref name="message"/> when it is not one.</summary>
    private long CriticalValue(Expression expression, string message)
    {
        Value value;
        try
        {
            value = Evaluate(expression);
        }
        catch (NotRelocatableException e)
        {
            // nasm asks for a number here: -a or a*2 is no more one than a is, but resb takes a*2 as its number part.
            if (message == NonConstantReserve && e.Kind == NotRelocatableKind.Scaled)
                throw new NotSupportedYetException("a reservation of a scaled label (nasm 2.16 reserves its number part)");
            throw new EvaluationException(message);
        }
        if (!value.Known)
        {
            // Still unknown after a pass means never defined: only moving labels make another pass.
            if (_emitting) throw new EvaluationException(message);
            return 0;
        }
        if (!value.IsScalar) throw new EvaluationException(message);
        return value.Number;
    }

    private AssemblySymbol GetSymbol(string name)
    {
        if (!_symbols.TryGetValue(name, out var symbol))
        {
            symbol = new AssemblySymbol(name) { Owner = this };
            _symbols.Add(name, symbol);
        }
        return symbol;
    }

    private void Define(AssemblySymbol symbol, Value value)
    {
        if (symbol.DefinedPass == _pass)
        {
            // nasm takes a second definition of the same value (x: and x equ $ at one place); another value is an error
            // of its first pass.
            if ((_emitting || _pass == 1) && !SameValue(symbol.Value, value))
            {
                _diagnostics.Error(_location, $"label `{symbol.Name}' inconsistently redefined");
                _diagnostics.Add(new Diagnostic(Severity.Info, symbol.DefinedAt, $"label `{symbol.Name}' originally defined here"));
            }
            return;
        }
        if (symbol.IsExtern && !symbol.IsGlobal)
        {
            symbol.IsExtern = false;   // NASM: a defined extern becomes an ordinary (global) definition
            symbol.IsGlobal = true;
        }
        // A statement that failed earlier in this pass did not advance: labels after it moved for that reason only.
        if (_emitting && symbol.PreviousValue != value && symbol.PreviousValue.Known && _diagnostics.ErrorCount == _errorsAtPassStart)
            throw new EvaluationException($"phase error: `{symbol.Name}' moved between the last two passes");
        // Written only when it changed: most labels keep their value from pass to pass, and a write is a GC barrier.
        if (!SameValue(symbol.Value, value))
        {
            symbol.Value = value;
            _written.Add(symbol);
        }
        symbol.DefinedPass = _pass;
        _definedThisPass++;
        if (symbol.Order == int.MaxValue)
        {
            symbol.Order = _definitionOrder++;
            symbol.DefinedAt = _location;
        }
    }

    private void DefineLabel(LabelStatement label)
    {
        if (label.Binding is not AssemblySymbol symbol || symbol.Owner != this)
        {
            symbol = GetSymbol(label.Name);
            label.Binding = symbol;
        }
        symbol.IsLabel = true;
        CheckBinSpecial(symbol);
        Define(symbol, CurrentAddress(_offset));
        if (!_defaultTextMade && !_absolute && _section is { Name: ".text" }) _defaultTextMade = true;
    }

    private void DefineEqu(EquStatement equ)
    {
        var symbol = GetSymbol(equ.Name);
        symbol.IsEqu = true;
        CheckBinSpecial(symbol);
        var value = Evaluate(equ.Value);
        if (!value.Known)
        {
            if (_emitting) throw new EvaluationException($"`{equ.Name}' equ value is not defined");
            return;
        }
        Define(symbol, value);
    }

    private Value CurrentAddress(ulong offset) =>
        _absolute ? new Value(_absoluteOrigin + (long)offset, _absoluteBase) : new Value((long)offset, SectionBase);

    private Section CurrentSection()
    {
        if (_section is null) OpenDefaultSection();
        return _section!;
    }

    private void Advance(ulong count)
    {
        EnsureRoom(count);
        _offset += count;
    }

    private bool Fits(ulong count)
    {
        if (_absolute || _section is null || _section.IsNoBits) return true;
        ulong limit = (ulong)_options.Limits.Output;
        return count <= limit && _offset <= limit - count;
    }

    /// <summary>Stops a section (a flat image) from growing past --limit-output; space in nobits sections costs nothing.</summary>
    private void EnsureRoom(ulong count)
    {
        if (Fits(count)) return;
        ulong limit = (ulong)_options.Limits.Output;
        throw new LimitException($"section `{_section!.Name}' would grow to {(count > ulong.MaxValue - _offset ? "over 2^64" : (_offset + count).ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, exceeding --limit-output ({limit})");
    }

    /// <summary>RESx space; <paramref name="warnZeroing"/> is false for alignb, which NASM lets pad quietly.</summary>
    private void Reserve(ulong count, bool warnZeroing = true)
    {
        if (_emitting) _listing?.Reserve((long)_offset, (long)count);
        if (!_absolute)
        {
            var section = CurrentSection();
            if (!section.IsNoBits)
            {
                EnsureRoom(count);
                if (_emitting)
                {
                    if (count > 0 && warnZeroing) _diagnostics.Warning(_location, _options.Format == OutputFormat.Bin
                        ? $"uninitialized space declared in {section.Name} section: zeroing [-w+zeroing]"
                        : $"uninitialized space declared in non-BSS section `{section.Name}': zeroing [-w+zeroing]");
                    section.Data.Append(checked((int)count));
                }
            }
        }
        Advance(count);
    }

    private void EmitInstruction(InstructionStatement instruction)
    {
        if (_preEncoder is not null) PreEncoder.Acquire(instruction.Syntax);
        if (!_absolute) CurrentSection();
        if (_cpuLevel < CpuLevels.I386 && EmitBelow386(instruction)) return;
        if (!_emitting && _encoder.TryFixedLength(instruction, _bits))
        {
            Advance((ulong)_encoder.Length);
            return;
        }
        if (!EncodeInstruction(instruction, out string? error))
        {
            if (InstructionEncoder.IsFirstPassError(error))
            {
                ReportFirstPassError(error!);
                return;
            }
            if (_emitting && error == InstructionEncoder.ShortJumpOutOfRange)
            {
                // nasm writes the byte anyway and warns about it after the error.
                _diagnostics.Error(_location, error);
                _diagnostics.Warning(_location, "byte data exceeds bounds [-w+number-overflow]");
                return;
            }
            if (_emitting || error is not null && !error.Contains("not defined", StringComparison.Ordinal))
                throw new EvaluationException(error ?? "invalid instruction");
            return;
        }
        if (_emitting && _cpuLevel < CpuLevels.Any && instruction.Mnemonic.Length > 0 && CpuLevels.Required(_encoder.Code) > _cpuLevel)
            throw new EvaluationException(_encoder.CpuLevelError(instruction));
        if (_emitting)
        {
            _warnHere ??= warning => _diagnostics.Warning(_location, warning);
            if (ObsoleteInstructions.Warning(_encoder.Code, _cpuLevel) is { } obsolete) _warnHere(obsolete);
            NasmWarnings.Report(instruction, this, _encoder.Code, _encoder.Length, _warnHere);
            WriteBytes(_encoder.Bytes, SelfRelativeFixups(_encoder.Fixups));
        }
        Advance((ulong)_encoder.Length);
    }

    /// <summary>Reports a warning at the current line (one delegate for the whole assembly, not one per instruction).</summary>
    private Action<string>? _warnHere;

    private void WriteBytes(ReadOnlySpan<byte> bytes, IReadOnlyList<Fixup> fixups)
    {
        if (_absolute) throw new EvaluationException("attempt to assemble code in [ABSOLUTE] space");
        var section = CurrentSection();
        if (section.IsNoBits)
        {
            _diagnostics.Warning(_location, _options.Format == OutputFormat.Bin
                ? "attempt to initialize memory in a nobits section: ignored [-w+other]"
                : $"attempt to initialize memory in BSS section `{section.Name}': ignored [-w+other]");
            return;
        }
        ulong start = (ulong)section.Data.Length;
        section.Data.Write(bytes);
        // Indexed: a foreach over the interface would box an enumerator per instruction.
        for (int i = 0; i < fixups.Count; i++) AddRelocation(section, start, bytes.Length, fixups[i]);
        if (_listing is not null) ListBytes(bytes, fixups);
    }

    // ---- listing (-l) ----

    /// <summary>Lists emitted bytes as NASM does: a field that refers to a symbol shows its offset from the
    /// symbol in brackets (parentheses when PC-relative), the other bytes in hex.</summary>
    private void ListBytes(ReadOnlySpan<byte> bytes, IReadOnlyList<Fixup> fixups)
    {
        long offset = (long)_offset;
        int done = 0;
        IEnumerable<Fixup> ordered = fixups.Count > 1 ? fixups.OrderBy(f => f.FieldOffset) : fixups;
        foreach (var fixup in ordered)
        {
            if (fixup.Value.Base is null || fixup.FieldOffset < done) continue;
            if (fixup.FieldOffset > done) _listing!.Bytes(offset + done, bytes[done..fixup.FieldOffset]);
            // A self-relative field lists k − $, as written (SelfRelativeFixups added $ and the length).
            long listed = fixup.SelfRelative ? fixup.Value.Number - offset - bytes.Length : fixup.Value.Number;
            _listing!.Address(offset + fixup.FieldOffset, listed, fixup.FieldSize, fixup.PcRelative);
            done = fixup.FieldOffset + fixup.FieldSize;
        }
        if (done < bytes.Length || bytes.Length == 0) _listing!.Bytes(offset + done, bytes[done..]);
    }

    private void ListRepeat(long count)
    {
        if (_emitting && count > 1) _listing?.BeginRepeat(count);
    }

    private void ListRepeatEnd()
    {
        if (_emitting) _listing?.EndRepeat();
    }

    private void AddRelocation(Section section, ulong start, int length, Fixup fixup)
    {
        var value = fixup.Value;
        if (!value.Known) throw new EvaluationException("symbol not defined");
        if (value.Base is null)
        {
            if (fixup.PcRelative) BranchToNumber(section, start + (ulong)fixup.FieldOffset, value.Number - (length - fixup.FieldOffset), fixup);
            return;
        }
        var type = RelocationFor(fixup);
        var target = value.Base;
        long addend = value.Number;
        if (target.Type == SymbolType.Section && NamesGlobalSymbol(fixup.Wrt, type) is { } exact)
        {
            if (GlobalAt(target, value.Number, exact) is { } global)
            {
                addend = value.Number - global.Offset;
                target = ObjectSymbolFor(global.Symbol);
            }
            // wrt ..sym too, with no global at or before the label (nasm's elf_add_gsym_reloc).
            else throw new EvaluationException("unable to find a suitable global symbol for this reference");
        }
        if (RefusedExternInBin(target)) return;
        if (fixup.PcRelative) addend -= length - fixup.FieldOffset;
        // NASM: an absolute `wrt ..gotpc' is GOT − $$ (the user adds $$), and ELF's GOTPC gives GOT − $, so
        // the addend grows by the field's offset in the section.
        else if (fixup.Wrt == WrtKind.GotPc) addend += (long)start + fixup.FieldOffset;
        // wrt ..sym: against the symbol itself, never rewritten to its section symbol plus offset.
        AddRelocation(section, new Relocation(start + (ulong)fixup.FieldOffset, type, target, addend) { KeepSymbol = fixup.Wrt == WrtKind.Sym, Source = _location });
    }

    /// <summary>As NASM: GOT, PLT and initial-exec TLS references to a label must name a global symbol
    /// defined exactly there (true); `wrt ..sym' names the nearest global at or before it (false), which must exist;
    /// null for references that may go through the section symbol.</summary>
    private static bool? NamesGlobalSymbol(WrtKind wrt, RelocationType type) => wrt switch
    {
        WrtKind.Sym => false,
        WrtKind.Got or WrtKind.GotPcRel or WrtKind.Plt or WrtKind.GotTpOff or WrtKind.TlsIe => true,
        WrtKind.GotPc when type == RelocationType.GotPcRel => true,
        _ => null,
    };

    /// <summary>The global label in <paramref name="sectionSymbol"/>'s section at <paramref name="offset"/>
    /// (or, unless <paramref name="exact"/>, the nearest one before it), first defined first.</summary>
    private (AssemblySymbol Symbol, long Offset)? GlobalAt(Symbol sectionSymbol, long offset, bool exact)
    {
        (AssemblySymbol Symbol, long Offset)? best = null;
        foreach (var symbol in _symbols.Values)
        {
            if (!symbol.IsGlobal || !symbol.IsDefined || symbol.IsExtern) continue;
            var value = symbol.DefinedPass == _pass ? symbol.Value : symbol.PreviousValue;
            if (!value.Known || value.Base != sectionSymbol) continue;
            if (exact ? value.Number != offset : value.Number > offset) continue;
            if (best is not { } b || value.Number > b.Offset || (value.Number == b.Offset && symbol.Order < b.Symbol.Order))
                best = (symbol, value.Number);
        }
        return best;
    }

    /// <summary>A relative branch to a number (jmp 0x1234), as nasm's output formats write it: bin and elf32 relocate
    /// it against address 0 (symbol 0 in ELF; the addend is target − the field's distance to the end), elf64 writes
    /// that addend without a relocation.</summary>
    private void BranchToNumber(Section section, ulong offset, long field, Fixup fixup)
    {
        if (_options.Format == OutputFormat.Elf64)
        {
            var bytes = section.Data.Span.Slice((int)offset, fixup.FieldSize);
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(field >> (8 * i));
            return;
        }
        AddRelocation(section, new Relocation(offset, RelocationFor(fixup), Symbol.AddressZero, field));
    }

    private const string InvalidWrt = "invalid right-hand operand to WRT", BinWrt = "WRT not supported by binary output format";

    private RelocationType RelocationFor(Fixup fixup)
    {
        if (fixup.Wrt == WrtKind.Invalid) throw new EvaluationException(InvalidWrt);
        if (fixup.Wrt != WrtKind.None && _options.Format == OutputFormat.Bin) throw new EvaluationException(BinWrt);
        switch (fixup.Wrt)
        {
            case WrtKind.Plt: return RelocationType.Plt32;
            case WrtKind.GotPcRel: return RelocationType.GotPcRel;
            // RIP-relative `wrt ..got' and `wrt ..gotpc' both load a GOT slot: GOTPCREL, as NASM writes them.
            case WrtKind.Got or WrtKind.GotPc when fixup.PcRelative && _bits == 64: return RelocationType.GotPcRel;
            case WrtKind.Got: return fixup.FieldSize == 8 ? RelocationType.Got64 : RelocationType.Got32;
            case WrtKind.GotOff: return RelocationType.GotOff64;
            // NASM writes GOTPC32 even on a 64-bit field.
            case WrtKind.GotPc: return RelocationType.GotPc32;
            case WrtKind.GotTpOff or WrtKind.TlsIe: return RelocationType.GotTpOff;
            case WrtKind.TpOff: return fixup.FieldSize == 8 ? RelocationType.TpOff64 : RelocationType.TpOff32;
            case WrtKind.DtpOff: return fixup.FieldSize == 8 ? RelocationType.DtpOff64 : RelocationType.DtpOff32;
            case WrtKind.TlsGd: return RelocationType.TlsGd;
            case WrtKind.TlsLd: return RelocationType.TlsLd;
            case WrtKind.None or WrtKind.Sym: break;
            case WrtKind.Other: throw new EvaluationException("ELF format does not support this use of WRT");
            default: throw new NotSupportedYetException($"`wrt {fixup.Wrt}' relocation");
        }
        // 64-bit code in an elf32 object (nasm allows it): i386 relocations, a 64-bit field's low half relocated.
        if (_options.Format == OutputFormat.Elf32 && fixup.FieldSize is 4 or 8)
        {
            if (fixup.FieldSize == 8) _diagnostics.Warning(_location, "64-bit unsigned relocation zero-extended from 32 bits [-w+zext-reloc]");
            return fixup.PcRelative ? RelocationType.Pc32 : RelocationType.Abs32;
        }
        return (fixup.FieldSize, fixup.PcRelative) switch
        {
            (8, false) => RelocationType.Abs64,
            (8, true) => RelocationType.Pc64,
            (4, false) => fixup.Signed && _bits == 64 ? RelocationType.Abs32S : RelocationType.Abs32,
            (4, true) => RelocationType.Pc32,
            (2, false) => RelocationType.Abs16,
            (2, true) => RelocationType.Pc16,
            (1, false) => RelocationType.Abs8,
            _ => RelocationType.Pc8,
        };
    }

    // ---- data ----

    private byte[] _dataScratch = new byte[64];

    private void EmitData(DataStatement data)
    {
        if (!_absolute) CurrentSection();
        int unit = data.UnitSize;
        bool warned = false;
        foreach (var item in data.Items)
        {
            switch (item.Kind)
            {
                case DataItemKind.String:
                    {
                        int length = item.Bytes!.Length;
                        int padded = (length + unit - 1) / unit * unit;
                        if (_emitting)
                        {
                            var bytes = new byte[padded];
                            item.Bytes.CopyTo(bytes, 0);
                            WriteBytes(bytes, []);
                        }
                        Advance((ulong)padded);
                        break;
                    }
                case DataItemKind.Uninitialized:
                    // `?' reserves like RESx: quiet in NOBITS, zeroed with one warning per line elsewhere.
                    Reserve((ulong)unit, warnZeroing: !warned);
                    warned = true;
                    break;
                case DataItemKind.Float:
                    EmitFloat(item.FloatText!, unit);
                    Advance((ulong)unit);
                    break;
                default:
                    EmitDataExpression(item, unit);
                    break;
            }
        }
    }

    private void EmitDataExpression(DataItem item, int unit)
    {
        bool negated = item.Value is UnaryExpression { Operator: UnaryOperator.Negate, Operand: FloatFunctionExpression { Argument: null } };
        if ((negated ? ((UnaryExpression)item.Value!).Operand : item.Value) is FloatFunctionExpression { Argument: null } special)
        {
            if (_emitting) WriteBytes(FloatEncoder.Special(special.Function, negated, unit), []);
            Advance((ulong)unit);
            return;
        }
        // __?float80m?__() & co. are integers too (dt __?float80e?__(1.5) is refused).
        if (unit >= 10)
            throw new EvaluationException($"integer supplied as {unit * 8}-bit data");
        if (_emitting)
        {
            Value value;
            bool selfRelative = false;
            try
            {
                value = Evaluate(item.Value!);
            }
            catch (EvaluationException) when (item.Wrt == WrtKind.None && unit <= 8 && SelfRelative(item.Value!) is { } relative)
            {
                // `dd sym - $': nasm's OUT_RELADDR, a PC-relative field whose addend is the rest of the value plus the
                // field's own offset (AddRelocation takes the field's size off a PC-relative addend again).
                value = relative with { Number = relative.Number + (long)CurrentSection().Data.Length + unit };
                selfRelative = true;
            }
            if (!value.Known) throw new EvaluationException("symbol not defined");
            // After the value, as nasm evaluates it before its output format looks at the WRT.
            if (item.Wrt == WrtKind.Invalid) throw new EvaluationException(InvalidWrt);
            if (item.Wrt != WrtKind.None && _options.Format == OutputFormat.Bin) throw new EvaluationException(BinWrt);
            if (_dataScratch.Length < unit) _dataScratch = new byte[unit];
            var bytes = _dataScratch.AsSpan(0, unit);
            bytes.Clear();
            long number = value.Base is null ? value.Number : 0;
            if (value.Base is null && unit < 8)
            {
                // NASM's overflow_general: either a signed or an unsigned reading of the value must fit.
                long min = -(1L << (unit * 8)), max = (1L << (unit * 8)) - 1;
                if (number < min || number > max)
                    _diagnostics.Warning(_location, $"{UnitName(unit)} data exceeds bounds [-w+number-overflow]");
            }
            for (int i = 0; i < Math.Min(unit, 8); i++) bytes[i] = (byte)(number >> (8 * i));
            if (unit > 8 && number < 0) bytes[8..].Fill(0xff);
            if (value.Base is not null && unit > 8) throw new EvaluationException($"relocation in a {unit}-byte data unit");
            var fixups = value.Base is null ? (IReadOnlyList<Fixup>)[] : [new Fixup(0, unit, value, selfRelative, false, item.Wrt, SelfRelative: selfRelative)];
            WriteBytes(bytes, fixups);
        }
        Advance((ulong)unit);
    }

    private static string UnitName(int unit) => unit switch { 1 => "byte", 2 => "word", 4 => "dword", 8 => "qword", _ => "data" };

    // ---- align, incbin, directives ----

    private void DoAlign(AlignStatement align)
    {
        long alignment = CriticalValue(align.Alignment, NonConstantAlign);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            // NASM's align macro: sectalign rejects the value, then ($-$$) % value is computed anyway.
            if (alignment != 0) throw new EvaluationException($"segment alignment `{alignment}' is not power of two");
            Report("segment alignment `0' is not power of two");
            throw new EvaluationException("division by zero");
        }
        // ($-$$) % alignment, where $$ is 0 in absolute space.
        long position = _absolute ? _absoluteOrigin + (long)_offset : (long)_offset;
        long padding = (alignment - position % alignment) % alignment;
        if (!_absolute && !AlignsNoSection)
        {
            var section = CurrentSection();
            if (_alignUpdatesSection && (ulong)alignment > section.Alignment) section.Alignment = (ulong)alignment;   // sectalign on
            if (_alignUpdatesSection) MarkFlatAlignment(section, (ulong)alignment);
        }
        bool filled = align.Fill is not null || (!_absolute && CurrentSection().IsNoBits && !align.Reserve);
        if (filled && padding > _options.Limits.Times)
            throw new LimitException($"alignment to {alignment} needs {padding} repetitions, exceeding --limit-times ({_options.Limits.Times})");
        if (align.Reserve && align.Fill is null)
        {
            Reserve((ulong)padding, warnZeroing: false);
            return;
        }
        if (align.Fill is not null)
        {
            for (long i = 0; i < padding; i++)
            {
                if (i == 1) ListRepeat(padding);
                Process(align.Fill);
            }
            if (padding > 1) ListRepeatEnd();
            return;
        }
        if (!_absolute && CurrentSection().IsNoBits)
        {
            // Each nop of NASM's `times n nop' warns on its own.
            for (long i = 0; i < padding && _emitting; i++) WriteBytes(NopPadding(1), []);
            Advance((ulong)padding);
            return;
        }
        if (align.Smart is { } smart)
        {
            var bytes = SmartPadding(smart, alignment, padding);
            if (_emitting && bytes.Length > 0) WriteBytes(bytes, []);
            Advance((ulong)bytes.Length);
            return;
        }
        EnsureRoom((ulong)padding);
        // In absolute space WriteBytes reports the error; the padding, however large, is not built for it.
        if (_emitting && padding > 0)
        {
            if (_listing is null || _absolute) WriteBytes(_absolute ? NopPadding(1) : NopPadding((int)padding), []);
            else
            {
                // NASM's align is `times n nop': listed as one nop and <rep n>.
                WriteBytes(NopPadding(1), []);
                if (padding > 1)
                {
                    ListRepeat(padding);
                    WriteBytes(NopPadding((int)padding - 1), []);
                    ListRepeatEnd();
                }
            }
        }
        Advance((ulong)padding);
    }

    /// <summary>smartalign's padding: above the threshold a jump over 0x90s (short when it reaches, as nasm's
    /// jump sizing picks), else whole groups of the longest NOP and one NOP for the rest.</summary>
    private byte[] SmartPadding(SmartAlignment smart, long alignment, long padding)
    {
        long threshold = CriticalValue(smart.Threshold, NonConstantAlign);
        var bytes = new List<byte>((int)padding + 5);
        if (threshold != -1 && padding > threshold)
        {
            // `jmp end' then `times (((a) - (($-$$) % (a))) % (a)) nop' measured after the jump.
            long rest = ((padding - 2) % alignment + alignment) % alignment;
            if (rest <= 127) bytes.AddRange([0xEB, (byte)rest]);
            else
            {
                int size = _bits == 16 ? 3 : 5;
                rest = ((padding - size) % alignment + alignment) % alignment;
                bytes.Add(0xE9);
                for (int i = 0; i < size - 1; i++) bytes.Add((byte)(rest >> (8 * i)));
            }
            for (long i = 0; i < rest; i++) bytes.Add(0x90);
            return [.. bytes];
        }
        int group = smart.Group;
        for (long i = 0; i < padding / group; i++) bytes.AddRange(smart.Nops[group - 1]);
        long remainder = padding % group;
        if (remainder > 0) bytes.AddRange(smart.Nops[remainder - 1]);
        return [.. bytes];
    }

    private static byte[] NopPadding(int count)
    {
        var bytes = new byte[count];
        bytes.AsSpan().Fill(0x90);
        return bytes;
    }

    private void DoIncbin(IncbinStatement incbin)
    {
        if (incbin.Contents is null)
        {
            string? path = FindInclude(incbin.Path);
            if (path is null) throw new EvaluationException($"`incbin': unable to get length of file `{incbin.Path}'");
            try
            {
                incbin.Contents = BoundedFile.Read(path, _options.Limits.Incbin)
                    ?? throw new LimitException($"`incbin' file `{incbin.Path}' is larger than --limit-incbin ({_options.Limits.Incbin} bytes)");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EvaluationException($"unable to read file `{incbin.Path}': {e.Message}");
            }
        }
        long offset = incbin.Offset is null ? 0 : IncbinValue(incbin.Offset);
        long available = Math.Max(0, incbin.Contents.Length - offset);
        long length = incbin.Length is null ? available : Math.Min(available, IncbinValue(incbin.Length));
        // nasm cannot seek to a negative offset (a negative length crashes nasm 2.16; refused here).
        if (offset < 0) throw new EvaluationException($"`incbin': unable to seek on file `{incbin.Path}'");
        if (length < 0) throw new EvaluationException("negative offset or length in INCBIN");
        if (_emitting)
        {
            if (_listing is not null)
            {
                _listing.Bytes((long)_offset, []);
                _listing.BeginRepeat(length, incbin: true);
            }
            WriteBytes(incbin.Contents.AsSpan((int)Math.Min(offset, incbin.Contents.Length), (int)length), []);
            _listing?.EndRepeat(incbin: true);
        }
        Advance((ulong)length);
    }

    private string? FindInclude(string name)
    {
        // NASM looks in the working directory, then in the -I folders (not in the source's folder).
        if (Path.IsPathRooted(name)) return File.Exists(name) ? name : null;
        if (File.Exists(name)) return Path.GetFullPath(name);
        foreach (string dir in _options.IncludePaths)
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>C's atoi as glibc has it: leading white space, a sign, the decimal digits up to the first other
    /// character; strtol's saturated long cut to int.</summary>
    private static int CAtoi(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        bool negative = i < text.Length && text[i] == '-';
        if (i < text.Length && text[i] is '+' or '-') i++;
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            int digit = text[i] - '0';
            if (value > (long.MaxValue - digit) / 10) return negative ? 0 : -1;   // (int)LONG_MIN, (int)LONG_MAX
            value = value * 10 + digit;
        }
        return unchecked((int)(negative ? -value : value));
    }

    private void DoDirective(DirectiveStatement directive)
    {
        string args = directive.Arguments;
        switch (directive.Name)
        {
            case "section":
                {
                    var parsed = (SectionDirective)directive.Parsed!;
                    SwitchSection(parsed.Name, parsed.Attributes);
                    if (parsed.Name == ".text") _defaultTextMade = true;
                    if (ReferenceEquals(_section, _implicitText)) PlaceImplicitText();
                    break;
                }
            case "bits":
                // A refused size leaves the mode as it was (nasm stays in 16-bit code after `cpu 286' + `bits 32').
                // nasm reads the size with atoi: `32h', `32:5' and `32 x' are 32.
                int bits = CAtoi(args) switch
                {
                    16 => 16,
                    32 => 32,
                    64 => 64,
                    _ => throw new EvaluationException($"`{args}' is not a valid segment size; must be 16, 32 or 64"),
                };
                if (bits == 32 && _cpuLevel < 3) throw new EvaluationException("cannot specify 32-bit segment on processor below a 386");
                if (bits == 64 && _cpuLevel < CpuLevels.X64) throw new EvaluationException("cannot specify 64-bit segment on processor below an x86-64");
                _bits = bits;
                break;
            case "default":
                // nasm reads the first word only.
                switch (args.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant())
                {
                    case "rel": _defaultRel = true; break;
                    case "abs": _defaultRel = false; break;
                    case "bnd" or "nobnd": break;
                    default: throw new EvaluationException("invalid parameter to [default] directive");
                }
                break;
            case "org":
                {
                    // NASM has no ORG outside bin: the line does not parse there.
                    if (_options.Format != OutputFormat.Bin) throw new EvaluationException("parser: instruction expected");
                    ulong origin = (ulong)OriginValue((Expression)directive.Parsed!);
                    if (_originPass == _pass) throw new EvaluationException("program origin redefined");
                    _originPass = _pass;
                    if (_pass == 1) _module.Origin = origin;
                    break;
                }
            case "absolute":
                {
                    if (_section is not null) _sectionOffsets[_section] = _offset;
                    var (origin, originBase) = AbsoluteAddress((Expression)directive.Parsed!);
                    _section = null;
                    _absolute = true;
                    _absoluteOrigin = origin;
                    _absoluteBase = originBase;
                    _offset = 0;
                    break;
                }
            case "sectalign":
                SectionAlignment(directive);
                break;
            case "global" or "static" or "extern" or "common" or "required":
                if (_pass == 1) Declare(directive.Name, (List<string>)directive.Parsed!);
                break;
            case "warning":
                if (_diagnostics.Warnings is { } warnings)
                    foreach (string word in args.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (_emitting && word.Equals("pop", StringComparison.OrdinalIgnoreCase) && !warnings.CanPop)
                            _diagnostics.Warning(_location, "warning stack empty [-w+warn-stack-empty]");
                        warnings.Apply(word);
                    }
                break;
            case "cpu":
                {
                    // nasm takes each word (between blanks or commas) in turn: the last one sets the level.
                    string[] names = args.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
                    var flags = _encoder.CpuFlags;
                    try
                    {
                        foreach (string name in names.Length == 0 ? [""] : names)
                            _cpuLevel = CpuLevels.Parse(name, _cpuLevel, ref flags, out string unknown) ?? throw new EvaluationException($"unknown CPU type or flag '{unknown}'");
                    }
                    finally
                    {
                        _encoder.CpuFlags = flags;
                    }
                    break;
                }
            case "float":
                FloatDirective(args);
                break;
            case "debug" or "list":
                break;
            case "osabi":
                OsAbiDirective(args);
                break;
            case "map":
                MapDirective(args);
                break;
            default:
                throw new NotSupportedYetException($"`{directive.Name}' directive");
        }
    }

    private void SwitchSection(string name, IReadOnlyList<string> attributes)
    {
        if (_section is not null) _sectionOffsets[_section] = _offset;
        _absolute = false;
        if (!_sections.TryGetValue(name, out var section))
        {
            // nasm's bin format makes .text and .data progbits and .bss nobits, whatever the first declaration says.
            if (_options.Format == OutputFormat.Bin && name is ".text" or ".data" or ".bss")
                attributes = WithoutFlatTypeChange(name == ".bss", attributes);
            section = SectionDefaults.Create(name, _options.Format);
            _sections.Add(name, section);
            _module.AddSection(section);
            // A section's attributes apply once, when the first pass creates it: report here, not per pass.
            var location = _location;
            string? error = SectionDefaults.ApplyAttributes(section, attributes, _options.Format, text => TryConstant(text),
                warning => _diagnostics.Warning(location, warning));
            if (error is not null) _diagnostics.Error(location, error);
        }
        else if (_pass == 1 && attributes.Count > 0 && _options.Format == OutputFormat.Bin) CheckFlatRedeclaration(section, attributes);
        _section = section;
        _offset = _sectionOffsets.GetValueOrDefault(section);
    }

    private long? TryConstant(string text)
    {
        var tokens = Lexer.Tokenize(text, out string? error);
        if (error is not null) return null;
        try
        {
            var e = new ExpressionParser(text, tokens, 0, n => n).Parse();
            var v = Evaluate(e);
            return v.Known && v.IsScalar ? v.Number : null;
        }
        catch (SyntaxException) { return null; }
        catch (EvaluationException) { return null; }
    }

    private void Declare(string kind, List<string> items)
    {
        foreach (string item in items)
        {
            string[] parts = item.Split(':', 2);
            string name = parts[0].Trim();
            string special = parts.Length > 1 ? parts[1].Trim() : "";
            // nasm reports it at once for common and required (for global, static and extern only where the symbol is
            // defined or used, which is not imitated).
            if (special.Length > 0 && _options.Format == OutputFormat.Bin && kind is "common" or "required")
            {
                RefuseInBin(_location, _statementIndex, BinSpecialMessage);
                continue;
            }
            var symbol = GetSymbol(name);
            symbol.DeclaredAt = _location;
            NoteBinSpecial(kind, special, symbol);
            switch (kind)
            {
                case "global":
                    symbol.IsGlobal = true;
                    ApplySymbolSpecial(symbol, special);
                    break;
                case "static":
                    break;
                case "extern" or "required":
                    if (!symbol.IsLabel && !symbol.IsEqu) symbol.IsExtern = true;
                    if (symbol.DeclarationOrder == int.MaxValue) symbol.DeclarationOrder = _definitionOrder++;
                    ApplySymbolSpecial(symbol, special);
                    break;
                case "common":
                    {
                        // common name size[:align]; nasm checks the size before the output format sees the declaration.
                        string[] words = name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
                        if (words.Length < 2) throw new EvaluationException("no size specified in common declaration");
                        // nasm reads the size with readnum, not as an expression: `common x 2+2' is 2 bytes, `common x (4)' an error.
                        long size = ReadNum(words[1]) ?? throw new EvaluationException("invalid size specified in common declaration");
                        if (_options.Format == OutputFormat.Bin)
                        {
                            RefuseInBin(_location, _statementIndex, "binary output format does not support common variables");
                            break;
                        }
                        var common = GetSymbol(words[0]);
                        common.IsCommon = true;
                        common.IsGlobal = true;
                        common.CommonSize = size;
                        common.CommonAlignment = special.Length > 0 ? CommonAlignment(special) : 0;   // NASM writes 0 when no alignment is given
                        common.DeclaredAt = _location;
                        if (common.DeclarationOrder == int.MaxValue) common.DeclarationOrder = _definitionOrder++;
                        if (symbol != common && !symbol.IsLabel && symbol.Order == int.MaxValue) {
                            _symbols.Remove(symbol.Name);
                            symbol.Owner = null;
                        }
                        break;
                    }
            }
        }
    }

    /// <summary>common's alignment (after the size's `:'), which the ELF formats read (readnum, as the size) and check as nasm does.</summary>
    private long CommonAlignment(string special)
    {
        long alignment = ReadNum(special) ?? throw new EvaluationException($"alignment constraint `{special}' is not a valid number");
        if (!System.Numerics.BitOperations.IsPow2(alignment)) throw new EvaluationException($"alignment constraint `{special}' is not a power of two");
        return alignment;
    }

    /// <summary>NASM's ELF symbol specials: `name:type [visibility] [size]', where type is function, data,
    /// object or notype (also weak/strong), visibility default, internal, hidden or protected, and the
    /// rest of the text is the size expression.</summary>
    private void ApplySymbolSpecial(AssemblySymbol symbol, string special)
    {
        int i = 0;
        bool first = true;
        while (i < special.Length)
        {
            while (i < special.Length && (special[i] is ' ' or '\t' or ',')) i++;
            int end = i;
            while (end < special.Length && Lexer.IsIdentifierPart(special[end])) end++;
            string word = special[i..end].ToLowerInvariant();
            switch (word)
            {
                case "function": symbol.Type = SymbolType.Function; break;
                case "data" or "object": symbol.Type = SymbolType.Object; break;
                case "notype": symbol.Type = SymbolType.NoType; break;
                case "weak": symbol.IsWeak = true; break;
                case "strong": symbol.IsWeak = false; break;
                case "hidden": symbol.Visibility = SymbolVisibility.Hidden; break;
                case "protected": symbol.Visibility = SymbolVisibility.Protected; break;
                case "internal": symbol.Visibility = SymbolVisibility.Internal; break;
                case "default": symbol.Visibility = SymbolVisibility.Default; break;
                default:
                    if (first && word.Length > 0) throw new EvaluationException($"unrecognised symbol type `{word}'");
                    end = -1;
                    break;
            }
            if (end < 0) break;
            first = false;
            i = end;
        }
        if (i >= special.Length) return;
        string sizeText = special[i..].Trim();
        var tokens = Lexer.Tokenize(sizeText, out _);
        try
        {
            symbol.SizeExpression = new ExpressionParser(sizeText, tokens, 0, n => n).Parse();
        }
        catch (SyntaxException e)
        {
            throw new EvaluationException($"invalid size for `{symbol.Name}': {e.Message}");
        }
    }

    // ---- the module ----

    private void Finish()
    {
        foreach (var section in _module.Sections)
            if (section.IsNoBits) section.Size = _sectionOffsets.GetValueOrDefault(section);

        var ordered = new List<AssemblySymbol>(_symbols.Count);
        foreach (var symbol in _symbols.Values) ordered.Add(symbol);
        ordered.Sort((a, b) => a.Order.CompareTo(b.Order));
        foreach (var symbol in ordered)
        {
            if (symbol.IsCommon && !symbol.IsDefined)
            {
                var common = ObjectSymbolFor(symbol);
                common.IsCommon = true;
                common.Binding = SymbolBinding.Global;
                common.Size = (ulong)symbol.CommonSize;
                common.Value = (ulong)symbol.CommonAlignment;
                common.Type = symbol.Type;
                continue;
            }
            if (!symbol.IsDefined) continue;   // declared global or extern but never defined: NASM drops it
            var obj = ObjectSymbolFor(symbol);
            var value = symbol.Value;
            if (value.Base is null)
            {
                obj.IsAbsolute = true;
                obj.Value = (ulong)value.Number;
            }
            else if (value.Base.Type == SymbolType.Section)
            {
                obj.Section = value.Base.Section;
                obj.Value = (ulong)value.Number;
            }
            else
            {
                _location = symbol.DefinedAt;
                Report($"`{symbol.Name}' is defined as an offset from the extern `{value.Base.Name}', which an object file cannot express");
                continue;
            }
            obj.Binding = symbol.IsGlobal ? (symbol.IsWeak ? SymbolBinding.Weak : SymbolBinding.Global) : SymbolBinding.Local;
            // As NASM: a label in a TLS section is STT_TLS whatever type `global` gave it.
            obj.Type = obj.Section is { } defined && (defined.Flags & SectionFlags.Tls) != 0 ? SymbolType.Tls : symbol.Type;
            obj.Visibility = symbol.Visibility;
            if (symbol.SizeExpression is not null)
            {
                _location = symbol.DeclaredAt;
                try
                {
                    var size = Evaluate(symbol.SizeExpression);
                    if (size.Known && size.IsScalar) obj.Size = (ulong)size.Number;
                    else Report($"size of `{symbol.Name}' is not a constant");
                }
                catch (EvaluationException e) { Report(e.Message); }
            }
        }
        // The object's symbol list: definitions in source order, then the externs that were used.
        var symbols = new List<Symbol>(ordered.Count);
        foreach (var symbol in ordered)
            if (symbol.ObjectSymbol is { } obj && (symbol.IsDefined || symbol.IsCommon)) symbols.Add(obj);
        foreach (var symbol in _externOrder)
            if (!symbol.IsDefined && !symbol.IsCommon) symbols.Add(symbol.ObjectSymbol!);
        foreach (var symbol in ordered)
            if (symbol.ObjectSymbol is { } obj)
                obj.DefinitionOrder = symbol.IsDefined ? symbol.Order : symbol.DeclarationOrder;
        _module.EnsureSymbolCapacity(_module.Symbols.Count + symbols.Count);
        foreach (var obj in symbols) _module.AddSymbol(obj);
    }

    private readonly List<AssemblySymbol> _externOrder = [];

    private Symbol ObjectSymbolFor(AssemblySymbol symbol) =>
        symbol.ObjectSymbol ??= new Symbol(symbol.Name);

    // ---- IEvaluationContext / IEncodingContext ----

    public string SegmentBaseError => _options.Format == OutputFormat.Bin
        ? "binary output format does not support segment base references"
        : "ELF format does not support segment base references";

    public Value Evaluate(Expression expression) => Evaluator.Evaluate(expression, this);

    public Value? SelfRelative(Expression expression) =>
        LinearEvaluator.SelfRelative(expression, this, sectionStart: _options.Format == OutputFormat.Bin);

    /// <summary>An instruction's self-relative fields (`mov eax, ext - $ + k`) hold k − $; AddRelocation's PC-relative
    /// addend counts from the instruction's end, so the field gets $ plus the instruction's length back (addend k plus
    /// the field's distance from $, as nasm writes it).</summary>
    private IReadOnlyList<Fixup> SelfRelativeFixups(IReadOnlyList<Fixup> fixups)
    {
        bool any = false;
        for (int i = 0; i < fixups.Count; i++) any |= fixups[i].SelfRelative;
        if (!any) return fixups;
        var adjusted = new List<Fixup>(fixups.Count);
        foreach (var fixup in fixups)
            adjusted.Add(fixup.SelfRelative ? fixup with { Value = fixup.Value with { Number = fixup.Value.Number + (long)_offset + _encoder.Length } } : fixup);
        return adjusted;
    }

    public Value Resolve(SymbolExpression expression)
    {
        if (expression.Binding is AssemblySymbol bound && bound.Owner == this) return ValueOf(bound);
        var symbol = Lookup(expression.Name);
        if (symbol is not null) expression.Binding = symbol;
        return ValueOf(symbol, expression.Name);
    }

    public Value Resolve(string name) => ValueOf(Lookup(name), name);

    private AssemblySymbol? Lookup(string name)
    {
        if (!_symbols.TryGetValue(name, out var symbol) && _options.Format == OutputFormat.Bin && IsFlatSectionLabel(name))
        {
            // section.NAME.start / .vstart: addresses only the flat layout knows; FlatWriter resolves them.
            symbol = GetSymbol(name);
            symbol.IsExtern = true;
        }
        return symbol;
    }

    private Value ValueOf(AssemblySymbol? symbol, string? name = null)
    {
        name ??= symbol?.Name;
        if (symbol is null)
        {
            if (_emitting) throw new EvaluationException($"symbol `{name}' not defined");
            return Value.Unknown;
        }
        if (symbol.DefinedPass == _pass) return symbol.Value;
        if (symbol.IsDefined) return symbol.PreviousValue;
        if (symbol.IsExtern || symbol.IsCommon)
        {
            if (symbol.ObjectSymbol is null)
            {
                var obj = ObjectSymbolFor(symbol);
                obj.Binding = symbol.IsWeak ? SymbolBinding.Weak : SymbolBinding.Global;
                obj.Type = symbol.Type;
                obj.Visibility = symbol.Visibility;
                if (!symbol.IsCommon) _externOrder.Add(symbol);
            }
            return new Value(0, symbol.ObjectSymbol);
        }
        if (_emitting) throw new EvaluationException($"symbol `{name}' not defined");
        return Value.Unknown;
    }

    private static bool IsFlatSectionLabel(string name) =>
        name.StartsWith("section.", StringComparison.Ordinal)
        && (name.EndsWith(".start", StringComparison.Ordinal) || name.EndsWith(".vstart", StringComparison.Ordinal));

    public Value Here => CurrentAddress(_lineStart);

    public Value SectionStart => _absolute ? new Value(0, _absoluteBase) : new Value(0, SectionBase);

    public int Bits => _bits;
    public bool DefaultRel => _defaultRel;
    public ulong Offset => _offset;
    public Symbol? SectionBase
    {
        get
        {
            if (_absolute) return null;
            var section = CurrentSection();
            if (!ReferenceEquals(section, _sectionBaseOf))
            {
                _sectionBase = _module.GetSectionSymbol(section);
                _sectionBaseOf = section;
            }
            return _sectionBase;
        }
    }

    private Section? _sectionBaseOf;
    private Symbol? _sectionBase;
    public bool Optimize => _options.Optimize;
    public bool MinimalOptimization => _options.MinimalOptimization;
    public bool Emitting => _emitting;

    public void Warning(string message)
    {
        if (_emitting) _diagnostics.Warning(_location, message);
    }
}
