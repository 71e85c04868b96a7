using Iced.Intel;

namespace Nas64.Assembler.Syntax;

public enum OperandKind : byte { Register, Memory, Immediate, FarPointer }

/// <summary>What `wrt` names: a segment/symbol or one of ELF's special ..plt, ..got … symbols.</summary>
public enum WrtKind : byte { None, Plt, Got, GotOff, GotPc, GotPcRel, Sym, TlsIe, GotTpOff, TlsGd, TlsLd, DtpOff, TpOff, Other }

/// <summary>One parsed instruction operand.</summary>
public sealed class Operand
{
    public OperandKind Kind { get; init; }

    /// <summary>Size in bytes from a size keyword (byte=1 … zword=64), 0 when none was written.</summary>
    public int Size { get; set; }

    /// <summary>`strict` was written: keep the size as written, no shorter form.</summary>
    public bool Strict { get; set; }

    /// <summary>short / near / far, for branches.</summary>
    public BranchDistance Distance { get; set; }

    public Register Register { get; init; }

    /// <summary>An st0 NASM's x87 shorthand adds (fmul st0 is fmul st0, st0 in the D8 form; written out, it is DC).</summary>
    public bool ImplicitSt0 { get; init; }

    /// <summary>Immediate, branch target or far-pointer offset; memory displacement.</summary>
    public Expression? Value { get; set; }

    /// <summary>Far pointer segment (seg:offset).</summary>
    public Expression? Segment { get; init; }

    public WrtKind Wrt { get; set; }

    // Memory reference parts.
    public Register Base { get; set; }
    public Register Index { get; set; }
    public int Scale { get; set; } = 1;
    public Register SegmentOverride { get; set; }
    /// <summary>Displacement size keyword inside the brackets ([dword rax+1]): 0, 1, 2, 4 or 8.</summary>
    public int DisplacementSize { get; set; }
    /// <summary>rel/abs inside the brackets, or null to follow `default rel/abs`.</summary>
    public bool? RipRelative { get; set; }
    public bool NoSplit { get; set; }
    /// <summary>The address size in bits from a16/a32/a64 (inside the brackets or as a prefix), 0 for the mode's.</summary>
    public int AddressSize { get; set; }

    // AVX-512 decorators.
    public Register OpMask { get; set; }
    public bool Zeroing { get; set; }
    /// <summary>{1toN}: broadcast of N elements; 0 when none.</summary>
    public int Broadcast { get; set; }
    public RoundingControl Rounding { get; set; }
    public bool SuppressAllExceptions { get; set; }

    public bool IsRegister => Kind == OperandKind.Register;
    public bool IsMemory => Kind == OperandKind.Memory;
    public bool IsImmediate => Kind == OperandKind.Immediate;
}

public enum BranchDistance : byte { Default, Short, Near, Far }

/// <summary>A source line's meaning, one per statement kind; labels are their own statements.</summary>
public abstract class Statement
{
    public SourceLocation Location { get; init; }
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
    NoTrack = 1 << 14,
    /// <summary>A bare 66 byte: an o16/o32 that does not size the instruction (nasm's `o16 push 5` in 32-bit code).</summary>
    OperandSizeByte = 1 << 15,
}

/// <summary>An instruction: prefixes, a mnemonic and its operands.</summary>
public sealed class InstructionStatement(string mnemonic, List<Operand> operands) : Statement
{
    public string Mnemonic { get; } = mnemonic;
    public List<Operand> Operands { get; } = operands;
    public PrefixFlags Prefixes { get; init; }
    public Register SegmentPrefix { get; init; }

    /// <summary>The encoder's per-statement cache (candidate forms), filled on first use.</summary>
    public object? EncodingCache { get; set; }

    /// <summary>NASM rewrites of this statement (see NasmRewrites), computed once per mode.</summary>
    public object? RewriteCache { get; set; }

    /// <summary>The encoder's last layout-pass result for an address-dependent instruction, reused while its inputs stay the same.</summary>
    public object? LayoutCache { get; set; }

    /// <summary>The bytes, once known not to depend on any symbol or address (most instructions):
    /// later passes reuse them instead of encoding again.</summary>
    public byte[]? FixedEncoding { get; set; }

    /// <summary>The Iced form of the last full encoding (for the `cpu' level check).</summary>
    public Code EncodedCode { get; set; }
    public int FixedEncodingBits { get; set; }
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
