using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>The thread encoding the later part of a large program's instructions during its first pass, null when
    /// none runs (see <see cref="StartPreEncoding"/>).</summary>
    private PreEncoder? _preEncoder;

    /// <summary>From this many statements on, the first pass shares its encoding with a second thread.</summary>
    private const int PreEncodeStatements = 20_000;

    /// <summary>
    /// The first pass of a large program encodes each distinct instruction in full (gen_asm 100k: 53,000 distinct lines,
    /// 60 of its 240 ms), one long stretch after the parse that keeps one core busy while the other idles. A second
    /// thread encodes the distinct instructions of the program's later part meanwhile, each into the fixed bytes its
    /// syntax keeps (<see cref="InstructionSyntax.TrySetFixedEncoding"/>), so that the pass finds them there as it finds
    /// those of a line whose text came before (<see cref="InstructionEncoder.TryFixedLength"/>). The output cannot
    /// change: fixed bytes depend on the syntax and the mode alone, and the pass takes them only in the mode they were
    /// made for. An instruction the thread cannot encode on its own (a symbol, $ or an absolute address in an operand,
    /// or any error) is left to the pass, and a syntax is encoded by one thread at a time (<see cref="PreEncoder.Acquire"/>).
    /// </summary>
    private void StartPreEncoding(List<Statement> statements)
    {
        if (statements.Count < PreEncodeStatements || Environment.ProcessorCount < 2 || _listing is not null) return;
        _preEncoder = PreEncoder.Start(statements, _options);
    }

    /// <summary>Stops the thread of <see cref="StartPreEncoding"/> and waits for it: the pass is over, or ended early.</summary>
    private void StopPreEncoding()
    {
        _preEncoder?.Stop();
        _preEncoder = null;
    }

    /// <summary>
    /// Encodes the instructions of statements [<see cref="_from"/>, end) on a thread of its own, in the mode the `bits'
    /// lines before each one give (a guess, which the pass checks), until the first pass gets there or it is done.
    /// </summary>
    private sealed class PreEncoder : IEncodingContext, IEvaluationContext
    {
        private readonly List<Statement> _statements;
        private readonly int _from;
        private readonly InstructionEncoder _encoder = new();
        private readonly AssemblerOptions _options;
        private readonly Thread _thread;
        private readonly InstructionStatement _scratch = new(new InstructionSyntax("", []));
        private volatile bool _stop;
        private int _bits;

        /// <summary>The statement the pass is at: the thread stops once the pass is past where it is.</summary>
        public volatile int PassIndex;

        private PreEncoder(List<Statement> statements, AssemblerOptions options)
        {
            // Read as the pass changes it: the list keeps its array through the pass, which only puts a line's own
            // statement or a run of compacted lines in a line's place (the thread then finds the syntax taken, or skips it).
            _statements = statements;
            // The pass does the first part itself meanwhile: it also makes a pass's bookkeeping, so it is the slower of the two.
            _from = statements.Count * 9 / 20;
            _options = options;
            _bits = options.DefaultBits;
            // As large a stack as the pass's own thread (Program.cs): a long constant expression is evaluated recursively.
            _thread = new Thread(Run, maxStackSize: 512 * 1024 * 1024) { IsBackground = true, Name = "nas64 encoder" };
        }

        public static PreEncoder Start(List<Statement> statements, AssemblerOptions options)
        {
            var encoder = new PreEncoder(statements, options);
            encoder._thread.Start();
            return encoder;
        }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        // Who encodes a syntax: nobody yet, the thread (now), or whoever comes (the thread is done with it, or the pass took it).
        private const int Free = 0, Encoding = 1, Taken = 2;

        /// <summary>Lets the pass use <paramref name="syntax"/>: taken from here on, once the thread is done with it.</summary>
        public static void Acquire(InstructionSyntax syntax)
        {
            ref int state = ref syntax.EncodingOwner;
            if (Volatile.Read(ref state) == Taken) return;
            var spin = new SpinWait();
            while (Interlocked.CompareExchange(ref state, Taken, Free) == Encoding) spin.SpinOnce();
        }

        private void Run()
        {
            try
            {
                var statements = _statements;
                int count = statements.Count;
                for (int i = 0; i < count && !_stop; i++)
                {
                    var statement = statements[i];
                    if (statement is DirectiveStatement { Name: "bits" } bits)
                    {
                        // As Assembler.DoDirective reads it; a refused size leaves the mode as it was.
                        if (CAtoi(bits.Arguments) is var size and (16 or 32 or 64)) _bits = size;
                        continue;
                    }
                    if (i < _from) continue;
                    if ((i & 31) == 0 && PassIndex >= i) return;
                    if (statement is InstructionStatement instruction) PreEncode(instruction);
                    // Most instruction lines stand in runs of the parser's shared lines (each distinct text's first line too).
                    else if (statement is SharedInstructionRun run) PreEncode(run.StatementAt(i, _scratch));
                }
            }
            catch (Exception)
            {
                // Whatever it is, the pass meets the line too and reports it.
            }
        }

        private void PreEncode(InstructionStatement instruction)
        {
            var syntax = instruction.Syntax;
            if (syntax.Mnemonic.Length == 0 || !Independent(syntax.Operands)) return;
            ref int state = ref syntax.EncodingOwner;
            if (Interlocked.CompareExchange(ref state, Encoding, Free) != Free) return;
            try
            {
                if (syntax.FixedEncodingBits == _bits) return;
                _scratch.Reuse(syntax, instruction.Origin, instruction.Line);
                _encoder.Encode(_scratch, this, out _);
            }
            catch (Exception)
            {
                // An error the pass reports when it encodes the line itself (the syntax keeps no fixed bytes then).
            }
            finally
            {
                _scratch.LayoutCache = null;
                Volatile.Write(ref state, Taken);
            }
        }

        /// <summary>Operands whose bytes can be fixed (<c>InstructionEncoder.IsAddressIndependent</c>): constant values, and
        /// no address without a base or an index register (`default rel' decides those).</summary>
        private static bool Independent(Operand[] operands)
        {
            foreach (var op in operands)
            {
                if (op.Value is not null && op.Value.Constant is null) return false;
                if (op.Segment is not null && op.Segment.Constant is null) return false;
                if (op.IsMemory && op.Base == Iced.Intel.Register.None && op.Index == Iced.Intel.Register.None) return false;
            }
            return true;
        }

        public int Bits => _bits;
        public bool DefaultRel => false;   // (no operand Independent lets through depends on it)
        public ulong Offset => 0;          // (bytes that depend on it are not kept as fixed)
        public Objects.Symbol? SectionBase => null;
        public bool Optimize => _options.Optimize;
        public bool MinimalOptimization => _options.MinimalOptimization;
        public bool Emitting => false;
        public Value Evaluate(Expression expression) => Evaluator.Evaluate(expression, this);
        public Value? SelfRelative(Expression expression) => throw new NotOnItsOwn();
        public void Warning(string message) { }   // a layout pass reports none (Assembler.Warning)
        public Value Resolve(string name) => throw new NotOnItsOwn();
        public Value Here => throw new NotOnItsOwn();
        public Value SectionStart => throw new NotOnItsOwn();

        /// <summary>The instruction needs what only the pass knows.</summary>
        private sealed class NotOnItsOwn : Exception;
    }
}
