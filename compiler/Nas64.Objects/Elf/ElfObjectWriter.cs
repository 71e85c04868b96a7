using System.Buffers.Binary;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Objects.Elf;

/// <summary>
/// Writes an <see cref="ObjectModule"/> as an ELF relocatable object laid out byte for byte as
/// NASM 2.16's <c>-f elf64</c> / <c>-f elf32</c> does:
/// <list type="bullet">
/// <item>ELF header, then the section headers, then every section's contents at a 16-byte aligned file
/// offset, the file padded to 16;</item>
/// <item>sections: null, the module's sections in declaration order, <c>.shstrtab</c>, <c>.symtab</c>,
/// <c>.strtab</c>, then <c>.rela&lt;name&gt;</c> (64-bit) or <c>.rel&lt;name&gt;</c> (32-bit, addends
/// written into the section bytes) for each section with relocations;</item>
/// <item>symbols: null, STT_FILE, one STT_SECTION per section, the locals, then the globals (weak,
/// common and referenced externs), each group in definition order; externs nothing refers to are
/// dropped; <c>.strtab</c> holds the names in definition order;</item>
/// <item>a plain (absolute or PC-relative) reference to a symbol defined in a section becomes a
/// reference to that section's symbol with the offset added to the addend, as NASM does even for
/// globals; GOT/PLT/TLS references and <see cref="Relocation.KeepSymbol"/> name the symbol itself.</item>
/// </list>
/// </summary>
public static class ElfObjectWriter
{
    private const string NoteGnuStackName = ".note.GNU-stack";
    private const int FileAlignment = 16;

    /// <summary>NASM puts the section headers at offset 64 for both classes (the ELF32 header padded).</summary>
    private const int SectionHeadersOffset = 64;

    public static byte[] Write(ObjectModule module)
    {
        if (module.Bits is not (32 or 64))
            throw new DiagnosticException(new SourceLocation(module.SourceName, 0), $"cannot write an ELF object for {module.Bits}-bit code");
        return new Writer(module).Write();
    }

    /// <summary>Relocations NASM resolves to "section + offset"; the others must name a symbol.</summary>
    private static bool IsSectionRelative(RelocationType type) => type is
        RelocationType.Abs64 or RelocationType.Abs32 or RelocationType.Abs32S or RelocationType.Abs16 or RelocationType.Abs8
        or RelocationType.Pc64 or RelocationType.Pc32 or RelocationType.Pc16 or RelocationType.Pc8
        or RelocationType.GotOff64;

    private readonly record struct RelocationEntry(ulong Offset, uint Type, int Symbol, long Addend, int FieldSize);

    private sealed class Writer(ObjectModule module)
    {
        private readonly bool _is64 = module.Bits == 64;
        private readonly List<Section> _sections = [];
        private readonly Dictionary<Section, int> _sectionIndex = [];
        private readonly List<Symbol> _locals = [];
        private readonly List<Symbol> _globals = [];
        // The .strtab offset of each symbol in _locals and _globals, by position (a list beside each, not a table by symbol).
        private readonly List<uint> _localNames = [];
        private readonly List<uint> _globalNames = [];
        // The symbol-table index of each symbol a relocation names (only those: most refer to their section's symbol).
        private readonly Dictionary<Symbol, int> _symbolIndex = new(ReferenceEqualityComparer.Instance);
        private readonly ElfStringTableBuilder _strtab = new();
        private readonly ElfStringTableBuilder _shstrtab = new();
        private uint _fileName;

        private SourceLocation Location => new(module.SourceName, 0);

        public byte[] Write()
        {
            CollectSections();
            CollectSymbols();
            var relocations = BuildRelocations();
            return Emit(relocations);
        }

        /// <summary>The module's sections, plus the empty .note.GNU-stack when the module asks for it.</summary>
        private void CollectSections()
        {
            _sections.AddRange(module.Sections);
            if (module.NoteGnuStack && module.FindSection(NoteGnuStackName) is null)
                _sections.Add(new Section(NoteGnuStackName, SectionFlags.None, 1));
            if (_sections.Count + 8 + _sections.Count >= ShnLoReserve)
                throw new DiagnosticException(Location, $"too many sections ({_sections.Count}) for an ELF object");
            for (int i = 0; i < _sections.Count; i++) _sectionIndex.Add(_sections[i], i + 1);
        }

        private bool RefersToSection(in Relocation relocation) =>
            relocation.Symbol.Type == SymbolType.Section
            || (!relocation.KeepSymbol && relocation.Symbol.Section is not null && IsSectionRelative(relocation.Type));

        /// <summary>Chooses and orders the symbols: locals then globals, each in definition order.</summary>
        private void CollectSymbols()
        {
            // Sized for the module's symbols up front: a large module's tables would otherwise grow by doubling.
            var referenced = new HashSet<Symbol>(ReferenceEqualityComparer.Instance);
            var candidates = new List<Symbol>(module.Symbols.Count);
            var seen = new HashSet<Symbol>(module.Symbols.Count, ReferenceEqualityComparer.Instance);
            foreach (var symbol in module.Symbols)
                if (seen.Add(symbol)) candidates.Add(symbol);
            foreach (var section in _sections)
                foreach (var relocation in section.Relocations)
                {
                    if (RefersToSection(relocation) || ReferenceEquals(relocation.Symbol, Symbol.AddressZero)) continue;
                    referenced.Add(relocation.Symbol);
                    if (seen.Add(relocation.Symbol)) candidates.Add(relocation.Symbol);
                }

            // A stable sort by definition order; ties keep first-seen order. The assembler adds its symbols in that order,
            // so the sort is only needed when something came out of order.
            var order = new int[candidates.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            if (!InDefinitionOrder(candidates))
                Array.Sort(order, (a, b) =>
                {
                    int byDefinition = candidates[a].DefinitionOrder.CompareTo(candidates[b].DefinitionOrder);
                    return byDefinition != 0 ? byDefinition : a.CompareTo(b);
                });

            long names = module.SourceName.Length + 1;
            foreach (var symbol in candidates) names += symbol.Name.Length + 1;   // UTF-8 names may need more; the table grows then
            if (names < int.MaxValue) _strtab.Reserve((int)names);
            _fileName = _strtab.Add(module.SourceName);
            foreach (int i in order)
            {
                var symbol = candidates[i];
                if (symbol.Type is SymbolType.Section or SymbolType.File) continue;
                if (!symbol.IsDefined && !referenced.Contains(symbol)) continue;
                if (symbol.Section is not null && !_sectionIndex.ContainsKey(symbol.Section))
                    throw new DiagnosticException(Location, $"symbol `{symbol.Name}' is defined in section `{symbol.Section.Name}', which is not part of the module");
                uint name = _strtab.Add(symbol.Name);
                bool isLocal = !symbol.IsGlobal && symbol.IsDefined && !symbol.IsCommon;
                (isLocal ? _locals : _globals).Add(symbol);
                (isLocal ? _localNames : _globalNames).Add(name);
            }

            if (referenced.Count == 0) return;
            int next = 2 + _sections.Count;
            foreach (var symbol in _locals)
            {
                if (referenced.Contains(symbol)) _symbolIndex.Add(symbol, next);
                next++;
            }
            foreach (var symbol in _globals)
            {
                if (referenced.Contains(symbol)) _symbolIndex.Add(symbol, next);
                next++;
            }
        }

        private static bool InDefinitionOrder(List<Symbol> symbols)
        {
            for (int i = 1; i < symbols.Count; i++)
                if (symbols[i - 1].DefinitionOrder > symbols[i].DefinitionOrder) return false;
            return true;
        }

        private int SymbolCount => 2 + _sections.Count + _locals.Count + _globals.Count;

        private int FirstGlobal => 2 + _sections.Count + _locals.Count;

        /// <summary>Turns each section's relocations into table entries (<see cref="Emit"/> patches the fields they
        /// name in the file's copy of the section: zeroed for RELA, the addend for REL).</summary>
        private List<RelocationEntry>[] BuildRelocations()
        {
            var tables = new List<RelocationEntry>[_sections.Count];
            for (int s = 0; s < _sections.Count; s++)
            {
                var section = _sections[s];
                var entries = new List<RelocationEntry>(section.Relocations.Count);
                tables[s] = entries;
                if (section.IsNoBits)
                {
                    if (section.Relocations.Count > 0)
                        throw new DiagnosticException(Location, $"section `{section.Name}' has no bytes but has relocations");
                    continue;
                }
                int length = section.Data.Length;
                foreach (var relocation in section.Relocations)
                {
                    uint type = MapType(relocation);
                    int symbolIndex;
                    long addend = relocation.Addend;
                    if (RefersToSection(relocation))
                    {
                        var target = relocation.Symbol.Section
                            ?? throw new DiagnosticException(Location, $"section symbol `{relocation.Symbol.Name}' has no section");
                        if (!_sectionIndex.TryGetValue(target, out int targetIndex))
                            throw new DiagnosticException(Location, $"relocation in `{section.Name}' refers to section `{target.Name}', which is not part of the module");
                        symbolIndex = targetIndex + 1;
                        if (relocation.Symbol.Type != SymbolType.Section) addend += (long)relocation.Symbol.Value;
                    }
                    else
                    {
                        symbolIndex = ReferenceEquals(relocation.Symbol, Symbol.AddressZero) ? 0 : _symbolIndex[relocation.Symbol];
                    }

                    int size = _is64 ? relocation.FieldSize : Elf32RelocationMap.FieldSize(type);
                    if (relocation.Offset > (ulong)length || (ulong)size > (ulong)length - relocation.Offset)
                        throw new DiagnosticException(Location, $"relocation at 0x{relocation.Offset:x} lies outside section `{section.Name}' (size 0x{length:x})");
                    entries.Add(new RelocationEntry(relocation.Offset, type, symbolIndex, addend, size));
                }
            }
            return tables;
        }

        private uint MapType(Relocation relocation)
        {
            var type = relocation.Type;
            if (_is64) return (uint)type;
            if (Elf32RelocationMap.TryMap(type, out uint i386)) return i386;
            throw new DiagnosticException(relocation.Source ?? Location, $"relocation type {type} (R_X86_64 {(uint)type}) has no ELF32 (i386) counterpart");
        }

        private static void WriteField(Span<byte> field, long value)
        {
            for (int i = 0; i < field.Length; i++) field[i] = (byte)(value >> (8 * i));
        }

        private byte[] Emit(List<RelocationEntry>[] relocations)
        {
            int headerSize = _is64 ? Elf64HeaderSize : Elf32HeaderSize;
            int sectionHeaderSize = _is64 ? Elf64SectionHeaderSize : Elf32SectionHeaderSize;
            int symbolSize = _is64 ? Elf64SymbolSize : Elf32SymbolSize;
            int relocationSize = _is64 ? Elf64RelaSize : Elf32RelSize;
            ulong wordAlign = _is64 ? 8u : 4u;
            string relocationPrefix = _is64 ? ".rela" : ".rel";

            var headers = new List<Header> { default };
            foreach (var section in _sections)
            {
                headers.Add(new Header(_shstrtab.Add(section.Name), (uint)section.Type, MapFlags(section.Flags),
                    section.Size, 0, 0, section.Alignment, section.EntrySize, section.IsNoBits));
            }
            int shstrtabIndex = headers.Count;
            headers.Add(new Header(_shstrtab.Add(".shstrtab"), ShtStrTab, 0, 0, 0, 0, 1, 0, false));
            int symtabIndex = headers.Count;
            headers.Add(new Header(_shstrtab.Add(".symtab"), ShtSymTab, 0, (ulong)(SymbolCount * symbolSize),
                (uint)symtabIndex + 1, (uint)FirstGlobal, wordAlign, (ulong)symbolSize, false));
            int strtabIndex = headers.Count;
            headers.Add(new Header(_shstrtab.Add(".strtab"), ShtStrTab, 0, (ulong)_strtab.Length, 0, 0, 1, 0, false));
            var relocationHeaders = new List<(int Header, int Section)>();
            for (int s = 0; s < _sections.Count; s++)
            {
                if (relocations[s].Count == 0) continue;
                relocationHeaders.Add((headers.Count, s));
                headers.Add(new Header(_shstrtab.Add(relocationPrefix + _sections[s].Name), _is64 ? ShtRela : ShtRel, 0,
                    (ulong)(relocations[s].Count * relocationSize), (uint)symtabIndex, (uint)(s + 1), wordAlign,
                    (ulong)relocationSize, false));
            }
            headers[shstrtabIndex] = headers[shstrtabIndex] with { Size = (ulong)_shstrtab.Length };

            // Contents start after the section headers; each at a 16-byte boundary, NOBITS taking no room.
            long position = SectionHeadersOffset + (long)headers.Count * sectionHeaderSize;
            var offsets = new long[headers.Count];
            for (int i = 1; i < headers.Count; i++)
            {
                position = AlignUp(position, FileAlignment);
                offsets[i] = position;
                if (!headers[i].NoBits) position += (long)headers[i].Size;
            }
            long fileSize = AlignUp(position, FileAlignment);
            if (fileSize > int.MaxValue)
                throw new DiagnosticException(Location, "ELF object larger than 2 GiB");
            var file = new byte[fileSize];

            WriteElfHeader(file, headerSize, sectionHeaderSize, headers.Count, shstrtabIndex);
            for (int i = 0; i < headers.Count; i++)
                WriteSectionHeader(file.AsSpan(SectionHeadersOffset + i * sectionHeaderSize, sectionHeaderSize), headers[i], i == 0 ? 0 : offsets[i]);

            // Each section's bytes straight into the file (no copy of its own), then the relocated fields.
            for (int s = 0; s < _sections.Count; s++)
            {
                if (_sections[s].IsNoBits) continue;
                var bytes = file.AsSpan((int)offsets[s + 1], _sections[s].Data.Length);
                _sections[s].Data.Span.CopyTo(bytes);
                foreach (var entry in relocations[s])
                {
                    var field = bytes.Slice((int)entry.Offset, entry.FieldSize);
                    if (_is64) field.Clear();
                    else WriteField(field, entry.Addend);
                }
            }
            _shstrtab.Bytes.CopyTo(file.AsSpan((int)offsets[shstrtabIndex]));
            WriteSymbols(file.AsSpan((int)offsets[symtabIndex], SymbolCount * symbolSize), symbolSize);
            _strtab.Bytes.CopyTo(file.AsSpan((int)offsets[strtabIndex]));
            foreach (var (header, section) in relocationHeaders)
            {
                var span = file.AsSpan((int)offsets[header], relocations[section].Count * relocationSize);
                for (int r = 0; r < relocations[section].Count; r++)
                    WriteRelocation(span.Slice(r * relocationSize, relocationSize), relocations[section][r]);
            }
            return file;
        }

        private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

        private static ulong MapFlags(SectionFlags flags)
        {
            ulong result = 0;
            if ((flags & SectionFlags.Write) != 0) result |= ShfWrite;
            if ((flags & SectionFlags.Alloc) != 0) result |= ShfAlloc;
            if ((flags & SectionFlags.Execute) != 0) result |= ShfExecInstr;
            if ((flags & SectionFlags.Merge) != 0) result |= ShfMerge;
            if ((flags & SectionFlags.Strings) != 0) result |= ShfStrings;
            if ((flags & SectionFlags.Group) != 0) result |= ShfGroup;
            if ((flags & SectionFlags.Tls) != 0) result |= ShfTls;
            return result;
        }

        private void WriteElfHeader(Span<byte> file, int headerSize, int sectionHeaderSize, int sectionCount, int shstrtabIndex)
        {
            file[0] = 0x7f;
            file[1] = (byte)'E';
            file[2] = (byte)'L';
            file[3] = (byte)'F';
            file[4] = _is64 ? ElfClass64 : ElfClass32;
            file[5] = ElfData2Lsb;
            file[6] = EvCurrent;
            file[7] = module.OsAbi;
            file[8] = module.AbiVersion;
            BinaryPrimitives.WriteUInt16LittleEndian(file[16..], EtRel);
            BinaryPrimitives.WriteUInt16LittleEndian(file[18..], _is64 ? EmX86_64 : Em386);
            BinaryPrimitives.WriteUInt32LittleEndian(file[20..], EvCurrent);
            // e_entry and e_phoff are zero; e_shoff follows the header; e_flags is zero.
            int at = _is64 ? 40 : 32;
            WriteWord(file[at..], SectionHeadersOffset);
            at += _is64 ? 8 : 4;
            at += 4;
            BinaryPrimitives.WriteUInt16LittleEndian(file[at..], (ushort)headerSize);
            BinaryPrimitives.WriteUInt16LittleEndian(file[(at + 6)..], (ushort)sectionHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(file[(at + 8)..], (ushort)sectionCount);
            BinaryPrimitives.WriteUInt16LittleEndian(file[(at + 10)..], (ushort)shstrtabIndex);
        }

        private void WriteWord(Span<byte> span, ulong value)
        {
            if (_is64) BinaryPrimitives.WriteUInt64LittleEndian(span, value);
            else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value);
        }

        private void WriteSectionHeader(Span<byte> span, Header header, long offset)
        {
            int word = _is64 ? 8 : 4;
            BinaryPrimitives.WriteUInt32LittleEndian(span, header.Name);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], header.Type);
            WriteWord(span[8..], header.Flags);
            int at = 8 + word + word; // sh_addr stays zero
            WriteWord(span[at..], (ulong)offset);
            WriteWord(span[(at + word)..], header.Size);
            at += 2 * word;
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], header.Link);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], header.Info);
            WriteWord(span[(at + 8)..], header.AddrAlign);
            WriteWord(span[(at + 8 + word)..], header.EntSize);
        }

        private void WriteSymbols(Span<byte> table, int symbolSize)
        {
            WriteSymbol(table.Slice(symbolSize, symbolSize), _fileName, SttFile, StbLocal, 0, ShnAbs, 0, 0);
            for (int s = 0; s < _sections.Count; s++)
                WriteSymbol(table.Slice((2 + s) * symbolSize, symbolSize), 0, SttSection, StbLocal, 0, (ushort)(s + 1), 0, 0);
            int index = 2 + _sections.Count;
            for (int i = 0; i < _locals.Count; i++) WriteModuleSymbol(table.Slice(index++ * symbolSize, symbolSize), _locals[i], _localNames[i]);
            for (int i = 0; i < _globals.Count; i++) WriteModuleSymbol(table.Slice(index++ * symbolSize, symbolSize), _globals[i], _globalNames[i]);
        }

        private void WriteModuleSymbol(Span<byte> entry, Symbol symbol, uint name)
        {
            ushort sectionIndex = symbol.Section is not null ? (ushort)_sectionIndex[symbol.Section]
                : symbol.IsCommon ? ShnCommon
                : symbol.IsAbsolute ? ShnAbs
                : ShnUndef;
            byte binding = symbol.Binding switch
            {
                SymbolBinding.Weak => StbWeak,
                SymbolBinding.Global => StbGlobal,
                _ => symbol.IsDefined && !symbol.IsCommon ? StbLocal : StbGlobal,
            };
            byte type = symbol.Type switch
            {
                SymbolType.Object => SttObject,
                SymbolType.Function => SttFunc,
                SymbolType.Tls => SttTls,
                _ => SttNoType,
            };
            byte visibility = symbol.Visibility switch
            {
                SymbolVisibility.Internal => StvInternal,
                SymbolVisibility.Hidden => StvHidden,
                SymbolVisibility.Protected => StvProtected,
                _ => StvDefault,
            };
            ulong value = symbol.IsDefined ? symbol.Value : 0;
            WriteSymbol(entry, name, type, binding, visibility, sectionIndex, value, symbol.Size);
        }

        private void WriteSymbol(Span<byte> span, uint name, byte type, byte binding, byte visibility, ushort section, ulong value, ulong size)
        {
            byte info = (byte)((binding << 4) | type);
            BinaryPrimitives.WriteUInt32LittleEndian(span, name);
            if (_is64)
            {
                span[4] = info;
                span[5] = visibility;
                BinaryPrimitives.WriteUInt16LittleEndian(span[6..], section);
                BinaryPrimitives.WriteUInt64LittleEndian(span[8..], value);
                BinaryPrimitives.WriteUInt64LittleEndian(span[16..], size);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)value);
                BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)size);
                span[12] = info;
                span[13] = visibility;
                BinaryPrimitives.WriteUInt16LittleEndian(span[14..], section);
            }
        }

        private void WriteRelocation(Span<byte> span, RelocationEntry entry)
        {
            if (_is64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span, entry.Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(span[8..], ((ulong)(uint)entry.Symbol << 32) | entry.Type);
                BinaryPrimitives.WriteInt64LittleEndian(span[16..], entry.Addend);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)entry.Offset);
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], ((uint)entry.Symbol << 8) | (entry.Type & 0xff));
            }
        }
    }

    private readonly record struct Header(
        uint Name, uint Type, ulong Flags, ulong Size, uint Link, uint Info, ulong AddrAlign, ulong EntSize, bool NoBits);
}
