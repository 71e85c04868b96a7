using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

public sealed partial class InstructionEncoder
{
    /// <summary>nasm's words for a short branch whose target is out of reach (followed by its byte-bounds warning).</summary>
    public const string ShortJumpOutOfRange = "short jump is out of range";

    /// <summary>A short branch in 16- or 32-bit code whose distance fits a byte only modulo the address size: nasm measures
    /// the distance in 64 bits (je $+0xffc3 in 16-bit code is a near jump, je short $+0xffc3 an error), Iced wraps it.</summary>
    private static bool ShortBranchWraps(InstructionForm form, OperandValue[] values, IEncodingContext context, ulong ip)
    {
        if (form.Operands.Length == 0 || form.Operands[0] is not (OpCodeOperandKind.br16_1 or OpCodeOperandKind.br32_1) || context.Bits == 64 || values.Length == 0)
            return false;
        var value = values[0].Value;
        if (!value.Known || !(value.Base is not null && value.Base == context.SectionBase || value.IsScalar && context.SectionBase is null)) return false;
        long distance = unchecked(value.Number - (long)(ip + 2));
        return distance is < sbyte.MinValue or > sbyte.MaxValue;
    }

    /// <summary>nasm's errors for a sized branch target: `short' takes no size, a conditional branch or loop needs `near'
    /// with one ("mismatch in operand sizes"), and a word or dword branch is no 64-bit form ("instruction not supported
    /// in 64-bit mode").</summary>
    private static string? SizedBranchError(InstructionStatement statement, int bits)
    {
        var op = statement.Operands[0];
        string m = statement.Mnemonic;
        bool jmpOrCall = m.Equals("jmp", StringComparison.OrdinalIgnoreCase) || m.Equals("call", StringComparison.OrdinalIgnoreCase);
        bool conditional = !jmpOrCall && (m.StartsWith('j') || m.StartsWith('J') || m.StartsWith("loop", StringComparison.OrdinalIgnoreCase))
            && InstructionTable.Find(m) is { } forms && Array.Exists(forms, f => IsRelativeBranch(f));
        if (!jmpOrCall && !conditional) return null;
        if (op.Distance is BranchDistance.Far) return null;
        if (op.Distance == BranchDistance.Short || conditional && op.Distance == BranchDistance.Default) return "mismatch in operand sizes";
        if (bits == 64 && op.Size is 2 or 4) return "instruction not supported in 64-bit mode";
        return null;
    }
}
