using System.Buffers;
using System.ComponentModel;
using System.Text;

namespace Nas64.Syscalls;

/// <summary>
/// A string passed to the kernel as NUL-terminated UTF-8. Generated code gives it a stack buffer of
/// <see cref="StackBufferSize"/> bytes; a longer string rents from <see cref="ArrayPool{T}"/>, so a
/// string of any length works and a short one allocates nothing. A null string becomes a null pointer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct Utf8StringArgument
{
    /// <summary>Bytes of stack the generated code offers; strings that fit (with the NUL) stay off the heap.</summary>
    public const int StackBufferSize = 256;

    private readonly Span<byte> _bytes;
    private byte[]? _rented;

    /// <summary>Encodes <paramref name="value"/> into <paramref name="stackBuffer"/>, or a rented array when too long.</summary>
    public Utf8StringArgument(string? value, Span<byte> stackBuffer)
    {
        _rented = null;
        if (value is null)
        {
            _bytes = default;
            return;
        }
        int needed = value.Length <= (stackBuffer.Length - 1) / 3
            ? stackBuffer.Length
            : Encoding.UTF8.GetByteCount(value) + 1;
        Span<byte> buffer = needed <= stackBuffer.Length ? stackBuffer : (_rented = ArrayPool<byte>.Shared.Rent(needed));
        int length = Encoding.UTF8.GetBytes(value, buffer);
        buffer[length] = 0;
        _bytes = buffer[..(length + 1)];
    }

    /// <summary>The first byte, for <c>fixed</c>; a null reference for a null string.</summary>
    public readonly ref byte GetPinnableReference() => ref _bytes.GetPinnableReference();

    /// <summary>Returns a rented buffer to the pool.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
