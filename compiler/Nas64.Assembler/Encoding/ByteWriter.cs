using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>Iced's output sink: a reusable byte buffer, so encoding allocates nothing per instruction.</summary>
internal sealed class ByteWriter : CodeWriter
{
    private byte[] _bytes = new byte[32];
    private int _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Replaces the byte at <paramref name="index"/> of what was written.</summary>
    public void Patch(int index, byte value) => _bytes[index] = value;

    public override void WriteByte(byte value)
    {
        if (_length == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes.Length));
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }
}
