using System.Buffers.Binary;
using Iced.Intel;

namespace Nas64.Linker.Seccomp;

/// <summary>What a sealed executable installs: the prologue's address range and the filter it passes to seccomp(2).</summary>
public sealed record SeccompSeal(ulong PrologueAddress, ulong PrologueSize, ulong FilterAddress, IReadOnlyList<BpfInstruction> Filter)
{
    public bool InPrologue(ulong address) => address >= PrologueAddress && address - PrologueAddress < PrologueSize;
}

/// <summary>
/// Finds the seal of an executable linked with <c>--seccomp</c> from its code, as the CPU would run it: from the
/// entry point, the prologue's <c>lea rax, [rel filter]; push rax; push LEN</c> (the sock_fprog it builds) gives the
/// filter's address and length, read from the PT_LOAD segments. Needs no section headers or symbols, so stripped
/// and --tiny executables are read too.
/// </summary>
public static class SeccompSealReader
{
    private const uint PtLoad = 1;
    private const int MaxPrologueInstructions = 64;

    /// <summary>The seal of an ELF64 x86-64 executable, or null when its entry is not a nas64 seccomp prologue.</summary>
    public static SeccompSeal? Read(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2) return null;
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(elf[24..]);
        byte[]? code = Loaded(elf, entry, 16 * MaxPrologueInstructions, partial: true);
        if (code is null) return null;

        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code));
        decoder.IP = entry;
        var instructions = new List<Instruction>();
        for (int i = 0; i < MaxPrologueInstructions && decoder.IP < entry + (ulong)code.Length; i++)
        {
            decoder.Decode(out Instruction instruction);
            instructions.Add(instruction);
            if (instruction.Code is Code.Ud2 or Code.INVALID) break;
        }
        if (instructions.Count < 3 || instructions[^1].Code != Code.Ud2 || instructions[0].Code != Code.Pushfq) return null;
        for (int i = 0; i + 2 < instructions.Count; i++)
        {
            Instruction lea = instructions[i], pushPointer = instructions[i + 1], pushLength = instructions[i + 2];
            if (lea.Code != Code.Lea_r64_m || !lea.IsIPRelativeMemoryOperand || pushPointer.Code != Code.Push_r64
                || pushPointer.Op0Register != lea.Op0Register || pushLength.Code != Code.Pushq_imm32) continue;
            ulong filterAddress = lea.IPRelativeMemoryAddress;
            int length = (int)pushLength.Immediate32;
            if (length is <= 0 or > SeccompFilter.MaxInstructions) return null;
            byte[]? filter = Loaded(elf, filterAddress, length * BpfInstruction.Size, partial: false);
            if (filter is null) return null;
            ulong end = instructions[^1].NextIP;
            return new SeccompSeal(entry, end - entry, filterAddress, BpfInstruction.Decode(filter));
        }
        return null;
    }

    /// <summary>The file bytes loaded at <paramref name="address"/>: <paramref name="length"/> of them, or with
    /// <paramref name="partial"/> as many as the segment holds up to that.</summary>
    private static byte[]? Loaded(ReadOnlySpan<byte> elf, ulong address, int length, bool partial)
    {
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[32..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[54..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[56..]);
        for (int i = 0; i < phnum; i++)
        {
            ulong at = phoff + (ulong)(i * phentsize);
            if (phentsize < 56 || at + 56 > (ulong)elf.Length) return null;
            var header = elf.Slice((int)at, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != PtLoad) continue;
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
            if (address < vaddr || address - vaddr >= filesz) continue;
            ulong start = offset + (address - vaddr);
            ulong available = Math.Min(filesz - (address - vaddr), (ulong)elf.Length - Math.Min(start, (ulong)elf.Length));
            if (available < (ulong)length && !partial) return null;
            return elf.Slice((int)start, (int)Math.Min(available, (ulong)length)).ToArray();
        }
        return null;
    }
}
