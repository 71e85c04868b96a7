using System.Text;

namespace Nas64.Objects.Dwarf;

/// <summary>
/// Adds DWARF debug sections to a module, as NASM 2.16's <c>-g -F dwarf</c> does for ELF: one compile
/// unit, version 3 line and info, version 2 aranges.
/// <list type="bullet">
/// <item><c>.debug_line</c>: one sequence per code section (DW_LNE_set_address relocated against the
/// section), rows for every change of file or line, ending at the section's end;</item>
/// <item><c>.debug_info</c> / <c>.debug_abbrev</c>: the compile unit with its name, directory, producer,
/// language (DW_LANG_Mips_Assembler, as NASM), line table offset and code range — low_pc/high_pc for one
/// code section, DW_AT_ranges (<c>.debug_ranges</c>) for several, so a debugger finds every one;</item>
/// <item><c>.debug_aranges</c>: each code section's start and size, for address → unit look-ups.</item>
/// </list>
/// Every address is a relocation against the code section's symbol, and every offset into another debug
/// section a 32-bit relocation against that section, so linkers (GNU ld, ours) relocate them.
/// </summary>
public static class DwarfWriter
{
    private const ushort LanguageMipsAssembler = 0x8001;   // what NASM writes; gdb treats it as assembly

    // Line program header, as NASM (and GNU as) choose.
    private const sbyte LineBase = -5;
    private const byte LineRange = 14;
    private const byte OpcodeBase = 13;
    private static readonly byte[] StandardOpcodeLengths = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

    private const byte DwLnsCopy = 1, DwLnsAdvancePc = 2, DwLnsAdvanceLine = 3, DwLnsSetFile = 4;
    private const byte DwLneEndSequence = 1, DwLneSetAddress = 2;

    private const byte DwTagCompileUnit = 0x11;
    private const byte DwAtName = 0x03, DwAtStmtList = 0x10, DwAtLowPc = 0x11, DwAtHighPc = 0x12, DwAtLanguage = 0x13;
    private const byte DwAtCompDir = 0x1b, DwAtProducer = 0x25, DwAtRanges = 0x55;
    private const byte DwFormAddr = 0x01, DwFormData2 = 0x05, DwFormData4 = 0x06, DwFormString = 0x08;

    /// <summary>Appends .debug_aranges, .debug_info, .debug_abbrev, .debug_line (and .debug_ranges when
    /// there are several code sections) to <paramref name="module"/>.</summary>
    /// <param name="compilationDirectory">DW_AT_comp_dir: where relative file names are found (NASM: the
    /// working directory with a trailing slash).</param>
    public static void AddSections(ObjectModule module, LineTable lines, string compilationDirectory, string producer)
    {
        var writer = new Writer(module, lines);
        writer.Build(compilationDirectory, producer);
    }

    private sealed class Writer(ObjectModule module, LineTable lines)
    {
        private readonly int _addressSize = module.Bits == 64 ? 8 : 4;
        private readonly RelocationType _addressType = module.Bits == 64 ? RelocationType.Abs64 : RelocationType.Abs32;

        private readonly Section _aranges = NewSection(".debug_aranges");
        private readonly Section _info = NewSection(".debug_info");
        private readonly Section _abbrev = NewSection(".debug_abbrev");
        private readonly Section _line = NewSection(".debug_line");
        private Section? _ranges;

        private static Section NewSection(string name) => new(name, SectionFlags.None, 1);

        public void Build(string compilationDirectory, string producer)
        {
            var code = lines.Sections;
            if (code.Count > 1) _ranges = NewSection(".debug_ranges");
            WriteAranges(code);
            WriteInfo(code, compilationDirectory, producer);
            WriteLines(code);
            module.AddSection(_aranges);
            module.AddSection(_info);
            module.AddSection(_abbrev);
            module.AddSection(_line);
            if (_ranges is not null) module.AddSection(_ranges);
        }

        private void WriteAddress(Section into, Section target, ulong offset)
        {
            into.Relocations.Add(new Relocation((ulong)into.Data.Length, _addressType, module.GetSectionSymbol(target), (long)offset));
            into.Data.Append(_addressSize);
        }

        /// <summary>A 32-bit offset into another debug section (DW_FORM_data4 / sec_offset).</summary>
        private void WriteSectionOffset(Section into, Section target)
        {
            into.Relocations.Add(new Relocation((ulong)into.Data.Length, RelocationType.Abs32, module.GetSectionSymbol(target), 0));
            into.Data.Append(4);
        }

        private static void PatchLength(Section section, int lengthAt) =>
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(
                section.Data.Span[lengthAt..], (uint)(section.Data.Length - lengthAt - 4));

        private void WriteAranges(List<Section> code)
        {
            var data = _aranges.Data;
            data.WriteUInt32(0);
            data.WriteUInt16(2);
            WriteSectionOffset(_aranges, _info);
            data.WriteByte((byte)_addressSize);
            data.WriteByte(0);
            data.AlignTo(2 * _addressSize);   // tuples start at a multiple of their size
            foreach (var section in code)
            {
                WriteAddress(_aranges, section, 0);
                WriteWord(data, section.Size);
            }
            WriteWord(data, 0);
            WriteWord(data, 0);
            PatchLength(_aranges, 0);
        }

        private void WriteWord(ByteBuffer data, ulong value)
        {
            if (_addressSize == 8) data.WriteUInt64(value);
            else data.WriteUInt32((uint)value);
        }

        private void WriteInfo(List<Section> code, string compilationDirectory, string producer)
        {
            // The abbreviation: the attributes of the one DIE, in the order they are written.
            var abbrev = _abbrev.Data;
            WriteUleb(abbrev, 1);
            WriteUleb(abbrev, DwTagCompileUnit);
            abbrev.WriteByte(0);   // DW_CHILDREN_no
            if (code.Count == 1)
            {
                WriteAttribute(abbrev, DwAtLowPc, DwFormAddr);
                WriteAttribute(abbrev, DwAtHighPc, DwFormAddr);
            }
            else if (code.Count > 1)
            {
                WriteAttribute(abbrev, DwAtLowPc, DwFormAddr);
                WriteAttribute(abbrev, DwAtRanges, DwFormData4);
            }
            WriteAttribute(abbrev, DwAtStmtList, DwFormData4);
            WriteAttribute(abbrev, DwAtName, DwFormString);
            WriteAttribute(abbrev, DwAtCompDir, DwFormString);
            WriteAttribute(abbrev, DwAtProducer, DwFormString);
            WriteAttribute(abbrev, DwAtLanguage, DwFormData2);
            WriteAttribute(abbrev, 0, 0);
            abbrev.WriteByte(0);

            var info = _info.Data;
            info.WriteUInt32(0);
            info.WriteUInt16(3);
            WriteSectionOffset(_info, _abbrev);
            info.WriteByte((byte)_addressSize);
            WriteUleb(info, 1);
            if (code.Count == 1)
            {
                WriteAddress(_info, code[0], 0);
                WriteAddress(_info, code[0], code[0].Size);
            }
            else if (code.Count > 1)
            {
                // Base address 0: the ranges hold relocated absolute addresses.
                WriteWord(info, 0);
                WriteSectionOffset(_info, _ranges!);
                foreach (var section in code)
                {
                    WriteAddress(_ranges!, section, 0);
                    WriteAddress(_ranges!, section, section.Size);
                }
                WriteWord(_ranges!.Data, 0);
                WriteWord(_ranges.Data, 0);
            }
            WriteSectionOffset(_info, _line);
            WriteString(info, module.SourceName);
            WriteString(info, compilationDirectory);
            WriteString(info, producer);
            info.WriteUInt16(LanguageMipsAssembler);
            PatchLength(_info, 0);
        }

        private static void WriteAttribute(ByteBuffer abbrev, byte name, byte form)
        {
            WriteUleb(abbrev, name);
            WriteUleb(abbrev, form);
        }

        private void WriteLines(List<Section> code)
        {
            var data = _line.Data;
            data.WriteUInt32(0);
            data.WriteUInt16(3);
            int headerLengthAt = data.Length;
            data.WriteUInt32(0);
            data.WriteByte(1);   // minimum_instruction_length
            data.WriteByte(1);   // default_is_stmt
            data.WriteByte(unchecked((byte)LineBase));
            data.WriteByte(LineRange);
            data.WriteByte(OpcodeBase);
            data.Write(StandardOpcodeLengths);
            data.WriteByte(0);   // no include_directories: names are as the source gave them
            foreach (string file in lines.Files)
            {
                WriteString(data, file);
                WriteUleb(data, 0);   // directory, time, size
                WriteUleb(data, 0);
                WriteUleb(data, 0);
            }
            data.WriteByte(0);
            PatchLength(_line, headerLengthAt);

            foreach (var section in code) WriteSequence(data, section);
            PatchLength(_line, 0);
        }

        private void WriteSequence(ByteBuffer data, Section section)
        {
            data.WriteByte(0);
            WriteUleb(data, (ulong)(1 + _addressSize));
            data.WriteByte(DwLneSetAddress);
            WriteAddress(_line, section, 0);
            int file = 1;
            long line = 1;
            ulong address = 0;
            foreach (var row in lines.RowsOf(section))
            {
                int rowFile = lines.FileNumber(row.File);
                if (rowFile != file)
                {
                    data.WriteByte(DwLnsSetFile);
                    WriteUleb(data, (ulong)rowFile);
                    file = rowFile;
                }
                long lineDelta = row.Line - line;
                ulong addressDelta = row.Offset - address;
                ulong special = lineDelta >= LineBase && lineDelta < LineBase + LineRange
                    ? (ulong)(lineDelta - LineBase) + LineRange * addressDelta + OpcodeBase
                    : ulong.MaxValue;
                if (special <= 255) data.WriteByte((byte)special);
                else
                {
                    if (lineDelta != 0)
                    {
                        data.WriteByte(DwLnsAdvanceLine);
                        WriteSleb(data, lineDelta);
                    }
                    if (addressDelta != 0)
                    {
                        data.WriteByte(DwLnsAdvancePc);
                        WriteUleb(data, addressDelta);
                    }
                    data.WriteByte(DwLnsCopy);
                }
                line = row.Line;
                address = row.Offset;
            }
            if (section.Size > address)
            {
                data.WriteByte(DwLnsAdvancePc);
                WriteUleb(data, section.Size - address);
            }
            data.WriteByte(0);
            WriteUleb(data, 1);
            data.WriteByte(DwLneEndSequence);
        }

        private static void WriteString(ByteBuffer data, string text)
        {
            data.Write(Encoding.UTF8.GetBytes(text));
            data.WriteByte(0);
        }
    }

    internal static void WriteUleb(ByteBuffer data, ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) b |= 0x80;
            data.WriteByte(b);
        } while (value != 0);
    }

    internal static void WriteSleb(ByteBuffer data, long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            data.WriteByte(b);
            if (done) return;
        }
    }
}
