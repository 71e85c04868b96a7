using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Nas64.Syscalls.Model;

/// <summary>
/// Encodes syscall stubs with Iced. A stub is called with the System V ABI (arguments in rdi, rsi, rdx,
/// rcx, r8, r9) and makes the call with the syscall ABI (rdi, rsi, rdx, r10, r8, r9; number in rax):
/// <c>mov eax, number; mov r10, rcx; syscall; ret</c> (nasm's encodings). Every register it touches is caller-saved.
/// </summary>
public static class StubEncoder
{
    /// <summary>Stubs in a table start on this boundary; the gap is filled with <c>int3</c>.</summary>
    public const int StubAlignment = 16;

    private const byte Int3 = 0xCC;

    /// <summary>The four instructions of the stub for syscall <paramref name="number"/>.</summary>
    public static IReadOnlyList<Instruction> Instructions(int number) => new[]
    {
        Instruction.Create(Code.Mov_r32_imm32, Register.EAX, number),
        Instruction.Create(Code.Mov_rm64_r64, Register.R10, Register.RCX),
        Instruction.Create(Code.Syscall),
        Instruction.Create(Code.Retnq),
    };

    /// <summary>The machine code of one stub, unpadded.</summary>
    public static byte[] Encode(int number)
    {
        var writer = new ByteWriter();
        Encoder encoder = Encoder.Create(64, writer);
        ulong ip = 0;
        foreach (Instruction instruction in Instructions(number))
        {
            if (!encoder.TryEncode(instruction, ip, out uint length, out string? error))
                throw new InvalidOperationException($"cannot encode syscall stub {number}: {error}");
            ip += length;
        }
        return writer.ToArray();
    }

    /// <summary>
    /// Encodes one stub per number into one block, each at a multiple of <see cref="StubAlignment"/>;
    /// <paramref name="offsets"/> receives where each stub starts.
    /// </summary>
    public static byte[] EncodeTable(IReadOnlyList<int> numbers, out int[] offsets)
    {
        offsets = new int[numbers.Count];
        var table = new List<byte>(numbers.Count * StubAlignment);
        for (int i = 0; i < numbers.Count; i++)
        {
            offsets[i] = table.Count;
            table.AddRange(Encode(numbers[i]));
            while (table.Count % StubAlignment != 0) table.Add(Int3);
        }
        return table.ToArray();
    }

    private sealed class ByteWriter : CodeWriter
    {
        private readonly List<byte> _bytes = new();

        public override void WriteByte(byte value) => _bytes.Add(value);

        public byte[] ToArray() => _bytes.ToArray();
    }
}
