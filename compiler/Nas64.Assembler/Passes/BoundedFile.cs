namespace Nas64.Assembler.Passes;

/// <summary>Reads an incbin or %include file without trusting its reported length: /dev/zero, a FIFO or a file
/// that grows while it is read stop at the limit instead of filling memory.</summary>
public static class BoundedFile
{
    /// <summary>The file's bytes, or null when it holds more than <paramref name="limit"/> bytes.</summary>
    public static byte[]? Read(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The file as text, with File.ReadAllText's encoding detection (UTF-8 by default, byte order marks honoured).</summary>
    public static string? ReadText(string path, long limit)
    {
        byte[]? bytes = Read(path, limit);
        if (bytes is null) return null;
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
