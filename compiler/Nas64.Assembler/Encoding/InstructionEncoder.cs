using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// Encodes one instruction statement the way NASM 2.16 does: it matches the operands against the
/// mnemonic's forms from <see cref="InstructionTable"/>, lets Iced encode each candidate, and keeps
/// the one NASM would pick (shortest; among equals NASM's preferred form). Fields that refer to
/// symbols are reported as <see cref="Fixup"/>s, found through Iced's constant offsets.
/// </summary>
public sealed partial class InstructionEncoder
{
    private readonly ByteWriter _writer = new();
    private readonly ByteWriter _best = new();
    private readonly Encoder[] _encoders = new Encoder[3];
    private readonly List<Fixup> _fixups = [];
    private readonly List<Fixup> _bestFixups = [];

    /// <summary>The encoded bytes of the last <see cref="Encode"/>; in a layout pass only <see cref="Length"/> is set.</summary>
    public ReadOnlySpan<byte> Bytes => _best.Span;

    /// <summary>The length of the last encoded instruction (layout passes reuse it without the bytes).</summary>
    public int Length { get; private set; }

    /// <summary>After a layout-pass <see cref="Encode"/>: true when no later pass can change <see cref="Length"/> (the bytes
    /// are address-independent, or every symbol operand is an address whose field size does not depend on its value).</summary>
    public bool LengthIsStable { get; private set; }

    /// <summary>The Iced form of the last encoded instruction (for the `cpu' level check and NASM's warnings).</summary>
    public Code Code { get; private set; }

    /// <summary>nasm's `cpu' flags at the line being encoded (the pass sets them at each `cpu').</summary>
    public CpuFlags CpuFlags { get; set; }

    /// <summary>Symbol references in the last encoded instruction.</summary>
    public IReadOnlyList<Fixup> Fixups => _bestFixups;

    internal const string NonLongModeOperands = "invalid operands in non-64-bit mode";

    /// <summary>
    /// A layout pass's <see cref="Encode"/> of an instruction whose syntax has fixed bytes in <paramref name="bits"/>-bit
    /// code (most lines of the first pass of a macro-heavy program): the length and form only, without the frames and
    /// checks of a full encode, which passed when the bytes were kept (m4000: −40 M instructions). False (nothing done)
    /// otherwise.
    /// </summary>
    public bool TryFixedLength(InstructionStatement statement, int bits)
    {
        var syntax = statement.Syntax;
        if (syntax.FixedEncodingBits != bits || CpuFlags != CpuFlags.None) return false;
        FollowUp = null;
        UseFixedEncoding(syntax, emitting: false);
        return true;
    }

    private void UseFixedEncoding(InstructionSyntax syntax, bool emitting)
    {
        _best.Clear();
        _bestFixups.Clear();
        Code = syntax.FixedEncodingCode;
        Length = syntax.FixedEncodingLength;
        LengthIsStable = true;
        if (emitting)
        {
            Span<byte> fixedBytes = stackalloc byte[16];
            _best.Write(fixedBytes[..syntax.CopyFixedEncoding(fixedBytes)]);
        }
    }

    /// <summary>After "impossible combination of address sizes": nasm matches the instruction without the address-size
    /// prefix, and an address its process_ea refuses ([esp*2]) then gets "invalid N-bit effective address" too; else an
    /// address size the mode cannot have (<paramref name="prefixMessage"/>) is refused as nasm writes the prefix.</summary>
    private void InvalidAddressFollowUp(InstructionStatement statement, IEncodingContext context, string? prefixMessage = null)
    {
        var message = NasmAddressSizes.InvalidAddressError(statement, context.Bits);
        var operands = statement.Operands;
        // An address size from the prefix that the mode (prefixMessage) or the registers cannot have: nasm matches the
        // operands without it, and its process_ea or emit_prefix refuses what is left (NasmAddressSizes.PrefixAddressError:
        // a16 mov eax, [eax] in 64-bit code is an invalid 64-bit address, [a16 rax] the prefix's own error).
        var prefixError = NasmAddressSizes.PrefixAddressError(statement, context.Bits);
        if (prefixMessage is not null || message is null && prefixError is not null)
        {
            operands = Array.ConvertAll(operands, op => op.IsMemory && op.AddressSize != 0 ? op.WithAddressSize(0) : op);
            message ??= prefixError ?? prefixMessage;
        }
        if (message is null) return;
        var plain = new InstructionStatement(statement.Mnemonic, operands)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes & ~(PrefixFlags.A16 | PrefixFlags.A32 | PrefixFlags.A64),
            SegmentPrefix = statement.SegmentPrefix,
        };
        // {vex}/{evex} stays: nasm matches the prefixed templates, which the `cpu' flags may take only with it.
        plain.Syntax.EncodingPrefix = statement.Syntax.EncodingPrefix;
        if (MatchesWithVectorIndex(plain, context)) FollowUp = (Severity.Error, message);
    }

    private bool EncodeStatement(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        error = null;
        _best.Clear();
        _bestFixups.Clear();
        LengthIsStable = false;
        // a16 in 64-bit code, a64 outside it: nasm's "impossible combination of address sizes", then (once the rest
        // matches, even for the prefix alone) its prefix's own error.
        if ((statement.Prefixes & (PrefixFlags.A16 | PrefixFlags.A64)) != 0 && NasmAddressSizes.ModeRefuses(statement.Prefixes, context.Bits) is { } refused)
        {
            error = ImpossibleAddressSizes;
            if (statement.Mnemonic.Length == 0) FollowUp = (Severity.Error, refused);
            else InvalidAddressFollowUp(statement, context, refused);
            return false;
        }
        if (statement.Mnemonic.Length == 0)
        {
            WritePrefixBytes(statement, context.Bits);
            Length = _best.Span.Length;
            return true;
        }
        var syntax = statement.Syntax;
        if (syntax.FixedEncodingBits == context.Bits && CpuFlags == CpuFlags.None)
        {
            UseFixedEncoding(syntax, context.Emitting);
            return true;
        }
        var original = statement;
        if ((statement.Prefixes & (PrefixFlags.A16 | PrefixFlags.A32 | PrefixFlags.A64)) != 0 && NasmAddressSizes.Conflict(statement, context.DefaultRel) is { } conflict)
        {
            error = conflict;
            if (conflict == ImpossibleAddressSizes) InvalidAddressFollowUp(statement, context);
            return false;
        }
        // nasm has no far, near or short form of an immediate seg:offset (`jmp far 0x10:0x20'), nor one of another size.
        if (statement.Operands is [{ Kind: OperandKind.FarPointer } far, ..] && (far.Distance != BranchDistance.Default || far.Size is not (0 or 2 or 4)))
        {
            error = "mismatch in operand sizes";
            return false;
        }
        if (context.Bits == 64 && NarrowIndirectBranch(statement))
        {
            error = "instruction not supported in 64-bit mode";
            return false;
        }
        if (context.Bits != 64 && UsesHighVectors(statement)) return EncodeHighVectors(statement, context, out error);
        if (statement.Operands is [{ IsImmediate: true, Size: > 0 }, ..] && SizedBranchError(statement, context.Bits) is { } sizedBranch)
        {
            error = sizedBranch;
            return false;
        }
        if (SegmentMove(statement, context.Bits) is { } move) return EncodeSegmentMove(statement, move.Other, move.ToOther, context, out error);
        if (context.Bits != 64 && NeedsLongMode(statement))
        {
            error = NonLongModeOperands;
            return false;
        }
        if (context.Bits == 64 && statement.Mnemonic.Equals("cmpxchg486", StringComparison.OrdinalIgnoreCase))
            return EncodeCmpxchg486InLongMode(statement, context, out error);
        if (TakesO64(statement, context.Bits)) return EncodeO64(statement, context, out error);
        if (ContradictedOperandSize(statement, context.Bits) is { } sizes) return EncodeContradicted(statement, context, sizes.Prefix, sizes.Operands, out error);
        if (SegmentPushPop(statement, context)) return true;
        statement = NasmRewrites.Apply(statement, context);
        // nasm 2.16 takes a 64-bit register in an EVEX form outside 64-bit code (vmovq xmm1, rax in 32-bit code is
        // 62 F1 FD 08 6E C8: EVEX.W1 and the register number); with registers only, those are the 64-bit bytes.
        bool evexOutsideLongMode = context.Bits != 64 && UsesGpr64InVectorForm(statement);
        int encodeBits = evexOutsideLongMode ? 64 : context.Bits;
        if (statement.Operands.Length == 0 && NasmMnemonicSet.OtherModeBits(statement.Mnemonic, context.Bits, out error) is int otherBits)
        {
            if (error is not null) return false;
            encodeBits = otherBits;
        }
        var candidates = Candidates(statement, encodeBits, out error);
        if (candidates is null)
        {
            if (syntax.EncodingPrefix != EncodingPrefix.None) error = EncodingPrefixError(statement, syntax.EncodingPrefix, context.Bits, error);
            return false;
        }
        if (evexOutsideLongMode || _evexOnly)
        {
            candidates = Array.FindAll(candidates, f => f.Info.Encoding == EncodingKind.EVEX);
            if (candidates.Length == 0)
            {
                error = _evexOnly ? "invalid combination of opcode and operands" : $"instruction not supported in {context.Bits}-bit mode";
                return false;
            }
        }
        var encodingPrefix = syntax.EncodingPrefix;
        if (encodingPrefix != EncodingPrefix.None && !KeepEncodingPrefixForms(ref candidates, statement, encodingPrefix, context.Bits, out error)) return false;
        if (encodingPrefix == EncodingPrefix.None && CpuFlags != CpuFlags.None && !KeepSizedLateVexForms(ref candidates, statement, out error)) return false;

        var operands = statement.Operands;
        var values = EvaluateOperands(operands, context, statement.Mnemonic);
        // A layout pass needs only the length, and inputs of the same shape as the last pass's give the same length
        // (the emitting pass always encodes).
        if (!context.Emitting && original.LayoutCache is LayoutCache layout && layout.SameLength(statement, values, context))
        {
            Length = layout.Length;
            LengthIsStable = layout.Stable;
            return true;
        }
        int bestLength = int.MaxValue, bestRank = int.MaxValue, bestPreference = int.MaxValue;
        InstructionForm? bestForm = null;
        string? lastError = null;
        // The last candidate tried was a short branch out of reach, left out before Iced formatted its message.
        bool lastOutOfReach = false;
        Instruction outOfReach = default;
        ulong outOfReachIp = 0;
        Span<byte> prefixes = stackalloc byte[8];
        foreach (var form in candidates)
        {
            if (!ValuesFit(form, statement, values, context)) continue;
            lastOutOfReach = false;
            if (!TryBuild(form, statement, values, context, out var instruction, out lastError)) continue;
            NasmQuirks.Adjust(form, ref instruction);
            _writer.Clear();
            _fixups.Clear();
            var encoder = EncoderFor(encodeBits);
            // Prefixes written ahead of Iced's bytes move the instruction, so Iced encodes at the address after them.
            int prefixLength = NasmPrefixes(form, statement, context.Bits, prefixes);
            prefixLength = NasmQuirks.SegmentBeforeOperandSize(ref instruction, prefixes, prefixLength);
            bool branchRexW = NasmQuirks.RexWOnBranch(form, statement.Prefixes, context.Bits);
            ulong ip = context.Offset + (ulong)prefixLength + (branchRexW ? 1UL : 0);
            if (ShortBranchOutOfReach(form, instruction, ip) || ShortBranchWraps(form, values, context, ip))
            {
                lastError = null;
                lastOutOfReach = true;
                outOfReach = instruction;
                outOfReachIp = ip;
                continue;
            }
            if (!encoder.TryEncode(instruction, ip, out uint icedLength, out string? encodeError)
                && !(encodeError!.StartsWith("Branch distance is too far", StringComparison.Ordinal)
                    && TryEncodeTruncatedBranch(encoder, form, ref instruction, ip, out icedLength)))
            {
                lastError = encodeError;
                continue;
            }
            var offsets = encoder.GetConstantOffsets();
            if (branchRexW)
                icedLength = NasmQuirks.InsertRexW(_writer, icedLength, ref offsets);
            else if (NasmQuirks.AddsRexW(form, encodeBits))
                icedLength = NasmQuirks.AddRexW(encoder, _writer, instruction, ip, icedLength, ref offsets);
            if (encodingPrefix != EncodingPrefix.None && !ApplyEncodingPrefix(encodingPrefix, encoder, instruction, ip, ref icedLength, ref offsets, out lastError)) continue;
            CollectFixups(form, statement, values, offsets, context);
            int length = prefixLength + (int)icedLength;
            int rank = Rank(form, statement);
            int preference = NasmFormChoice.Preference(form, CpuFlags);
            if (preference < bestPreference || (preference == bestPreference && (length < bestLength || (length == bestLength && rank < bestRank))))
            {
                bestPreference = preference;
                bestForm = form;
                bestLength = length;
                bestRank = rank;
                _best.Clear();
                if (prefixLength > 0) _best.Write(prefixes[..prefixLength]);
                _best.Write(_writer.Span);
                _bestFixups.Clear();
                // Indexed: the list's enumerator was a call per chosen form, mostly over no fixup (g100k: −3.5 M instructions).
                for (int f = 0; f < _fixups.Count; f++) _bestFixups.Add(_fixups[f] with { FieldOffset = _fixups[f].FieldOffset + prefixLength });
            }
        }
        if (bestLength == int.MaxValue)
        {
            // Iced's own message, as if the short form had been tried.
            if (lastOutOfReach) EncoderFor(encodeBits).TryEncode(outOfReach, outOfReachIp, out _, out lastError);
            error = lastOutOfReach || lastError?.StartsWith("Branch distance is too far", StringComparison.Ordinal) == true && lastError.EndsWith("Int8", StringComparison.Ordinal) ? ShortJumpOutOfRange
                : lastError?.StartsWith("Branch distance is too far", StringComparison.Ordinal) == true ? "not supported yet: a near branch beyond the reach of its displacement (nasm truncates it)"
                : lastError is not null && !lastError.Contains("Operand", StringComparison.Ordinal) ? lastError
                : "invalid combination of opcode and operands";
            return false;
        }
        if (bestPreference == NasmFormChoice.ExplicitVexPreference && encodingPrefix == EncodingPrefix.None)
        {
            error = "instruction not encodable without explicit prefix";
            return false;
        }
        if ((statement.Prefixes & PrefixFlags.Bnd) != 0 && !BndAllowed(bestForm!, statement))
        {
            error = "bnd prefix is not allowed";
            return false;
        }
        Code = bestForm!.Code;
        Length = bestLength;
        // The fixed bytes are the default cpu flags' (the syntax is shared by identical lines, whatever `cpu' says there).
        if (_bestFixups.Count == 0 && CpuFlags == CpuFlags.None && IsAddressIndependent(original, bestForm) && syntax.TrySetFixedEncoding(_best.Span, context.Bits, Code))
        {
            LengthIsStable = true;
            // The fixed bytes are used before any cache in this mode: the candidates and rewrites need not stay with the syntax.
            syntax.EncodingCache = null;
            syntax.RewriteCache = null;
        }
        else if (!context.Emitting)
        {
            if (LengthStable(statement, values, HasBranchForm(candidates, shortOnly: true)))
            {
                // Layout passes step over a statement of stable length (Assembler.FixedSize): nothing to compare next time.
                original.LayoutCache = null;
                LengthIsStable = true;
                return true;
            }
            var cache = original.LayoutCache as LayoutCache ?? new LayoutCache();
            bool branch = HasBranchForm(candidates, shortOnly: false);
            cache.Store(statement, values, context, bestLength, branch, stable: false);
            original.LayoutCache = cache;
            LengthIsStable = false;
        }
        return true;
    }

    /// <summary>
    /// True when a short branch (64-bit code) cannot reach its target whatever its length (2 to 15 bytes): Iced would
    /// refuse it with a message it formats each time, which made most of the garbage of a pass over far branches.
    /// Borderline distances are left to Iced.
    /// </summary>
    private static bool ShortBranchOutOfReach(InstructionForm form, in Instruction instruction, ulong ip)
    {
        if (form.Operands.Length == 0 || form.Operands[0] != OpCodeOperandKind.br64_1 || instruction.Op0Kind != OpKind.NearBranch64) return false;
        long fromShortest = unchecked((long)(instruction.NearBranch64 - (ip + 2)));
        return fromShortest < sbyte.MinValue || fromShortest - 13 > sbyte.MaxValue;
    }

    /// <summary>Gives <paramref name="to"/>, a copy of <paramref name="from"/>, the layout state <paramref name="from"/> has
    /// (see <see cref="SharedInstructionRun"/>: the first pass may process a line as a scratch statement).</summary>
    public static void MoveLayoutCache(InstructionStatement from, InstructionStatement to)
    {
        if (from.LayoutCache is LayoutCache cache) cache.Rebind(from, to);
        to.LayoutCache = from.LayoutCache;
        from.LayoutCache = null;
    }

    /// <summary>The inputs and length of the last layout-pass encoding of a statement whose bytes depend on addresses.</summary>
    /// <remarks>
    /// The length depends on the inputs' shape, not on every number: a relocatable value (a label, an extern) takes the
    /// same field whatever its offset (a memory displacement, an immediate, a RIP-relative address), except as a branch
    /// target in the current section, where the distance from the instruction picks the short or near form. Numbers
    /// (which pick imm8/disp8 forms) are compared exactly, and with a branch form, the instruction's offset too.
    /// </remarks>
    private sealed class LayoutCache
    {
        private InstructionStatement? _statement;

        public void Rebind(InstructionStatement from, InstructionStatement to)
        {
            if (ReferenceEquals(_statement, from)) _statement = to;
        }

        // The operands' values: one (a branch's target, most caches) in the cache itself, more in an array of their own.
        private OperandValue _single;
        private OperandValue[] _values = [];
        private int _count;

        private OperandValue Stored(int index) => _count == 1 ? _single : _values[index];

        private int _bits;
        private ulong _offset;
        private bool _defaultRel, _optimize, _branch;
        private Objects.Symbol? _sectionBase;

        public int Length { get; private set; }

        /// <summary>No later pass can change the length (see <see cref="LengthStable"/>).</summary>
        public bool Stable { get; private set; }

        public bool SameLength(InstructionStatement statement, OperandValue[] values, IEncodingContext context)
        {
            if (!ReferenceEquals(statement, _statement) || values.Length != _count || context.Bits != _bits
                || context.DefaultRel != _defaultRel || context.Optimize != _optimize || !ReferenceEquals(context.SectionBase, _sectionBase))
                return false;
            ulong offset = context.Offset;
            for (int i = 0; i < values.Length; i++)
            {
                var stored = Stored(i);
                Value now = values[i].Value, then = stored.Value;
                if (now.Known != then.Known || !ReferenceEquals(now.Base, then.Base) || values[i].Segment != stored.Segment) return false;
                // A self-relative value's number can size a displacement (-f bin's [rax-a]).
                if (now.Base is null || values[i].SelfRelative)
                {
                    if (now.Number != then.Number || (_branch && offset != _offset)) return false;
                }
                else if (_branch && ReferenceEquals(now.Base, _sectionBase) && now.Number - (long)offset != then.Number - (long)_offset)
                    return false;
            }
            return true;
        }

        public void Store(InstructionStatement statement, OperandValue[] values, IEncodingContext context, int length, bool branch, bool stable)
        {
            Stable = stable;
            _statement = statement;
            _count = values.Length;
            if (_count == 1) _single = values[0];
            else
            {
                if (_values.Length != _count) _values = new OperandValue[_count];
                values.CopyTo(_values, 0);
            }
            _bits = context.Bits;
            _offset = context.Offset;
            _defaultRel = context.DefaultRel;
            _optimize = context.Optimize;
            _sectionBase = context.SectionBase;
            _branch = branch;
            Length = length;
        }
    }

    private static bool HasBranchForm(InstructionForm[] forms, bool shortOnly)
    {
        foreach (var form in forms)
            foreach (var kind in form.Operands)
                if (IsBranchKind(kind) && (!shortOnly || IsShortBranch(kind))) return true;
        return false;
    }

    /// <summary>
    /// True when the length cannot change in a later pass: no candidate is a short branch (whose choice depends on the
    /// distance), and every operand is a constant or an address known now. An address keeps its base in every pass (a
    /// label stays in its section, an extern stays external) and only numbers pick the short imm8/disp8 forms, so such
    /// an instruction keeps the forms and field sizes it has now.
    /// </summary>
    private static bool LengthStable(InstructionStatement statement, OperandValue[] values, bool shortBranch)
    {
        if (shortBranch) return false;
        var operands = statement.Operands;
        for (int i = 0; i < operands.Length; i++)
        {
            var op = operands[i];
            if (op.Value is not null && op.Value.Constant is null && !(values[i].Value.Known && values[i].Value.Base is not null && !values[i].SelfRelative)) return false;
            if (op.Segment is not null && op.Segment.Constant is null) return false;
        }
        return true;
    }

    /// <summary>True when the bytes cannot change between passes: every operand value is a constant,
    /// no branch (relative to the address) and no memory operand that may become RIP-relative.</summary>
    private static bool IsAddressIndependent(InstructionStatement statement, InstructionForm form)
    {
        foreach (var kind in form.Operands)
            if (IsBranchKind(kind)) return false;
        foreach (var op in statement.Operands)
        {
            if (op.Value is not null && op.Value.Constant is null) return false;
            if (op.Segment is not null && op.Segment.Constant is null) return false;
            if (op.IsMemory && op.Base == Register.None && op.Index == Register.None) return false;
            if (op.IsMemory && (op.Base == Register.RIP || op.Base == Register.EIP)) return false;
        }
        return true;
    }

    /// <summary>
    /// Prefixes NASM writes itself rather than through Iced: wait, then F2/F3 (rep*, xacquire, xrelease,
    /// bnd), then F0, each emitted whatever the instruction (rep ret is F3 C3, lock nop is F0 90), ahead
    /// of Iced's segment, 66 and 67 (rep movsw is F3 66 A5 where Iced would write 66 F3 A5).
    /// </summary>
    private static int NasmPrefixes(InstructionForm form, InstructionStatement statement, int bits, Span<byte> prefixes)
    {
        var p = statement.Prefixes;
        int n = 0;
        if ((p & PrefixFlags.Wait) != 0) prefixes[n++] = 0x9b;
        // bnd is dropped on a short jmp (bnd jmp $ is EB FE) but kept on short conditional jumps.
        bool bnd = (p & PrefixFlags.Bnd) != 0 && !(form.Info.Mnemonic == Mnemonic.Jmp && IsShortBranch(form.Operands[0]));
        if ((p & (PrefixFlags.Repne | PrefixFlags.Xacquire)) != 0 || bnd) prefixes[n++] = 0xf2;
        if ((p & (PrefixFlags.Rep | PrefixFlags.Repe | PrefixFlags.Xrelease)) != 0) prefixes[n++] = 0xf3;
        if ((p & PrefixFlags.Lock) != 0) prefixes[n++] = 0xf0;
        // o16/o32 on an instruction without an operand size is still emitted (o16 movsb is 66 A4), and on a
        // relative branch it is only a prefix: the displacement keeps the mode's size (o16 call $ is 66 E8 + rel32).
        // A far pointer keeps the mode's offset size too (o32 jmp 0x10:0x1234 in 16-bit code is 66 EA 34 12 10 00).
        bool o16 = (p & PrefixFlags.O16) != 0 && bits != 16, o32 = (p & PrefixFlags.O32) != 0 && bits == 16;
        if ((p & PrefixFlags.OperandSizeByte) != 0 || (o16 || o32) && (form.Info.OperandSize == 0 || IsRelativeBranch(form) || (IsFarPointer(form) && form.Info.OperandSize == (bits == 16 ? 16 : 32))))
            prefixes[n++] = 0x66;
        // a16/a32 on an instruction without an address is still emitted (a16 nop is 67 90 in 32-bit code).
        bool a16 = (p & PrefixFlags.A16) != 0 && bits != 16, a32 = (p & PrefixFlags.A32) != 0 && bits != 32;
        if ((a16 || a32) && !AddressesMemory(form, statement)) prefixes[n++] = 0x67;
        return n;
    }

    /// <summary>
    /// nasm's own bytes for segment pushes and pops Iced has no form for: pop cs is 0F (66 0F with a contradicting
    /// o16/o32) with an obsolete-removed warning, in every mode; in 64-bit code o32 push/pop fs/gs is the plain form and
    /// o64 adds REX.W (o64 push fs is 48 0F A0).
    /// </summary>
    private bool SegmentPushPop(InstructionStatement statement, IEncodingContext context)
    {
        // Only segment registers have bytes of nasm's own here: other pushes and pops skip the mnemonic comparisons.
        if (statement.Operands.Length != 1 || !statement.Operands[0].IsRegister || !statement.Operands[0].Register.IsSegmentRegister()) return false;
        var register = statement.Operands[0].Register;
        bool pop = statement.Mnemonic.Equals("pop", StringComparison.OrdinalIgnoreCase);
        if (!pop && !statement.Mnemonic.Equals("push", StringComparison.OrdinalIgnoreCase)) return false;
        var p = statement.Prefixes;
        var others = p & ~(PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64);
        if (others != 0 || statement.SegmentPrefix != Register.None) return false;
        int bits = context.Bits;
        _best.Clear();
        _bestFixups.Clear();
        if (pop && register == Register.CS)
        {
            if ((p & PrefixFlags.O64) != 0) return false;
            if ((p & (bits == 16 ? PrefixFlags.O32 : PrefixFlags.O16)) != 0) _best.WriteByte(0x66);
            _best.WriteByte(0x0f);
            context.Warning("instruction obsolete and removed from the target CPU [-w+obsolete-removed]");
        }
        else if (bits == 64 && register is Register.FS or Register.GS && (p & (PrefixFlags.O32 | PrefixFlags.O64)) != 0)
        {
            if ((p & PrefixFlags.O64) != 0) _best.WriteByte(0x48);
            _best.WriteByte(0x0f);
            _best.WriteByte((byte)((register == Register.FS ? 0xa0 : 0xa8) + (pop ? 1 : 0)));
        }
        else return false;
        Length = _best.Span.Length;
        LengthIsStable = true;
        return true;
    }

    /// <summary>o16/o32 on an instruction whose general registers say the other size (o16 mov eax, 1): the sizes of
    /// the prefix and of the registers, or null.</summary>
    private static (int Prefix, int Operands)? ContradictedOperandSize(InstructionStatement statement, int bits)
    {
        var p = statement.Prefixes;
        int prefix = (p & PrefixFlags.O16) != 0 ? 16 : (p & PrefixFlags.O32) != 0 ? 32 : (p & PrefixFlags.O64) != 0 ? 64 : 0;
        if (prefix == 0) return null;
        foreach (var op in statement.Operands)
        {
            if (!op.IsRegister || !op.Register.IsGPR()) continue;
            int size = op.Register.IsGPR16() ? 16 : op.Register.IsGPR32() ? 32 : op.Register.IsGPR64() ? 64 : 0;
            if (size == 0 || size == prefix) return null;
            // nasm writes REX.W for o64 with 16/32-bit registers (o64 mov eax, 1 is 48 B8 01 00 00 00) and 66 for o16 with 64-bit ones.
            if (size == 64 || prefix == 64)
                return bits != 64 ? null : throw new EvaluationException($"not supported yet: o{prefix} with {size}-bit registers");
            return (prefix, size);
        }
        // A string instruction says its size in its name (o16 movsd is 66 A5 in 32-bit code).
        if (statement.Operands.Length == 0 && prefix != 64 && StringSize(statement.Mnemonic) is > 0 and var named && named != prefix) return (prefix, named);
        return null;
    }

    private static int StringSize(string mnemonic)
    {
        if (mnemonic.Length != 5 && mnemonic.Length != 4) return 0;
        string stem = mnemonic[..^1].ToLowerInvariant();
        if (stem is not ("movs" or "stos" or "lods" or "cmps" or "scas" or "ins" or "outs")) return 0;
        return char.ToLowerInvariant(mnemonic[^1]) switch { 'w' => 16, 'd' => 32, _ => 0 };
    }

    /// <summary>
    /// nasm encodes an instruction whose o16/o32 contradicts its registers for the registers, with the operand-size
    /// prefix of the o16/o32 (o16 mov eax, 1 in 32-bit code is 66 B8 01 00 00 00, o32 add ax, bx is 01 D8), and warns.
    /// </summary>
    private bool EncodeContradicted(InstructionStatement statement, IEncodingContext context, int prefix, int operands, out string? error)
    {
        var plain = new InstructionStatement(statement.Mnemonic, statement.Operands)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes & ~(PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64),
            SegmentPrefix = statement.SegmentPrefix,
        };
        if (!Encode(plain, context, out error)) return false;
        bool has66 = (operands == 16) != (context.Bits == 16), wants66 = (prefix == 16) != (context.Bits == 16);
        if (has66 != wants66)
        {
            byte[] bytes = _best.Span.ToArray();
            int at = 0;
            // After lock/rep and a segment, before 67 (o16 mov eax, [es:ebx+4] in 64-bit code is 26 66 67 8B 43 04).
            while (at < bytes.Length && bytes[at] is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0xf0 or 0xf2 or 0xf3 or 0x9b) at++;
            if (has66 && (at >= bytes.Length || bytes[at] != 0x66)) throw new InvalidOperationException("operand-size prefix not found");
            _best.Clear();
            _best.Write(bytes.AsSpan(0, at));
            if (wants66) _best.WriteByte(0x66);
            _best.Write(bytes.AsSpan(has66 ? at + 1 : at));
            int shift = wants66 ? 1 : -1;
            for (int i = 0; i < _bestFixups.Count; i++) _bestFixups[i] = _bestFixups[i] with { FieldOffset = _bestFixups[i].FieldOffset + shift };
            Length += shift;
        }
        LengthIsStable = false;
        context.Warning($"invalid operand size prefix, must be o{operands} [-w+prefix-opsize]");
        return true;
    }

    /// <summary>r8-r15 (of any size) and spl/bpl/sil/dil, which exist only in 64-bit code (nasm refuses vpextrq r10, xmm1, 1
    /// and mov r10d, 1 in 32-bit code with this message).</summary>
    private static bool NeedsLongMode(InstructionStatement statement)
    {
        // r8-r15 as 64-bit registers leave a legacy instruction only its long-mode forms: nasm's "instruction not supported
        // in N-bit mode" (movbe r8, [eax] is an exception nasm refuses with this message, not imitated).
        // VEX and EVEX by their mnemonic's letter, as nasm's templates group them; vmread and vmwrite are legacy (VMX).
        string mnemonic = statement.Mnemonic;
        bool legacy = mnemonic[0] is not ('v' or 'V' or 'k' or 'K')
            || mnemonic.Equals("vmread", StringComparison.OrdinalIgnoreCase) || mnemonic.Equals("vmwrite", StringComparison.OrdinalIgnoreCase);
        foreach (var op in statement.Operands)
            if (op.IsRegister && op.Register.IsGPR() && !(op.Register.IsGPR64() && legacy) && (op.Register.GetNumber() >= 8 || op.Register is Register.SPL or Register.BPL or Register.SIL or Register.DIL)
                || op.IsMemory && (op.Base.IsGPR32() && op.Base.GetNumber() >= 8 || op.Index.IsGPR32() && op.Index.GetNumber() >= 8))
                return true;
        return false;
    }

    /// <summary>nasm takes bnd on near call, jmp, ret and conditional jumps (not loop, jcxz or far ones), nor on an explicitly short jmp (bnd jmp short $ is
    /// an error; a jmp relaxed to short drops it with a prefix-bnd warning).</summary>
    private static bool BndAllowed(InstructionForm form, InstructionStatement statement)
    {
        if (form.Info.Mnemonic == Mnemonic.Jmp && statement.Operands.Length == 1 && statement.Operands[0].Distance == BranchDistance.Short) return false;
        if (form.Info.Mnemonic is Mnemonic.Loop or Mnemonic.Loope or Mnemonic.Loopne or Mnemonic.Jcxz or Mnemonic.Jecxz or Mnemonic.Jrcxz) return false;
        if (IsFarPointer(form) || form.Info.MemorySize is MemorySize.SegPtr16 or MemorySize.SegPtr32 or MemorySize.SegPtr64) return false;
        return form.Info.Mnemonic is Mnemonic.Call or Mnemonic.Jmp or Mnemonic.Ret || IsRelativeBranch(form);
    }

    private static bool UsesGpr64InVectorForm(InstructionStatement statement)
    {
        if (statement.Mnemonic[0] is not ('v' or 'V')) return false;
        bool gpr64 = false;
        foreach (var op in statement.Operands)
        {
            if (op.IsMemory) return false;
            if (!op.IsRegister) continue;
            if (op.Register.IsGPR64()) gpr64 = true;
            else if (op.Register.IsGPR() ? op.Register.GetNumber() >= 8 : (op.Register.IsXMM() || op.Register.IsYMM() || op.Register.IsZMM()) && op.Register.GetNumber() >= 8) return false;
        }
        return gpr64;
    }

    private static bool IsFarPointer(InstructionForm form) =>
        form.Operands.Length == 1 && form.Operands[0] is OpCodeOperandKind.farbr2_2 or OpCodeOperandKind.farbr4_2;

    /// <summary>True when Iced writes the address-size prefix itself: a memory operand, a string operand, or
    /// a form tied to an address size (loop with ecx, jecxz).</summary>
    private static bool AddressesMemory(InstructionForm form, InstructionStatement statement)
    {
        if (form.Info.AddressSize != 0) return true;
        if (HasMemoryOperand(statement.Operands)) return true;
        foreach (var k in form.Operands) if (IsStringKind(k)) return true;
        return false;
    }

    private Encoder EncoderFor(int bits)
    {
        int slot = bits == 16 ? 0 : bits == 32 ? 1 : 2;
        return _encoders[slot] ??= Encoder.Create(bits, _writer);
    }

    private void WritePrefixBytes(InstructionStatement statement, int bits)
    {
        var p = statement.Prefixes;
        if ((p & PrefixFlags.Lock) != 0) _best.WriteByte(0xf0);
        if ((p & (PrefixFlags.Rep | PrefixFlags.Repe)) != 0) _best.WriteByte(0xf3);
        if ((p & PrefixFlags.Repne) != 0) _best.WriteByte(0xf2);
        if (statement.SegmentPrefix != Register.None) _best.WriteByte(SegmentPrefixByte(statement.SegmentPrefix));
        if ((p & PrefixFlags.O16) != 0 && bits != 16) _best.WriteByte(0x66);
        if ((p & PrefixFlags.O32) != 0 && bits == 16) _best.WriteByte(0x66);
        if ((p & PrefixFlags.A16) != 0 && bits != 16) _best.WriteByte(0x67);
        if ((p & PrefixFlags.A32) != 0 && bits != 32) _best.WriteByte(0x67);
    }

    internal static byte SegmentPrefixByte(Register segment) => segment switch
    {
        Register.ES => 0x26,
        Register.CS => 0x2e,
        Register.SS => 0x36,
        Register.DS => 0x3e,
        Register.FS => 0x64,
        _ => 0x65,
    };

    // ---- candidate forms (depend only on the syntax, cached per statement) ----

    private sealed class CandidateCache(int bits, InstructionForm[] forms)
    {
        public int Bits { get; } = bits;
        public InstructionForm[] Forms { get; } = forms;
    }

    /// <summary>Candidate forms by <see cref="OperandShape"/>, for this assembly.</summary>
    private readonly Dictionary<OperandShape, CandidateCache> _candidatesByShape = [];

    /// <summary>Forgets the candidate forms found so far (the assembler is done encoding).</summary>
    public void ReleaseCaches()
    {
        _candidatesByShape.Clear();
        _candidatesByShape.TrimExcess();
    }

    private InstructionForm[]? Candidates(InstructionStatement statement, int bits, out string? error)
    {
        error = null;
        if (statement.Syntax.EncodingCache is CandidateCache cache && cache.Bits == bits) return cache.Forms;
        bool shaped = OperandShape.TryGet(statement, bits, out var shape);
        if (shaped && _candidatesByShape.TryGetValue(shape, out var known))
        {
            statement.Syntax.EncodingCache = known;
            return known.Forms;
        }
        var forms = FindCandidates(statement, bits, CpuFlags, out error);
        if (forms is null) return null;
        cache = new CandidateCache(bits, forms);
        if (shaped) _candidatesByShape.Add(shape, cache);
        statement.Syntax.EncodingCache = cache;
        return forms;
    }

    private static InstructionForm[]? FindCandidates(InstructionStatement statement, int bits, CpuFlags flags, out string? error)
    {
        error = null;
        var all = InstructionTable.Find(statement.Mnemonic)!;
        var list = new List<InstructionForm>();
        bool anyInMode = false;
        foreach (var form in all)
        {
            if (!AvailableInMode(form, bits)) continue;
            anyInMode = true;
            if (OperandsMatch(form, statement, bits)) list.Add(form);
        }
        if (list.Count == 0)
        {
            // As nasm: operands that a form of another mode takes make the instruction "not supported" here (push ds in 64-bit code).
            // That outranks a size error, which outranks having no mode (lds eax, word [rax] in 64-bit code is a size mismatch).
            // A 64-bit register is a long-mode form's operand too (pop rdi in 32-bit code).
            bool otherModeTakes = Array.Exists(all, f => !AvailableInMode(f, bits) && (OperandsMatch(f, statement, bits) || bits != 64 && f.Info.Mode64 && OperandsMatch(f, statement, 64)));
            error = ExplicitPrefixError(all, statement, flags) ?? MissingOpMaskError(all, statement, bits) ?? (otherModeTakes ? $"instruction not supported in {bits}-bit mode"
                : DecoratorError(all, statement, bits, noneMatched: true) ?? SizedMemoryError(all, statement, bits) ?? (!anyInMode ? $"instruction not supported in {bits}-bit mode" : "invalid combination of opcode and operands"));
            return null;
        }
        NasmFormChoice.Filter(list, statement, bits);
        if (!SizeIsDetermined(list, statement))
        {
            error = DecoratorError(all, statement, bits) ?? "operation size not specified";
            return null;
        }
        return list.ToArray();
    }

    private static bool AvailableInMode(InstructionForm form, int bits) => bits switch
    {
        16 => form.Info.Mode16,
        32 => form.Info.Mode32,
        _ => form.Info.Mode64,
    };

    private static bool IsStringKind(OpCodeOperandKind k) =>
        k is OpCodeOperandKind.seg_rSI or OpCodeOperandKind.es_rDI or OpCodeOperandKind.seg_rDI or OpCodeOperandKind.seg_rBX_al;

    /// <summary>The operand indexes NASM writes for this form: string instructions write none,
    /// maskmov* leave out only the implicit [rdi].</summary>
    private static int[] SyntaxOperands(InstructionForm form) => form.SyntaxOperands ??= FindSyntaxOperands(form);

    private static int[] FindSyntaxOperands(InstructionForm form)
    {
        bool hasString = false, hasVector = false;
        foreach (var k in form.Operands)
        {
            if (IsStringKind(k)) hasString = true;
            if (k is OpCodeOperandKind.mm_reg or OpCodeOperandKind.mm_rm or OpCodeOperandKind.xmm_reg or OpCodeOperandKind.xmm_rm) hasVector = true;
        }
        if (!hasString) return Identity(form.Operands.Length);
        if (!hasVector) return [];
        var result = new List<int>();
        for (int i = 0; i < form.Operands.Length; i++) if (!IsStringKind(form.Operands[i])) result.Add(i);
        return [.. result];
    }

    private static readonly int[][] Identities = [[], [0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4]];
    private static int[] Identity(int n) => Identities[n];

    /// <summary>Whether <paramref name="form"/> takes the statement's operands in <paramref name="bits"/>-bit code.</summary>
    internal static bool Matches(InstructionForm form, InstructionStatement statement, int bits) =>
        AvailableInMode(form, bits) && OperandsMatch(form, statement, bits);

    private static bool OperandsMatch(InstructionForm form, InstructionStatement statement, int bits)
    {
        var syntax = SyntaxOperands(form);
        var operands = statement.Operands;
        if (syntax.Length != operands.Length) return false;
        for (int i = 0; i < syntax.Length; i++)
            if (!OperandMatches(form, form.Operands[syntax[i]], operands[i], bits)) return false;
        if (!PrefixesAllowed(form, statement, bits)) return false;
        return DecoratorsAllowed(form, operands);
    }

    private static bool PrefixesAllowed(InstructionForm form, InstructionStatement statement, int bits)
    {
        var p = statement.Prefixes;
        int opSize = IsRelativeBranch(form) || IsFarPointer(form) ? 0 : form.Info.OperandSize;
        // loop/loope/loopne count with the address size: a32 loop in 16-bit code decrements ecx (67 E2).
        if (form.Info.Mnemonic is Mnemonic.Loop or Mnemonic.Loope or Mnemonic.Loopne or Mnemonic.Invlpga && form.Info.AddressSize != 0)
        {
            int wanted = (p & PrefixFlags.A16) != 0 ? 16 : (p & PrefixFlags.A32) != 0 ? 32 : (p & PrefixFlags.A64) != 0 ? 64 : bits;
            if (form.Info.AddressSize != wanted) return false;
        }
        // o16/o32/o64 pick the form with that operand size (push/pop/iret/string ops and friends).
        if ((p & PrefixFlags.O16) != 0 && opSize != 0 && opSize != 16) return false;
        if ((p & PrefixFlags.O32) != 0 && opSize != 0 && opSize != 32) return false;
        if ((p & PrefixFlags.O64) != 0 && opSize != 0 && opSize != 64) return false;
        return true;
    }

    private static bool DecoratorsAllowed(InstructionForm form, Operand[] operands)
    {
        foreach (var op in operands)
        {
            if (op.OpMask != Register.None && !form.Info.CanUseOpMaskRegister) return false;
            // {z} on a memory destination is refused by the CPU and nasm (vmovups [rax]{k1}{z}, xmm1), but for nasm's vmovdqu/vmovdqa.
            if (op.Zeroing && (!form.Info.CanUseZeroingMasking || op.IsMemory && !ZeroingStore(form))) return false;
            if (op.Broadcast != 0 && !form.Info.CanBroadcast) return false;
            if (op.Rounding != RoundingControl.None && !form.Info.CanUseRoundingControl) return false;
            if (op.SuppressAllExceptions && op.Rounding == RoundingControl.None && !form.Info.CanSuppressAllExceptions) return false;
            // {sae} and {er} only with registers: EVEX.b on a memory operand is a broadcast (nasm refuses vmaxps zmm0, zmm1, [rax], {sae}).
            if (op.IsMemory && (op.Rounding != RoundingControl.None || op.SuppressAllExceptions)) return false;
            // nasm 2.16.01 takes {er} of vcvtsi2ss & co. before the general register only (xmm1, {rn-sae}, eax).
            if (op.Rounding != RoundingControl.None && op.IsRegister && op.Register.IsGPR() && ReadsGpr(form)) return false;
        }
        if (form.Info.RequireOpMaskRegister && (operands.Length == 0 || operands[0].OpMask == Register.None)) return false;
        return true;
    }

    /// <summary>A gather or scatter without its opmask: nasm 2.16.01 writes it with k0 (vgatherdps xmm0, [rax+xmm1] is
    /// 62 F2 7D 08 92 04 08), which Iced refuses to encode; null when the operands fit no such form with a mask.</summary>
    private static string? MissingOpMaskError(InstructionForm[] all, InstructionStatement statement, int bits)
    {
        var operands = statement.Operands;
        if (operands.Length == 0 || operands[0].OpMask != Register.None || !Array.Exists(all, f => f.Info.RequireOpMaskRegister)) return null;
        var masked = (Operand[])operands.Clone();
        masked[0] = operands[0].WithIndex(operands[0].Index);
        masked[0].OpMask = Register.K1;
        var standIn = new InstructionStatement(statement.Mnemonic, masked) { Prefixes = statement.Prefixes };
        return Array.Exists(all, f => f.Info.RequireOpMaskRegister && AvailableInMode(f, bits) && OperandsMatch(f, standIn, bits))
            ? $"not supported yet: {statement.Mnemonic} without an opmask (nasm 2.16 writes k0)" : null;
    }

    /// <summary>vcvtsi2ss and friends: a general register or memory source, whose {er} nasm 2.16.01 takes on the xmm before it.</summary>
    private static bool ReadsGpr(InstructionForm form) => form.Operands.Length == 3 && form.Operands[2] is OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem;

    private static bool OperandMatches(InstructionForm form, OpCodeOperandKind kind, Operand op, int bits)
    {
        switch (op.Kind)
        {
            case OperandKind.Register:
                // A 64-bit register outside 64-bit code only in the EVEX forms Encode tries as 64-bit code (pextrb rax, xmm1, 1
                // is an error in 32-bit code, vpextrb rax, xmm1, 1 is EVEX).
                if (bits != 64 && op.Register.IsGPR64()) return false;
                return op.Size == 0 || op.Size == RegisterSize(op.Register) ? NasmGprWidths.Takes(form.Code, op.Register) ?? RegisterMatches(kind, op.Register) : false;
            case OperandKind.Memory:
                if (!IsMemoryKind(kind)) return false;
                if (kind is >= OpCodeOperandKind.mem_vsib32x and <= OpCodeOperandKind.mem_vsib64z)
                {
                    if (!VsibIndexMatches(kind, op.Index)) return false;
                }
                else if (op.Index.IsXMM() || op.Index.IsYMM() || op.Index.IsZMM()) return false;
                if (!NasmFormChoice.MemoryOffsetMatches(kind, op, bits)) return false;
                if (op.Size != 0)
                {
                    // A sized broadcast still needs its element count (vaddps xmm0, xmm1, dword [rax]{1to8} is refused).
                    if (op.Broadcast != 0) { if (op.Size != form.BroadcastElementSize) return false; }
                    else if (form.MemorySize != 0 && form.MemorySize != op.Size) return false;
                }
                if (op.Broadcast != 0 && form.BroadcastElementSize != 0 && form.MemorySize / form.BroadcastElementSize != op.Broadcast) return false;
                return DistanceMatchesMemory(form, op);
            case OperandKind.Immediate:
                if (IsBranchKind(kind)) return BranchMatches(kind, op, bits);
                if (!IsImmediateKind(kind)) return false;
                return op.Distance == BranchDistance.Default;
            case OperandKind.FarPointer:
                // Without a size, seg:offset takes the mode's operand size (jmp 0x10:0x12345678 is EA + 4-byte offset in 32-bit code).
                if (kind is not (OpCodeOperandKind.farbr2_2 or OpCodeOperandKind.farbr4_2)) return false;
                int offsetSize = op.Size != 0 ? op.Size : bits == 16 ? 2 : 4;
                return kind == OpCodeOperandKind.farbr2_2 ? offsetSize == 2 : offsetSize == 4;
            default:
                return false;
        }
    }

    private static bool DistanceMatchesMemory(InstructionForm form, Operand op)
    {
        // Only jmp/call have near and far memory forms; lss/lfs/lgs/les/lds read a far pointer without `far`.
        if (form.Info.Mnemonic is not (Mnemonic.Jmp or Mnemonic.Call)) return op.Distance == BranchDistance.Default;
        bool far = form.Info.MemorySize is MemorySize.SegPtr16 or MemorySize.SegPtr32 or MemorySize.SegPtr64;
        if (op.Distance == BranchDistance.Far) return far;
        if (far) return false;
        return op.Distance is BranchDistance.Default or BranchDistance.Near;
    }

    private static int RegisterSize(Register r) =>
        r.IsGPR8() ? 1 : r.IsGPR16() ? 2 : r.IsGPR32() ? 4 : r.IsGPR64() ? 8 : r.IsXMM() ? 16 : r.IsYMM() ? 32 : r.IsZMM() ? 64 : r.IsMM() ? 8 : r.IsST() ? 10 : -1;

    private static bool VsibIndexMatches(OpCodeOperandKind kind, Register index) => kind switch
    {
        OpCodeOperandKind.mem_vsib32x or OpCodeOperandKind.mem_vsib64x => index.IsXMM(),
        OpCodeOperandKind.mem_vsib32y or OpCodeOperandKind.mem_vsib64y => index.IsYMM(),
        _ => index.IsZMM(),
    };

    private static bool IsMemoryKind(OpCodeOperandKind k) => k switch
    {
        OpCodeOperandKind.mem or OpCodeOperandKind.mem_mpx or OpCodeOperandKind.mem_mib or OpCodeOperandKind.sibmem
            or OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r32_or_mem
            or OpCodeOperandKind.r32_or_mem_mpx or OpCodeOperandKind.r64_or_mem or OpCodeOperandKind.r64_or_mem_mpx
            or OpCodeOperandKind.mm_or_mem or OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.ymm_or_mem
            or OpCodeOperandKind.zmm_or_mem or OpCodeOperandKind.bnd_or_mem_mpx or OpCodeOperandKind.k_or_mem
            or OpCodeOperandKind.mem_offs => true,
        _ => k is >= OpCodeOperandKind.mem_vsib32x and <= OpCodeOperandKind.mem_vsib64z,
    };

    private static bool RegisterMatches(OpCodeOperandKind k, Register r) => k switch
    {
        OpCodeOperandKind.r8_reg or OpCodeOperandKind.r8_opcode or OpCodeOperandKind.r8_or_mem => r.IsGPR8(),
        OpCodeOperandKind.r16_reg or OpCodeOperandKind.r16_reg_mem or OpCodeOperandKind.r16_rm or OpCodeOperandKind.r16_opcode
            or OpCodeOperandKind.r16_or_mem => r.IsGPR16(),
        OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_reg_mem or OpCodeOperandKind.r32_rm or OpCodeOperandKind.r32_opcode
            or OpCodeOperandKind.r32_vvvv or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r32_or_mem_mpx => r.IsGPR32(),
        OpCodeOperandKind.r64_reg or OpCodeOperandKind.r64_reg_mem or OpCodeOperandKind.r64_rm or OpCodeOperandKind.r64_opcode
            or OpCodeOperandKind.r64_vvvv or OpCodeOperandKind.r64_or_mem or OpCodeOperandKind.r64_or_mem_mpx => r.IsGPR64(),
        OpCodeOperandKind.seg_reg => r.IsSegmentRegister(),
        OpCodeOperandKind.k_reg or OpCodeOperandKind.k_rm or OpCodeOperandKind.k_vvvv or OpCodeOperandKind.k_or_mem => r.IsK(),
        // vp2intersect's mask pair: nasm takes an odd register too (the CPU ignores bit 0).
        OpCodeOperandKind.kp1_reg => r.IsK(),
        OpCodeOperandKind.mm_reg or OpCodeOperandKind.mm_rm or OpCodeOperandKind.mm_or_mem => r.IsMM(),
        OpCodeOperandKind.xmm_reg or OpCodeOperandKind.xmm_rm or OpCodeOperandKind.xmm_vvvv or OpCodeOperandKind.xmm_is4
            or OpCodeOperandKind.xmm_is5 or OpCodeOperandKind.xmm_or_mem => r.IsXMM(),
        // The +3 register groups of 4FMAPS/4VNNIW: nasm takes any register (the CPU ignores the low two bits).
        OpCodeOperandKind.xmmp3_vvvv => r.IsXMM(),
        OpCodeOperandKind.ymm_reg or OpCodeOperandKind.ymm_rm or OpCodeOperandKind.ymm_vvvv or OpCodeOperandKind.ymm_is4
            or OpCodeOperandKind.ymm_is5 or OpCodeOperandKind.ymm_or_mem => r.IsYMM(),
        OpCodeOperandKind.zmm_reg or OpCodeOperandKind.zmm_rm or OpCodeOperandKind.zmm_vvvv or OpCodeOperandKind.zmm_or_mem => r.IsZMM(),
        OpCodeOperandKind.zmmp3_vvvv => r.IsZMM(),
        OpCodeOperandKind.tmm_reg or OpCodeOperandKind.tmm_rm or OpCodeOperandKind.tmm_vvvv => r.IsTMM(),
        OpCodeOperandKind.cr_reg => r.IsCR(),
        OpCodeOperandKind.dr_reg => r.IsDR(),
        OpCodeOperandKind.tr_reg => r.IsTR(),
        OpCodeOperandKind.bnd_reg or OpCodeOperandKind.bnd_or_mem_mpx => r.IsBND(),
        OpCodeOperandKind.es => r == Register.ES,
        OpCodeOperandKind.cs => r == Register.CS,
        OpCodeOperandKind.ss => r == Register.SS,
        OpCodeOperandKind.ds => r == Register.DS,
        OpCodeOperandKind.fs => r == Register.FS,
        OpCodeOperandKind.gs => r == Register.GS,
        OpCodeOperandKind.al => r == Register.AL,
        OpCodeOperandKind.cl => r == Register.CL,
        OpCodeOperandKind.ax => r == Register.AX,
        OpCodeOperandKind.dx => r == Register.DX,
        OpCodeOperandKind.eax => r == Register.EAX,
        OpCodeOperandKind.rax => r == Register.RAX,
        OpCodeOperandKind.st0 => r == Register.ST0,
        OpCodeOperandKind.sti_opcode => r.IsST(),
        _ => false,
    };

    private static bool IsImmediateKind(OpCodeOperandKind k) => k is OpCodeOperandKind.imm8 or OpCodeOperandKind.imm8_const_1
        or OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64 or OpCodeOperandKind.imm16
        or OpCodeOperandKind.imm32 or OpCodeOperandKind.imm32sex64 or OpCodeOperandKind.imm64 or OpCodeOperandKind.imm4_m2z;

    internal static bool IsBranchKind(OpCodeOperandKind k) => k is OpCodeOperandKind.br16_1 or OpCodeOperandKind.br32_1
        or OpCodeOperandKind.br64_1 or OpCodeOperandKind.br16_2 or OpCodeOperandKind.br32_4 or OpCodeOperandKind.br64_4
        or OpCodeOperandKind.xbegin_2 or OpCodeOperandKind.xbegin_4 or OpCodeOperandKind.brdisp_2 or OpCodeOperandKind.brdisp_4;

    private static bool IsRelativeBranch(InstructionForm form) => form.Operands.Length > 0 && IsBranchKind(form.Operands[0]);

    private static bool IsShortBranch(OpCodeOperandKind k) => k is OpCodeOperandKind.br16_1 or OpCodeOperandKind.br32_1 or OpCodeOperandKind.br64_1;

    private static bool BranchMatches(OpCodeOperandKind k, Operand op, int bits)
    {
        int size = k switch
        {
            OpCodeOperandKind.br16_1 or OpCodeOperandKind.br16_2 or OpCodeOperandKind.xbegin_2 or OpCodeOperandKind.brdisp_2 => 16,
            OpCodeOperandKind.br32_1 or OpCodeOperandKind.br32_4 or OpCodeOperandKind.xbegin_4 or OpCodeOperandKind.brdisp_4 => bits == 64 ? 64 : 32,
            _ => 64,
        };
        if (k is OpCodeOperandKind.br32_1 or OpCodeOperandKind.br32_4 && bits == 64) return false;
        // A dword branch is not a 64-bit-code form to nasm (je near dword x is "not supported in 64-bit mode").
        int wanted = op.Size switch { 2 => 16, 4 => bits == 64 ? -1 : 32, 8 => 64, _ => bits };
        // A size without `short'/`near' is a near branch to nasm (jmp dword x is E9).
        if (op.Size != 0 && op.Distance == BranchDistance.Default && IsShortBranch(k)) return false;
        if (k is OpCodeOperandKind.xbegin_2 or OpCodeOperandKind.xbegin_4) wanted = bits == 16 ? 16 : bits == 64 ? 64 : 32;
        if (size != wanted) return false;
        if (op.Distance == BranchDistance.Short) return IsShortBranch(k);
        if (op.Distance == BranchDistance.Near) return !IsShortBranch(k);
        return op.Distance != BranchDistance.Far;
    }

    /// <summary>Unsized memory with forms of different sizes is NASM's "operation size not specified".</summary>
    private static bool SizeIsDetermined(List<InstructionForm> forms, InstructionStatement statement)
    {
        int memoryOperand = Array.FindIndex(statement.Operands, o => o.IsMemory);
        if (memoryOperand < 0 || statement.Operands[memoryOperand].Size != 0) return true;
        int size = -1;
        foreach (var form in forms)
        {
            if (form.MemorySize == 0) continue;
            if (size == -1) size = form.MemorySize;
            else if (size != form.MemorySize) return false;
        }
        return true;
    }

    // ---- values and per-pass fit ----

    /// <summary>An operand's value; <paramref name="SelfRelative"/> when it is `sym - $ + k` (see <see cref="IEncodingContext.SelfRelative"/>).</summary>
    private readonly record struct OperandValue(Value Value, Value Segment, bool SelfRelative = false);

    private OperandValue[]?[] _valueScratch = new OperandValue[]?[6];

    private OperandValue[] EvaluateOperands(Operand[] operands, IEncodingContext context, string mnemonic)
    {
        // One scratch array per operand count: values live only during one Encode (LayoutCache keeps a copy).
        if (operands.Length >= _valueScratch.Length) Array.Resize(ref _valueScratch, operands.Length + 1);
        var values = _valueScratch[operands.Length] ??= new OperandValue[operands.Length];
        int i = 0;
        try
        {
            for (; i < operands.Length; i++)
            {
                var op = operands[i];
                bool selfRelative = false;
                var value = op.Value is null ? Value.Scalar(0) : EvaluateOperand(op.Value, context, out selfRelative);
                var segment = op.Segment is null ? Value.Scalar(0) : context.Evaluate(op.Segment);
                values[i] = new OperandValue(value, segment, selfRelative);
            }
        }
        catch (NotRelocatableException e)
        {
            throw new EvaluationException(NotRelocatableOperand(e, operands[i], mnemonic));
        }
        return values;
    }

    /// <summary>nasm's words for an operand no relocation holds (see <see cref="NotRelocatableException"/>): its parse_mref's
    /// in an address, its operand parser's for an immediate (which takes one scaled symbol as its number: not supported
    /// yet), and a branch's to the section's start negated.</summary>
    private static string NotRelocatableOperand(NotRelocatableException e, Operand op, string mnemonic) => e.Kind switch
    {
        NotRelocatableKind.OwnSectionNegated when !op.IsMemory && (mnemonic.StartsWith('j') || mnemonic is "call" or "loop" or "loope"
            or "loopz" or "loopne" or "loopnz" or "xbegin") => "invalid use of self-relative expression",
        _ when e.Relative => e.Message,
        _ when !op.IsMemory => e.Kind == NotRelocatableKind.Scaled ? "not supported yet: an immediate of a scaled label (nasm 2.16 keeps its number only)"
            : "invalid operand type",
        NotRelocatableKind.Bases => MultipleSegmentBases,
        _ => ImpossibleSegmentBase,
    };

    /// <summary>An operand's value, or its self-relative value (nasm's OUT_RELADDR: `mov eax, ext - $' and `call [ext - $]'
    /// are PC-relative fields against ext) where plain evaluation finds the expression not simple.</summary>
    internal static Value EvaluateOperand(Expression expression, IEncodingContext context) => EvaluateOperand(expression, context, out _);

    internal static Value EvaluateOperand(Expression expression, IEncodingContext context, out bool selfRelative)
    {
        selfRelative = false;
        try
        {
            return context.Evaluate(expression);
        }
        catch (EvaluationException) when (context.SelfRelative(expression) is { } relative)
        {
            selfRelative = true;
            return relative;
        }
    }

    private static bool ValuesFit(InstructionForm form, InstructionStatement statement, OperandValue[] values, IEncodingContext context)
    {
        var syntax = SyntaxOperands(form);
        for (int i = 0; i < syntax.Length; i++)
        {
            var op = statement.Operands[i];
            var kind = form.Operands[syntax[i]];
            // Under `default rel` nasm keeps [a32 number] out of the moffs form (67 48 8B 04 25, not 67 48 A1).
            if (kind == OpCodeOperandKind.mem_offs && context.Bits == 64 && op.AddressSize == 32 && op.RipRelative is null && context.DefaultRel)
                return false;
            // [qword x] is the moffs form, but under `default rel` a RIP-relative or disp32 ModRM form.
            if (IsQwordAbsolute(op, context.Bits) && (kind == OpCodeOperandKind.mem_offs) == (context.DefaultRel && !NasmWarnings.FsOrGs(op))) return false;
            if (op.Kind != OperandKind.Immediate) continue;
            if (IsBranchKind(kind))
            {
                if (!IsShortBranch(kind)) continue;
                // -O0: jmp without `short` is near (E9); conditional jumps still take the short form. -O1: neither does
                // (nasm's jmp_match is off at its level 0), where a near form exists (loop and jecxz have none).
                if (!context.Optimize && op.Distance == BranchDistance.Default && form.Info.Mnemonic == Mnemonic.Jmp) return false;
                if (context.MinimalOptimization && op.Distance == BranchDistance.Default && HasNearForm(statement)) return false;
                // `strict` without `short` is not relaxed: jmp_match leaves a STRICT operand near (jmp strict x is E9).
                if (op.Strict && op.Distance == BranchDistance.Default && HasNearForm(statement)) return false;
                var target = values[i].Value;
                // `jmp short fwd` before fwd is defined: keep the short form the user asked for.
                if (!target.Known && op.Distance == BranchDistance.Short && !context.Emitting) continue;
                // A number is an absolute address that the output format resolves: short only when asked for or when
                // there is no near form (jmp short 0x120, loop 0x104).
                if (target.Known && target.IsScalar && context.SectionBase is not null && (op.Distance == BranchDistance.Short || !HasNearForm(statement)))
                    continue;
                // A target not defined yet (a forward reference in the first pass): short, as nasm's jmp_match is optimistic
                // about OPFLAG_UNKNOWN; a later pass grows the branch when the target turns out out of range.
                if (!target.Known && !context.Emitting && !op.Strict) continue;
                // A short branch to an extern or a label of another section, where asked for or where there is no near form
                // (jmp short ext, jecxz ext): nasm writes an 8-bit PC-relative relocation, its range unchecked.
                if (target.Known && target.Base is not null && target.Base != context.SectionBase && context.SectionBase is not null
                    && (op.Distance == BranchDistance.Short || !HasNearForm(statement)))
                    continue;
                // Otherwise a short branch needs a target known in this section; the encoder checks the range.
                if (!target.Known || target.Base != context.SectionBase) return false;
                continue;
            }
            if (!ImmediateFits(kind, form, op, OptimisticImmediate(op, values[i].Value, context), context, HasAlternative(form, statement, i, context.Bits)))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The value a layout pass sizes an immediate with. nasm's parser gives an immediate not known yet (a forward
    /// reference in the first pass) every "fits" flag (UNITY, SBYTEWORD, SBYTEDWORD, UDWORD, SDWORD) unless it is
    /// `strict` or optimization is off: the shortest form, as for the number 1; a later pass widens it if needed.
    /// </summary>
    internal static Value OptimisticImmediate(Operand op, Value value, IEncodingContext context) =>
        !value.Known && !context.Emitting && context.Optimize && !op.Strict ? Value.Scalar(1) : value;

    private static bool IsQwordAbsolute(Operand op, int bits) => bits == 64 && op.IsMemory && op.DisplacementSize == 8
        && op.RipRelative is null && op.Base == Register.None && op.Index == Register.None && op.AddressSize == 0;

    private static bool HasNearForm(InstructionStatement statement)
    {
        if (statement.Syntax.EncodingCache is not CandidateCache cache) return true;
        foreach (var form in cache.Forms)
            if (IsRelativeBranch(form) && !IsShortBranch(form.Operands[0])) return true;
        return false;
    }

    /// <summary>True when another candidate takes operand <paramref name="index"/> in a wider field.</summary>
    private static bool HasAlternative(InstructionForm form, InstructionStatement statement, int index, int bits)
    {
        if (statement.Syntax.EncodingCache is not CandidateCache cache) return false;
        foreach (var other in cache.Forms)
        {
            if (other == form) continue;
            var syntax = SyntaxOperands(other);
            if (index < syntax.Length && ImmediateFieldSize(other.Operands[syntax[index]]) > ImmediateFieldSize(form.Operands[SyntaxOperands(form)[index]])) return true;
        }
        return false;
    }

    private static int ImmediateFieldSize(OpCodeOperandKind k) => k switch
    {
        OpCodeOperandKind.imm8 or OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64 => 1,
        OpCodeOperandKind.imm16 => 2,
        OpCodeOperandKind.imm32 or OpCodeOperandKind.imm32sex64 => 4,
        OpCodeOperandKind.imm64 => 8,
        _ => 0,
    };

    private static bool ImmediateFits(OpCodeOperandKind kind, InstructionForm form, Operand op, Value value, IEncodingContext context, bool hasWiderAlternative)
    {
        int opSize = form.Info.OperandSize / 8;
        int size = op.Size;
        bool scalar = value.Known && value.IsScalar;
        long v = value.Number;
        switch (kind)
        {
            case OpCodeOperandKind.imm8_const_1:
                // The D0/D1 form is a template match in NASM, not an optimization: -O0 uses it too.
                return scalar && v == 1 && (size == 0 || size == 1) && !op.Strict;
            case OpCodeOperandKind.imm8sex16:
            case OpCodeOperandKind.imm8sex32:
            case OpCodeOperandKind.imm8sex64:
                {
                    // push dword 1 in 64-bit code is 6A 01: a dword immediate is push's sign-extended field, as for 68 id.
                    bool pushDword = size == 4 && opSize == 8 && form.Info.DefaultOpSize64;
                    if (size != 0 && size != 1 && (op.Strict || (size != opSize && !pushDword))) return false;
                    if (size == 1) return true;   // byte: the user asked for the short form
                    // `strict` without `byte` keeps the full field (add rax, strict 1 is 48 05 01 00 00 00).
                    if (!scalar || !context.Optimize || op.Strict) return false;
                    // NASM truncates to the operand size, at most a dword (add rax, 0xffffffff is 48 83 C0 FF), then sign-extends.
                    int bits = kind == OpCodeOperandKind.imm8sex16 ? 16 : 32;
                    long signExtended = bits == 16 ? (short)v : (int)v;
                    return signExtended >= -128 && signExtended <= 127;
                }
            case OpCodeOperandKind.imm8:
                if (size != 0 && size != 1 && size != opSize) return false;
                return !hasWiderAlternative || (scalar && v >= -128 && v <= 255);
            case OpCodeOperandKind.imm16:
                return size == 0 || size == 2 || size == opSize;
            case OpCodeOperandKind.imm32:
                return size == 0 || size == 4 || size == opSize;
            case OpCodeOperandKind.imm32sex64:
                // A dword immediate for a qword operand is NASM's "mismatch in operand sizes", except for push and mov.
                if (size != 0 && size != 8 && !(size == 4 && (form.Info.DefaultOpSize64 || IsMovRegImm(form)))) return false;
                // `strict` (without dword) keeps mov's 64-bit field (mov rax, strict 1 is 48 B8 …); elsewhere imm32 is the widest.
                if (op.Strict && size != 4 && hasWiderAlternative) return false;
                // -O0 and -O1 keep mov r64's 64-bit field unless the immediate says dword (mov rax, 1 is 48 B8 …).
                if ((!context.Optimize || context.MinimalOptimization) && size != 4 && hasWiderAlternative) return false;
                // A symbol (or a value not known yet) goes into mov r64's 64-bit field where it has one (mov rax, label is
                // 48 B8 …); a memory destination has only the sign-extended dword (mov qword [rax], label is 48 C7 00,
                // R_X86_64_32S).
                if (!value.Known || !value.IsScalar) return !IsMovRegImm(form) || !hasWiderAlternative;
                // Without a 64-bit field to fall back on, NASM truncates to a dword (add rax, 0x80000000 is 48 05 00 00 00 80).
                return !hasWiderAlternative || size == 4 || (v >= int.MinValue && v <= int.MaxValue);
            case OpCodeOperandKind.imm64:
                if (size != 0 && size != 8) return false;
                // NASM keeps the 10-byte form only when the value needs it, is not known yet, or is an address.
                return !scalar || op.Strict || !context.Optimize || context.MinimalOptimization || v < int.MinValue || v > int.MaxValue;
            default:
                return true;
        }
    }

    private static bool IsMovRegImm(InstructionForm form) => form.Code == Code.Mov_rm64_imm32;

    // ---- building the Iced instruction ----

    private static bool TryBuild(InstructionForm form, InstructionStatement statement, OperandValue[] values, IEncodingContext context,
        out Instruction instruction, out string? error)
    {
        error = null;
        instruction = default;
        instruction.Code = form.Code;
        var syntax = SyntaxOperands(form);
        // All the form's operands are written (the identity list; a string form's list is shorter): no search per operand.
        bool identity = syntax.Length == form.Operands.Length;
        int bits = context.Bits;
        int addressBits = AddressBits(statement, bits);
        for (int k = 0; k < form.Operands.Length; k++)
        {
            var kind = form.Operands[k];
            int syntaxIndex = identity ? k : Array.IndexOf(syntax, k);
            if (syntaxIndex < 0)
            {
                SetImplicit(ref instruction, k, kind, addressBits);
                continue;
            }
            var op = statement.Operands[syntaxIndex];
            var value = values[syntaxIndex].Value;
            switch (op.Kind)
            {
                case OperandKind.Register:
                    instruction.SetOpKind(k, OpKind.Register);
                    instruction.SetOpRegister(k, RegisterMatches(kind, Register.EAX) ? NasmGprWidths.Encoded(op.Register) : op.Register);
                    break;
                case OperandKind.Memory:
                    if (!SetMemory(ref instruction, k, op, value, values[syntaxIndex].SelfRelative, context, out error)) return false;
                    break;
                case OperandKind.Immediate when IsBranchKind(kind):
                    {
                        ulong target = value.Known && value.Base == context.SectionBase && value.Base is not null ? (ulong)value.Number
                            : value.Known && value.IsScalar && context.SectionBase is null ? (ulong)value.Number
                            : context.Offset;   // a relocation fills it in; the field stays 0
                        // Iced takes xbegin's target as NearBranch32 outside 64-bit code, its rel16 form too.
                        var branchKind = kind is OpCodeOperandKind.xbegin_2 or OpCodeOperandKind.xbegin_4 ? (bits == 64 ? OpKind.NearBranch64 : OpKind.NearBranch32)
                            : (bits == 16 && kind is not OpCodeOperandKind.br32_4) || kind is OpCodeOperandKind.br16_1 or OpCodeOperandKind.br16_2 or OpCodeOperandKind.brdisp_2
                            ? OpKind.NearBranch16 : kind is OpCodeOperandKind.br64_1 or OpCodeOperandKind.br64_4 || (bits == 64 && kind is OpCodeOperandKind.xbegin_4) ? OpKind.NearBranch64 : OpKind.NearBranch32;
                        instruction.SetOpKind(k, branchKind);
                        if (branchKind == OpKind.NearBranch16) instruction.NearBranch16 = (ushort)target;
                        else if (branchKind == OpKind.NearBranch32) instruction.NearBranch32 = (uint)target;
                        else instruction.NearBranch64 = target;
                        break;
                    }
                case OperandKind.Immediate:
                    {
                        var immediate = OptimisticImmediate(op, value, context);
                        SetImmediate(ref instruction, k, kind, immediate.Known && immediate.IsScalar ? immediate.Number : 0);
                        break;
                    }
                case OperandKind.FarPointer:
                    {
                        var segment = values[syntaxIndex].Segment;
                        instruction.SetOpKind(k, kind == OpCodeOperandKind.farbr2_2 ? OpKind.FarBranch16 : OpKind.FarBranch32);
                        instruction.FarBranchSelector = (ushort)(segment.Known && segment.IsScalar ? segment.Number : 0);
                        long offset = value.Known && value.IsScalar ? value.Number : 0;
                        if (kind == OpCodeOperandKind.farbr2_2) instruction.FarBranch16 = (ushort)offset;
                        else instruction.FarBranch32 = (uint)offset;
                        break;
                    }
            }
            if (op.OpMask != Register.None) instruction.OpMask = op.OpMask;
            if (op.Zeroing) instruction.ZeroingMasking = true;
            if (op.Rounding != RoundingControl.None) instruction.RoundingControl = op.Rounding;
            if (op.SuppressAllExceptions && op.Rounding == RoundingControl.None) instruction.SuppressAllExceptions = true;
        }
        if (statement.SegmentPrefix != Register.None) instruction.SegmentPrefix = statement.SegmentPrefix;
        return true;
    }

    private static int AddressBits(InstructionStatement statement, int bits)
    {
        var p = statement.Prefixes;
        if ((p & PrefixFlags.A16) != 0) return 16;
        if ((p & PrefixFlags.A32) != 0) return 32;
        if ((p & PrefixFlags.A64) != 0) return 64;
        foreach (var op in statement.Operands)
        {
            if (!op.IsMemory) continue;
            var r = op.Base != Register.None ? op.Base : op.Index;
            if (r.IsGPR16()) return 16;
            if (r.IsGPR32()) return 32;
            if (r.IsGPR64()) return 64;
        }
        return bits;
    }

    private static void SetImplicit(ref Instruction instruction, int k, OpCodeOperandKind kind, int addressBits)
    {
        switch (kind)
        {
            case OpCodeOperandKind.seg_rSI:
                instruction.SetOpKind(k, addressBits == 16 ? OpKind.MemorySegSI : addressBits == 32 ? OpKind.MemorySegESI : OpKind.MemorySegRSI);
                break;
            case OpCodeOperandKind.seg_rDI:
                instruction.SetOpKind(k, addressBits == 16 ? OpKind.MemorySegDI : addressBits == 32 ? OpKind.MemorySegEDI : OpKind.MemorySegRDI);
                break;
            case OpCodeOperandKind.es_rDI:
                instruction.SetOpKind(k, addressBits == 16 ? OpKind.MemoryESDI : addressBits == 32 ? OpKind.MemoryESEDI : OpKind.MemoryESRDI);
                break;
            case OpCodeOperandKind.seg_rBX_al:
                instruction.SetOpKind(k, OpKind.Memory);
                instruction.MemoryBase = addressBits == 16 ? Register.BX : addressBits == 32 ? Register.EBX : Register.RBX;
                instruction.MemoryIndex = Register.AL;
                instruction.MemoryIndexScale = 1;
                break;
            default:
                instruction.SetOpKind(k, OpKind.Register);
                instruction.SetOpRegister(k, kind switch
                {
                    OpCodeOperandKind.al => Register.AL,
                    OpCodeOperandKind.ax => Register.AX,
                    OpCodeOperandKind.eax => Register.EAX,
                    OpCodeOperandKind.rax => Register.RAX,
                    OpCodeOperandKind.dx => Register.DX,
                    OpCodeOperandKind.cl => Register.CL,
                    _ => Register.None,
                });
                break;
        }
    }

    private static void SetImmediate(ref Instruction instruction, int k, OpCodeOperandKind kind, long value)
    {
        var opKind = kind switch
        {
            OpCodeOperandKind.imm8sex16 => OpKind.Immediate8to16,
            OpCodeOperandKind.imm8sex32 => OpKind.Immediate8to32,
            OpCodeOperandKind.imm8sex64 => OpKind.Immediate8to64,
            OpCodeOperandKind.imm16 => OpKind.Immediate16,
            OpCodeOperandKind.imm32 => OpKind.Immediate32,
            OpCodeOperandKind.imm32sex64 => OpKind.Immediate32to64,
            OpCodeOperandKind.imm64 => OpKind.Immediate64,
            _ => k > 0 && instruction.GetOpKind(k - 1) is OpKind.Immediate8 or OpKind.Immediate16 ? OpKind.Immediate8_2nd : OpKind.Immediate8,
        };
        instruction.SetOpKind(k, opKind);
        switch (opKind)
        {
            case OpKind.Immediate8: instruction.Immediate8 = (byte)value; break;
            case OpKind.Immediate8_2nd: instruction.Immediate8_2nd = (byte)value; break;
            case OpKind.Immediate8to16: instruction.Immediate8to16 = (sbyte)value; break;
            case OpKind.Immediate8to32: instruction.Immediate8to32 = (sbyte)value; break;
            case OpKind.Immediate8to64: instruction.Immediate8to64 = (sbyte)value; break;
            case OpKind.Immediate16: instruction.Immediate16 = (ushort)value; break;
            case OpKind.Immediate32: instruction.Immediate32 = (uint)value; break;
            case OpKind.Immediate32to64: instruction.Immediate32to64 = (int)value; break;
            default: instruction.Immediate64 = (ulong)value; break;
        }
    }

    private static bool SetMemory(ref Instruction instruction, int k, Operand op, Value value, bool selfRelative, IEncodingContext context, out string? error)
    {
        error = null;
        instruction.SetOpKind(k, OpKind.Memory);
        int bits = context.Bits;
        bool noRegisters = op.Base == Register.None && op.Index == Register.None;
        bool ripRelative = IsRipRelative(op, value, selfRelative, context);
        if (op.SegmentOverride != Register.None) instruction.SegmentPrefix = op.SegmentOverride;
        if (op.Broadcast != 0) instruction.IsBroadcast = true;
        if (ripRelative)
        {
            instruction.MemoryBase = Register.RIP;
            instruction.MemoryDisplSize = 8;
            bool local = value.Known && value.Base is not null && value.Base == context.SectionBase;
            instruction.MemoryDisplacement64 = local ? (ulong)value.Number : context.Offset;
            return true;
        }
        var (memoryBase, memoryIndex, memoryScale) = (op.Base, op.Index, op.Scale);
        if (op.SummedBySymbols && NasmSummedHint.Sums(op.Value!, context.Evaluate) == true)
            (memoryBase, memoryIndex, memoryScale) = NasmSummedHint.SummedLayout(memoryBase, memoryIndex, memoryScale);
        instruction.MemoryBase = memoryBase;
        instruction.MemoryIndex = memoryIndex;
        instruction.MemoryIndexScale = memoryIndex == Register.None ? 1 : memoryScale;
        int addressBits = op.Base != Register.None ? RegisterSize(op.Base) * 8 : op.Index != Register.None ? RegisterSize(op.Index) * 8 : bits;
        // A vector index sizes no address: the base does, else an a32 (a32 [xmm1] in 64-bit code is 67 with a disp32).
        if (op.Index.IsXMM() || op.Index.IsYMM() || op.Index.IsZMM())
            addressBits = op.Base != Register.None ? RegisterSize(op.Base) * 8 : op.AddressSize == 32 ? 32 : bits;
        int fullSize = addressBits / 8;
        if (noRegisters && op.AddressSize != 0) fullSize = op.AddressSize / 8;
        else if (noRegisters && bits != 64 && op.DisplacementSize is 2 or 4) fullSize = op.DisplacementSize;
        if (value.Known && value.IsScalar)
        {
            long displacement = value.Number;
            // An absolute address is truncated to the address size; [disp32] in 64-bit code is sign-extended
            // ([0x80000000] is 8B 04 25 00 00 00 80; [-1] in 32-bit code is A1 FF FF FF FF).
            if (noRegisters)
                displacement = bits == 64 && !NasmFormChoice.IsMemoryOffset(instruction.Code, k) ? (int)displacement
                    : fullSize == 2 ? (ushort)displacement : fullSize == 4 ? (uint)displacement : displacement;
            // With registers nasm keeps the low dword of a 32- or 64-bit address's displacement ([rax+0x100000000] is 8B 00),
            // the low word of a 16-bit one's ([bx+65535] is [bx-1], [bx+65536] is [bx]), and an explicit byte's low byte.
            else if (op.DisplacementSize == 1) displacement = (sbyte)displacement;
            else if (fullSize >= 4) displacement = (int)displacement;
            else if (fullSize == 2) displacement = (short)displacement;
            instruction.MemoryDisplacement64 = (ulong)displacement;
            instruction.MemoryDisplSize = op.DisplacementSize switch
            {
                0 => noRegisters ? fullSize : displacement == 0 ? 0 : 1,
                1 => noRegisters ? fullSize : 1,
                _ => fullSize,
            };
        }
        // -f bin's value relative to the section's start beside registers ([rax-a]): nasm sizes the displacement by the
        // number part alone (none for 0, as [rax]), and the field's relocation writes the value.
        else if (selfRelative && !noRegisters && ReferenceEquals(value.Base, Objects.Symbol.AddressZero))
        {
            instruction.MemoryDisplacement64 = 0;
            instruction.MemoryDisplSize = op.DisplacementSize switch
            {
                0 => value.Number == 0 ? 0 : value.Number is >= sbyte.MinValue and <= sbyte.MaxValue ? 1 : fullSize,
                1 => 1,
                _ => fullSize,
            };
        }
        else
        {
            instruction.MemoryDisplacement64 = 0;
            instruction.MemoryDisplSize = op.DisplacementSize == 1 ? 1 : fullSize;
        }
        // Iced takes the address size of a VSIB address without a base from its displacement size: a32 outside 32-bit code.
        if (op.Base == Register.None && addressBits == 32 && bits != 32 && !noRegisters) instruction.MemoryDisplSize = 4;
        return true;
    }

    // ---- relocations and NASM's choice between equal encodings ----

    private void CollectFixups(InstructionForm form, InstructionStatement statement, OperandValue[] values, ConstantOffsets offsets, IEncodingContext context)
    {
        var syntax = SyntaxOperands(form);
        for (int i = 0; i < syntax.Length; i++)
        {
            var op = statement.Operands[i];
            var value = values[i].Value;
            var kind = form.Operands[syntax[i]];
            switch (op.Kind)
            {
                case OperandKind.Memory:
                    {
                        if (!offsets.HasDisplacement) break;
                        bool rip = IsRipRelative(op, value, values[i].SelfRelative, context);
                        if (values[i].SelfRelative)
                        {
                            _fixups.Add(new Fixup(offsets.DisplacementOffset, offsets.DisplacementSize, value, true, true, op.Wrt, SelfRelative: true));
                        }
                        else if (rip)
                        {
                            if (value.Known && value.Base is not null && value.Base == context.SectionBase) break;
                            if (value.Known && value.IsScalar) break;
                            _fixups.Add(new Fixup(offsets.DisplacementOffset, offsets.DisplacementSize, value, true, true, op.Wrt));
                        }
                        // Sign-extended in 64-bit addressing (R_X86_64_32S); a 32-bit address in 64-bit code (67, a32 or
                        // 32-bit registers) zero-extends it, and nasm writes R_X86_64_32 there.
                        else if (!(value.Known && value.IsScalar))
                            _fixups.Add(new Fixup(offsets.DisplacementOffset, offsets.DisplacementSize, value, false,
                                context.Bits == 64 && AddressBits(statement, context.Bits) == 64, op.Wrt));
                        break;
                    }
                case OperandKind.Immediate when IsBranchKind(kind):
                    if (values[i].SelfRelative) throw new EvaluationException("invalid use of self-relative expression");
                    if (value.Known && value.Base is not null && value.Base == context.SectionBase) break;
                    if (value.Known && value.IsScalar && context.SectionBase is null) break;
                    _fixups.Add(new Fixup(offsets.ImmediateOffset, offsets.ImmediateSize, value, true, true, op.Wrt));
                    break;
                case OperandKind.Immediate:
                    if (value.Known && value.IsScalar) break;
                    if (kind is OpCodeOperandKind.imm8_const_1) break;
                    {
                        // The second immediate (enter's imm8) sits after the first.
                        int offset = offsets.ImmediateOffset, size = offsets.ImmediateSize;
                        if (i > 0 && statement.Operands[i - 1].IsImmediate && offsets.HasImmediate2) { offset = offsets.ImmediateOffset2; size = offsets.ImmediateSize2; }
                        bool signed = kind is OpCodeOperandKind.imm32sex64 or OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64;
                        _fixups.Add(new Fixup(offset, size, value, values[i].SelfRelative, signed, op.Wrt, values[i].SelfRelative));
                    }
                    break;
                case OperandKind.FarPointer:
                    if (!(value.Known && value.IsScalar))
                        _fixups.Add(new Fixup(offsets.ImmediateOffset, kind == OpCodeOperandKind.farbr2_2 ? 2 : 4, value, false, false, op.Wrt));
                    var segment = values[i].Segment;
                    if (!(segment.Known && segment.IsScalar))
                        throw new EvaluationException("not supported yet: a far pointer whose segment is a symbol (seg)");
                    break;
            }
        }
    }

    /// <summary>[rel x], or a plain [x] under `default rel` in 64-bit code (numbers stay absolute).</summary>
    private static bool IsRipRelative(Operand op, Value value, bool selfRelative, IEncodingContext context)
    {
        if (op.Base == Register.RIP || op.Base == Register.EIP) return true;
        // A self-relative address is a number to nasm: [rel ext - $] warns ea-absolute and is [abs ext - $] (a PC32 in a disp32).
        if (selfRelative) return false;
        bool noRegisters = op.Base == Register.None && op.Index == Register.None;
        // A plain number stays absolute even with `rel` ([rel 0x1000] is 8B 04 25 00 10 00 00). So does an address not
        // known yet in a layout pass: nasm's first pass has no segment for a forward reference and sizes [rel fwd] as
        // [abs fwd] (SIB, one byte more) — which moves every label after it until the second pass.
        if (!value.Known && !context.Emitting) return false;
        // `default rel' leaves an fs:/gs: override inside the brackets absolute ([fs:x]; `fs mov al, [x]' is RIP-relative).
        return context.Bits == 64 && noRegisters && (op.RipRelative ?? (context.DefaultRel && !NasmWarnings.FsOrGs(op)))
            && !(value.Known && value.IsScalar);
    }

    private static int Rank(InstructionForm form, InstructionStatement statement) =>
        statement.Mnemonic[0] is 'k' or 'K' && NasmMnemonicSet.IsSizedMask(statement.Mnemonic) ? NasmMnemonicSet.MaskRank(form) : NasmFormChoice.Rank(form);
}
