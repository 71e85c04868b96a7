using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>
    /// After the emitting pass the statements are done with: the symbol table, the module and the line table are all
    /// that <see cref="Finish"/> and the object writer read. Letting go of the statement graph leaves it to the collector
    /// while the symbols and the object file are made, instead of keeping a large program's syntax alive to the end.
    /// The relocations go to their sections then, and a large program's garbage is collected (<see cref="CollectBetweenPhases"/>)
    /// unless making their lists did so already (past the large-object budget, a full collection). The passes' no-GC
    /// region (<see cref="PausePasses"/>) ends here. When the caller ends the next one after writing the object
    /// (<see cref="_callerResumesCollections"/>, the command line) and the heap has room for what
    /// <see cref="Finish"/> and the writer make (<see cref="FinishRoom"/>) below the size the parse left it at, a region
    /// of that room replaces the collection: gen_macro 4000 5.179 -> 5.108 G instructions, its serial tail without a
    /// collection after the one that follows the parse. Without the caller's end (a region ended with the assembly), the
    /// writer's first large array set off a full collection over the dead statement graph (139 M instructions against
    /// this one's 65 M).
    /// </summary>
    private void ReleaseStatements(List<Statement> statements)
    {
        int count = statements.Count;
        statements.Clear();
        statements.TrimExcess();
        int fullCollections = GC.CollectionCount(2);
        MoveRelocations();
        bool paused = RoomLeft >= 0;
        ResumePasses();
        if (paused && _callerResumesCollections
            && GC.GetTotalMemory(forceFullCollection: false) + FinishRoom() <= _heapLimit - PassSlack)
        {
            PausePasses(count);
            _regionLeftOpen = _passesPaused;
            if (_regionLeftOpen) return;
        }
        if (GC.CollectionCount(2) == fullCollections) CollectBetweenPhases(count);
    }

    /// <summary>A generous guess of what <see cref="Finish"/> and the object writer allocate: gen_asm 100k and gen_macro
    /// 4000 both made 6.3 MB (22,000 and 18,000 symbols, 0.5 and 1.2 MB of bytes, 11,000 and 14,000 relocations).</summary>
    private long FinishRoom()
    {
        long bytes = 0, relocations = 0;
        foreach (var section in _sections.Values)
        {
            bytes += section.Data.Length;
            relocations += section.Relocations.Count;
        }
        return 320L * _symbols.Count + 3 * bytes + 96 * relocations;
    }

    /// <summary>The region <see cref="ReleaseStatements"/> began for <see cref="Finish"/> and the object writer, which the
    /// caller ends (<see cref="CollectionPause"/>).</summary>
    private bool _regionLeftOpen;

    /// <summary>The caller ends the collections paused after assembly once it has written the object (it asked for a
    /// <see cref="CollectionPause"/>).</summary>
    private bool _callerResumesCollections;

    /// <summary>How far past the heap the parse ended with (garbage included) the passes may fill it without collecting.</summary>
    private const long PassSlack = 4 << 20;

    /// <summary>The heap size the passes' no-GC regions stay within: the parse's peak and <see cref="PassSlack"/>.</summary>
    private long _heapLimit;

    /// <summary>The room of the passes' no-GC region and the process's allocated bytes when it began.</summary>
    private long _room, _roomStart;

    private bool _passesPaused;

    /// <summary>
    /// No collections in the passes of a large program while its heap stays below the size it had when the parse ended
    /// (<see cref="_heapLimit"/>): a no-GC region of that room, begun after the collection that follows the parse
    /// (<see cref="CollectBetweenPhases"/>), so the passes fill memory the parse already had. What the passes make lives
    /// on (symbols, compacted lines, the layout program), and each collection there marks the whole statement graph (a
    /// young one scans most of it too, its cards dirtied by the first pass's bindings). gen_asm 100k: a gen1 collection
    /// in the first pass (96 M instructions) and a full one when the third built its layout program (140 M, past the
    /// large-object budget) become one full collection after the first pass (<see cref="CollectAfterFirstPass"/>, 147 M);
    /// 2.377 -> 2.291 G instructions, peak RSS 36.5 -> 36.3 MB. gen_macro 4000 needs none until its statements are
    /// released (<see cref="ReleaseStatements"/>): its serial tail loses a gen1 collection, 5.269 -> 5.179 G. A quarter
    /// of the room is for large objects. No full collection may be made to find the room (the one after the parse has
    /// just run): without room, no region, and the collector runs on its own schedule as before.
    /// </summary>
    private void PausePasses(int statements)
    {
        long room = _heapLimit - GC.GetTotalMemory(forceFullCollection: false);
        if (statements < LargeProgram || room < MinimumRoom) return;
        if (!StartRegion(room, room / 4, disallowFullBlockingGC: true)) return;
        _room = room;
        _roomStart = GC.GetTotalAllocatedBytes();
        _passesPaused = true;
    }

    private const long MinimumRoom = 1 << 20;

    /// <summary>Ends <see cref="PausePasses"/>'s region if it is still open.</summary>
    private void ResumePasses()
    {
        ResumeCollections(_passesPaused);
        _passesPaused = false;
    }

    /// <summary>What is left of the passes' region, -1 when none is open (never begun, or ended by outgrowing it).</summary>
    private long RoomLeft =>
        _passesPaused && Volatile.Read(ref s_regionOwner) == Environment.CurrentManagedThreadId
        && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion
            ? _room - (GC.GetTotalAllocatedBytes() - _roomStart) : -1;

    /// <summary>
    /// After the first pass, when what is left of the region is less than half of what that pass made (the later passes
    /// and the emitting pass make less: gen_asm 100k 40 %, gen_macro 4000 20 %): a full collection, which frees the
    /// first pass's garbage (the lines compacted into runs, the encoder's scratch), and a region with the room that
    /// leaves. Otherwise the collector would end the region on its own once it is full, at a young collection that
    /// frees none of that.
    /// </summary>
    private void CollectAfterFirstPass(int statements)
    {
        long left = RoomLeft;
        if (left < 0 || left >= (GC.GetTotalAllocatedBytes() - _roomStart) / 2) return;
        ResumePasses();
        CollectBetweenPhases(statements, GCCollectionMode.Aggressive);
        PausePasses(statements);
    }

    /// <summary>Before the emitting pass: what only the layout passes read (the layout program, the per-statement sizes and
    /// labels) and the encoder's candidate forms by shape (the emitting pass finds most instructions' bytes fixed).</summary>
    private void ReleaseLayout()
    {
        _program = null;
        _layoutSizes = null;
        _layoutLabels = null;
        _encoder.ReleaseCaches();
    }

    /// <summary>This pass's relocations by section, in <see cref="RelocationChunks"/> until <see cref="MoveRelocations"/>.</summary>
    private readonly Dictionary<Section, RelocationChunks> _relocations = [];

    private void AddRelocation(Section section, Relocation relocation)
    {
        ref var chunks = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_relocations, section, out _);
        (chunks ??= new RelocationChunks()).Add(relocation);
    }

    /// <summary>Puts the emitting pass's relocations in their sections' lists, each list allocated once at its final size.</summary>
    private void MoveRelocations()
    {
        foreach (var (section, chunks) in _relocations) chunks.MoveTo(section.Relocations);
        _relocations.Clear();
    }

    /// <summary>
    /// A section's relocations, collected in arrays below the large-object threshold. A list grown by doubling left each
    /// smaller copy behind on the large-object heap (gen_asm 100k: 2.4 MB of arrays for 11,000 relocations of 72 bytes),
    /// and past the large-object budget the next collection is a full one, made with the whole statement graph alive
    /// (gen_asm 100k: one in the emitting pass, 138 M instructions; without it and with the list growth, 2.49 -> 2.36 G).
    /// </summary>
    private sealed class RelocationChunks
    {
        private static readonly int ChunkLength = 64 * 1024 / System.Runtime.CompilerServices.Unsafe.SizeOf<Relocation>();
        private readonly List<Relocation[]> _full = [];
        private Relocation[] _chunk = new Relocation[16];
        private int _count;

        public void Add(Relocation relocation)
        {
            if (_count == _chunk.Length)
            {
                if (_count < ChunkLength) Array.Resize(ref _chunk, Math.Min(2 * _count, ChunkLength));
                else
                {
                    _full.Add(_chunk);
                    _chunk = new Relocation[ChunkLength];
                    _count = 0;
                }
            }
            _chunk[_count++] = relocation;
        }

        public void MoveTo(List<Relocation> list)
        {
            list.Capacity = list.Count + _full.Count * ChunkLength + _count;
            foreach (var chunk in _full) list.AddRange(chunk);
            list.AddRange(_chunk.AsSpan(0, _count));
        }
    }

    /// <summary>From this many statements on, <see cref="CollectBetweenPhases"/> collects.</summary>
    private const int LargeProgram = 20_000;

    /// <summary>The room <see cref="PauseCollections"/> asks for: at least <see cref="ParseRoom"/>, and on a larger source
    /// <see cref="RoomPerSourceByte"/> bytes a source byte up to <see cref="MostRoom"/>; and the largest source it asks
    /// for a parse of.</summary>
    private const long ParseRoom = 64 << 20, MostRoom = 256 << 20, ParseRoomSource = 4 << 20;

    /// <summary>gen_macro allocates ≈60 bytes a source byte from the first line to the object (gen_macro 4000: 79 MB for
    /// 1.32 MB), so a macro-heavy source runs its passes inside the room too; gen_asm's parse allocates ≈29 (55 MB for
    /// 1.9 MB) and ends its region after parsing.</summary>
    private const int RoomPerSourceByte = 96;

    /// <summary>
    /// No collections while a mid-size program (<paramref name="lines"/> source lines from <see cref="LargeProgram"/> on, a
    /// source of at most 4 MB) is preprocessed and parsed: what the parse makes lives to its end (the statements, the
    /// preprocessor's macros), so each collection there marks and copies a growing live heap for little garbage, and they
    /// stop the preprocessor thread as well. gen_macro 4000: six full collections during the parse, 0.42 -> 0.37 s, peak
    /// RSS 49.8 -> 55.7 MB (nasm: 322 MB); gen_asm 100k 2.435 -> 2.378 G instructions, 39.4 -> 39.8 MB (docs/benchmarks.md,
    /// helper loh). A larger program outgrows the room and would keep what it touched (gen_asm 1M 237 -> 277 MB), so it
    /// is left to the collector. On plain source the parse ends the region and the collection after it
    /// (<see cref="CollectBetweenPhases"/>) frees what died. On source whose lines come mostly from macros
    /// (<see cref="MostlyExpanded"/>) the region lasts through the passes and the object writer (the caller ends it with
    /// its <see cref="CollectionPause"/>): the preprocessor thread sets the pace there and what the passes allocate is
    /// little (gen_macro 4000: 6 MB after 73), so the full collection after parsing (0.21 G instructions, with the first pass's
    /// products caught up) and the one after the emitting pass would only lengthen the serial tail; the peak is what
    /// was allocated, still far under nasm's (gen_macro 4000: 86 MB against 314). The region is the process's: a second
    /// assembly in the same process meanwhile just goes on.
    /// </summary>
    private static bool PauseCollections(int lines, int sourceLength)
    {
        if (lines < LargeProgram || sourceLength > ParseRoomSource) return false;
        return StartRegion(Math.Clamp((long)RoomPerSourceByte * sourceLength, ParseRoom, MostRoom));
    }

    /// <summary>Starts a no-GC region that this thread owns; false when none starts (another assembly in this process has
    /// one open, or the room is not to be had). Starting and ending take <see cref="s_regionLock"/>, so that an assembly
    /// whose region the runtime ended (outgrown) cannot end one that another thread has just started.</summary>
    private static bool StartRegion(long room, long largeObjectRoom = -1, bool disallowFullBlockingGC = false)
    {
        lock (s_regionLock)
        {
            try
            {
                bool started = largeObjectRoom < 0 ? GC.TryStartNoGCRegion(room)
                    : GC.TryStartNoGCRegion(room, largeObjectRoom, disallowFullBlockingGC);
                if (started) Volatile.Write(ref s_regionOwner, Environment.CurrentManagedThreadId);
                return started;
            }
            catch (InvalidOperationException) { return false; }   // another assembly in this process has a region open
            catch (ArgumentOutOfRangeException) { return false; }
        }
    }

    private static readonly System.Threading.Lock s_regionLock = new();

    /// <summary>At least half of <paramref name="lines"/> came from macros (<paramref name="expanded"/>): macro expansion
    /// is what makes the preprocessor's thread the slower one (gen_macro 4000: 3.7 G instructions to the parser's 0.5 G),
    /// while on plain source (gen_asm) the parser's is.</summary>
    private static bool MostlyExpanded(int lines, int expanded) => lines > 0 && 2 * expanded >= lines;

    /// <summary>The thread whose parse opened the no-GC region, so that another assembly's region, opened after this one's
    /// ended by outgrowing its room, is not ended here.</summary>
    private static int s_regionOwner;

    /// <summary>Collections paused by an assembly (<see cref="PauseCollections"/>) for its caller's writing: disposing it
    /// resumes them (once; on the thread that assembled).</summary>
    public readonly struct CollectionPause(bool paused) : IDisposable
    {
        public void Dispose() => ResumeCollections(paused);
    }

    /// <summary>Ends the region this thread started (<see cref="StartRegion"/>) if it is still open (one outgrown was
    /// ended by the runtime).</summary>
    private static void ResumeCollections(bool paused)
    {
        if (!paused) return;
        int thread = Environment.CurrentManagedThreadId;
        lock (s_regionLock)
        {
            if (Interlocked.CompareExchange(ref s_regionOwner, 0, thread) != thread
                || System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion) return;
            try { GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { }   // ended by a collection in the meantime
        }
    }

    /// <summary>
    /// A full collection where a large program's phases hand over (<paramref name="statements"/> many): after parsing, the
    /// preprocessor's output, the source text and the parser's tables are garbage that reached the old generation; after
    /// the emitting pass, the whole statement graph is. Collected there, their room serves what the next phase makes,
    /// instead of growing the heap until the collector's own schedule reaches the old generation. An
    /// <see cref="GCCollectionMode.Aggressive"/> collection also compacts what survives and gives the emptied regions back
    /// to the system: after parsing, where the whole graph has just been promoted and half the heap is garbage, that
    /// lowers the peak of the passes that follow (gen_asm 100k 42.0 -> 41.1 MB, gen_asm 1M 300 -> 292 MB) for about the
    /// same instructions.
    /// </summary>
    private static void CollectBetweenPhases(int statements, GCCollectionMode mode = GCCollectionMode.Forced)
    {
        // Not while collections are paused (see PauseCollections).
        if (statements >= LargeProgram && System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion)
            GC.Collect(2, mode, blocking: true, compacting: mode == GCCollectionMode.Aggressive);
    }

    /// <summary>
    /// A layout pass just processed <paramref name="instruction"/> (statement <paramref name="index"/>) to a fixed size:
    /// when the emitting pass would only write its fixed bytes (the encoder's cached encoding for this mode, no `cpu' level
    /// check, no warning, no listing), the statement becomes a <see cref="FixedInstructionStatement"/>. What a pass sees
    /// at a line (mode, cpu level, section) is the same in every pass, the bytes do not depend on `default rel' (an
    /// absolute address, where it warns, keeps its statement), and a warning the line would give keeps it too.
    /// </summary>
    private void Compact(List<Statement> statements, int index, InstructionStatement instruction)
    {
        var syntax = instruction.Syntax;
        if (_listing is not null || _absolute || _cpuLevel != CpuLevels.Any || _encoder.CpuFlags != CpuFlags.None || syntax.FixedEncodingBits != _bits
            || syntax.FixedEncodingLength != (int)(_offset - _lineStart) || _section is not { IsNoBits: false })
            return;
        foreach (var operand in instruction.Operands)
            if (operand.IsMemory && operand.Base == Iced.Intel.Register.None && operand.Index == Iced.Intel.Register.None) return;
        if (!(syntax.FixedEncodingQuiet ??= IsQuiet(instruction))) return;
        Span<byte> bytes = stackalloc byte[16];
        int length = syntax.CopyFixedEncoding(bytes);
        AddToRun(statements, index, instruction, bytes[..length]);
    }

    // The run of compacted lines being collected: statement indexes [_runStart, _runStart + _runCount), their line
    // numbers, where each one's bytes end, and the bytes; scratch kept from one run to the next.
    private int _runStart, _runCount, _runLength, _runBits;
    private int[] _runLines = new int[16];
    private ushort[] _runEnds = new ushort[16];
    private byte[] _runBytes = new byte[256];
    private byte[] _runOriginOfLine = new byte[16];
    private readonly Statement.LineOrigin?[] _runOrigins = new Statement.LineOrigin?[FixedInstructionRun.MaxOrigins];
    private int _runOriginCount;

    /// <summary>Adds a compacted line to the run being collected, which it continues when it is the next statement,
    /// in the same mode (from any file and context: a macro's body lines each have one of their own).</summary>
    private void AddToRun(List<Statement> statements, int index, InstructionStatement instruction, ReadOnlySpan<byte> bytes)
    {
        int origin = _runCount > 0 ? RunOriginIndex(instruction.Origin) : 0;
        if (_runCount > 0 && (index != _runStart + _runCount || _runBits != _bits || origin < 0
            || _runLength + bytes.Length > ushort.MaxValue || _runCount == ushort.MaxValue))
        {
            EndRun(statements);
            origin = 0;
        }
        if (_runCount == 0)
        {
            _runStart = index;
            _runBits = _bits;
            _runOrigins[0] = instruction.Origin;
            _runOriginCount = 1;
        }
        if (_runCount == _runLines.Length)
        {
            Array.Resize(ref _runLines, 2 * _runCount);
            Array.Resize(ref _runEnds, 2 * _runCount);
            Array.Resize(ref _runOriginOfLine, 2 * _runCount);
        }
        _runOriginOfLine[_runCount] = (byte)origin;
        if (_runLength + bytes.Length > _runBytes.Length) Array.Resize(ref _runBytes, Math.Max(2 * _runBytes.Length, _runLength + bytes.Length));
        bytes.CopyTo(_runBytes.AsSpan(_runLength));
        _runLength += bytes.Length;
        _runLines[_runCount] = instruction.Line;
        _runEnds[_runCount++] = (ushort)_runLength;
    }

    /// <summary>The index of <paramref name="origin"/> among the run's origins, added if new; -1 when the run holds as many
    /// as it can. The last line's origin is looked at first (the lines of a file share one).</summary>
    private int RunOriginIndex(Statement.LineOrigin? origin)
    {
        int last = _runOriginOfLine[_runCount - 1];
        if (ReferenceEquals(_runOrigins[last], origin)) return last;
        for (int i = 0; i < _runOriginCount; i++)
            if (ReferenceEquals(_runOrigins[i], origin)) return i;
        if (_runOriginCount == _runOrigins.Length) return -1;
        _runOrigins[_runOriginCount] = origin;
        return _runOriginCount++;
    }

    /// <summary>Puts the run collected so far in place of its statements: one <see cref="FixedInstructionRun"/> for all of
    /// them, or a <see cref="FixedInstructionStatement"/> for a line alone (smaller than a run of one).</summary>
    private void EndRun(List<Statement> statements)
    {
        if (_runCount == 1)
            statements[_runStart] = new FixedInstructionStatement(_runOrigins[0], _runLines[0], _runBytes.AsSpan(0, _runLength), _runBits);
        else if (_runCount > 1)
        {
            var run = new FixedInstructionRun(_runStart, _runLines.AsSpan(0, _runCount), _runEnds.AsSpan(0, _runCount),
                _runOriginOfLine.AsSpan(0, _runCount), _runOrigins.AsSpan(0, _runOriginCount), _runBytes.AsSpan(0, _runLength), _runBits);
            for (int i = 0; i < _runCount; i++) statements[_runStart + i] = run;
        }
        _runCount = 0;
        _runLength = 0;
        _runOrigins.AsSpan(0, _runOriginCount).Clear();
        _runOriginCount = 0;
    }

    /// <summary>True when <paramref name="instruction"/>, of fixed bytes, warns about nothing: no obsolete form, none of
    /// <see cref="NasmWarnings"/>. Its operands are constants (no symbol, no address without registers), so the answer
    /// holds for every line of its syntax in this mode.</summary>
    private bool IsQuiet(InstructionStatement instruction)
    {
        var syntax = instruction.Syntax;
        if (ObsoleteInstructions.Warning(syntax.FixedEncodingCode, _cpuLevel) is not null) return false;
        _warningSeen = false;
        NasmWarnings.Report(instruction, this, syntax.FixedEncodingCode, syntax.FixedEncodingLength, _noteWarning ??= _ => _warningSeen = true);
        return !_warningSeen;
    }

    private bool _warningSeen;
    private Action<string>? _noteWarning;

    /// <summary>A <see cref="FixedInstructionStatement"/>, as <see cref="EmitInstruction"/> handles the instruction it was.</summary>
    private void EmitFixedInstruction(FixedInstructionStatement instruction)
    {
        Span<byte> bytes = stackalloc byte[16];
        EmitFixedBytes(bytes[..instruction.CopyBytes(bytes)], instruction.Bits);
    }

    /// <summary>The line of a <see cref="FixedInstructionRun"/> at the statement being processed.</summary>
    private void EmitFixedLine(FixedInstructionRun run) => EmitFixedBytes(run.BytesAt(_statementIndex), run.Bits);

    private void EmitFixedBytes(ReadOnlySpan<byte> bytes, int bits)
    {
        if (!_absolute) CurrentSection();
        if (bits != _bits) throw new InvalidOperationException("a compacted instruction met another mode");
        if (_emitting) WriteBytes(bytes, []);
        Advance((ulong)bytes.Length);
    }

    /// <summary>Where the statement at <paramref name="index"/> is: a line of a run, or the statement's own location.</summary>
    private static SourceLocation LocationOf(Statement statement, int index) =>
        statement is FixedInstructionRun run ? run.LocationAt(index) : statement.Location;
}
