using System.Buffers.Binary;

namespace Nas64.Objects;

/// <summary>A growable little-endian byte buffer: section contents and file images.</summary>
public sealed class ByteBuffer
{
    private byte[] _bytes;
    private int _length;

    public ByteBuffer(int capacity = 256) => _bytes = capacity == 0 ? [] : new byte[capacity];

    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write.</summary>
    public Span<byte> Span => _bytes.AsSpan(0, _length);

    public byte[] ToArray() => Span.ToArray();

    public void Clear() => _length = 0;

    /// <summary>Reserves <paramref name="count"/> zero bytes at the end and returns them.</summary>
    public Span<byte> Append(int count)
    {
        EnsureCapacity(_length + count);
        var span = _bytes.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(_length + bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteByte(byte value) => Append(1)[0] = value;
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Append(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Append(4), value);
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Append(8), value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Append(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Append(8), value);

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void Fill(byte value, int count) => Append(count).Fill(value);

    /// <summary>Zero-pads to a multiple of <paramref name="alignment"/>.</summary>
    public void AlignTo(int alignment)
    {
        int pad = (int)((ulong)(-_length) & (ulong)(alignment - 1));
        if (pad > 0) Append(pad);
    }

    /// <summary>Makes room for <paramref name="needed"/> bytes in all (a writer that knows its final size grows once).</summary>
    public void EnsureCapacity(int needed)
    {
        if (needed <= _bytes.Length) return;
        if (needed < 0) throw new InvalidOperationException("buffer larger than 2 GiB");
        int size = Math.Max(needed, Math.Max(256, _bytes.Length * 2));
        Array.Resize(ref _bytes, size);
    }
}
