namespace Nas64.Assembler.Syntax;

/// <summary>
/// Consecutive instruction lines whose text the parser met before (see <see cref="SharedLines"/>): one object for the
/// run, each line three numbers in the parser's <see cref="Store"/> (its syntax, origin and line number), where an
/// <see cref="InstructionStatement"/> each would be an object per line that lives until the first pass. The run stands at
/// each of its statement indexes [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>); the first pass puts
/// each line's <see cref="InstructionStatement"/> in its place (<see cref="StatementAt"/>) before processing it.
/// </summary>
public sealed class SharedInstructionRun : Statement
{
    private readonly Store _store;
    private readonly int _start, _first, _count;

    private SharedInstructionRun(Store store, int start, int first, int count)
    {
        _store = store;
        _start = start;
        _first = first;
        _count = count;
        var line = store.LineAt(first);
        PlaceAt(store.OriginOf(line), line.Line);
    }

    /// <summary>The statement index of the first line.</summary>
    public int Start => _start;

    public int Count => _count;

    /// <summary>The instruction of the line at statement index <paramref name="index"/>, in <paramref name="scratch"/> when
    /// there is one (made to be that line), else a new statement.</summary>
    public InstructionStatement StatementAt(int index, InstructionStatement? scratch = null)
    {
        var line = _store.LineAt(_first + index - _start);
        if (scratch is null) return new InstructionStatement(_store.SyntaxOf(line), _store.OriginOf(line), line.Line);
        scratch.Reuse(_store.SyntaxOf(line), _store.OriginOf(line), line.Line);
        return scratch;
    }

    internal readonly record struct SharedLine(int Syntax, int Origin, int Line);

    /// <summary>
    /// A parser's shared lines, in chunks of numbers the collector need not look into, with the syntaxes and origins they
    /// name; and the run being collected, whose lines go into the statement list as one run when it ends
    /// (<see cref="End"/>), or as the line's own <see cref="InstructionStatement"/> for a run of one line.
    /// </summary>
    internal sealed class Store
    {
        private const int ChunkSize = 4096;   // 48 KB: below the large object heap's threshold

        private readonly List<SharedLine[]> _chunks = [];
        private SharedLine[]? _lastChunk;
        private int _count;
        // Every instruction line's syntax is here (one per distinct line): in chunks below the large object heap's
        // threshold too (32 KB), not one array copied at each doubling.
        private readonly List<InstructionSyntax[]> _syntaxes = [];
        private InstructionSyntax[]? _lastSyntaxes;
        private int _syntaxCount;
        private readonly List<LineOrigin> _origins = [];
        private readonly int _stamp = Interlocked.Increment(ref s_stamps);
        private static int s_stamps;

        // The run being collected: statement indexes [_runStart, _runStart + _count - _runFirst).
        private int _runStart, _runFirst;

        /// <summary>The statement index of the run being collected, null when there is none.</summary>
        public int? OpenRunStart => _count > _runFirst ? _runStart : null;

        public SharedLine LineAt(int index) => _chunks[(int)((uint)index / ChunkSize)][(uint)index % ChunkSize];

        public InstructionSyntax SyntaxOf(SharedLine line) => _syntaxes[(int)((uint)line.Syntax / ChunkSize)][(uint)line.Syntax % ChunkSize];

        public LineOrigin OriginOf(SharedLine line) => _origins[line.Origin];

        /// <summary>Adds the line at statement index <paramref name="index"/> to the run, ending the run first unless the
        /// line is the statement after it.</summary>
        public void Add(List<Statement> statements, int index, InstructionSyntax syntax, in SourceLocation location) =>
            Add(statements, index, syntax, LineOrigin.Of(location), location.Line);

        /// <summary><see cref="Add(List{Statement}, int, InstructionSyntax, in SourceLocation)"/> with the line's origin known
        /// (a new instruction line's statement has it: g100k, −3.5 M instructions).</summary>
        public void Add(List<Statement> statements, int index, InstructionSyntax syntax, LineOrigin origin, int line)
        {
            int runLength = _count - _runFirst;
            if (runLength > 0 && index != _runStart + runLength) End(statements);
            if (_count == _runFirst) _runStart = index;
            // (A line End takes back leaves its chunk in place: the next line goes where it was.)
            if ((uint)_count / ChunkSize == (uint)_chunks.Count) _chunks.Add(_lastChunk = new SharedLine[ChunkSize]);
            _lastChunk![(uint)_count % ChunkSize] = new SharedLine(SyntaxId(syntax), OriginId(origin), line);
            _count++;
        }

        private int SyntaxId(InstructionSyntax syntax)
        {
            if (syntax.SharedId < 0)
            {
                if ((uint)_syntaxCount % ChunkSize == 0) _syntaxes.Add(_lastSyntaxes = new InstructionSyntax[ChunkSize]);
                _lastSyntaxes![(uint)_syntaxCount % ChunkSize] = syntax;
                syntax.SharedId = _syntaxCount++;
            }
            return syntax.SharedId;
        }

        private int OriginId(LineOrigin origin)
        {
            if (origin.NumberedBy != _stamp)
            {
                origin.NumberedBy = _stamp;
                origin.Number = _origins.Count;
                _origins.Add(origin);
            }
            return origin.Number;
        }

        /// <summary>Puts the run's statements in <paramref name="statements"/>, whose places for them are held, and starts a new one.</summary>
        public void End(List<Statement> statements)
        {
            int runLength = _count - _runFirst;
            if (runLength == 1)
            {
                var line = LineAt(_runFirst);
                statements[_runStart] = new InstructionStatement(SyntaxOf(line), OriginOf(line), line.Line);
                _count--;   // the line's numbers are not needed
            }
            else if (runLength > 1)
            {
                // Through a span: the list's indexer checks each store's type against the array's (TypeCast.StelemRef, about
                // 70 instructions for a subclass; gen_macro 4000 19 M).
                var run = new SharedInstructionRun(this, _runStart, _runFirst, runLength);
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(statements).Slice(_runStart, runLength).Fill(run);
            }
            _runFirst = _count;
        }
    }
}
