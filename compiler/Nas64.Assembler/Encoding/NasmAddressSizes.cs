using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// An a16/a32/a64 prefix against the registers of an effective address: nasm 2.16.01's "impossible combination of address
/// sizes" (a32 mov eax, [rax] in 64-bit code, a16 mov eax, [eax] in 32-bit code), where the prefix used to be dropped.
/// </summary>
internal static class NasmAddressSizes
{
    public static string? Conflict(InstructionStatement statement, bool defaultRel)
    {
        var p = statement.Prefixes;
        int wanted = (p & PrefixFlags.A16) != 0 ? 2 : (p & PrefixFlags.A32) != 0 ? 4 : 8;
        foreach (var op in statement.Operands)
        {
            if (!op.IsMemory) continue;
            if (Size(op.Base) is int b && b != wanted || Size(op.Index) is int i && i != wanted) return "impossible combination of address sizes";
            // nasm writes a32 [rel x] EIP-relative (67 8B 05 disp32).
            if (wanted == 4 && op.Base == Register.None && op.Index == Register.None && (op.RipRelative ?? defaultRel) && op.Value is { Constant: null })
                return "not supported yet: an a32 RIP-relative address (nasm 2.16 makes it EIP-relative)";
        }
        return null;
    }

    /// <summary>A 64-bit register in an effective address outside 64-bit code (mov eax, [rax] in 32-bit code), nasm's
    /// "impossible combination of address sizes" before any operand is matched.</summary>
    public static bool LongAddressOutsideLongMode(InstructionStatement statement)
    {
        foreach (var op in statement.Operands)
            if (op.IsMemory && (op.Base.IsGPR64() || op.Index.IsGPR64())) return true;
        return false;
    }

    private static int? Size(Register r) => r.IsGPR16() ? 2 : r.IsGPR32() ? 4 : r.IsGPR64() ? 8 : null;
}
