using System.Buffers.Binary;
using System.Text;
using Nas64.Objects.Elf;

namespace Nas64.Objects.Archive;

/// <summary>
/// Reads a Unix <c>ar</c> archive: GNU (symbol table <c>/</c> or <c>/SYM64/</c>, long names <c>//</c>,
/// <c>name/</c>) and BSD (<c>#1/len</c> names, <c>__.SYMDEF</c>) layouts. Opening scans only the member
/// headers and the symbol table; a member is parsed as ELF only when <see cref="ReadMember"/> asks,
/// as a linker pulls members lazily.
/// </summary>
public sealed class ArchiveReader
{
    /// <summary>One member of an archive: its name, where its header starts, and its bytes (a slice, not a copy).</summary>
    public sealed record Member(string Name, long HeaderOffset, ReadOnlyMemory<byte> Data);

    /// <summary>An archive symbol-index entry: a global name and the index of the member defining it.</summary>
    public readonly record struct IndexEntry(string Name, int MemberIndex);

    private const int HeaderSize = 60;
    private static ReadOnlySpan<byte> Magic => "!<arch>\n"u8;
    private static ReadOnlySpan<byte> ThinMagic => "!<thin>\n"u8;

    private readonly List<Member> _members = [];
    private readonly List<IndexEntry> _symbols = [];
    private readonly ObjectModule?[] _modules;

    private readonly bool _forLink;

    private ArchiveReader(string displayName, ReadOnlyMemory<byte> bytes, bool forLink)
    {
        DisplayName = displayName;
        _forLink = forLink;
        Parse(bytes);
        _modules = new ObjectModule?[_members.Count];
    }

    /// <summary>The archive's name in diagnostics and in member display names, <c>lib.a(member.o)</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Members in archive order (the symbol table and long-name table are not members).</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>The archive's symbol index, in its own order; empty when the archive has none.</summary>
    public IReadOnlyList<IndexEntry> Symbols => _symbols;

    /// <summary>True when the archive carried a symbol index (<c>ar s</c> / ranlib).</summary>
    public bool HasSymbolIndex { get; private set; }

    /// <summary>True when <paramref name="bytes"/> start with the ar magic (regular or thin).</summary>
    public static bool IsArchive(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic) || bytes.StartsWith(ThinMagic);

    /// <summary>Scans the archive's member headers; throws <see cref="DiagnosticException"/> on bad input.
    /// With <paramref name="forLink"/>, members are read with <see cref="ElfReader.ReadForLink"/>.</summary>
    public static ArchiveReader Open(string displayName, ReadOnlyMemory<byte> bytes, bool forLink = false) => new(displayName, bytes, forLink);

    /// <summary>The member parsed as an ELF object, once; its display name is <c>archive(member)</c>.</summary>
    public ObjectModule ReadMember(int index)
    {
        if (_modules[index] is { } cached) return cached;
        var member = _members[index];
        string name = $"{DisplayName}({member.Name})";
        var module = _forLink ? ElfReader.ReadForLink(name, member.Data) : ElfReader.Read(name, member.Data);
        _modules[index] = module;
        return module;
    }

    private DiagnosticException Error(long offset, string message) => new(new SourceLocation(DisplayName, 0, offset), message);

    private void Parse(ReadOnlyMemory<byte> memory)
    {
        var bytes = memory.Span;
        if (bytes.StartsWith(ThinMagic)) throw Error(0, "thin archives are not supported");
        if (!bytes.StartsWith(Magic)) throw Error(0, "not an ar archive (bad magic)");
        ReadOnlyMemory<byte> longNames = default;
        ReadOnlyMemory<byte> gnuIndex = default, bsdIndex = default;
        bool index64 = false;
        long position = Magic.Length;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < HeaderSize)
                throw Error(position, $"truncated member header ({bytes.Length - position} bytes, need {HeaderSize})");
            var header = bytes.Slice((int)position, HeaderSize);
            if (header[58] != (byte)'`' || header[59] != (byte)'\n') throw Error(position + 58, "bad member header terminator");
            long size = ParseDecimal(header.Slice(48, 10), position + 48);
            long dataStart = position + HeaderSize;
            if (size > bytes.Length - dataStart)
                throw Error(position + 48, $"member size {size} extends beyond the end of the archive");
            var data = memory.Slice((int)dataStart, (int)size);
            string rawName = Encoding.ASCII.GetString(header[..16]).TrimEnd(' ');
            string name;
            if (rawName == "/") { gnuIndex = data; name = ""; }
            else if (rawName == "/SYM64/") { gnuIndex = data; index64 = true; name = ""; }
            else if (rawName == "//") { longNames = data; name = ""; }
            else if (rawName.StartsWith("#1/", StringComparison.Ordinal))
            {
                long length = ParseDecimal(header.Slice(3, 13), position + 3);
                if (length > size) throw Error(position, $"BSD member name length {length} exceeds member size {size}");
                name = Encoding.UTF8.GetString(data.Span[..(int)length]).TrimEnd('\0');
                data = data[(int)length..];
                if (name is "__.SYMDEF" or "__.SYMDEF SORTED") { bsdIndex = data; name = ""; }
            }
            else if (rawName.Length > 1 && rawName[0] == '/' && char.IsAsciiDigit(rawName[1]))
                name = LongName(longNames.Span, ParseDecimal(header.Slice(1, 15), position + 1), position);
            else if (rawName is "__.SYMDEF" or "__.SYMDEF SORTED") { bsdIndex = data; name = ""; }
            else name = rawName.EndsWith('/') ? rawName[..^1] : rawName;

            if (name.Length > 0) _members.Add(new Member(name, position, data));
            position = dataStart + size + (size & 1);
        }
        if (!gnuIndex.IsEmpty) ReadGnuIndex(gnuIndex.Span, index64);
        else if (!bsdIndex.IsEmpty) ReadBsdIndex(bsdIndex.Span);
    }

    private string LongName(ReadOnlySpan<byte> table, long offset, long headerOffset)
    {
        if (offset >= table.Length) throw Error(headerOffset, $"long member name offset {offset} beyond the name table (size {table.Length})");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)'\n');
        if (end < 0) end = rest.Length;
        var name = rest[..end];
        if (name.Length > 0 && name[^1] == (byte)'/') name = name[..^1];
        return Encoding.UTF8.GetString(name);
    }

    private long ParseDecimal(ReadOnlySpan<byte> field, long offset)
    {
        long value = 0;
        bool any = false;
        foreach (byte b in field)
        {
            if (b == (byte)' ') { if (any) break; continue; }
            if (b < (byte)'0' || b > (byte)'9') throw Error(offset, $"bad decimal number in member header: '{Encoding.ASCII.GetString(field).Trim()}'");
            value = value * 10 + (b - '0');
            any = true;
            if (value > int.MaxValue) throw Error(offset, "member header number too large");
        }
        if (!any) throw Error(offset, "empty number in member header");
        return value;
    }

    private int MemberAt(long headerOffset, long reportAt)
    {
        int lo = 0, hi = _members.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long at = _members[mid].HeaderOffset;
            if (at == headerOffset) return mid;
            if (at < headerOffset) lo = mid + 1; else hi = mid - 1;
        }
        throw Error(reportAt, $"symbol index points at offset {headerOffset}, which is not a member header");
    }

    private void ReadGnuIndex(ReadOnlySpan<byte> index, bool wide)
    {
        int word = wide ? 8 : 4;
        if (index.Length < word) throw Error(0, "truncated archive symbol index");
        ulong count = wide ? BinaryPrimitives.ReadUInt64BigEndian(index) : BinaryPrimitives.ReadUInt32BigEndian(index);
        if (count > (ulong)(index.Length / word - 1)) throw Error(0, $"archive symbol index claims {count} symbols, more than fit");
        var offsets = index.Slice(word, (int)count * word);
        var names = index[(word + (int)count * word)..];
        for (int i = 0; i < (int)count; i++)
        {
            long offset = wide ? (long)BinaryPrimitives.ReadUInt64BigEndian(offsets[(i * 8)..]) : BinaryPrimitives.ReadUInt32BigEndian(offsets[(i * 4)..]);
            int end = names.IndexOf((byte)0);
            if (end < 0) throw Error(0, $"archive symbol index: name {i} is not NUL-terminated");
            _symbols.Add(new IndexEntry(Encoding.UTF8.GetString(names[..end]), MemberAt(offset, 0)));
            names = names[(end + 1)..];
        }
        HasSymbolIndex = true;
    }

    private void ReadBsdIndex(ReadOnlySpan<byte> index)
    {
        if (index.Length < 4) throw Error(0, "truncated __.SYMDEF");
        uint rangesSize = BinaryPrimitives.ReadUInt32LittleEndian(index);
        if (rangesSize % 8 != 0 || rangesSize > (uint)index.Length - 8) throw Error(0, "bad __.SYMDEF size");
        var ranges = index.Slice(4, (int)rangesSize);
        uint stringsSize = BinaryPrimitives.ReadUInt32LittleEndian(index[(4 + (int)rangesSize)..]);
        var strings = index[(8 + (int)rangesSize)..];
        if (stringsSize > (uint)strings.Length) throw Error(0, "bad __.SYMDEF string table size");
        strings = strings[..(int)stringsSize];
        for (int i = 0; i < ranges.Length; i += 8)
        {
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(ranges[i..]);
            uint memberOffset = BinaryPrimitives.ReadUInt32LittleEndian(ranges[(i + 4)..]);
            if (nameOffset >= (uint)strings.Length) throw Error(0, "__.SYMDEF name offset out of range");
            var rest = strings[(int)nameOffset..];
            int end = rest.IndexOf((byte)0);
            if (end < 0) end = rest.Length;
            _symbols.Add(new IndexEntry(Encoding.UTF8.GetString(rest[..end]), MemberAt(memberOffset, 0)));
        }
        HasSymbolIndex = true;
    }
}
