using Iced.Intel;

namespace Nas64.Assembler.Syntax;

public enum OperandKind : byte { Register, Memory, Immediate, FarPointer }

/// <summary>What `wrt` names: a segment/symbol or one of ELF's special ..plt, ..got … symbols.</summary>
public enum WrtKind : byte { None, Plt, Got, GotOff, GotPc, GotPcRel, Sym, TlsIe, GotTpOff, TlsGd, TlsLd, DtpOff, TpOff, Other, Invalid }

/// <summary>One parsed instruction operand.</summary>
/// <remarks>Stored narrow (registers as bytes, as every Iced register number fits one; small numbers and enums as bytes;
/// the yes/no parts as bits of one byte): a large program has hundreds of thousands, 48 bytes each. The parser shares
/// one instance per plain register, so nothing may change an operand once it is parsed.</remarks>
public sealed class Operand
{
    private Expression? _value;
    private Expression? _segment;
    private byte _register, _base, _index, _segmentOverride, _opMask;
    private byte _size, _scale = 1, _displacementSize, _addressSize, _broadcast, _rounding;
    private sbyte _ripRelative = -1;
    private Flags _flags;

    [Flags]
    private enum Flags : byte { None = 0, Strict = 1, ImplicitSt0 = 2, NoSplit = 4, Zeroing = 8, SuppressAllExceptions = 16, InvalidAddress = 32, SummedBySymbols = 64, RelWritten = 128 }

    private bool Has(Flags flag) => (_flags & flag) != 0;

    private void Set(Flags flag, bool value) => _flags = value ? _flags | flag : _flags & ~flag;

    public OperandKind Kind { get; init; }

    /// <summary>Size in bytes from a size keyword (byte=1 … zword=64), 0 when none was written.</summary>
    public int Size { get => _size; set => _size = (byte)value; }

    /// <summary>`strict` was written: keep the size as written, no shorter form.</summary>
    public bool Strict { get => Has(Flags.Strict); set => Set(Flags.Strict, value); }

    /// <summary>short / near / far, for branches.</summary>
    public BranchDistance Distance { get; set; }

    public Register Register { get => (Register)_register; init => _register = (byte)value; }

    /// <summary>An st0 NASM's x87 shorthand adds (fmul st0 is fmul st0, st0 in the D8 form; written out, it is DC).</summary>
    public bool ImplicitSt0 { get => Has(Flags.ImplicitSt0); init => Set(Flags.ImplicitSt0, value); }

    /// <summary>Immediate, branch target or far-pointer offset; memory displacement.</summary>
    public Expression? Value { get => _value; set => _value = value; }

    /// <summary>Far pointer segment (seg:offset).</summary>
    public Expression? Segment { get => _segment; init => _segment = value; }

    public WrtKind Wrt { get; set; }

    // Memory reference parts.
    public Register Base { get => (Register)_base; set => _base = (byte)value; }
    public Register Index { get => (Register)_index; set => _index = (byte)value; }
    public int Scale { get => _scale; set => _scale = (byte)value; }
    public Register SegmentOverride { get => (Register)_segmentOverride; set => _segmentOverride = (byte)value; }
    /// <summary>Displacement size keyword inside the brackets ([dword rax+1]): 0, 1, 2, 4 or 8.</summary>
    public int DisplacementSize { get => _displacementSize; set => _displacementSize = (byte)value; }
    /// <summary>rel/abs inside the brackets, or null to follow `default rel/abs`.</summary>
    public bool? RipRelative
    {
        get => _ripRelative < 0 ? null : _ripRelative != 0;
        set => _ripRelative = value is null ? (sbyte)-1 : value.Value ? (sbyte)1 : (sbyte)0;
    }
    public bool NoSplit { get => Has(Flags.NoSplit); set => Set(Flags.NoSplit, value); }
    /// <summary>`rel' written in the brackets (an `abs' after it aside), which nasm warns about beside registers.</summary>
    public bool RelWritten { get => Has(Flags.RelWritten); set => Set(Flags.RelWritten, value); }
    /// <summary>An effective address nasm refuses once a form matched ([eax*3+ebx], [esp*2]): the parser left a stand-in
    /// base in its place, and the encoder gives "invalid N-bit effective address".</summary>
    public bool InvalidAddress { get => Has(Flags.InvalidAddress); set => Set(Flags.InvalidAddress, value); }
    /// <summary>Whether nasm's evaluator "sums" this address (its EAH_SUMMED hint) depends on symbol values: the base,
    /// index and scale are the unsummed layout, and the encoder makes them the summed one when the displacement sums
    /// (<see cref="Encoding.NasmSummedHint"/>, <see cref="Encoding.InstructionEncoder"/>'s SetMemory).</summary>
    public bool SummedBySymbols { get => Has(Flags.SummedBySymbols); set => Set(Flags.SummedBySymbols, value); }
    /// <summary>The address size in bits from a16/a32/a64 (inside the brackets or as a prefix), 0 for the mode's.</summary>
    public int AddressSize { get => _addressSize; set => _addressSize = (byte)value; }

    // AVX-512 decorators.
    public Register OpMask { get => (Register)_opMask; set => _opMask = (byte)value; }
    public bool Zeroing { get => Has(Flags.Zeroing); set => Set(Flags.Zeroing, value); }
    /// <summary>{1toN}: broadcast of N elements; 0 when none (an N past 255 is kept as 255, which no form takes).</summary>
    public int Broadcast { get => _broadcast; set => _broadcast = value is >= 0 and <= 255 ? (byte)value : byte.MaxValue; }
    public RoundingControl Rounding { get => (RoundingControl)_rounding; set => _rounding = (byte)value; }
    public bool SuppressAllExceptions { get => Has(Flags.SuppressAllExceptions); set => Set(Flags.SuppressAllExceptions, value); }

    /// <summary>A copy with another register.</summary>
    public Operand WithRegister(Register register)
    {
        var copy = (Operand)MemberwiseClone();
        copy._register = (byte)register;
        return copy;
    }

    /// <summary>A copy with another size keyword.</summary>
    public Operand WithSize(int size)
    {
        var copy = (Operand)MemberwiseClone();
        copy.Size = size;
        return copy;
    }

    /// <summary>A copy with another address size (0 for the mode's).</summary>
    public Operand WithAddressSize(int bits)
    {
        var copy = (Operand)MemberwiseClone();
        copy.AddressSize = bits;
        return copy;
    }

    /// <summary>A copy with another index register.</summary>
    public Operand WithIndex(Register index)
    {
        var copy = (Operand)MemberwiseClone();
        copy._index = (byte)index;
        return copy;
    }

    public bool IsRegister => Kind == OperandKind.Register;
    public bool IsMemory => Kind == OperandKind.Memory;
    public bool IsImmediate => Kind == OperandKind.Immediate;
}

public enum BranchDistance : byte { Default, Short, Near, Far }

/// <summary>A source line's meaning, one per statement kind; labels are their own statements.</summary>
public abstract class Statement
{
    // A statement is made per line, hundreds of thousands in a large program: it keeps its line number and shares the
    // rest of its location (file, offset, macro context) with the lines around it, 12 bytes instead of 32.
    private LineOrigin? _origin;
    private int _line;

    protected Statement() { }

    /// <summary>The line number of <see cref="Location"/>.</summary>
    internal int Line => _line;

    /// <summary>The file, offset and context of <see cref="Location"/> (what lines of one origin share).</summary>
    internal LineOrigin? Origin => _origin;

    /// <summary>Sets the location of a statement just made: line <paramref name="line"/> of <paramref name="origin"/>.</summary>
    private protected void PlaceAt(LineOrigin? origin, int line)
    {
        _origin = origin;
        _line = line;
    }

    public SourceLocation Location
    {
        get => _origin is null ? default : _origin.At(_line);
        init
        {
            _line = value.Line;
            _origin = LineOrigin.Of(value);
        }
    }

    /// <summary>What the locations of consecutive lines have in common: one instance for a run of lines.</summary>
    internal sealed class LineOrigin(string file, long offset, IReadOnlyList<string>? context)
    {
        [ThreadStatic] private static LineOrigin? t_last;

        // Macro lines: each line of a body has a context of its own (one object for that body line in every call), so
        // consecutive lines alternate between contexts and t_last alone would make an origin per line. Recent origins
        // by their context let every call of a body share its lines' origins.
        [ThreadStatic] private static LineOrigin?[]? t_byContext;
        private const int ByContextSlots = 512;

        public static LineOrigin Of(in SourceLocation location)
        {
            var last = t_last;
            if (last is not null && last.Holds(location)) return last;
            if (location.Context is not { } context) return t_last = new LineOrigin(location.File, location.Offset, null);
            var byContext = t_byContext ??= new LineOrigin?[ByContextSlots];
            ref var slot = ref byContext[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(context) & (ByContextSlots - 1)];
            if (slot is not null && slot.Holds(location)) return t_last = slot;
            return t_last = slot = new LineOrigin(location.File, location.Offset, context);
        }

        // The file by its text: `%line' lines each bring a new string of the same name.
        private bool Holds(in SourceLocation location) =>
            ReferenceEquals(_context, location.Context) && _offset == location.Offset && string.Equals(_file, location.File, StringComparison.Ordinal);

        private readonly string _file = file;
        private readonly long _offset = offset;
        private readonly IReadOnlyList<string>? _context = context;

        /// <summary>The stamp of the <see cref="SharedInstructionRun"/> store that numbered this origin (origins outlive a
        /// parser), 0 for none, and its number there.</summary>
        internal int NumberedBy, Number;

        public SourceLocation At(int line) => new(_file, line, _offset) { Context = _context };
    }
}

/// <summary>`name:` — defines a label at the current address.</summary>
public sealed class LabelStatement(string name) : Statement
{
    public string Name { get; } = name;

    /// <summary>The assembler's symbol for <see cref="Name"/>, kept after the first pass so later passes skip the dictionary.</summary>
    public object? Binding { get; set; }
}

/// <summary>`name equ expression`.</summary>
public sealed class EquStatement(string name, Expression value) : Statement
{
    public string Name { get; } = name;
    public Expression Value { get; } = value;
}

[Flags]
public enum PrefixFlags : ushort
{
    None = 0,
    Lock = 1 << 0,
    Rep = 1 << 1,
    Repe = 1 << 2,
    Repne = 1 << 3,
    Xacquire = 1 << 4,
    Xrelease = 1 << 5,
    Bnd = 1 << 6,
    O16 = 1 << 7,
    O32 = 1 << 8,
    O64 = 1 << 9,
    A16 = 1 << 10,
    A32 = 1 << 11,
    A64 = 1 << 12,
    Wait = 1 << 13,
    /// <summary>A bare 66 byte: an o16/o32 that does not size the instruction (nasm's `o16 push 5` in 32-bit code).</summary>
    OperandSizeByte = 1 << 15,
}

/// <summary>
/// What an instruction line says — prefixes, a mnemonic and its operands — with the encoder's caches that depend only on
/// that and the mode. Identical lines share one (see <see cref="Parser"/>), so nothing here may depend on where the line is.
/// </summary>
public sealed class InstructionSyntax(string mnemonic, Operand[] operands)
{
    public string Mnemonic { get; } = mnemonic;
    public Operand[] Operands { get; } = operands;
    public PrefixFlags Prefixes { get; set; }
    public Register SegmentPrefix { get => (Register)_segmentPrefix; set => _segmentPrefix = (byte)value; }
    public EncodingPrefix EncodingPrefix { get; set; }

    // Narrow (a register and the mode as bytes, the Iced form as 16 bits: each fits): a large program has tens of
    // thousands of distinct instructions, each kept to the first pass.
    private byte _segmentPrefix, _fixedBits;
    private ushort _fixedCode;

    /// <summary>The encoder's candidate forms, filled on first use.</summary>
    public object? EncodingCache { get; set; }

    /// <summary>NASM rewrites of this instruction (see NasmRewrites), computed once per mode.</summary>
    public object? RewriteCache { get; set; }

    // The bytes, once known not to depend on any symbol or address (most instructions): later passes, and other lines
    // of the same text, reuse them instead of encoding again. Kept in the object (little endian), not as an array of
    // their own: one object less per distinct instruction.
    private ulong _fixedLow, _fixedHigh;
    private byte _fixedLength;

    /// <summary>Which thread may encode this syntax while the first pass shares its encoding with another
    /// (Assembler.PreEncoder): a field, for its atomic updates.</summary>
    internal int EncodingOwner;

    /// <summary>The number the parser's <see cref="SharedInstructionRun"/> store knows this syntax by, -1 until it has one
    /// (a syntax belongs to one parser).</summary>
    internal int SharedId { get; set; } = -1;

    /// <summary>The mode the fixed bytes hold for; 0 while there are none.</summary>
    public int FixedEncodingBits => _fixedBits;

    /// <summary>The Iced form of the fixed bytes.</summary>
    public Code FixedEncodingCode => (Code)_fixedCode;

    public int FixedEncodingLength => _fixedLength;

    /// <summary>Whether the fixed bytes' instruction gives no warning in a section (see <c>Assembler.Compact</c>), null until
    /// asked: that depends only on this syntax and the fixed encoding, so the lines of a macro ask once.</summary>
    public bool? FixedEncodingQuiet { get; set; }

    /// <summary>Keeps <paramref name="bytes"/> as this instruction's encoding in <paramref name="bits"/>-bit code; false
    /// (nothing kept) past 16 bytes.</summary>
    public bool TrySetFixedEncoding(ReadOnlySpan<byte> bytes, int bits, Code code)
    {
        if (bytes.Length > 16) return false;
        InlineBytes.Pack(bytes, out _fixedLow, out _fixedHigh);
        _fixedLength = (byte)bytes.Length;
        _fixedBits = (byte)bits;
        _fixedCode = (ushort)code;
        FixedEncodingQuiet = null;
        return true;
    }

    /// <summary>Drops the fixed bytes (an instruction that encodes but that a later check refuses).</summary>
    public void ForgetFixedEncoding() => _fixedBits = 0;

    /// <summary>Writes the fixed bytes to the start of <paramref name="destination"/> (16 bytes at least); returns their count.</summary>
    public int CopyFixedEncoding(Span<byte> destination)
    {
        InlineBytes.Unpack(_fixedLow, _fixedHigh, destination);
        return _fixedLength;
    }
}

/// <summary>An instruction line: its location and layout state, and the <see cref="InstructionSyntax"/> it may share with
/// other lines of the same text.</summary>
public sealed class InstructionStatement(InstructionSyntax syntax) : Statement
{
    public InstructionStatement(string mnemonic, Operand[] operands) : this(new InstructionSyntax(mnemonic, operands)) { }

    /// <summary>An instruction of <paramref name="syntax"/> at line <paramref name="line"/> of <paramref name="origin"/>.</summary>
    internal InstructionStatement(InstructionSyntax syntax, LineOrigin? origin, int line) : this(syntax) => PlaceAt(origin, line);

    public InstructionSyntax Syntax => _syntax;

    private InstructionSyntax _syntax = syntax;
    public string Mnemonic => Syntax.Mnemonic;
    public Operand[] Operands => Syntax.Operands;
    public PrefixFlags Prefixes { get => Syntax.Prefixes; init => Syntax.Prefixes = value; }
    public Register SegmentPrefix { get => Syntax.SegmentPrefix; init => Syntax.SegmentPrefix = value; }

    /// <summary>The encoder's last layout-pass result for an address-dependent instruction, reused while its inputs stay
    /// the same: per line, since it holds the line's address.</summary>
    public object? LayoutCache { get; set; }

    /// <summary>Makes this statement (a scratch one, see <see cref="SharedInstructionRun"/>) line <paramref name="line"/>
    /// of <paramref name="origin"/> with <paramref name="syntax"/>, as if new.</summary>
    internal void Reuse(InstructionSyntax syntax, LineOrigin? origin, int line)
    {
        _syntax = syntax;
        PlaceAt(origin, line);
        LayoutCache = null;
    }
}

public enum DataItemKind : byte { Expression, String, Float, Uninitialized }

public readonly record struct DataItem(DataItemKind Kind, Expression? Value = null, byte[]? Bytes = null, string? FloatText = null, WrtKind Wrt = WrtKind.None);

/// <summary>db, dw, dd, dq, dt, do, dy, dz: <see cref="UnitSize"/> bytes per item.</summary>
public sealed class DataStatement(int unitSize, List<DataItem> items) : Statement
{
    public int UnitSize { get; } = unitSize;
    public List<DataItem> Items { get; } = items;
}

/// <summary>resb … resz: <see cref="Count"/> units of <see cref="UnitSize"/> bytes, uninitialized.</summary>
public sealed class ReserveStatement(int unitSize, Expression count) : Statement
{
    public int UnitSize { get; } = unitSize;
    public Expression Count { get; } = count;
}

/// <summary>`times count statement`.</summary>
public sealed class TimesStatement(Expression count, Statement body) : Statement
{
    public Expression Count { get; } = count;
    public Statement Body { get; } = body;
}

/// <summary>`incbin "file"[, offset[, length]]`.</summary>
public sealed class IncbinStatement(string path, Expression? offset, Expression? length) : Statement
{
    public string Path { get; } = path;
    public Expression? Offset { get; } = offset;
    public Expression? Length { get; } = length;
    public byte[]? Contents { get; set; }
}

/// <summary>`align n[, fill]` (code: nop padding) and `alignb n` (reserve).</summary>
public sealed class AlignStatement(Expression alignment, bool reserve, Statement? fill) : Statement
{
    public Expression Alignment { get; } = alignment;
    public bool Reserve { get; } = reserve;
    /// <summary>What to repeat as padding (align 16, db 0xCC); null for NASM's default nop.</summary>
    public Statement? Fill { get; } = fill;

    /// <summary>Set under <c>%use smartalign</c>: pad with the alignmode's multi-byte NOPs, or jump over long padding.</summary>
    public SmartAlignment? Smart { get; init; }
}

/// <summary>
/// The padding rule of NASM's smartalign <c>align</c> macro: a padding longer than <see cref="Threshold"/>
/// (unless it is -1) is a short jump over 0x90 bytes; otherwise the padding is as many <see cref="Group"/>-byte
/// NOPs as fit, then one NOP of the remaining length. <see cref="Nops"/>[k - 1] is the k-byte NOP.
/// </summary>
public sealed record SmartAlignment(Expression Threshold, byte[][] Nops)
{
    public int Group => Nops.Length;
}

/// <summary>Directives whose place in the source matters: section, bits, org, default, absolute.</summary>
public sealed class DirectiveStatement(string name, string arguments) : Statement
{
    public string Name { get; } = name;
    public string Arguments { get; } = arguments;
    /// <summary>The parsed form, filled by the parser where it understands the directive.</summary>
    public object? Parsed { get; init; }
}

public sealed record SectionDirective(string Name, IReadOnlyList<string> Attributes);
