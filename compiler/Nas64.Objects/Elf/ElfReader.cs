using System.Buffers.Binary;
using System.Text;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Objects.Elf;

/// <summary>
/// Reads an ELF64 x86-64 relocatable object (ET_REL) into an <see cref="ObjectModule"/>: content
/// sections with their bytes, flags, alignment and entry size; named symbols (locals are kept out of
/// the by-name index, since locals may repeat a name); relocations from SHT_RELA, against named symbols
/// or <see cref="ObjectModule.GetSectionSymbol"/>; COMDAT group signatures on the member sections.
/// Structural sections (symbol and string tables, relocations, groups) are consumed, not kept;
/// SHF_EXCLUDE sections are dropped. Every offset and index is checked: bad input raises a
/// <see cref="DiagnosticException"/> at <c>file: offset</c>, never an out-of-range read.
/// </summary>
public static class ElfReader
{
    private const ulong ShfExclude = 0x80000000;
    private const uint GrpComdat = 1;
    private const byte SttGnuIFunc = 10;
    private const byte StbGnuUnique = 10;

    /// <summary>True when <paramref name="bytes"/> start with the ELF magic.</summary>
    public static bool IsElf(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    public static ObjectModule Read(string displayName, ReadOnlyMemory<byte> bytes) =>
        new Reader(displayName, bytes, compactLocals: false).Read();

    /// <summary>Reads for linking: named locals defined in a section or absolute go to
    /// <see cref="ObjectModule.Locals"/> instead of <see cref="ObjectModule.Symbols"/> (a relocation that
    /// names one still gets a <see cref="Symbol"/>, made for it alone).</summary>
    public static ObjectModule ReadForLink(string displayName, ReadOnlyMemory<byte> bytes) =>
        new Reader(displayName, bytes, compactLocals: true).Read();

    private readonly record struct SectionHeader(
        uint Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong AddrAlign, ulong EntSize);

    private sealed class Reader(string file, ReadOnlyMemory<byte> memory, bool compactLocals)
    {
        private readonly ReadOnlyMemory<byte> _memory = memory;
        private SectionHeader[] _headers = [];
        private Section?[] _sections = [];
        private Symbol?[] _symbols = [];

        /// <summary>With compact locals: for each symbol index, its entry in the module's local table + 1 (0: none).</summary>
        private int[] _localEntries = [];
        private ObjectModule _module = null!;

        private ReadOnlySpan<byte> Bytes => _memory.Span;

        private DiagnosticException Error(long offset, string message) =>
            new(new SourceLocation(file, 0, offset), message);

        /// <summary>The bytes [offset, offset+length) or an error naming <paramref name="what"/>.</summary>
        private ReadOnlySpan<byte> Slice(ulong offset, ulong length, string what, long reportAt)
        {
            ulong size = (ulong)Bytes.Length;
            if (offset > size || length > size - offset)
                throw Error(reportAt, $"{what} (offset 0x{offset:x}, size 0x{length:x}) extends beyond the end of the file (size 0x{size:x})");
            return Bytes.Slice((int)offset, (int)length);
        }

        public ObjectModule Read()
        {
            var span = Bytes;
            if (span.Length < Elf64HeaderSize)
            {
                if (!IsElf(span)) throw Error(0, "not an ELF file (bad magic)");
                throw Error(span.Length, $"truncated ELF header: {span.Length} bytes, need {Elf64HeaderSize}");
            }
            if (!IsElf(span)) throw Error(0, "not an ELF file (bad magic)");
            if (span[4] != ElfClass64) throw Error(4, span[4] == ElfClass32 ? "ELF32 object: only ELF64 x86-64 objects can be linked" : $"bad ELF class {span[4]}");
            if (span[5] != ElfData2Lsb) throw Error(5, "not a little-endian ELF file");
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(span[16..]);
            ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
            if (type != EtRel) throw Error(16, $"not a relocatable object (e_type {type}, expected ET_REL)");
            if (machine != EmX86_64) throw Error(18, $"not an x86-64 object (e_machine {machine})");

            ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(span[40..]);
            ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[58..]);
            ulong shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[60..]);
            uint shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[62..]);
            _module = new ObjectModule(file) { DisplayName = file };
            if (shoff == 0) return _module;
            if (shentsize != Elf64SectionHeaderSize) throw Error(58, $"bad section header size {shentsize}");

            var first = ReadHeader(shoff, 0);
            if (shnum == 0) shnum = first.Size;
            if (shstrndx == ShnXIndex) shstrndx = first.Link;
            if (shnum > (ulong)span.Length / Elf64SectionHeaderSize)
                throw Error(40, $"section header table ({shnum} entries at offset 0x{shoff:x}) extends beyond the end of the file (size 0x{span.Length:x})");
            Slice(shoff, shnum * Elf64SectionHeaderSize, "section header table", 40);

            _headers = new SectionHeader[shnum];
            for (ulong i = 0; i < shnum; i++) _headers[i] = ReadHeader(shoff + i * Elf64SectionHeaderSize, (long)i);
            if (shstrndx >= shnum) throw Error(62, $"section name table index {shstrndx} out of range ({shnum} sections)");
            var names = SectionBytes((int)shstrndx);

            _sections = new Section?[shnum];
            ReadContentSections(names);
            ReadSymbols();
            ReadGroups();
            ReadRelocations();
            return _module;
        }

        private SectionHeader ReadHeader(ulong at, long index)
        {
            var h = Slice(at, Elf64SectionHeaderSize, $"section header {index}", 40);
            return new SectionHeader(
                BinaryPrimitives.ReadUInt32LittleEndian(h),
                BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[44..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[48..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[56..]));
        }

        private long HeaderOffset(int index) =>
            (long)(BinaryPrimitives.ReadUInt64LittleEndian(Bytes[40..]) + (ulong)index * Elf64SectionHeaderSize);

        private ReadOnlySpan<byte> SectionBytes(int index)
        {
            var h = _headers[index];
            if (h.Type == ShtNoBits) return [];
            return Slice(h.Offset, h.Size, $"section {index}", HeaderOffset(index) + 24);
        }

        private string ReadString(ReadOnlySpan<byte> table, uint offset, long reportAt, string what) =>
            Encoding.UTF8.GetString(NameBytes(table, offset, reportAt, what, -1));

        /// <summary>The NUL-terminated name at <paramref name="offset"/>; <paramref name="what"/> (with
        /// <paramref name="index"/> when not negative) names the owner in errors.</summary>
        private ReadOnlySpan<byte> NameBytes(ReadOnlySpan<byte> table, uint offset, long reportAt, string what, int index)
        {
            if (offset >= (uint)table.Length)
                throw Error(reportAt, $"{Owner(what, index)} name offset 0x{offset:x} beyond its string table (size 0x{table.Length:x})");
            var rest = table[(int)offset..];
            int end = rest.IndexOf((byte)0);
            if (end < 0) throw Error(reportAt, $"{Owner(what, index)} name is not NUL-terminated");
            return rest[..end];
        }

        private static string Owner(string what, int index) => index < 0 ? what : $"{what} {index}";

        private void ReadContentSections(ReadOnlySpan<byte> names)
        {
            for (int i = 1; i < _headers.Length; i++)
            {
                var h = _headers[i];
                switch (h.Type)
                {
                    case ShtNull or ShtSymTab or ShtStrTab or ShtRela or ShtGroup or ShtSymTabShndx:
                        continue;
                    case ShtRel:
                        throw Error(HeaderOffset(i) + 4, $"section {i}: SHT_REL relocations are not used on x86-64 (expected SHT_RELA)");
                }
                if ((h.Flags & ShfExclude) != 0) continue;
                string name = ReadString(names, h.Name, HeaderOffset(i), $"section {i}");
                ulong align = h.AddrAlign == 0 ? 1 : h.AddrAlign;
                if ((align & (align - 1)) != 0)
                    throw Error(HeaderOffset(i) + 48, $"section {name}: alignment {align} is not a power of two");
                var section = new Section(name, ToFlags(h), align, (SectionType)h.Type) { EntrySize = h.EntSize };
                if (h.Type == ShtNoBits) section.Size = h.Size;
                else section.Data.Write(SectionBytes(i));
                _sections[i] = section;
                _module.AddSection(section);
            }
        }

        private static SectionFlags ToFlags(SectionHeader h)
        {
            var flags = SectionFlags.None;
            if ((h.Flags & ShfAlloc) != 0) flags |= SectionFlags.Alloc;
            if ((h.Flags & ShfWrite) != 0) flags |= SectionFlags.Write;
            if ((h.Flags & ShfExecInstr) != 0) flags |= SectionFlags.Execute;
            if ((h.Flags & ShfMerge) != 0) flags |= SectionFlags.Merge;
            if ((h.Flags & ShfStrings) != 0) flags |= SectionFlags.Strings;
            if ((h.Flags & ShfTls) != 0) flags |= SectionFlags.Tls;
            if ((h.Flags & ShfGroup) != 0) flags |= SectionFlags.Group;
            if (h.Type == ShtNoBits) flags |= SectionFlags.NoBits;
            return flags;
        }

        private int SymbolTableIndex()
        {
            int found = 0;
            for (int i = 1; i < _headers.Length; i++)
            {
                if (_headers[i].Type != ShtSymTab) continue;
                if (found != 0) throw Error(HeaderOffset(i), "more than one symbol table");
                found = i;
            }
            return found;
        }

        private void ReadSymbols()
        {
            int symtab = SymbolTableIndex();
            if (symtab == 0) return;
            var h = _headers[symtab];
            if (h.EntSize != Elf64SymbolSize) throw Error(HeaderOffset(symtab) + 56, $"symbol table entry size {h.EntSize}, expected {Elf64SymbolSize}");
            if (h.Link >= _headers.Length || _headers[h.Link].Type != ShtStrTab)
                throw Error(HeaderOffset(symtab) + 40, $"symbol table links to section {h.Link}, which is not a string table");
            var table = SectionBytes(symtab);
            var strings = SectionBytes((int)h.Link);
            ReadOnlySpan<byte> extended = [];
            for (int i = 1; i < _headers.Length; i++)
                if (_headers[i].Type == ShtSymTabShndx && _headers[i].Link == symtab) extended = SectionBytes(i);

            int count = table.Length / Elf64SymbolSize;
            _symbols = new Symbol?[count];
            // sh_info is one past the last local: the table's size unless the file lies about it.
            LocalSymbol[]? locals = compactLocals ? new LocalSymbol[Math.Min(h.Info, (uint)count)] : null;
            int localCount = 0;
            if (compactLocals) _localEntries = new int[count];
            for (int i = 1; i < count; i++)
            {
                var entry = table.Slice(i * Elf64SymbolSize, Elf64SymbolSize);
                long at = (long)h.Offset + i * Elf64SymbolSize;
                byte info = entry[4];
                byte other = entry[5];
                uint shndx = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
                byte type = (byte)(info & 0xf);
                byte binding = (byte)(info >> 4);
                if (shndx == ShnXIndex)
                {
                    if ((i + 1) * 4 > extended.Length) throw Error(at + 6, $"symbol {i} uses SHN_XINDEX but has no extended section index");
                    shndx = BinaryPrimitives.ReadUInt32LittleEndian(extended[(i * 4)..]);
                }
                if (type == SttFile)
                {
                    _module.FileSymbolName ??= ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(entry), at, $"symbol {i}") is { Length: > 0 } file ? file : null;
                    continue;
                }
                if (type == SttGnuIFunc)
                {
                    // ld -static would emit R_X86_64_IRELATIVE into .rela.iplt for the program's start-up to
                    // apply; a freestanding program has no such start-up, so refuse it by name instead.
                    string ifunc = ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(entry), at, $"symbol {i}");
                    throw Error(at + 4, $"`{ifunc}' is an indirect function (STT_GNU_IFUNC, gcc's ifunc attribute): not supported; call the resolver's choice directly");
                }
                Section? section = null;
                if (shndx != ShnUndef && shndx != ShnAbs && shndx != ShnCommon)
                {
                    if (shndx >= _headers.Length) throw Error(at + 6, $"symbol {i}: section index {shndx} out of range ({_headers.Length} sections)");
                    section = _sections[shndx];
                    if (section is null)
                    {
                        if ((_headers[shndx].Flags & ShfExclude) != 0 || _headers[shndx].Type == ShtGroup) continue;
                        throw Error(at + 6, $"symbol {i}: section index {shndx} is not a content section");
                    }
                }
                if (type == SttSection)
                {
                    if (section is null) throw Error(at + 6, $"section symbol {i} has no section");
                    _symbols[i] = _module.GetSectionSymbol(section);
                    continue;
                }
                uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
                var nameBytes = NameBytes(strings, nameOffset, at, "symbol", i);
                if (locals is not null && binding == StbLocal && (section is not null || shndx == ShnAbs))
                {
                    if (localCount == locals.Length) Array.Resize(ref locals, Math.Max(16, localCount * 2));
                    locals[localCount++] = new LocalSymbol(nameOffset, section, value, size, ModelType(type));
                    _localEntries[i] = localCount;
                    continue;
                }
                string name = Encoding.UTF8.GetString(nameBytes);
                Symbol symbol;
                if (binding == StbLocal)
                {
                    symbol = new Symbol(name);
                    _module.Symbols.Add(symbol);
                }
                else
                {
                    if (binding != StbGlobal && binding != StbWeak && binding != StbGnuUnique)
                        throw Error(at + 4, $"symbol {name}: unknown binding {binding}");
                    symbol = _module.GetOrAddSymbol(name);
                    if (symbol.IsDefined || symbol.IsGlobal)
                        throw Error(at, $"symbol {name} appears twice in the symbol table");
                    symbol.Binding = binding == StbWeak ? SymbolBinding.Weak : SymbolBinding.Global;
                }
                symbol.Type = ModelType(type);
                symbol.Visibility = (SymbolVisibility)(other & 3);
                symbol.Size = size;
                symbol.Value = value;
                symbol.Section = section;
                symbol.IsAbsolute = shndx == ShnAbs;
                symbol.IsCommon = shndx == ShnCommon;
                _symbols[i] = symbol;
            }
            if (locals is not null) _module.Locals = new LocalSymbolTable(strings.ToArray(), locals, localCount);
        }

        private static SymbolType ModelType(byte type) => type switch
        {
            SttObject or SttCommon => SymbolType.Object,
            SttFunc => SymbolType.Function,
            SttTls => SymbolType.Tls,
            _ => SymbolType.NoType,
        };

        /// <summary>The model symbol at <paramref name="index"/> (a compact local gets one, outside
        /// <see cref="ObjectModule.Symbols"/>, the first time something names it), or null.</summary>
        private Symbol? SymbolAt(ulong index)
        {
            if (index >= (ulong)_symbols.Length) return null;
            if (_symbols[index] is { } symbol) return symbol;
            if (_localEntries.Length == 0 || _localEntries[index] == 0) return null;
            var table = _module.Locals!;
            var local = table.Entries[_localEntries[index] - 1];
            symbol = new Symbol(Encoding.UTF8.GetString(table.NameOf(local)))
            {
                Binding = SymbolBinding.Local,
                Type = local.Type,
                Section = local.Section,
                Value = local.Value,
                Size = local.Size,
                IsAbsolute = local.Section is null,
            };
            _symbols[index] = symbol;
            return symbol;
        }

        private void ReadGroups()
        {
            for (int i = 1; i < _headers.Length; i++)
            {
                var h = _headers[i];
                if (h.Type != ShtGroup) continue;
                var data = SectionBytes(i);
                if (data.Length < 4 || data.Length % 4 != 0) throw Error((long)h.Offset, $"group section {i} has size {data.Length}, not a multiple of 4");
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(data);
                if ((flags & GrpComdat) == 0) continue;
                if (SymbolAt(h.Info) is not { } signatureSymbol)
                    throw Error(HeaderOffset(i) + 44, $"group section {i}: signature symbol {h.Info} out of range");
                string signature = signatureSymbol.Name;
                for (int at = 4; at < data.Length; at += 4)
                {
                    uint member = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
                    if (member == 0 || member >= _headers.Length)
                        throw Error((long)h.Offset + at, $"group {signature}: member section index {member} out of range");
                    if (_sections[member] is { } section) section.GroupSignature = signature;
                }
            }
        }

        private void ReadRelocations()
        {
            Symbol? none = null;
            for (int i = 1; i < _headers.Length; i++)
            {
                var h = _headers[i];
                if (h.Type != ShtRela) continue;
                if (h.Info == 0 || h.Info >= _headers.Length)
                    throw Error(HeaderOffset(i) + 44, $"relocation section {i} applies to section {h.Info}, out of range");
                var target = _sections[h.Info];
                if (target is null)
                {
                    if ((_headers[h.Info].Flags & ShfExclude) != 0) continue;
                    throw Error(HeaderOffset(i) + 44, $"relocation section {i} applies to section {h.Info}, which has no contents");
                }
                if (h.EntSize != Elf64RelaSize) throw Error(HeaderOffset(i) + 56, $"relocation entry size {h.EntSize}, expected {Elf64RelaSize}");
                var data = SectionBytes(i);
                int count = data.Length / Elf64RelaSize;
                target.Relocations.Capacity = target.Relocations.Count + count;
                for (int r = 0; r < count; r++)
                {
                    var entry = data.Slice(r * Elf64RelaSize, Elf64RelaSize);
                    long at = (long)h.Offset + r * Elf64RelaSize;
                    ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entry);
                    ulong info = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
                    long addend = BinaryPrimitives.ReadInt64LittleEndian(entry[16..]);
                    var type = (RelocationType)(uint)info;
                    if (type == RelocationType.None) continue;
                    ulong symbolIndex = info >> 32;
                    Symbol symbol;
                    if (symbolIndex == 0)
                        symbol = none ??= new Symbol("") { IsAbsolute = true };
                    else
                        symbol = SymbolAt(symbolIndex)
                            ?? throw Error(at + 8, $"relocation {r} in {target.Name}: symbol index {symbolIndex} out of range or not usable");
                    var relocation = new Relocation(offset, type, symbol, addend);
                    if (offset > target.Size || (ulong)relocation.FieldSize > target.Size - offset)
                        throw Error(at, $"relocation {r} in {target.Name}: offset 0x{offset:x} beyond the section (size 0x{target.Size:x})");
                    target.Relocations.Add(relocation);
                }
            }
        }
    }
}
