using Iced.Intel;
using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>Splits a code section into instructions (Iced) and undecodable bytes, never letting an
/// instruction straddle a label or a relocation it does not own.</summary>
public static class SectionDecoder
{
    public readonly record struct Decoded(ulong Offset, Instruction Instruction, ConstantOffsets Constants);

    /// <summary>Decoded instructions of <paramref name="section"/>; a null slot's bytes are data (one byte each).</summary>
    public static List<Decoded?> Decode(ImageSection section, int bits)
    {
        var result = new List<Decoded?>();
        byte[] bytes = section.Bytes;
        var reader = new ByteArrayCodeReader(bytes);
        var decoder = Decoder.Create(bits, reader, section.Address);
        ulong offset = 0;
        ulong length = (ulong)bytes.Length;
        while (offset < length)
        {
            reader.Position = (int)offset;
            decoder.IP = section.Address + offset;
            decoder.Decode(out Instruction instruction);
            ulong end = offset + (ulong)instruction.Length;
            var constants = decoder.GetConstantOffsets(instruction);
            if (instruction.IsInvalid || end > length || !Fits(section, offset, end, constants))
            {
                result.Add(null);
                offset++;
                continue;
            }
            result.Add(new Decoded(offset, instruction, constants));
            offset = end;
        }
        return result;
    }

    /// <summary>No label inside the instruction, and every relocation inside starts at its displacement or immediate.</summary>
    private static bool Fits(ImageSection section, ulong start, ulong end, ConstantOffsets constants)
    {
        for (ulong at = start + 1; at < end; at++)
            if (section.Labels.ContainsKey(at)) return false;
        foreach (var (offset, relocation) in section.Relocations)
        {
            if (offset + (ulong)relocation.FieldSize <= start) continue;
            if (offset >= end) break;
            bool atDisplacement = constants.HasDisplacement && offset == start + constants.DisplacementOffset && relocation.FieldSize == constants.DisplacementSize;
            bool atImmediate = constants.HasImmediate && offset == start + constants.ImmediateOffset && relocation.FieldSize == constants.ImmediateSize;
            if (!atDisplacement && !atImmediate) return false;
        }
        return true;
    }
}
