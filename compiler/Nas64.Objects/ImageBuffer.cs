using System.Runtime.InteropServices;

namespace Nas64.Objects;

/// <summary>
/// The zero-filled bytes of an output file being built. A large one on Linux is an anonymous mapping
/// the kernel may back with 2 MB pages (<c>MADV_HUGEPAGE</c>): filling a 13 MB executable through 4 KB
/// pages costs 3,300 page faults, which on a virtual machine is most of the time spent writing it.
/// Others are a managed array.
/// </summary>
public sealed unsafe partial class ImageBuffer : IDisposable
{
    private const long HugePage = 2 << 20;
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MadvHugePage = 14;

    private readonly byte[]? _array;
    private byte* _mapping;
    private readonly nuint _mappingSize;
    private readonly byte* _start;

    private ImageBuffer(byte[] array)
    {
        _array = array;
        Length = array.Length;
    }

    private ImageBuffer(byte* mapping, nuint mappingSize, byte* start, int length)
    {
        _mapping = mapping;
        _mappingSize = mappingSize;
        _start = start;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The bytes; valid until <see cref="Dispose"/>.</summary>
    public Span<byte> Span
    {
        get
        {
            if (_array is not null) return _array;
            ObjectDisposedException.ThrowIf(_mapping == null, this);
            return new Span<byte>(_start, Length);
        }
    }

    /// <summary>Wraps bytes made elsewhere.</summary>
    public static ImageBuffer FromArray(byte[] bytes) => new(bytes);

    /// <summary><paramref name="length"/> zero bytes; <paramref name="mapped"/> allows an anonymous mapping
    /// when the buffer is large enough for 2 MB pages to matter.</summary>
    public static ImageBuffer Allocate(int length, bool mapped)
    {
        if (mapped && OperatingSystem.IsLinux() && length >= 2 * HugePage)
        {
            // One huge page more than needed, so the start can be moved to a 2 MB boundary.
            nuint size = (nuint)(length + HugePage);
            byte* mapping = Mmap(null, size, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (mapping != (byte*)-1)
            {
                byte* start = (byte*)(((nuint)mapping + (nuint)HugePage - 1) & ~((nuint)HugePage - 1));
                _ = Madvise(start, (nuint)length, MadvHugePage);   // only a hint: without it the pages are 4 KB
                return new ImageBuffer(mapping, size, start, length);
            }
        }
        return new ImageBuffer(new byte[length]);
    }

    /// <summary>A managed copy (the buffer itself when it is one).</summary>
    public byte[] ToArray() => _array ?? Span.ToArray();

    public void Dispose()
    {
        if (_mapping == null) return;
        _ = Munmap(_mapping, _mappingSize);
        _mapping = null;
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial byte* Mmap(byte* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(byte* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(byte* address, nuint length);
}
