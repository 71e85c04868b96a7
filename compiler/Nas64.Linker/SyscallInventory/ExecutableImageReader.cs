using System.Buffers.Binary;
using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;

namespace Nas64.Linker.SyscallInventory;

/// <summary>
/// Reads the code of an ELF file or ar archive: relocatable objects through <see cref="ElfReader"/>, executables
/// (ELF32 or ELF64, ET_EXEC or ET_DYN) from their section headers, or from their executable PT_LOAD segments when
/// the section headers are gone.
/// </summary>
public static class ExecutableImageReader
{
    private const int EtRel = 1;
    private const uint ShtProgBits = 1;
    private const uint ShtSymTab = 2;
    private const ulong ShfAlloc = 2;
    private const ulong ShfExecInstr = 4;
    private const uint PtLoad = 1;
    private const uint PfX = 1;

    public static CodeImage Read(string file, byte[] bytes)
    {
        if (ArchiveReader.IsArchive(bytes)) return ReadArchive(file, bytes);
        if (!ElfReader.IsElf(bytes)) throw Error(file, 0, "not an ELF file (bad magic)");
        bool is64 = bytes.Length > 4 && bytes[4] == 2;
        if (bytes.Length < (is64 ? 64 : 52)) throw Error(file, 0, "ELF header is truncated");
        int type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16));
        if (type == EtRel && is64) return ObjectImage.FromModule(file, ElfReader.Read(file, bytes));
        // ELF32 objects too (ElfReader reads only what the linker links): each section at its address 0, relocations unapplied.
        CodeImage image = ReadExecutable(file, bytes, is64 ? Layout.Elf64 : Layout.Elf32);
        return type == EtRel ? image with { Entry = null } : image;
    }

    /// <summary>Every member's code, each region named `member(section)`.</summary>
    private static CodeImage ReadArchive(string file, byte[] bytes)
    {
        var archive = ArchiveReader.Open(file, bytes);
        var regions = new List<CodeRegion>();
        var symbols = new List<ImageSymbol>();
        int bits = 64;
        for (int m = 0; m < archive.Members.Count; m++)
        {
            CodeImage member = ObjectImage.FromModule(file, archive.ReadMember(m));
            if (m == 0) bits = member.Bits;
            foreach (ImageSymbol symbol in member.Symbols) symbols.Add(symbol with { Region = symbol.Region + regions.Count });
            foreach (CodeRegion region in member.Regions) regions.Add(region with { Name = $"{archive.Members[m].Name}({region.Name})" });
        }
        return new CodeImage(file, bits, regions, symbols, null);
    }

    /// <summary>Where ELF32 and ELF64 keep the fields read here.</summary>
    private sealed record Layout(int Bits, int Entry, int PhOff, int ShOff, int PhNum, int ShNum, int ShStrNdx,
        int ShSize, int ShFlags, int ShAddr, int ShOffset, int ShLength, int ShLink,
        int SymSize, int SymValue, int SymInfo, int SymShndx,
        int PhSize, int PhFlags, int PhOffset, int PhVaddr, int PhFilesz)
    {
        public static readonly Layout Elf64 = new(64, 24, 32, 40, 56, 60, 62, 64, 8, 16, 24, 32, 40, 24, 8, 4, 6, 56, 4, 8, 16, 32);
        public static readonly Layout Elf32 = new(32, 24, 28, 32, 44, 48, 50, 40, 8, 12, 16, 20, 24, 16, 4, 12, 14, 32, 24, 4, 8, 16);

        /// <summary>An address-sized field: 8 bytes in ELF64, 4 in ELF32.</summary>
        public ulong Word(ReadOnlySpan<byte> bytes, int at) =>
            Bits == 64 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
    }

    private static DiagnosticException Error(string file, long offset, string message) => new(new SourceLocation(file, 0, offset), message);

    private static ReadOnlySpan<byte> Slice(string file, byte[] bytes, ulong offset, ulong length, string what)
    {
        if (offset > (ulong)bytes.Length || length > (ulong)bytes.Length - offset)
            throw Error(file, (long)Math.Min(offset, (ulong)bytes.Length), $"{what} (offset 0x{offset:x}, size 0x{length:x}) extends beyond the end of the file");
        return bytes.AsSpan((int)offset, (int)length);
    }

    private static CodeImage ReadExecutable(string file, byte[] bytes, Layout layout)
    {
        var header = bytes.AsSpan();
        ulong entry = layout.Word(header, layout.Entry);
        ulong phoff = layout.Word(header, layout.PhOff);
        ulong shoff = layout.Word(header, layout.ShOff);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(header[layout.PhNum..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(header[layout.ShNum..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(header[layout.ShStrNdx..]);
        var regions = new List<CodeRegion>();
        var symbols = new List<ImageSymbol>();
        if (shoff != 0 && shnum > 0)
        {
            var table = Slice(file, bytes, shoff, (ulong)(shnum * layout.ShSize), "section header table");
            var sections = new (uint Name, uint Type, ulong Flags, ulong Addr, ulong Offset, ulong Size, uint Link)[shnum];
            for (int i = 0; i < shnum; i++)
            {
                var s = table.Slice(i * layout.ShSize, layout.ShSize);
                sections[i] = (BinaryPrimitives.ReadUInt32LittleEndian(s), BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
                    layout.Word(s, layout.ShFlags), layout.Word(s, layout.ShAddr), layout.Word(s, layout.ShOffset),
                    layout.Word(s, layout.ShLength), BinaryPrimitives.ReadUInt32LittleEndian(s[layout.ShLink..]));
            }
            ReadOnlySpan<byte> names = shstrndx < shnum
                ? Slice(file, bytes, sections[shstrndx].Offset, sections[shstrndx].Size, "section name table") : [];
            var regionOfSection = new int[shnum];
            for (int i = 0; i < shnum; i++)
            {
                regionOfSection[i] = -1;
                var s = sections[i];
                if (s.Type != ShtProgBits || (s.Flags & (ShfAlloc | ShfExecInstr)) != (ShfAlloc | ShfExecInstr)) continue;
                regionOfSection[i] = regions.Count;
                regions.Add(new CodeRegion(CString(names, s.Name), s.Addr, Slice(file, bytes, s.Offset, s.Size, "section").ToArray()));
            }
            for (int i = 0; i < shnum; i++)
            {
                if (sections[i].Type != ShtSymTab || sections[i].Link >= shnum) continue;
                var symtab = Slice(file, bytes, sections[i].Offset, sections[i].Size, "symbol table");
                var strtab = Slice(file, bytes, sections[sections[i].Link].Offset, sections[sections[i].Link].Size, "string table");
                for (int at = layout.SymSize; at + layout.SymSize <= symtab.Length; at += layout.SymSize)
                {
                    var sym = symtab.Slice(at, layout.SymSize);
                    int kind = sym[layout.SymInfo] & 0xf;
                    int shndx = BinaryPrimitives.ReadUInt16LittleEndian(sym[layout.SymShndx..]);
                    // Functions and plain labels name code; sections, files and data do not.
                    if (kind is not (0 or 2) || shndx == 0 || shndx >= shnum || regionOfSection[shndx] < 0) continue;
                    string name = CString(strtab, BinaryPrimitives.ReadUInt32LittleEndian(sym));
                    if (name.Length > 0) symbols.Add(new ImageSymbol(name, regionOfSection[shndx], layout.Word(sym, layout.SymValue), kind == 2));
                }
            }
        }
        if (regions.Count == 0 && phoff != 0)
        {
            var table = Slice(file, bytes, phoff, (ulong)(phnum * layout.PhSize), "program header table");
            for (int i = 0; i < phnum; i++)
            {
                var p = table.Slice(i * layout.PhSize, layout.PhSize);
                if (BinaryPrimitives.ReadUInt32LittleEndian(p) != PtLoad || (BinaryPrimitives.ReadUInt32LittleEndian(p[layout.PhFlags..]) & PfX) == 0) continue;
                ulong offset = layout.Word(p, layout.PhOffset);
                ulong vaddr = layout.Word(p, layout.PhVaddr);
                ulong filesz = layout.Word(p, layout.PhFilesz);
                regions.Add(new CodeRegion($"LOAD[{i}]", vaddr, Slice(file, bytes, offset, filesz, "segment").ToArray()));
            }
        }
        return new CodeImage(file, layout.Bits, regions, symbols, entry);
    }

    private static string CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length) return "";
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }
}
