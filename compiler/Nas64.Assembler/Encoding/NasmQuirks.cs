using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// Bytes nasm 2.16 writes differently from Iced for a valid instruction, each measured against nasm (the random
/// instruction test and the encoding tests): invpcid carries REX.W in 64-bit code, and vcmpsh compresses its
/// disp8 with N = 4 (its tuple is scalar with a 16-bit element, so the CPU scales by 2).
/// </summary>
internal static class NasmQuirks
{
    /// <summary>Adjusts the Iced instruction of <paramref name="form"/> before it is encoded.</summary>
    public static void Adjust(InstructionForm form, ref Instruction instruction)
    {
        if (form.Code == Code.EVEX_Vcmpsh_kr_k1_xmm_xmmm16_imm8_sae) ScaleDisp8(ref instruction, 4, 2);
    }

    /// <summary>nasm's disp8*N with <paramref name="nasmN"/> where the CPU (and Iced) use <paramref name="cpuN"/>:
    /// a displacement that is a multiple of nasmN with a quotient in a signed byte gets that quotient as disp8,
    /// any other non-zero displacement a full one.</summary>
    private static void ScaleDisp8(ref Instruction instruction, int nasmN, int cpuN)
    {
        if (instruction.MemoryDisplSize != 1 || instruction.MemoryBase == Register.None || instruction.MemoryBase == Register.RIP) return;
        long displacement = (long)instruction.MemoryDisplacement64;
        if (instruction.MemoryBase.IsGPR32()) displacement = (int)displacement;
        else if (instruction.MemoryBase.IsGPR16()) displacement = (short)displacement;
        if (displacement % nasmN == 0 && displacement / nasmN is >= sbyte.MinValue and <= sbyte.MaxValue)
            instruction.MemoryDisplacement64 = (ulong)(displacement / nasmN * cpuN);
        else
            instruction.MemoryDisplSize = instruction.MemoryBase.IsGPR64() ? 8 : instruction.MemoryBase.IsGPR32() ? 4 : 2;
    }

    /// <summary>True when nasm writes REX.W on <paramref name="form"/> although the instruction has none.</summary>
    public static bool AddsRexW(InstructionForm form, int bits) => bits == 64 && form.Code == Code.Invpcid_r64_m128;

    /// <summary>Sets REX.W in the bytes Iced wrote for an instruction at <paramref name="ip"/>: in its REX, or in a
    /// 48 put before the opcode, encoding again one byte further on so that a RIP-relative field still counts from
    /// the instruction's end. Returns the new length; <paramref name="offsets"/> follow the bytes.</summary>
    public static uint AddRexW(Encoder encoder, ByteWriter writer, in Instruction instruction, ulong ip, uint length, ref ConstantOffsets offsets)
    {
        int opcode = OpcodeIndex(writer.Span);
        byte[] bytes = writer.Span.ToArray();
        if (opcode > 0 && (bytes[opcode - 1] & 0xf0) == 0x40)
        {
            bytes[opcode - 1] |= 0x08;
            writer.Clear();
            writer.Write(bytes);
            return length;
        }
        writer.Clear();
        if (!encoder.TryEncode(instruction, ip + 1, out length, out _)) throw new InvalidOperationException("encoding changed with its address");
        offsets = encoder.GetConstantOffsets();
        return InsertRexW(writer, length, ref offsets);
    }

    /// <summary>True for nasm's o64 on a relative branch in 64-bit code: a REX.W before the opcode (o64 jmp $ is 48 EB FD,
    /// o64 a32 loop $ is 67 48 E2 FC), except on jrcxz, whose 64-bit size is its own.</summary>
    public static bool RexWOnBranch(InstructionForm form, PrefixFlags prefixes, int bits) =>
        bits == 64 && (prefixes & PrefixFlags.O64) != 0 && form.Info.Mnemonic != Mnemonic.Jrcxz
        && form.Operands.Length > 0 && InstructionEncoder.IsBranchKind(form.Operands[0]);

    /// <summary>Puts a 48 before the opcode of the bytes Iced wrote for an instruction encoded one byte further on;
    /// returns the new length, <paramref name="offsets"/> following the bytes.</summary>
    public static uint InsertRexW(ByteWriter writer, uint length, ref ConstantOffsets offsets) =>
        InsertByte(writer, OpcodeIndex(writer.Span), 0x48, length, ref offsets);

    /// <summary>Puts <paramref name="value"/> at <paramref name="at"/> in the bytes Iced wrote for an instruction encoded
    /// one byte further on (a prefix ahead of its fields); returns the new length, <paramref name="offsets"/> following
    /// the bytes.</summary>
    public static uint InsertByte(ByteWriter writer, int at, byte value, uint length, ref ConstantOffsets offsets)
    {
        byte[] bytes = writer.Span.ToArray();
        writer.Clear();
        writer.Write(bytes.AsSpan(0, at));
        writer.WriteByte(value);
        writer.Write(bytes.AsSpan(at));
        if (offsets.HasDisplacement) offsets.DisplacementOffset++;
        if (offsets.HasImmediate) offsets.ImmediateOffset++;
        if (offsets.HasImmediate2) offsets.ImmediateOffset2++;
        return length + 1;
    }

    /// <summary>nasm writes a segment prefix before the 66 of an o16/o32 it emits itself (o16 cs jb short x is 2E 66 72 …):
    /// moves the instruction's segment prefix in front of that 66. Returns the new prefix length.</summary>
    public static int SegmentBeforeOperandSize(ref Instruction instruction, Span<byte> prefixes, int length)
    {
        int osize = prefixes[..length].IndexOf((byte)0x66);
        if (osize < 0 || instruction.SegmentPrefix == Register.None) return length;
        prefixes[osize..length].CopyTo(prefixes[(osize + 1)..]);
        prefixes[osize] = InstructionEncoder.SegmentPrefixByte(instruction.SegmentPrefix);
        instruction.SegmentPrefix = Register.None;
        return length + 1;
    }

    /// <summary>Index of the first byte after the legacy prefixes (and a REX).</summary>
    private static int OpcodeIndex(ReadOnlySpan<byte> bytes)
    {
        int i = PastLegacyPrefixes(bytes);
        if (i < bytes.Length && (bytes[i] & 0xf0) == 0x40) i++;
        return i;
    }

    /// <summary>Index of the first byte after the legacy prefixes (segment, 66, 67, lock, rep).</summary>
    public static int PastLegacyPrefixes(ReadOnlySpan<byte> bytes, int from = 0)
    {
        int i = from;
        while (i < bytes.Length && bytes[i] is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0x66 or 0x67 or 0xf0 or 0xf2 or 0xf3) i++;
        return i;
    }
}
