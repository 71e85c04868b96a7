using System.Buffers.Binary;

namespace Nas64.Assembler.Syntax;

/// <summary>Up to 16 instruction bytes kept as two little-endian words in the object that owns them, instead of an array
/// of their own (one object less per instruction that keeps its bytes).</summary>
internal static class InlineBytes
{
    /// <summary>Packs <paramref name="bytes"/> (16 at most) into <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static void Pack(ReadOnlySpan<byte> bytes, out ulong low, out ulong high)
    {
        Span<byte> buffer = stackalloc byte[16];
        buffer.Clear();
        bytes.CopyTo(buffer);
        low = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        high = BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
    }

    /// <summary>Writes the 16 packed bytes to the start of <paramref name="destination"/> (16 bytes at least).</summary>
    public static void Unpack(ulong low, ulong high, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, low);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], high);
    }
}
