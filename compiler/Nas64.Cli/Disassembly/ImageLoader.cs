using System.Buffers.Binary;
using System.Text;
using Nas64.Objects;
using Nas64.Objects.Elf;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Cli.Disassembly;

/// <summary>Reads a file to disassemble: an ELF relocatable object (through the project's reader), an ELF
/// executable (its allocated sections from the section headers, labels from .symtab), or flat bytes.</summary>
public static class ImageLoader
{
    public static DisassemblyImage LoadFlat(byte[] bytes, int bits, ulong origin)
    {
        var image = new DisassemblyImage { Kind = ImageKind.Flat, Bits = bits, Origin = origin };
        image.Sections.Add(new ImageSection(".text", SectionFlags.Alloc | SectionFlags.Execute, 1, origin, bytes, (ulong)bytes.Length));
        return image;
    }

    /// <summary>An ELF file: relocatable objects keep their relocations; executables are read as placed sections.</summary>
    public static DisassemblyImage LoadElf(string path, byte[] bytes)
    {
        if (bytes.Length < 52) throw new DiagnosticException(new SourceLocation(path, 0, 0), "file too short for an ELF header");
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16));
        return type == EtRel ? LoadObject(path, bytes) : LoadExecutable(path, bytes);
    }

    private static DisassemblyImage LoadObject(string path, byte[] bytes)
    {
        ObjectModule module = bytes[4] == ElfClass32 ? Elf32ObjectReader.Read(path, bytes) : ElfReader.Read(path, bytes);
        var image = new DisassemblyImage { Kind = ImageKind.Object, Bits = module.Bits };
        var bySection = new Dictionary<Section, ImageSection>();
        foreach (Section section in module.Sections)
        {
            if ((section.Flags & SectionFlags.Alloc) == 0 && section.Type != SectionType.ProgBits) continue;
            // Unwind tables are all PC-relative data, which NASM source cannot spell; the assembler writes its own GNU-stack note.
            if (section.Name is ".eh_frame" or ".note.GNU-stack") continue;
            byte[] data = section.IsNoBits ? [] : section.Data.ToArray();
            var imageSection = new ImageSection(section.Name, section.Flags, section.Alignment, 0, data, section.Size)
            {
                Type = section.Type,
                Source = section,
            };
            foreach (Relocation relocation in section.Relocations) imageSection.Relocations[relocation.Offset] = relocation;
            image.Sections.Add(imageSection);
            bySection[section] = imageSection;
        }
        foreach (Symbol symbol in module.Symbols)
        {
            if (symbol.Type is SymbolType.Section or SymbolType.File || symbol.Name.Length == 0) continue;
            image.Symbols.Add(symbol);
            if (symbol.Section is not null && bySection.TryGetValue(symbol.Section, out var owner)) owner.AddLabel(symbol.Value, symbol.Name);
        }
        return image;
    }

    private readonly record struct Header(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, ulong Align);

    private static DisassemblyImage LoadExecutable(string path, byte[] bytes)
    {
        bool is64 = bytes[4] == ElfClass64;
        var span = bytes.AsSpan();
        ulong shoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(span[40..]) : BinaryPrimitives.ReadUInt32LittleEndian(span[32..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[(is64 ? 58 : 46)..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[(is64 ? 60 : 48)..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[(is64 ? 62 : 50)..]);
        if (shoff == 0 || shnum == 0 || shoff + (ulong)(shnum * shentsize) > (ulong)bytes.Length)
            throw new DiagnosticException(new SourceLocation(path, 0, is64 ? 40 : 32), "executable without section headers (not supported)");

        var raw = new Header[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var h = span.Slice((int)shoff + i * shentsize, shentsize);
            raw[i] = is64
                ? new Header("", BinaryPrimitives.ReadUInt32LittleEndian(h[4..]), BinaryPrimitives.ReadUInt64LittleEndian(h[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(h[16..]), BinaryPrimitives.ReadUInt64LittleEndian(h[24..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(h[32..]), BinaryPrimitives.ReadUInt32LittleEndian(h[40..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(h[48..]))
                : new Header("", BinaryPrimitives.ReadUInt32LittleEndian(h[4..]), BinaryPrimitives.ReadUInt32LittleEndian(h[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(h[12..]), BinaryPrimitives.ReadUInt32LittleEndian(h[16..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), BinaryPrimitives.ReadUInt32LittleEndian(h[24..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(h[32..]));
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(h);
            raw[i] = raw[i] with { Name = nameOffset.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        var names = shstrndx < shnum ? Slice(path, bytes, raw[shstrndx].Offset, raw[shstrndx].Size) : [];
        for (int i = 0; i < shnum; i++) raw[i] = raw[i] with { Name = CString(names, uint.Parse(raw[i].Name, System.Globalization.CultureInfo.InvariantCulture)) };

        var sections = new ImageSection?[shnum];
        var kept = new List<ImageSection>();
        for (int i = 1; i < shnum; i++)
        {
            Header h = raw[i];
            if ((h.Flags & ShfAlloc) == 0 || h.Size == 0 || (h.Type != ShtProgBits && h.Type != ShtNoBits)) continue;
            var flags = SectionFlags.Alloc;
            if ((h.Flags & ShfWrite) != 0) flags |= SectionFlags.Write;
            if ((h.Flags & ShfExecInstr) != 0) flags |= SectionFlags.Execute;
            if (h.Type == ShtNoBits) flags |= SectionFlags.NoBits;
            byte[] data = h.Type == ShtNoBits ? [] : Slice(path, bytes, h.Offset, h.Size).ToArray();
            sections[i] = new ImageSection(h.Name, flags, h.Align, h.Address, data, h.Size);
            kept.Add(sections[i]!);
        }
        kept.Sort((a, b) => a.Address.CompareTo(b.Address));
        var image = new DisassemblyImage { Kind = ImageKind.Executable, Bits = is64 ? 64 : 32, Origin = kept.Count > 0 ? kept[0].Address : 0 };
        image.Sections.AddRange(kept);

        for (int i = 1; i < shnum; i++)
        {
            if (raw[i].Type != ShtSymTab || raw[i].Link >= shnum) continue;
            var symbols = Slice(path, bytes, raw[i].Offset, raw[i].Size);
            var strings = Slice(path, bytes, raw[raw[i].Link].Offset, raw[raw[i].Link].Size);
            int entry = is64 ? 24 : 16;
            for (int at = entry; at + entry <= symbols.Length; at += entry)
            {
                var s = symbols.Slice(at, entry);
                uint name = BinaryPrimitives.ReadUInt32LittleEndian(s);
                byte info = s[is64 ? 4 : 12];
                ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(s[(is64 ? 6 : 14)..]);
                ulong value = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(s[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
                int symbolType = info & 0xf;
                if (symbolType is SttSection or SttFile || shndx == 0 || shndx >= shnum || sections[shndx] is not { } owner) continue;
                string symbolName = CString(strings, name);
                if (symbolName.Length == 0 || value < owner.Address || value > owner.Address + owner.Size) continue;
                owner.AddLabel(value - owner.Address, symbolName);
            }
        }
        return image;
    }

    private static ReadOnlySpan<byte> Slice(string path, byte[] bytes, ulong offset, ulong size)
    {
        if (offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset)
            throw new DiagnosticException(new SourceLocation(path, 0, (long)offset), $"section data (offset 0x{offset:x}, size 0x{size:x}) extends beyond the end of the file");
        return bytes.AsSpan((int)offset, (int)size);
    }

    private static string CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length) return "";
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }
}
