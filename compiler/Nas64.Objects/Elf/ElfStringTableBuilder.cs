using System.Text;

namespace Nas64.Objects.Elf;

/// <summary>
/// Builds an ELF string table the way NASM does: a leading NUL, then each name in the order added,
/// NUL-terminated, with no sharing of equal names or suffixes.
/// </summary>
public sealed class ElfStringTableBuilder
{
    private readonly ByteBuffer _bytes = new();

    public ElfStringTableBuilder() => _bytes.WriteByte(0);

    /// <summary>Appends <paramref name="name"/> and returns its offset.</summary>
    /// <summary>Makes room for <paramref name="bytes"/> more bytes at once (a large table would otherwise grow by doubling).</summary>
    public void Reserve(int bytes) => _bytes.EnsureCapacity(_bytes.Length + bytes);

    public uint Add(string name)
    {
        uint offset = (uint)_bytes.Length;
        int count = Encoding.UTF8.GetByteCount(name);
        Encoding.UTF8.GetBytes(name, _bytes.Append(count + 1));
        return offset;
    }

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Bytes => _bytes.Span;
}
