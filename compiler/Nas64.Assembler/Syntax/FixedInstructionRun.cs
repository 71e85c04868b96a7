using System.Buffers.Binary;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// Consecutive instruction lines reduced to their bytes, as <see cref="FixedInstructionStatement"/> does for one line, in
/// one object and one array for the whole run: the run stands at each of its statement indexes [<see cref="Start"/>,
/// <see cref="Start"/> + <see cref="Count"/>), and a line's bytes and location are found by its index. The lines may come
/// from different origins (a macro's body lines each have a context of their own): the run keeps each distinct one once.
/// </summary>
public sealed class FixedInstructionRun : Statement
{
    /// <summary>The most distinct origins a run holds (a line's origin is a byte).</summary>
    internal const int MaxOrigins = 256;

    // The line numbers (4 bytes each), then where each line's bytes end (2 bytes each), then each line's origin (1 byte
    // each, an index into _origins) unless all lines share the first one's (_origins null), then the bytes.
    private readonly byte[] _data;
    private readonly LineOrigin?[]? _origins;
    private readonly int _start;
    private readonly ushort _count;
    private readonly byte _bits;

    /// <param name="ends">Where each line's bytes end in <paramref name="bytes"/> (65535 bytes at most in all).</param>
    /// <param name="origins">The distinct origins of the lines; <paramref name="originOfLine"/> indexes them.</param>
    internal FixedInstructionRun(int start, ReadOnlySpan<int> lines, ReadOnlySpan<ushort> ends, ReadOnlySpan<byte> originOfLine,
        ReadOnlySpan<LineOrigin?> origins, ReadOnlySpan<byte> bytes, int bits)
    {
        PlaceAt(origins[originOfLine[0]], lines[0]);
        _start = start;
        _count = checked((ushort)lines.Length);
        _bits = (byte)bits;
        _origins = origins.Length > 1 ? origins.ToArray() : null;
        _data = new byte[BytesStart + bytes.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(4 * i), lines[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(_data.AsSpan(4 * _count + 2 * i), ends[i]);
        }
        if (_origins is not null) originOfLine.CopyTo(_data.AsSpan(6 * _count));
        bytes.CopyTo(_data.AsSpan(BytesStart));
    }

    private int BytesStart => (_origins is null ? 6 : 7) * _count;

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
        return _data.AsSpan(BytesStart + begin, End(line) - begin);
    }

    /// <summary>The bytes of the lines from statement index <paramref name="index"/> to the end of the run.</summary>
    public ReadOnlySpan<byte> BytesFrom(int index)
    {
        int line = index - _start;
        return _data.AsSpan(BytesStart + (line == 0 ? 0 : End(line - 1)));
    }

    /// <summary>The location of the line at statement index <paramref name="index"/>.</summary>
    public SourceLocation LocationAt(int index)
    {
        int line = index - _start;
        var origin = _origins is null ? Origin : _origins[_data[6 * _count + line]];
        return origin is null ? default : origin.At(BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(4 * line)));
    }

    private int End(int line) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(4 * _count + 2 * line));
}
