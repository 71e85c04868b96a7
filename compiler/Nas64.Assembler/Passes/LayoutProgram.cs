using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>
/// Layout passes after the first run a compact program built from what the earlier passes learnt: runs of fixed-size
/// statements are one advance, labels defined before are "define here", and only the other statements (branches,
/// alignment, equ, directives, ...) are processed. A block of advances and labels that starts where it started in the
/// previous pass gives every label the value it already has, so it is stepped over whole: a pass costs about the
/// number of address-dependent statements, with the same symbol values, passes and diagnostics as processing
/// every statement.
/// </summary>
public sealed partial class Assembler
{
    /// <summary>The layout program, rebuilt when a statement it processes becomes fixed-size or a known label.</summary>
    private LayoutProgram? _program;

    /// <summary>The symbols whose value was written this pass (the only ones that can differ from their previous value).</summary>
    private readonly List<AssemblySymbol> _written = [];

    /// <summary>How many symbols were defined this pass (the progress count of <see cref="Run"/>).</summary>
    private int _definedThisPass;

    /// <summary>Scratch set of <see cref="LayoutProgram.Build"/>, kept (with its room) from one build to the next.</summary>
    private readonly HashSet<AssemblySymbol> _labelsRepeated = [];

    /// <summary>How many layout programs were built: each build marks the labels it meets with its number.</summary>
    private int _layoutBuilds;

    private bool RunProgram(List<Statement> statements)
    {
        var layoutSizes = _layoutSizes!;
        var labels = _layoutLabels!;
        if (_program is null || _program.Stale) _program = LayoutProgram.Build(statements, layoutSizes, labels, _program, ++_layoutBuilds, _labelsRepeated);
        var program = _program;
        var ops = program.Ops;
        var blocks = program.Blocks;
        var instructions = program.Instructions;
        for (int b = 0; b < blocks.Length; b++)
        {
            ref var block = ref blocks[b];
            if (block.OpEnd > block.OpStart)
            {
                // Advances and labels open the default section as their statements would.
                if (!_absolute) CurrentSection();
                if (block.Skippable && block.Pass == _pass - 1 && block.Offset == _offset && ReferenceEquals(block.Section, _section)
                    && block.Absolute == _absolute && block.Origin == _absoluteOrigin && block.Bits == _bits)
                {
                    // Same start as in the previous pass: each label keeps the value it has (ValueOf gives the previous
                    // value of a label not defined this pass), and each counts as defined.
                    _offset = block.EndOffset;
                    _definedThisPass += block.Labels;
                    block.Pass = _pass;
                }
                else
                {
                    if (!ReferenceEquals(block.Section, _section)) block.Section = _section;
                    block.Absolute = _absolute;
                    block.Origin = _absoluteOrigin;
                    block.Offset = _offset;
                    block.Bits = _bits;
                    for (int o = block.OpStart; o < block.OpEnd; o++)
                    {
                        ref readonly var op = ref ops[o];
                        if (op.Label)
                            Define(labels[op.Start]!, CurrentAddress(_offset));
                        else if (op.Bits == _bits && Fits(op.Size))
                            _offset += op.Size;
                        else
                        {
                            // Another mode, or past --limit-output: the statements go the long way.
                            if (!RunStatements(statements, op.Start, op.End, emit: false)) return false;
                            program.Stale = true;
                        }
                    }
                    block.EndOffset = _offset;
                    block.Pass = _pass;
                }
            }
            int index = block.Statement;
            if (index < 0) continue;
            if (block.Instruction >= 0)
            {
                ref var instruction = ref instructions[block.Instruction];
                var statement = (InstructionStatement)statements[index];
                if (!_absolute) CurrentSection();
                ulong start = _offset;
                ulong known = instruction.Length > 0 ? KnownLength(ref instruction, statement, program.Values) : 0;
                if (known > 0 && Fits(known))
                {
                    _offset += known;
                    continue;
                }
                if (!RunStatements(statements, index, index + 1, emit: false)) return false;
                // A length from a full layout (not an error, which does not advance) holds for inputs of the same shape.
                instruction.Length = layoutSizes[index].Size < 0 && _offset > start && _lineStart == start ? _offset - start : 0;
                if (instruction.Length > 0) Snapshot(ref instruction, statement, program.Values);
            }
            else if (statements[index] is AlignStatement align && AlignQuickly(align)) continue;
            else if (!RunStatements(statements, index, index + 1, emit: false)) return false;
            if (layoutSizes[index].Size >= 0 || labels[index] is not null) program.Stale = true;
        }
        return true;
    }

    /// <summary>
    /// A layout pass's `align n' / `alignb n' (constant n, a power of two, nop or reserved padding, in a section) as
    /// DoAlign lays it out: the padding to the next multiple of n; false for the other cases, which are processed.
    /// </summary>
    private bool AlignQuickly(AlignStatement align)
    {
        if (_absolute || align.Fill is not null || align.Smart is not null || align.Alignment.Constant is not { } alignment
            || alignment <= 0 || (alignment & (alignment - 1)) != 0)
            return false;
        var section = CurrentSection();
        if (section.IsNoBits && !align.Reserve) return false;   // nop padding in nobits: checked against --limit-times
        ulong padding = (ulong)((alignment - (long)_offset % alignment) % alignment);
        if (!Fits(padding)) return false;
        if ((ulong)alignment > section.Alignment) section.Alignment = (ulong)alignment;
        _offset += padding;
        return true;
    }

    /// <summary>
    /// The length of an address-dependent instruction when its inputs have the shape of its last layout, which then
    /// gives the same length (the relation of the encoder's layout cache): the same mode, section and operand kinds, the
    /// same numbers, and for a branch (any mnemonic with a relative form) the same distance to a label of this section
    /// and the same offset for a number target. A branch to a label of this section also takes its length from the
    /// distances seen so far (<see cref="BranchLength"/>). 0 when not known.
    /// </summary>
    private ulong KnownLength(ref LayoutInstruction block, InstructionStatement instruction, Value[] values)
    {
        if (_bits != block.InstructionBits || _defaultRel != block.DefaultRel || _absolute != block.InstructionAbsolute) return 0;
        var sectionBase = SectionBase;
        if (!ReferenceEquals(sectionBase, block.SectionBase)) return 0;
        _lineStart = _offset;   // $ in an operand
        long offset = (long)_offset, then = (long)block.InstructionOffset;
        var operands = instruction.Operands;
        int slot = block.Values;
        try
        {
            if (block.Target && _bits == 64 && Evaluate(operands[0].Value!) is { Known: true } target && ReferenceEquals(target.Base, sectionBase)
                && BranchLength(ref block, target.Number - offset) is > 0 and var length)
                return length;
            for (int i = 0; i < operands.Length; i++, slot += 2)
            {
                var op = operands[i];
                var value = op.Value is null ? Value.Scalar(0) : Evaluate(op.Value);
                var before = values[slot];
                if (value.Known != before.Known || !ReferenceEquals(value.Base, before.Base)) return 0;
                if (value.Base is null)
                {
                    if (value.Number != before.Number || (block.Branch && offset != then)) return 0;
                }
                else if (block.Branch && ReferenceEquals(value.Base, sectionBase) && value.Number - offset != before.Number - then)
                    return 0;
                if (op.Segment is not null && Evaluate(op.Segment) != values[slot + 1]) return 0;
            }
        }
        catch (Exception e) when (e is EvaluationException or NotSupportedYetException)
        {
            return 0;   // processed as usual, which reports it in the emitting pass
        }
        return block.Length;
    }

    /// <summary>
    /// The length of a plain jcc/jmp (no prefix, size or distance keyword) in 64-bit code to a label of this section
    /// <paramref name="distance"/> bytes from its start, 0 when not known. Its forms are rel8 (2 bytes, reaching
    /// distances -126 .. 129) and rel32 (one length for any distance here); once the 2-byte form was seen chosen, it is
    /// chosen wherever it reaches (what picks it does not depend on the distance), and once a length was seen where rel8
    /// does not reach, that length holds wherever rel8 does not reach. A length seen against this (which no NASM branch
    /// does) turns the rule off for the statement.
    /// </summary>
    private static ulong BranchLength(ref LayoutInstruction block, long distance)
    {
        if (block.Irregular) return 0;
        if (distance >= ShortReachFrom && distance <= ShortReachTo) return block.SeenShort ? ShortBranchLength : 0;
        return distance >= -(1L << 30) && distance <= 1L << 30 ? block.FarLength : 0;
    }

    private const long ShortReachFrom = -126, ShortReachTo = 129;
    private const ulong ShortBranchLength = 2;

    /// <summary>Learns from a plain branch laid out in full: <paramref name="length"/> at <paramref name="distance"/>.</summary>
    private static void LearnBranch(ref LayoutInstruction block, long distance, ulong length)
    {
        if (distance >= ShortReachFrom && distance <= ShortReachTo)
        {
            if (length == ShortBranchLength) block.SeenShort = true;
            else block.Irregular = true;
        }
        else if (length == ShortBranchLength || (block.FarLength != 0 && block.FarLength != length) || distance < -(1L << 30) || distance > 1L << 30)
            block.Irregular = true;
        else block.FarLength = length;
    }

    /// <summary>Keeps the inputs of an instruction just laid out (after a successful encoding, so every operand was
    /// evaluated there: evaluating them again has no first-use effect).</summary>
    private void Snapshot(ref LayoutInstruction block, InstructionStatement instruction, Value[] values)
    {
        var sectionBase = SectionBase;
        if (_bits != block.InstructionBits || _defaultRel != block.DefaultRel || _absolute != block.InstructionAbsolute
            || !ReferenceEquals(sectionBase, block.SectionBase))
            (block.SeenShort, block.FarLength, block.Irregular) = (false, 0, false);   // what was learnt holds in one mode and section
        block.InstructionBits = _bits;
        block.DefaultRel = _defaultRel;
        block.InstructionAbsolute = _absolute;
        block.SectionBase = sectionBase;
        block.InstructionOffset = _lineStart;
        var operands = instruction.Operands;
        int slot = block.Values;
        try
        {
            for (int i = 0; i < operands.Length; i++, slot += 2)
            {
                var op = operands[i];
                values[slot] = op.Value is null ? Value.Scalar(0) : Evaluate(op.Value);
                values[slot + 1] = op.Segment is null ? Value.Scalar(0) : Evaluate(op.Segment);
            }
            if (block.Target && _bits == 64 && values[block.Values] is { Known: true } target && ReferenceEquals(target.Base, sectionBase))
                LearnBranch(ref block, target.Number - (long)_lineStart, block.Length);
        }
        catch (Exception e) when (e is EvaluationException or NotSupportedYetException)
        {
            block.Length = 0;
        }
    }

    /// <summary>True unless no form of the mnemonic takes a relative branch target (then the length cannot depend on
    /// the instruction's own address).</summary>
    private static bool MayBranch(InstructionStatement instruction)
    {
        if (Encoding.InstructionTable.Find(instruction.Mnemonic) is not { } forms) return true;
        foreach (var form in forms)
            foreach (var kind in form.Operands)
                if (Encoding.InstructionEncoder.IsBranchKind(kind)) return true;
        return false;
    }

    /// <summary>One step of a block: a run of fixed-size statements [Start, End) of <see cref="Size"/> bytes in
    /// <see cref="Bits"/>-bit mode, or (Bits 0) the label of statement Start.</summary>
    private readonly record struct LayoutOp(ulong Size, int Start, int End, byte Bits)
    {
        public bool Label => Bits == 0;
    }

    /// <summary>Advances and labels (ops [OpStart, OpEnd)), then one statement processed as usual (none when -1), with
    /// the state the advances and labels started from in pass <see cref="Pass"/> and where they ended.</summary>
    private struct LayoutBlock
    {
        public int OpStart, OpEnd, Statement, Labels;

        /// <summary>The statement's entry in <see cref="LayoutProgram.Instructions"/>, or -1 when it is no instruction.</summary>
        public int Instruction;

        /// <summary>Every label of the block is defined only there (by no other label and no equ).</summary>
        public bool Skippable;

        public bool Absolute;
        public int Pass, Bits;
        public Section? Section;
        public long Origin;
        public ulong Offset, EndOffset;
    }

    /// <summary>An address-dependent instruction: its operands' values and segments from slot <see cref="Values"/> on
    /// and the other inputs and the length of its last layout (none while <see cref="Length"/> is 0).</summary>
    private struct LayoutInstruction
    {
        public int Statement, Values, InstructionBits;
        public bool Branch, DefaultRel, InstructionAbsolute;
        public ulong Length, InstructionOffset;
        public Symbol? SectionBase;

        // A plain jcc/jmp label: what its lengths in 64-bit code were seen to be (see BranchLength).
        public bool Target, SeenShort, Irregular;
        public ulong FarLength;
    }

    private sealed class LayoutProgram
    {
        public required LayoutOp[] Ops { get; init; }
        public required LayoutBlock[] Blocks { get; init; }
        public required LayoutInstruction[] Instructions { get; init; }

        /// <summary>The operand values the instructions were last laid out with (see <see cref="LayoutInstruction.Values"/>).</summary>
        public required Value[] Values { get; init; }

        /// <summary>A statement changed how it is laid out: build the program again before the next pass.</summary>
        public bool Stale { get; set; }

        /// <summary>Builds the program from the statements' layout so far; instructions keep what <paramref name="previous"/>
        /// learnt about them. <paramref name="build"/> is a number no earlier build had; <paramref name="repeated"/> is
        /// scratch (cleared here).</summary>
        public static LayoutProgram Build(List<Statement> statements, LayoutSize[] sizes, LaidOutLabels labels, LayoutProgram? previous,
            int build, HashSet<AssemblySymbol> repeated)
        {
            repeated.Clear();
            int opCount = 0, blockCount = 1, instructionCount = 0, valueCount = 0;
            for (int i = 0; i < sizes.Length; i++)
            {
                if (sizes[i].Size >= 0)
                {
                    int bits = sizes[i].Bits;
                    while (i + 1 < sizes.Length && sizes[i + 1].Size >= 0 && sizes[i + 1].Bits == bits) i++;
                    opCount++;
                }
                else if (labels[i] is { } label)
                {
                    opCount++;
                    // A label met twice in this build (a mark on the symbol instead of a set of all of them).
                    if (label.LayoutBuild == build) repeated.Add(label);
                    else label.LayoutBuild = build;
                }
                else
                {
                    blockCount++;
                    if (statements[i] is InstructionStatement instruction)
                    {
                        instructionCount++;
                        valueCount += 2 * instruction.Operands.Length;
                    }
                }
            }
            var ops = new LayoutOp[opCount];
            var blocks = new LayoutBlock[blockCount];
            var instructions = new LayoutInstruction[instructionCount];
            var values = new Value[valueCount];
            int op = 0, b = 0, n = 0, slot = 0, old = 0;
            blocks[0] = new LayoutBlock { Skippable = true, Statement = -1, Instruction = -1 };
            for (int i = 0; i < sizes.Length; i++)
            {
                ref var block = ref blocks[b];
                if (sizes[i].Size >= 0)
                {
                    int bits = sizes[i].Bits, end = i;
                    ulong size = 0;
                    for (; end < sizes.Length && sizes[end].Size >= 0 && sizes[end].Bits == bits; end++) size += (ulong)sizes[end].Size;
                    ops[op++] = new LayoutOp(size, i, end, (byte)bits);
                    i = end - 1;
                }
                else if (labels[i] is { } label)
                {
                    ops[op++] = new LayoutOp(0, i, i + 1, 0);
                    block.Labels++;
                    if (label.IsEqu || repeated.Contains(label)) block.Skippable = false;
                }
                else
                {
                    block.OpEnd = op;
                    block.Statement = i;
                    if (statements[i] is InstructionStatement instruction)
                    {
                        block.Instruction = n;
                        int operands = 2 * instruction.Operands.Length;
                        // Statements stay in order: what the previous program learnt is found walking along with it.
                        var before = previous?.Instructions;
                        while (before is not null && old < before.Length && before[old].Statement < i) old++;
                        if (before is not null && old < before.Length && before[old].Statement == i)
                        {
                            instructions[n] = before[old];
                            Array.Copy(previous!.Values, before[old].Values, values, slot, operands);
                        }
                        else
                        {
                            bool branch = MayBranch(instruction);
                            instructions[n] = new LayoutInstruction
                            {
                                Statement = i,
                                Branch = branch,
                                Target = branch && instruction.Mnemonic.StartsWith('j') && instruction is { Prefixes: 0, SegmentPrefix: Iced.Intel.Register.None }
                                    && instruction.Operands is [{ Kind: OperandKind.Immediate, Value: not null, Segment: null, Size: 0, Strict: false,
                                        Distance: BranchDistance.Default, Wrt: WrtKind.None }],
                            };
                        }
                        instructions[n++].Values = slot;
                        slot += operands;
                    }
                    blocks[++b] = new LayoutBlock { OpStart = op, Skippable = true, Statement = -1, Instruction = -1 };
                }
            }
            blocks[b].OpEnd = op;
            return new LayoutProgram { Ops = ops, Blocks = blocks, Instructions = instructions, Values = values };
        }
    }
}
