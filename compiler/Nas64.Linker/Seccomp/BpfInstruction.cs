using System.Buffers.Binary;

namespace Nas64.Linker.Seccomp;

/// <summary>
/// One classic BPF instruction, <c>struct sock_filter</c> of &lt;linux/filter.h&gt;: a 16-bit opcode, the jump
/// offsets taken when a comparison is true and false (counted in instructions after this one) and a 32-bit
/// operand. Eight bytes in memory, little-endian on x86-64.
/// </summary>
public readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    public const int Size = 8;

    // Opcode parts, as &lt;linux/bpf_common.h&gt; names them.
    public const ushort Ld = 0x00;
    public const ushort Jmp = 0x05;
    public const ushort Ret = 0x06;
    public const ushort W = 0x00;
    public const ushort Abs = 0x20;
    public const ushort Jeq = 0x10;
    public const ushort Jgt = 0x20;
    public const ushort Jge = 0x30;
    public const ushort Jset = 0x40;
    /// <summary>BPF_K: the operand is the constant k.</summary>
    public const ushort Constant = 0x00;

    /// <summary>BPF_STMT(code, k).</summary>
    public static BpfInstruction Statement(ushort code, uint k) => new(code, 0, 0, k);

    /// <summary>BPF_JUMP(code, k, jt, jf).</summary>
    public static BpfInstruction Jump(ushort code, uint k, byte jumpTrue, byte jumpFalse) => new(code, jumpTrue, jumpFalse, k);

    /// <summary><c>ld [offset]</c>: the 32-bit word at <paramref name="offset"/> of the input (for seccomp, struct seccomp_data).</summary>
    public static BpfInstruction LoadWord(uint offset) => Statement(Ld | W | Abs, offset);

    /// <summary><c>ret #value</c>.</summary>
    public static BpfInstruction Return(uint value) => Statement(Ret | Constant, value);

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Code);
        destination[2] = JumpTrue;
        destination[3] = JumpFalse;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], K);
    }

    public static BpfInstruction ReadFrom(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt16LittleEndian(source), source[2], source[3], BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));

    /// <summary>The program as the kernel reads it: <see cref="Size"/> bytes per instruction.</summary>
    public static byte[] Encode(IReadOnlyList<BpfInstruction> program)
    {
        var bytes = new byte[program.Count * Size];
        for (int i = 0; i < program.Count; i++) program[i].WriteTo(bytes.AsSpan(i * Size));
        return bytes;
    }

    public static BpfInstruction[] Decode(ReadOnlySpan<byte> bytes)
    {
        var program = new BpfInstruction[bytes.Length / Size];
        for (int i = 0; i < program.Length; i++) program[i] = ReadFrom(bytes[(i * Size)..]);
        return program;
    }
}
