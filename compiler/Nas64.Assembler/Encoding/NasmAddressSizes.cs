using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// An a16/a32/a64 prefix against the registers of an effective address: nasm 2.16.01's "impossible combination of address
/// sizes" (a32 mov eax, [rax] in 64-bit code, a16 mov eax, [eax] in 32-bit code), where the prefix used to be dropped.
/// </summary>
internal static class NasmAddressSizes
{
    /// <summary>nasm's error for an address-size prefix the mode cannot have (its emit_prefix's): a16 in 64-bit code, a64
    /// outside it; null otherwise.</summary>
    public static string? ModeRefuses(PrefixFlags prefixes, int bits) =>
        bits == 64 ? ((prefixes & PrefixFlags.A16) != 0 ? "16-bit addressing is not supported in 64-bit mode" : null)
        : (prefixes & PrefixFlags.A64) != 0 ? "64-bit addressing is only supported in 64-bit mode" : null;

    public static string? Conflict(InstructionStatement statement, bool defaultRel)
    {
        var p = statement.Prefixes;
        int wanted = (p & PrefixFlags.A16) != 0 ? 2 : (p & PrefixFlags.A32) != 0 ? 4 : 8;
        foreach (var op in statement.Operands)
        {
            if (!op.IsMemory) continue;
            if (AddressRegisterSize(op.Base) is int b && b != wanted || AddressRegisterSize(op.Index) is int i && i != wanted) return InstructionEncoder.ImpossibleAddressSizes;
            // nasm writes a32 [rel x] EIP-relative (67 8B 05 disp32).
            if (wanted == 4 && op.Base == Register.None && op.Index == Register.None && (op.RipRelative ?? defaultRel) && op.Value is { Constant: null })
                return "not supported yet: an a32 RIP-relative address (nasm 2.16 makes it EIP-relative)";
        }
        return null;
    }

    /// <summary>
    /// nasm's "impossible combination of address sizes" before any operand is matched: a 64-bit register in an effective
    /// address outside 64-bit code (mov eax, [rax] in 32-bit code), a 16-bit one in 64-bit code, registers of two sizes
    /// ([bx+eax]), an absolute address
    /// sized qword outside 64-bit code or word in it ([qword 5]). nasm then matches the instruction at the mode's address
    /// size and, when a form matches, says what its effective address makes of the operand: the statement it matches
    /// with (registers of 32 bits, no displacement size) and that message; null when the sizes are possible.
    /// </summary>
    public static (InstructionStatement Statement, Severity Severity, string Message)? Impossible(InstructionStatement statement, int bits)
    {
        Operand[]? recovered = null;
        bool registers = false;
        var ops = statement.Operands;
        for (int i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (!op.IsMemory) continue;
            // The usual address: registers of the mode's size, no displacement size.
            if (op.DisplacementSize == 0 && Native(op.Base, bits) && (op.Index == Register.None || Native(op.Index, bits))) continue;
            // Registers of two sizes ([bx+eax]) are impossible too, and matched as 32-bit ones.
            bool mixed = op.Base.IsGPR() && op.Index.IsGPR() && AddressRegisterSize(op.Base) != AddressRegisterSize(op.Index);
            if (mixed || Outside(op.Base, bits) || Outside(op.Index, bits))
            {
                var copy = op.WithIndex(mixed || Outside(op.Index, bits) ? op.Index.GetFullRegister32() : op.Index);
                if (mixed || Outside(op.Base, bits)) copy.Base = op.Base.GetFullRegister32();
                (recovered ??= (Operand[])ops.Clone())[i] = copy;
                registers = true;
            }
            else if (op.Base == Register.None && op.Index == Register.None && op.DisplacementSize == (bits == 64 ? 2 : 8))
            {
                var copy = op.WithIndex(op.Index);
                copy.DisplacementSize = 0;
                (recovered ??= (Operand[])ops.Clone())[i] = copy;
            }
        }
        if (recovered is null) return null;
        // Matched at the mode's address size: without an a16/a32/a64 prefix.
        var plain = new InstructionStatement(statement.Mnemonic, recovered)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes & ~(PrefixFlags.A16 | PrefixFlags.A32 | PrefixFlags.A64),
            SegmentPrefix = statement.SegmentPrefix,
        };
        // {vex}/{evex} stays: nasm matches the prefixed templates, which the `cpu' flags may take only with it.
        plain.Syntax.EncodingPrefix = statement.Syntax.EncodingPrefix;
        return registers
            ? (plain, Severity.Error, $"invalid {bits}-bit effective address")
            : (plain, Severity.Warning, "displacement size ignored on absolute address [-w+ea-dispsize]");
    }

    /// <summary>
    /// nasm's reading of 16-bit registers in an effective address outside 64-bit code: one of bx/bp and one of si/di, in
    /// either order ([si+bp] is [bp+si]), unscaled. Null when no address has 16-bit registers or each is already in that
    /// order; otherwise the statement with the registers in order and true, or, for registers nasm refuses ([bx+bp],
    /// [si*2], [ax]; its "invalid N-bit effective address" once a form matched), the statement with [bx+si] in their
    /// place and false.
    /// </summary>
    public static (InstructionStatement Statement, bool Valid)? Address16(InstructionStatement statement)
    {
        Operand[]? rewritten = null;
        bool valid = true;
        var ops = statement.Operands;
        for (int i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (!op.IsMemory || !(op.Base.IsGPR16() || op.Index.IsGPR16()) || !(op.Base.IsGPR16() || op.Base == Register.None) || !(op.Index.IsGPR16() || op.Index == Register.None)) continue;
            var (b, x) = (op.Base, op.Index);
            // An index of scale 1 alone ([bx*0x100000001], cut to bx*1) is a register like any other here.
            if (b == Register.None && op.Scale == 1) (b, x) = (x, b);
            if (b is Register.SI or Register.DI && x is Register.BX or Register.BP) (b, x) = (x, b);
            bool inOrder = b is Register.BX or Register.BP or Register.SI or Register.DI or Register.None
                && x is Register.SI or Register.DI or Register.None && (x == Register.None || op.Scale == 1 && b is not (Register.SI or Register.DI));
            if (inOrder && b == op.Base) continue;
            var copy = op.WithIndex(inOrder ? x : Register.SI);
            copy.Base = inOrder ? b : Register.BX;
            copy.Scale = 1;
            (rewritten ??= (Operand[])ops.Clone())[i] = copy;
            valid &= inOrder;
        }
        return rewritten is null ? null : (NasmRewrites.With(statement, statement.Mnemonic, rewritten), valid);
    }

    private static bool Native(Register r, int bits) => bits == 64 ? r.IsGPR64() : bits == 32 && r.IsGPR32();

    /// <summary>A general register that no effective address of <paramref name="bits"/>-bit code takes.</summary>
    private static bool Outside(Register r, int bits) => bits == 64 ? r.IsGPR16() : r.IsGPR64();

    /// <summary>
    /// nasm's "invalid N-bit effective address" for a displacement size that registers of the address cannot take:
    /// only a byte or the address's own (word with 16-bit registers, dword with 32- and 64-bit ones); [word ebx+5],
    /// [dword bx+si], [qword rax+8]. nasm finds it after matching, so only an instruction that encodes otherwise gets it.
    /// </summary>
    public static string? DisplacementSizeError(InstructionStatement statement, int bits)
    {
        foreach (var op in statement.Operands)
        {
            if (!op.IsMemory || op.DisplacementSize is 0 or 1 || op.Base == Register.None && op.Index == Register.None) continue;
            int own = op.Base.IsGPR16() || op.Index.IsGPR16() ? 2 : 4;
            if (op.DisplacementSize != own) return $"invalid {bits}-bit effective address";
        }
        return null;
    }

    /// <summary>nasm's "invalid N-bit effective address" for an address its process_ea refuses (<see cref="Operand.InvalidAddress"/>),
    /// found, as nasm finds it, only for an instruction that matched a form.</summary>
    public static string? InvalidAddressError(InstructionStatement statement, int bits)
    {
        foreach (var op in statement.Operands)
            if (op.IsMemory && op.InvalidAddress) return $"invalid {bits}-bit effective address";
        return null;
    }

    /// <summary>
    /// What nasm's process_ea says after "impossible combination of address sizes" from an address-size prefix the mode
    /// lacks or whose registers disagree (nasm 2.16.01, measured): a16 in 64-bit code is "invalid 64-bit effective address"
    /// with a 16- or 32-bit register (a64 too), else "16-bit addressing is not supported in 64-bit mode"; a64 in 32-bit code "invalid
    /// 32-bit effective address" with a 64-bit register, else "64-bit addressing is only supported in 64-bit mode"; in
    /// 16-bit code a64 or a16 with a 32- or 64-bit register or a vector index "invalid 16-bit effective address", a64 else
    /// the 64-bit message. Null for other prefixes.
    /// </summary>
    public static string? PrefixAddressError(InstructionStatement statement, int bits)
    {
        var p = statement.Prefixes;
        bool a16 = (p & PrefixFlags.A16) != 0, a64 = (p & PrefixFlags.A64) != 0;
        if (!(bits == 64 ? a16 || a64 : a64 || bits == 16 && a16)) return null;
        bool narrow = false, wide = false, longOnly = false;
        foreach (var op in statement.Operands)
        {
            if (!op.IsMemory) continue;
            foreach (var r in (ReadOnlySpan<Register>)[op.Base, op.Index])
            {
                if (r.IsGPR16() || r.IsGPR32()) narrow = true;
                if (r.IsGPR32() || r.IsGPR64() || r.IsXMM() || r.IsYMM() || r.IsZMM()) wide = true;
                if (r.IsGPR64()) longOnly = true;
            }
        }
        const string LongOnly = "64-bit addressing is only supported in 64-bit mode";
        return bits switch
        {
            64 => narrow ? "invalid 64-bit effective address" : a16 ? "16-bit addressing is not supported in 64-bit mode" : null,
            32 => longOnly ? "invalid 32-bit effective address" : LongOnly,
            _ => wide ? "invalid 16-bit effective address" : a64 ? LongOnly : null,
        };
    }

    /// <summary>
    /// A vector index in a 16-bit address ([bx+xmm1], or [xmm1] in 16-bit code or after a16), which x86 has no form of:
    /// nasm matches the operands, then its process_ea refuses the address with "invalid N-bit effective address" for the
    /// mode (vgatherdps xmm0, [bx+xmm1], xmm2 in 32-bit code; mov eax, [bx+xmm1] too). The statement with the address
    /// made 32-bit, to see whether a form matches; null when no operand has such an address.
    /// </summary>
    public static InstructionStatement? SixteenBitVsib(InstructionStatement statement, int bits)
    {
        Operand[]? replaced = null;
        var ops = statement.Operands;
        for (int i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (!op.IsMemory || !(op.Index.IsXMM() || op.Index.IsYMM() || op.Index.IsZMM())) continue;
            bool sixteen = op.Base.IsGPR16() || op.Base == Register.None && (op.AddressSize == 16 || op.AddressSize == 0 && bits == 16);
            if (!sixteen) continue;
            var copy = op.WithIndex(op.Index);
            if (op.Base.IsGPR16()) copy.Base = op.Base.GetFullRegister32();
            copy.AddressSize = op.Base == Register.None && bits == 16 ? 32 : 0;
            (replaced ??= (Operand[])ops.Clone())[i] = copy;
        }
        if (replaced is null) return null;
        var plain = new InstructionStatement(statement.Mnemonic, replaced)
        {
            Location = statement.Location,
            Prefixes = statement.Prefixes & ~(PrefixFlags.A16 | PrefixFlags.A32 | PrefixFlags.A64) | (bits == 16 ? PrefixFlags.A32 : 0),
            SegmentPrefix = statement.SegmentPrefix,
        };
        plain.Syntax.EncodingPrefix = statement.Syntax.EncodingPrefix;
        return plain;
    }

    /// <summary>The statement with a general register (of the base's size, else eax or rax) in place of each memory
    /// operand's vector index, to see whether a non-VSIB form matches; null when no operand has one.</summary>
    public static InstructionStatement? VectorIndexStandIn(InstructionStatement statement, int bits)
    {
        Operand[]? replaced = null;
        var ops = statement.Operands;
        for (int i = 0; i < ops.Length; i++)
            if (ops[i].IsMemory && (ops[i].Index.IsXMM() || ops[i].Index.IsYMM() || ops[i].Index.IsZMM()))
                (replaced ??= (Operand[])ops.Clone())[i] = ops[i].WithIndex(ops[i].Base.IsGPR64() || bits == 64 && !ops[i].Base.IsGPR32() ? Register.RAX : Register.EAX);
        return replaced is null ? null : NasmRewrites.With(statement, statement.Mnemonic, replaced);
    }

    /// <summary>A general register's size in bytes as an address register (2, 4 or 8); null for any other register.</summary>
    internal static int? AddressRegisterSize(Register r) => r.IsGPR16() ? 2 : r.IsGPR32() ? 4 : r.IsGPR64() ? 8 : null;
}
