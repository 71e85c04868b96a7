using System.Buffers.Binary;
using System.Text;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Renders an ELF32 or ELF64 relocatable object as text for comparison: content sections (type, flags,
/// alignment, entry size, bytes), symbols in table order with section names instead of indices, and
/// relocations with symbol names. Layout (file offsets, section order of the tables) is left out;
/// an empty .note.GNU-stack, which nas64 adds by default and nasm does not, is skipped.
/// </summary>
public static class ElfDescription
{
    private const uint ShtSymtab = 2, ShtStrtab = 3, ShtRela = 4, ShtRel = 9;

    private sealed record Header(string Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntrySize);

    public static string Describe(byte[] elf)
    {
        bool is64 = elf[4] == 2;
        ulong shoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28)) : BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(0x20));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(is64 ? 0x3a : 0x2e));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(is64 ? 0x3c : 0x30));
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(is64 ? 0x3e : 0x32));
        var raw = new List<(uint Name, Header H)>();
        for (int i = 0; i < shnum; i++)
        {
            var s = elf.AsSpan((int)shoff + i * shentsize);
            raw.Add(is64
                ? (U32(s, 0), new Header("", U32(s, 4), U64(s, 8), U64(s, 24), U64(s, 32), U32(s, 40), U32(s, 44), U64(s, 48), U64(s, 56)))
                : (U32(s, 0), new Header("", U32(s, 4), U32(s, 8), U32(s, 16), U32(s, 20), U32(s, 24), U32(s, 28), U32(s, 32), U32(s, 36))));
        }
        var names = raw[shstrndx].H;
        var sections = raw.ConvertAll(r => r.H with { Name = CString(elf, names.Offset + r.Name) });
        bool Skipped(int index) => index > 0 && index < sections.Count && sections[index].Name == ".note.GNU-stack" && sections[index].Size == 0;

        var text = new StringBuilder();
        var symbolNames = new List<string>();
        for (int i = 1; i < sections.Count; i++)
        {
            var h = sections[i];
            if (h.Type != ShtSymtab) continue;
            var strtab = sections[(int)h.Link];
            int size = is64 ? 24 : 16;
            for (ulong at = h.Offset; at < h.Offset + h.Size; at += (ulong)size)
            {
                var s = elf.AsSpan((int)at);
                uint name = U32(s, 0);
                ulong value = is64 ? U64(s, 8) : U32(s, 4);
                ulong symSize = is64 ? U64(s, 16) : U32(s, 8);
                byte info = s[is64 ? 4 : 12], other = s[is64 ? 5 : 13];
                int shndx = BinaryPrimitives.ReadUInt16LittleEndian(s[(is64 ? 6 : 14)..]);
                string symName = CString(elf, strtab.Offset + name);
                string where = shndx switch { 0 => "UND", 0xfff1 => "ABS", 0xfff2 => "COM", _ => sections[shndx].Name };
                if ((info & 0xf) == 3) symName = $"[{where}]";
                symbolNames.Add(symName);
                if (Skipped(shndx)) continue;
                text.Append($"symbol {symName} bind={info >> 4} type={info & 0xf} vis={other & 3} {where} value={value:x} size={symSize}\n");
            }
        }
        for (int i = 1; i < sections.Count; i++)
        {
            var h = sections[i];
            if (h.Type is ShtSymtab or ShtStrtab || Skipped(i)) continue;
            if (h.Type is ShtRela or ShtRel)
            {
                text.Append($"relocations for {sections[(int)h.Info].Name}\n");
                int size = h.Type == ShtRela ? (is64 ? 24 : 12) : (is64 ? 16 : 8);
                for (ulong at = h.Offset; at < h.Offset + h.Size; at += (ulong)size)
                {
                    var s = elf.AsSpan((int)at);
                    ulong offset = is64 ? U64(s, 0) : U32(s, 0);
                    ulong info = is64 ? U64(s, 8) : U32(s, 4);
                    long addend = h.Type != ShtRela ? 0 : is64 ? (long)U64(s, 16) : (int)U32(s, 8);
                    int symbol = (int)(is64 ? info >> 32 : info >> 8);
                    uint type = (uint)(is64 ? info & 0xffffffff : info & 0xff);
                    text.Append($"  {offset:x} type={type} {symbolNames[symbol]} {addend}\n");
                }
                continue;
            }
            text.Append($"section {h.Name} type={h.Type} flags={h.Flags:x} align={h.Align} entsize={h.EntrySize} size={h.Size}\n");
            if (h.Type != 8) text.Append(NasmComparison.Hex(elf.AsSpan((int)h.Offset, (int)h.Size).ToArray()));
        }
        return text.ToString();
    }

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    private static string CString(byte[] bytes, ulong offset)
    {
        int end = Array.IndexOf(bytes, (byte)0, (int)offset);
        return System.Text.Encoding.UTF8.GetString(bytes, (int)offset, end - (int)offset);
    }
}
