using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// What the choice of candidate forms reads from an instruction: the mnemonic, the mode, the prefixes and per operand
/// its kind, size, distance, register (exactly, as al and cl match different forms), the memory reference's layout
/// (registers or none, a vector index, rel/abs, displacement and address size, broadcast) and its decorators — never a
/// value. Instructions of one shape share one list of candidates (most lines differ only in numbers and symbols).
/// </summary>
internal readonly record struct OperandShape(string Mnemonic, int Bits, PrefixFlags Prefixes, int Count, ulong Op0, ulong Op1, ulong Op2, ulong Op3)
{
    /// <summary>The shape of <paramref name="statement"/>, or false for one with more operands than a shape holds.</summary>
    public static bool TryGet(InstructionStatement statement, int bits, out OperandShape shape)
    {
        var ops = statement.Operands;
        shape = default;
        if (ops.Length > 4) return false;
        shape = new OperandShape(statement.Mnemonic, bits, statement.Prefixes, ops.Length,
            ops.Length > 0 ? Of(ops[0]) : 0, ops.Length > 1 ? Of(ops[1]) : 0, ops.Length > 2 ? Of(ops[2]) : 0, ops.Length > 3 ? Of(ops[3]) : 0);
        return true;
    }

    // Written out: the generated members go through EqualityComparer for every field, which showed in profiles.
    public bool Equals(OperandShape other) =>
        Op0 == other.Op0 && Op1 == other.Op1 && Op2 == other.Op2 && Op3 == other.Op3 && Bits == other.Bits && Count == other.Count
        && Prefixes == other.Prefixes && string.Equals(Mnemonic, other.Mnemonic, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        ulong h = Op0 * 0x9E3779B97F4A7C15UL ^ Op1 * 0xC2B2AE3D27D4EB4FUL ^ Op2 * 0x165667B19E3779F9UL ^ Op3 * 0x27D4EB2F165667C5UL;
        h ^= (ulong)Bits << 1 ^ (ulong)Count << 8 ^ (ulong)Prefixes << 16 ^ (ulong)Mnemonic.Length << 40;
        if (Mnemonic.Length > 0) h ^= (ulong)Mnemonic[0] << 48 ^ (ulong)Mnemonic[^1] << 32;
        return (int)(h ^ h >> 29);
    }

    /// <summary>
    /// The register that stands for <paramref name="register"/> in a shape: the same for registers no form tells apart.
    /// Forms name al, cl, ax, dx, eax, rax, st0 and the segment registers (and xmm0 for blendv), nasm's choices look at
    /// eax, st0 and the EVEX-only vector registers, and the r32 forms that take another width look at ah..bh: those
    /// stay themselves or keep a class of their own; the other general registers of a width share one per class (legacy,
    /// needing REX, high byte), the other vector registers one per size below and from 16. Lines that differ only
    /// in such registers (most of a large program's) then share one candidate list.
    /// </summary>
    internal static Register Representative(Register register)
    {
        if (register.IsGPR())
        {
            int number = register.GetNumber();
            if (register.IsGPR8())
            {
                if (register is >= Register.AH and <= Register.BH) return Register.AH;
                if (register is >= Register.SPL and <= Register.DIL) return Register.SPL;
                return number >= 8 ? Register.R8L : register;   // al, cl, dl, bl
            }
            if (number <= 2) return register;   // ax/eax/rax, cx/ecx/rcx, dx/edx/rdx
            return number >= 8 ? register - number + 8 : register - number + 3;   // r8w/r8d/r8, bx/ebx/rbx
        }
        if (register.IsXMM() || register.IsYMM() || register.IsZMM())
        {
            int number = register.GetNumber();
            return number == 0 ? register : register - number + (number >= 16 ? 16 : 1);
        }
        return register;
    }

    private static ulong Of(Operand op)
    {
        ulong shape = (ulong)op.Kind                          // 2 bits
            | (ulong)(op.Size & 0x7f) << 2                    // 7 bits (at most 64)
            | (ulong)op.Distance << 9                         // 2 bits
            | (op.ImplicitSt0 ? 1UL : 0) << 11
            | (op.OpMask != Register.None ? 1UL : 0) << 12
            | (op.Zeroing ? 1UL : 0) << 13
            | (op.SuppressAllExceptions ? 1UL : 0) << 14
            | ((ulong)op.Rounding & 7) << 15                  // 3 bits
            | (ulong)(op.Broadcast & 0xff) << 18;             // 8 bits
        if (op.IsRegister) return shape | (ulong)(ushort)Representative(op.Register) << 26;
        if (!op.IsMemory) return shape;
        var index = op.Index;
        ulong indexClass = index == Register.None ? 0 : index.IsXMM() ? 1UL : index.IsYMM() ? 2UL : index.IsZMM() ? 3UL : 4UL;
        ulong addressSize = op.AddressSize switch { 16 => 1UL, 32 => 2UL, 64 => 3UL, _ => 0UL };
        ulong rel = op.RipRelative is null ? 0UL : op.RipRelative.Value ? 1UL : 2UL;
        return shape
            | (op.Base == Register.None ? 1UL : 0) << 26
            | indexClass << 27                                // 3 bits
            | rel << 30                                       // 2 bits
            | (ulong)(op.DisplacementSize & 0xf) << 32        // 4 bits
            | addressSize << 36;                              // 2 bits
    }
}
