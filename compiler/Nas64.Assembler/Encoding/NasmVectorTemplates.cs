using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// AVX-512 FP16/BF16 instructions whose nasm 2.16.01 template gives the memory operand another size than the instruction
/// reads, found by sweeping every size keyword and broadcast over each form: vcmpph and vaddph take a word (their
/// unsized bytes), vdpbf16ps an oword and a {1to4} whatever its vector length, vcvtph2udq half its source's size and
/// element count; other sizes fit no template ("invalid combination"), other broadcasts not the element count nasm works
/// out ("mismatch in the number of broadcasting elements"). vgetexpsh, and vrsqrtph/vrsqrtsh without the immediate nasm
/// wants, fit no template at all.
/// </summary>
internal static class NasmVectorTemplates
{
    private const string Invalid = "invalid combination of opcode and operands";
    private const string BroadcastCount = "mismatch in the number of broadcasting elements";

    /// <summary>The statement nasm encodes, null when it is the written one; throws nasm's error where no template fits.</summary>
    public static InstructionStatement? Apply(InstructionStatement s, string m, Operand[] ops, int bits)
    {
        switch (m)
        {
            case "vgetexpsh":
            case "vrsqrtph" or "vrsqrtsh" when ops.Length == 0 || !ops[^1].IsImmediate:
                throw new Passes.EvaluationException(Invalid);
            case "vcmpph" when ops.Length == 4 && ops[2].IsMemory:
            case "vaddph" when ops.Length == 3 && ops[2].IsMemory:
                return Resized(s, ops, 2, ops[2].Broadcast != 0 ? -1 : ops[2].Size == 2 ? 0 : ops[2].Size, 0);
            case "vdpbf16ps" when ops.Length == 3 && ops[0].IsRegister && ops[2].IsMemory:
                {
                    int width = Width(ops[0]);
                    var memory = ops[2];
                    if (memory.Broadcast != 0) return Resized(s, ops, 2, memory.Broadcast == 4 ? 0 : -1, width / 4);
                    return Resized(s, ops, 2, memory.Size == 16 ? 0 : memory.Size, 0);
                }
            case "vcvtph2udq" when ops.Length == 2 && ops[0].IsRegister && ops[1].IsMemory:
                {
                    int width = Width(ops[0]);
                    var memory = ops[1];
                    // nasm scales a broadcast's disp8 by 4 there, not by the FP16 element's 2.
                    if (memory.Broadcast != 0 && memory.Value is not null && memory.Broadcast == width / 8)
                        throw new Passes.EvaluationException("not supported yet: vcvtph2udq with a broadcast and a displacement (nasm 2.16 scales its disp8 by 4)");
                    if (memory.Broadcast != 0) return Resized(s, ops, 1, memory.Broadcast == width / 8 && width >= 32 ? 0 : -1, width / 4);
                    return Resized(s, ops, 1, memory.Size == width / 4 ? 0 : memory.Size == width / 2 ? 1 : memory.Size, 0);
                }
            // The narrowing conversions to FP16 with an xmm destination take no source wider than an oword.
            case "vcvtdq2ph" or "vcvtudq2ph" or "vcvtpd2ph" or "vcvtqq2ph" or "vcvtuqq2ph"
                when ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsXMM() && ops[1].IsMemory && ops[1].Size is 32 or 64:
                throw new Passes.EvaluationException(Invalid);
            // ...nor vcvtdq2ph/vcvtudq2ph a zword beside a ymm destination, nor vcvtusi2sh a qword.
            case "vcvtdq2ph" or "vcvtudq2ph" when ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsYMM() && ops[1].IsMemory && ops[1].Size == 64:
            case "vcvtusi2sh" when ops.Length == 3 && ops[2].IsMemory && ops[2].Size == 8:
                throw new Passes.EvaluationException(Invalid);
            // An unsized vcvtusi2sh source is a dword in 64-bit code.
            case "vcvtusi2sh" when bits == 64 && ops.Length == 3 && ops[2].IsMemory && ops[2].Size == 0 && ops[2].Broadcast == 0:
                return NasmRewrites.With(s, m, [ops[0], ops[1], ops[2].WithSize(4)]);
        }
        return null;
    }

    private static int Width(Operand register) => register.Register.IsZMM() ? 64 : register.Register.IsYMM() ? 32 : 16;

    /// <summary><paramref name="size"/>: 0 makes the memory operand unsized, -1 is the broadcast-count error, another
    /// value is a size no template takes (unless it is the operand's own, unsized already); a broadcast becomes
    /// <paramref name="broadcast"/> elements when that is not 0.</summary>
    private static InstructionStatement? Resized(InstructionStatement s, Operand[] ops, int index, int size, int broadcast)
    {
        var memory = ops[index];
        if (size < 0) throw new Passes.EvaluationException(BroadcastCount);
        if (size != 0) throw new Passes.EvaluationException(Invalid);
        if (memory.Size == 0 && (broadcast == 0 || broadcast == memory.Broadcast)) return null;
        var copy = memory.WithSize(0);
        if (broadcast != 0) copy.Broadcast = broadcast;
        var operands = (Operand[])ops.Clone();
        operands[index] = copy;
        return NasmRewrites.With(s, s.Mnemonic, operands);
    }
}
