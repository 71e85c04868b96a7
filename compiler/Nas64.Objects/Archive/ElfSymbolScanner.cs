using System.Buffers.Binary;
using System.Text;

namespace Nas64.Objects.Archive;

/// <summary>
/// Just enough ELF reading for an archive's symbol table: the names of the global and weak symbols an
/// ELF32 or ELF64 little-endian file defines (common and absolute included), in .symtab order.
/// </summary>
internal static class ElfSymbolScanner
{
    private const uint ShtSymTab = 2;
    private const int StbGlobal = 1, StbWeak = 2, StbGnuUnique = 10;

    public static bool IsElf(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 16 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    public static void AddDefinedGlobals(ReadOnlySpan<byte> file, string member, List<string> names)
    {
        bool is64 = file[4] == 2;
        if (file[4] is not (1 or 2) || file[5] != 1)
            throw Bad(member, 4, "is not a little-endian ELF32 or ELF64 file");
        ulong shoff = is64 ? U64(file, 0x28, member) : U32(file, 0x20, member);
        int shentsize = U16(file, is64 ? 0x3a : 0x2e, member);
        int shnum = U16(file, is64 ? 0x3c : 0x30, member);
        for (int i = 0; i < shnum; i++)
        {
            long header = (long)shoff + (long)i * shentsize;
            if (U32(file, header + 4, member) != ShtSymTab) continue;
            ulong offset = is64 ? U64(file, header + 0x18, member) : U32(file, header + 0x10, member);
            ulong size = is64 ? U64(file, header + 0x20, member) : U32(file, header + 0x14, member);
            uint link = U32(file, header + (is64 ? 0x28 : 0x18), member);
            ulong entsize = is64 ? U64(file, header + 0x38, member) : U32(file, header + 0x24, member);
            if (link >= shnum || entsize == 0) throw Bad(member, header, "has a malformed .symtab header");
            long strHeader = (long)shoff + (long)link * shentsize;
            ulong strOffset = is64 ? U64(file, strHeader + 0x18, member) : U32(file, strHeader + 0x10, member);
            ulong strSize = is64 ? U64(file, strHeader + 0x20, member) : U32(file, strHeader + 0x14, member);
            var strings = Slice(file, strOffset, strSize, member);
            for (ulong at = offset; at + entsize <= offset + size; at += entsize)
            {
                long entry = (long)at;
                uint name = U32(file, entry, member);
                byte info = Byte(file, entry + (is64 ? 4 : 12), member);
                ushort section = U16(file, entry + (is64 ? 6 : 14), member);
                int binding = info >> 4;
                if (section == 0 || name == 0 || binding is not (StbGlobal or StbWeak or StbGnuUnique)) continue;
                if (name >= strings.Length) throw Bad(member, entry, "has a symbol name outside .strtab");
                var text = strings[(int)name..];
                int end = text.IndexOf((byte)0);
                names.Add(Encoding.UTF8.GetString(end < 0 ? text : text[..end]));
            }
            return;
        }
    }

    private static DiagnosticException Bad(string member, long offset, string message) =>
        new(new SourceLocation(member, 0, offset), $"archive member {message}");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> file, ulong offset, ulong length, string member)
    {
        if (offset > (ulong)file.Length || length > (ulong)file.Length - offset)
            throw Bad(member, (long)Math.Min(offset, (ulong)long.MaxValue), "is truncated");
        return file.Slice((int)offset, (int)length);
    }

    private static byte Byte(ReadOnlySpan<byte> file, long offset, string member) => Slice(file, (ulong)offset, 1, member)[0];
    private static ushort U16(ReadOnlySpan<byte> file, long offset, string member) =>
        BinaryPrimitives.ReadUInt16LittleEndian(Slice(file, (ulong)offset, 2, member));
    private static uint U32(ReadOnlySpan<byte> file, long offset, string member) =>
        BinaryPrimitives.ReadUInt32LittleEndian(Slice(file, (ulong)offset, 4, member));
    private static ulong U64(ReadOnlySpan<byte> file, long offset, string member) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Slice(file, (ulong)offset, 8, member));
}
