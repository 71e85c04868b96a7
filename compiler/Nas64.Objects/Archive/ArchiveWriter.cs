using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Nas64.Objects.Archive;

/// <summary>
/// Writes a GNU <c>ar</c> archive byte for byte as <c>ar rcsD</c> does: the magic, a symbol table
/// member <c>/</c> (when any member is an ELF file) listing each member's defined global symbols, a
/// long-name table <c>//</c> for names over 15 characters, then the members, all with zero dates,
/// owners and mode 644 so the output is deterministic.
/// </summary>
public static class ArchiveWriter
{
    private const int HeaderSize = 60;
    private const int MaxShortName = 15;
    private static ReadOnlySpan<byte> Magic => "!<arch>\n"u8;

    /// <summary>Archives <paramref name="members"/> in order; a name's directories are dropped, as ar does.</summary>
    public static byte[] Write(IReadOnlyList<(string Name, byte[] Bytes)> members)
    {
        var names = new string[members.Count];
        var fileNames = new string[members.Count];
        var longNames = new StringBuilder();
        int longNameBytes = 0;
        for (int i = 0; i < members.Count; i++)
        {
            string name = fileNames[i] = Path.GetFileName(members[i].Name);
            int nameBytes = Encoding.UTF8.GetByteCount(name);
            if (nameBytes > MaxShortName)
            {
                names[i] = "/" + longNameBytes.ToString(CultureInfo.InvariantCulture);
                longNames.Append(name).Append("/\n");
                longNameBytes += nameBytes + 2;
            }
            else
            {
                names[i] = name + "/";
            }
        }
        byte[] longNameTable = Encoding.UTF8.GetBytes(longNames.ToString());
        int longNameSize = longNameTable.Length + (longNameTable.Length & 1);

        // The symbol table: which symbols each member defines; its size is known before any offset.
        var symbols = new List<string>[members.Count];
        bool anyObject = false;
        int symbolCount = 0, symbolNameBytes = 0;
        for (int i = 0; i < members.Count; i++)
        {
            symbols[i] = [];
            if (!ElfSymbolScanner.IsElf(members[i].Bytes)) continue;
            anyObject = true;
            ElfSymbolScanner.AddDefinedGlobals(members[i].Bytes, fileNames[i], symbols[i]);
            foreach (string symbol in symbols[i]) symbolNameBytes += Encoding.UTF8.GetByteCount(symbol) + 1;
            symbolCount += symbols[i].Count;
        }
        int symbolTableSize = 0;
        if (anyObject)
        {
            symbolTableSize = 4 + 4 * symbolCount + symbolNameBytes;
            symbolTableSize += symbolTableSize & 1;
        }

        long position = Magic.Length;
        if (anyObject) position += HeaderSize + symbolTableSize;
        if (longNameTable.Length > 0) position += HeaderSize + longNameSize;
        var memberOffsets = new long[members.Count];
        for (int i = 0; i < members.Count; i++)
        {
            memberOffsets[i] = position;
            position += HeaderSize + members[i].Bytes.Length + (members[i].Bytes.Length & 1);
        }
        if (position > uint.MaxValue)
            throw new DiagnosticException(SourceLocation.None, "archive larger than 4 GiB needs a 64-bit symbol table, which is not supported");

        var output = new ByteBuffer((int)Math.Min(position, int.MaxValue));
        output.Write(Magic);
        if (anyObject)
        {
            WriteHeader(output, "/", "0", "0", "0", "0", symbolTableSize);
            int start = output.Length;
            BinaryPrimitives.WriteUInt32BigEndian(output.Append(4), (uint)symbolCount);
            for (int i = 0; i < members.Count; i++)
                foreach (string _ in symbols[i])
                    BinaryPrimitives.WriteUInt32BigEndian(output.Append(4), (uint)memberOffsets[i]);
            for (int i = 0; i < members.Count; i++)
                foreach (string symbol in symbols[i])
                {
                    output.Write(Encoding.UTF8.GetBytes(symbol));
                    output.WriteByte(0);
                }
            output.Append(symbolTableSize - (output.Length - start));
        }
        if (longNameTable.Length > 0)
        {
            WriteHeader(output, "//", "", "", "", "", longNameSize);
            output.Write(longNameTable);
            if ((longNameTable.Length & 1) != 0) output.WriteByte((byte)'\n');
        }
        for (int i = 0; i < members.Count; i++)
        {
            WriteHeader(output, names[i], "0", "0", "0", "644", members[i].Bytes.Length);
            output.Write(members[i].Bytes);
            if ((members[i].Bytes.Length & 1) != 0) output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    private static void WriteHeader(ByteBuffer output, string name, string date, string uid, string gid, string mode, long size)
    {
        var header = output.Append(HeaderSize);
        header.Fill((byte)' ');
        Field(header[..16], name);
        Field(header.Slice(16, 12), date);
        Field(header.Slice(28, 6), uid);
        Field(header.Slice(34, 6), gid);
        Field(header.Slice(40, 8), mode);
        Field(header.Slice(48, 10), size.ToString(CultureInfo.InvariantCulture));
        header[58] = (byte)'`';
        header[59] = (byte)'\n';
    }

    private static void Field(Span<byte> field, string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > field.Length)
            throw new DiagnosticException(SourceLocation.None, $"archive member field `{text}' does not fit in {field.Length} bytes");
        Encoding.UTF8.GetBytes(text, field);
    }
}
