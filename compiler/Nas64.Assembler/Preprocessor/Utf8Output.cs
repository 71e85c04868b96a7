using System.Globalization;

namespace Nas64.Assembler.Preprocessor;

/// <summary>A growing UTF-8 byte buffer for -E output: text goes in as bytes straight away.</summary>
internal sealed class Utf8Output(int capacity)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 256)];
    private int _length;

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    public void Append(string text)
    {
        Reserve(text.Length * 3);
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
        Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
    }
}
