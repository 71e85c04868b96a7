using System.Runtime.InteropServices;
using System.Text;

namespace Nas64.Cli;

/// <summary>
/// Reads a source file as <see cref="File.ReadAllText(string)"/> does (UTF-8, a UTF-8 byte order mark dropped, the other
/// byte order marks honoured) into a string of exactly its length. ReadAllText grows a StringBuilder to the text's size
/// and copies it out: for gen_asm 100k 3.8 MB of garbage on the collected heap before the first line is read. Here the
/// bytes are read into memory outside the collected heap, decoded once and freed at once.
/// </summary>
internal static class SourceText
{
    public static string Read(string path)
    {
        // No buffer of the stream's own: the bytes go straight into the one buffer.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        // A FIFO or /dev/stdin has no size to size a buffer by; an empty file has no text.
        if (file.CanSeek && file.Length is > 0 and < int.MaxValue && Decode(file, (int)file.Length) is { } text) return text;
        if (file.CanSeek) file.Position = 0;
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The text of a file of <paramref name="length"/> bytes; null when it does not hold exactly that many or
    /// starts with a UTF-16 or UTF-32 byte order mark.</summary>
    private static unsafe string? Decode(FileStream file, int length)
    {
        byte* buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        try
        {
            var bytes = new Span<byte>(buffer, length + 1);
            int read = 0, count;
            while (read < bytes.Length && (count = file.Read(bytes[read..])) > 0) read += count;
            if (read != length) return null;   // the file changed size since it was opened
            var text = bytes[..length];
            if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
            else if (text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
                || text.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF])) return null;
            return Encoding.UTF8.GetString(text);
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }
}
