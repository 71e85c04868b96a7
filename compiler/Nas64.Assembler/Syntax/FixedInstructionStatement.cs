namespace Nas64.Assembler.Syntax;

/// <summary>
/// An instruction line reduced to its bytes: what the first pass leaves of an instruction whose encoding can no longer
/// change (no symbol, no address, nothing to warn about, see <c>Assembler.Compact</c>). It is the size of the
/// <see cref="InstructionStatement"/> it replaces, and lets the syntax of a large program's lines go: parsed operands,
/// expressions and the encoder's caches are most of what the passes would otherwise keep to the end.
/// </summary>
public sealed class FixedInstructionStatement : Statement
{
    // The bytes inline (little endian), as InstructionSyntax keeps them: no array of their own.
    private readonly ulong _low, _high;
    private readonly byte _length, _bits;

    /// <summary>An instruction at line <paramref name="line"/> of <paramref name="origin"/> that is <paramref name="bytes"/>
    /// (16 at most) in <paramref name="bits"/>-bit code.</summary>
    internal FixedInstructionStatement(LineOrigin? origin, int line, ReadOnlySpan<byte> bytes, int bits)
    {
        PlaceAt(origin, line);
        InlineBytes.Pack(bytes, out _low, out _high);
        _length = (byte)bytes.Length;
        _bits = (byte)bits;
    }

    public int Length => _length;

    /// <summary>The mode the bytes are for.</summary>
    public int Bits => _bits;

    /// <summary>Writes the bytes to the start of <paramref name="destination"/> (16 bytes at least); returns their count.</summary>
    public int CopyBytes(Span<byte> destination)
    {
        InlineBytes.Unpack(_low, _high, destination);
        return _length;
    }
}
