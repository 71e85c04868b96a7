using System.Buffers.Binary;
using System.Text;
using Nas64.Objects;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Cli.Disassembly;

/// <summary>
/// An ELF32 (i386) relocatable object as a module, for disassembly only (the project's reader takes ELF64,
/// which is all the linker needs). REL relocations keep their addend in the field, so it is read from there;
/// i386 types map to the model's x86-64 numbering.
/// </summary>
public static class Elf32ObjectReader
{
    private readonly record struct Header(uint Name, uint Type, uint Flags, uint Offset, uint Size, uint Link, uint Info, uint Align);

    public static ObjectModule Read(string path, byte[] bytes)
    {
        var span = bytes.AsSpan();
        uint shoff = BinaryPrimitives.ReadUInt32LittleEndian(span[32..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[46..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[48..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[50..]);
        if (shentsize < 40 || (ulong)shoff + (ulong)(shnum * shentsize) > (ulong)bytes.Length || shstrndx >= shnum)
            throw new DiagnosticException(new SourceLocation(path, 0, 32), "ELF32 section headers lie outside the file");
        var headers = new Header[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var h = span.Slice((int)shoff + i * shentsize, shentsize);
            headers[i] = new Header(BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[8..]), BinaryPrimitives.ReadUInt32LittleEndian(h[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), BinaryPrimitives.ReadUInt32LittleEndian(h[24..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[28..]), BinaryPrimitives.ReadUInt32LittleEndian(h[32..]));
        }
        var names = Slice(path, bytes, headers[shstrndx].Offset, headers[shstrndx].Size);
        var module = new ObjectModule(path, 32);
        var sections = new Section?[shnum];
        for (int i = 1; i < shnum; i++)
        {
            Header h = headers[i];
            if (h.Type is not (ShtProgBits or ShtNoBits or ShtNote or ShtInitArray or ShtFiniArray or ShtPreinitArray)) continue;
            var flags = SectionFlags.None;
            if ((h.Flags & ShfAlloc) != 0) flags |= SectionFlags.Alloc;
            if ((h.Flags & ShfWrite) != 0) flags |= SectionFlags.Write;
            if ((h.Flags & ShfExecInstr) != 0) flags |= SectionFlags.Execute;
            if (h.Type == ShtNoBits) flags |= SectionFlags.NoBits;
            var section = new Section(CString(names, h.Name), flags, h.Align, (SectionType)h.Type);
            if (h.Type == ShtNoBits) section.Size = h.Size;
            else section.Data.Write(Slice(path, bytes, h.Offset, h.Size));
            sections[i] = module.AddSection(section);
        }
        var symbols = new Symbol?[0];
        for (int i = 1; i < shnum; i++)
        {
            if (headers[i].Type != ShtSymTab || headers[i].Link >= shnum) continue;
            var table = Slice(path, bytes, headers[i].Offset, headers[i].Size);
            var strings = Slice(path, bytes, headers[headers[i].Link].Offset, headers[headers[i].Link].Size);
            symbols = new Symbol?[table.Length / 16];
            for (int n = 1; n < symbols.Length; n++)
            {
                var s = table.Slice(n * 16, 16);
                string name = CString(strings, BinaryPrimitives.ReadUInt32LittleEndian(s));
                uint value = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
                byte info = s[12];
                ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(s[14..]);
                Section? owner = shndx > 0 && shndx < shnum ? sections[shndx] : null;
                if ((info & 0xf) == SttSection)
                {
                    symbols[n] = owner is null ? null : module.GetSectionSymbol(owner);
                    continue;
                }
                if ((info & 0xf) == SttFile) continue;
                var symbol = new Symbol(name)
                {
                    Binding = (info >> 4) switch { StbGlobal => SymbolBinding.Global, StbWeak => SymbolBinding.Weak, _ => SymbolBinding.Local },
                    Type = (info & 0xf) switch { SttFunc => SymbolType.Function, SttObject => SymbolType.Object, _ => SymbolType.NoType },
                    Section = owner,
                    Value = value,
                    Size = size,
                    IsAbsolute = shndx == ShnAbs,
                    IsCommon = shndx == ShnCommon,
                };
                symbols[n] = name.Length == 0 ? symbol : module.FindSymbol(name) ?? module.AddSymbol(symbol);
            }
        }
        for (int i = 1; i < shnum; i++)
        {
            if (headers[i].Type != ShtRel || headers[i].Info >= shnum || sections[headers[i].Info] is not { } target) continue;
            var table = Slice(path, bytes, headers[i].Offset, headers[i].Size);
            byte[] data = target.Data.ToArray();
            for (int at = 0; at + 8 <= table.Length; at += 8)
            {
                uint offset = BinaryPrimitives.ReadUInt32LittleEndian(table[at..]);
                uint info = BinaryPrimitives.ReadUInt32LittleEndian(table[(at + 4)..]);
                int index = (int)(info >> 8);
                if (index >= symbols.Length || symbols[index] is not { } symbol) continue;
                (RelocationType type, int size) = (info & 0xff) switch
                {
                    1 => (RelocationType.Abs32, 4),
                    2 => (RelocationType.Pc32, 4),
                    4 => (RelocationType.Plt32, 4),
                    20 => (RelocationType.Abs16, 2),
                    21 => (RelocationType.Pc16, 2),
                    22 => (RelocationType.Abs8, 1),
                    23 => (RelocationType.Pc8, 1),
                    _ => throw new DiagnosticException(new SourceLocation(path, 0, headers[i].Offset + at), $"i386 relocation type {info & 0xff} not supported by disasm"),
                };
                if (offset + size > data.Length) continue;
                long addend = size switch
                {
                    4 => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan((int)offset)),
                    2 => BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan((int)offset)),
                    _ => (sbyte)data[offset],
                };
                target.Relocations.Add(new Relocation(offset, type, symbol, addend));
            }
        }
        return module;
    }

    private static ReadOnlySpan<byte> Slice(string path, byte[] bytes, uint offset, uint size)
    {
        if ((ulong)offset + size > (ulong)bytes.Length)
            throw new DiagnosticException(new SourceLocation(path, 0, offset), $"section data (offset 0x{offset:x}, size 0x{size:x}) extends beyond the end of the file");
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
