using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

public sealed partial class InstructionEncoder
{
    /// <summary>
    /// nasm writes a near branch whose distance its field cannot hold with the distance truncated to the field (16-bit
    /// `jmp $+0x12345` is E9 42 23, 64-bit `call $+0x123456789` E8 84 67 45 23) and warns (<see cref="NearBranchOverflow"/>).
    /// Iced wraps the distance of a 16- and 32-bit branch itself but refuses it in 64-bit code and for xbegin: the target
    /// moves by a multiple of the field's range to the address nasm's bytes point at. Only tried after Iced refused.
    /// </summary>
    private bool TryEncodeTruncatedBranch(Encoder encoder, InstructionForm form, ref Instruction instruction, ulong ip, out uint length)
    {
        length = 0;
        if (form.Operands.Length == 0 || !IsBranchKind(form.Operands[0]) || IsShortBranch(form.Operands[0])) return false;
        ulong target = instruction.Op0Kind switch
        {
            OpKind.NearBranch16 => instruction.NearBranch16,
            OpKind.NearBranch32 => instruction.NearBranch32,
            OpKind.NearBranch64 => instruction.NearBranch64,
            _ => ip,
        };
        // The length with a distance that fits, then the target the truncated distance reaches from the end.
        SetNearBranch(ref instruction, ip);
        _writer.Clear();
        if (!encoder.TryEncode(instruction, ip, out uint probe, out _)) return false;
        long distance = unchecked((long)(target - (ip + probe)));
        long truncated = NearBranchFieldSize(form.Operands[0]) == 2 ? (short)distance : (int)distance;
        SetNearBranch(ref instruction, unchecked(ip + probe + (ulong)truncated));
        _writer.Clear();
        return encoder.TryEncode(instruction, ip, out length, out _);
    }

    private static void SetNearBranch(ref Instruction instruction, ulong target)
    {
        switch (instruction.Op0Kind)
        {
            case OpKind.NearBranch16: instruction.NearBranch16 = (ushort)target; break;
            case OpKind.NearBranch32: instruction.NearBranch32 = (uint)target; break;
            case OpKind.NearBranch64: instruction.NearBranch64 = target; break;
        }
    }

    private static int NearBranchFieldSize(OpCodeOperandKind kind) =>
        kind is OpCodeOperandKind.br16_2 or OpCodeOperandKind.xbegin_2 or OpCodeOperandKind.brdisp_2 ? 2 : 4;

    /// <summary>
    /// nasm's "word/dword data exceeds bounds" for a near branch to a label of the current section whose distance does
    /// not fit its field (once, from the final pass's output): in 64-bit code the distance is checked as a signed dword,
    /// in 16- and 32-bit code as a number of either sign (16-bit `jmp $+0x10002` is E9 FF FF without a warning).
    /// </summary>
    internal static string? NearBranchOverflow(InstructionStatement statement, IEncodingContext context, Code encoded, int length)
    {
        if (encoded == Code.INVALID || statement.Operands is not [{ IsImmediate: true, Value: { } target }, ..]) return null;
        var facts = OpCodeFacts.Get(encoded);
        if (facts.OpCount == 0 || !IsBranchKind(facts.GetOpKind(0)) || IsShortBranch(facts.GetOpKind(0))) return null;
        var value = EvaluateOperand(target, context);
        if (!value.Known || value.Base is null || value.Base != context.SectionBase) return null;
        long distance = unchecked(value.Number - (long)(context.Offset + (ulong)length));
        int size = NearBranchFieldSize(facts.GetOpKind(0));
        long limit = 1L << (size * 8 - 1);
        bool overflow = context.Bits == 64 ? distance < -limit || distance >= limit : distance < -2 * limit || distance >= 2 * limit;
        return overflow ? $"{(size == 2 ? "word" : "dword")} data exceeds bounds [-w+number-overflow]" : null;
    }

    /// <summary>nasm's number-overflow warnings on an immediate seg:offset: the offset's field, then the segment's word
    /// (`jmp 0x12345:0x20'), each a number of either sign.</summary>
    internal static void FarPointerOverflow(InstructionStatement statement, IEncodingContext context, Code encoded, Action<string> warn)
    {
        if (encoded == Code.INVALID || statement.Operands is not [{ Kind: OperandKind.FarPointer, Segment: { } segment, Value: { } offset }, ..]) return;
        var facts = OpCodeFacts.Get(encoded);
        if (facts.OpCount == 0 || facts.GetOpKind(0) is not (OpCodeOperandKind.farbr2_2 or OpCodeOperandKind.farbr4_2)) return;
        int size = facts.GetOpKind(0) == OpCodeOperandKind.farbr2_2 ? 2 : 4;
        if (EvaluateOperand(offset, context) is { Known: true, IsScalar: true } o && OutsideEitherSign(o.Number, size))
            warn($"{(size == 2 ? "word" : "dword")} data exceeds bounds [-w+number-overflow]");
        if (EvaluateOperand(segment, context) is { Known: true, IsScalar: true } s && OutsideEitherSign(s.Number, 2))
            warn("word data exceeds bounds [-w+number-overflow]");
    }

    /// <summary>A near jmp or call through a word or dword in memory, which nasm has no 64-bit form of (jmp word [rbx] is
    /// "instruction not supported in 64-bit mode"; jmp far word [rbx] is fine).</summary>
    private static bool NarrowIndirectBranch(InstructionStatement statement) =>
        statement.Operands is [{ IsMemory: true, Size: 2 or 4, Distance: not BranchDistance.Far }]
        && (statement.Mnemonic.Equals("jmp", StringComparison.OrdinalIgnoreCase) || statement.Mnemonic.Equals("call", StringComparison.OrdinalIgnoreCase));

    private static bool OutsideEitherSign(long value, int bytes) => value < -(1L << (bytes * 8)) || value >= 1L << (bytes * 8);
}
