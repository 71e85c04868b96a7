using System.Globalization;

namespace Nas64.Assembler.Preprocessor;

/// <summary>A growing UTF-8 byte buffer for -E output: text goes in as bytes straight away.</summary>
internal sealed class Utf8Output(long capacity)
{
    // Not cleared: a large buffer's pages are touched only as far as the text reaches.
    private byte[] _bytes = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(capacity, 256, Array.MaxLength));
    private int _length;

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    public void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length * 3);
        // Nearly all source text is ASCII: copied as it is, the rest encoded.
        if (System.Text.Ascii.FromUtf16(text, _bytes.AsSpan(_length), out int written) == System.Buffers.OperationStatus.Done)
        {
            _length += written;
            return;
        }
        _length += System.Text.Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
    }

    public void Append(char c)
    {
        if (c >= 0x80) { Append(c.ToString()); return; }
        Reserve(1);
        _bytes[_length++] = (byte)c;
    }

    public void Append(int value)
    {
        Reserve(11);
        value.TryFormat(_bytes.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Reserve(int count)
    {
        if (_bytes.Length - _length >= count) return;
        var bigger = GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, Math.Max(_bytes.Length * 2L, _length + (long)count)));
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        _bytes = bigger;
    }
}
