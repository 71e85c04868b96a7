using System.Buffers.Binary;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// Consecutive instruction lines of one file (or one macro expansion) reduced to their bytes, as
/// <see cref="FixedInstructionStatement"/> does for one line, in one object and one array for the whole run: the run
/// stands at each of its statement indexes [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>), and a
/// line's bytes and location are found by its index.
/// </summary>
public sealed class FixedInstructionRun : Statement
{
    // The line numbers (4 bytes each), then where each line's bytes end (2 bytes each), then the bytes.
    private readonly byte[] _data;
    private readonly int _start;
    private readonly ushort _count;
    private readonly byte _bits;

    /// <param name="first">The run's first line, whose file, offset and context every line of the run shares.</param>
    /// <param name="ends">Where each line's bytes end in <paramref name="bytes"/> (65535 bytes at most in all).</param>
    internal FixedInstructionRun(Statement first, int start, ReadOnlySpan<int> lines, ReadOnlySpan<ushort> ends, ReadOnlySpan<byte> bytes, int bits)
        : base(first)
    {
        _start = start;
        _count = checked((ushort)lines.Length);
        _bits = (byte)bits;
        _data = new byte[6 * lines.Length + bytes.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(4 * i), lines[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(_data.AsSpan(4 * _count + 2 * i), ends[i]);
        }
        bytes.CopyTo(_data.AsSpan(6 * _count));
    }

    /// <summary>The statement index of the first line.</summary>
    public int Start => _start;

    public int Count => _count;

    /// <summary>The mode the bytes are for.</summary>
    public int Bits => _bits;

    /// <summary>The bytes of the line at statement index <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> BytesAt(int index)
    {
        int line = index - _start;
        int begin = line == 0 ? 0 : End(line - 1);
        return _data.AsSpan(6 * _count + begin, End(line) - begin);
    }

    /// <summary>The location of the line at statement index <paramref name="index"/>.</summary>
    public SourceLocation LocationAt(int index) => LocationOfLine(BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(4 * (index - _start))));

    private int End(int line) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(4 * _count + 2 * line));
}
