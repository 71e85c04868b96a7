using System.Buffers.Binary;
using System.Text;
using Nas64.Objects;
using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Linker.Passes;

/// <summary>
/// Writes the executable: the loaded part (ELF header, program headers, section bytes, GOT) and then,
/// unless -s/--tiny say otherwise, .symtab, .strtab, .shstrtab and the section header table.
/// </summary>
internal static class ImageWriter
{
    public static void CopySections(LinkContext ctx)
    {
        var image = new byte[ctx.LoadedFileSize];
        ctx.Image = image;
        if (ctx.Got is { SyntheticData: { } gotData })
            for (int i = 0; i < ctx.GotEntries.Count; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(gotData.AsSpan(i * 8), ctx.GotEntries[i].Address);
        foreach (var output in ctx.OutputSections)
        {
            if (output.IsNoBits) continue;
            if (output.SyntheticData is { } synthetic)
            {
                synthetic.CopyTo(image.AsSpan((int)output.FileOffset));
                continue;
            }
            foreach (var input in output.Inputs)
                if (!input.Section.IsNoBits)
                    input.Section.Data.Span.CopyTo(image.AsSpan((int)(output.FileOffset + input.OutputOffset)));
        }
    }

    public static void Finish(LinkContext ctx)
    {
        var file = new ByteBuffer((int)ctx.LoadedFileSize + 4096);
        file.Write(ctx.Image);
        ulong sectionHeaders = 0;
        int sectionCount = 0, namesIndex = 0;
        if (!ctx.Options.Tiny)
        {
            var names = new StringTable();
            var headers = new ByteBuffer();
            headers.Append(Elf64SectionHeaderSize);
            int index = 1;
            foreach (var output in ctx.OutputSections)
            {
                output.HeaderIndex = index++;
                uint flags = (uint)ShfAlloc;
                if ((output.Flags & SectionFlags.Write) != 0) flags |= (uint)ShfWrite;
                if ((output.Flags & SectionFlags.Execute) != 0) flags |= (uint)ShfExecInstr;
                WriteHeader(headers, names.Add(output.Name), (uint)output.Type, flags, output.Address, output.FileOffset,
                    output.Size, 0, 0, output.Alignment, output == ctx.Got ? 8UL : EntrySize(output));
            }
            if (!ctx.Options.StripSymbols)
            {
                var (symbols, strings, firstGlobal) = SymbolTable(ctx);
                file.AlignTo(8);
                ulong symtabOffset = (ulong)file.Length;
                file.Write(symbols.Span);
                ulong strtabOffset = (ulong)file.Length;
                file.Write(strings.Span);
                int strtabIndex = index + 1;
                WriteHeader(headers, names.Add(".symtab"), ShtSymTab, 0, 0, symtabOffset, (ulong)symbols.Length,
                    (uint)strtabIndex, (uint)firstGlobal, 8, Elf64SymbolSize);
                WriteHeader(headers, names.Add(".strtab"), ShtStrTab, 0, 0, strtabOffset, (ulong)strings.Length, 0, 0, 1, 0);
                index += 2;
            }
            namesIndex = index++;
            uint shstrtabName = names.Add(".shstrtab");
            ulong namesOffset = (ulong)file.Length;
            file.Write(names.Bytes.Span);
            WriteHeader(headers, shstrtabName, ShtStrTab, 0, 0, namesOffset, (ulong)names.Bytes.Length, 0, 0, 1, 0);
            file.AlignTo(8);
            sectionHeaders = (ulong)file.Length;
            file.Write(headers.Span);
            sectionCount = index;
        }
        WriteElfHeader(ctx, file.Span, sectionHeaders, sectionCount, namesIndex);
        WriteProgramHeaders(ctx, file.Span[Elf64HeaderSize..]);
        ctx.Image = file.ToArray();
    }

    private static ulong EntrySize(OutputSection output) =>
        output.Type is SectionType.InitArray or SectionType.FiniArray or SectionType.PreinitArray ? 8UL : 0UL;

    private static void WriteHeader(ByteBuffer headers, uint name, uint type, ulong flags, ulong address, ulong offset,
        ulong size, uint link, uint info, ulong alignment, ulong entrySize)
    {
        headers.WriteUInt32(name);
        headers.WriteUInt32(type);
        headers.WriteUInt64(flags);
        headers.WriteUInt64(address);
        headers.WriteUInt64(offset);
        headers.WriteUInt64(size);
        headers.WriteUInt32(link);
        headers.WriteUInt32(info);
        headers.WriteUInt64(alignment);
        headers.WriteUInt64(entrySize);
    }

    private static void WriteElfHeader(LinkContext ctx, Span<byte> file, ulong sectionHeaders, int sectionCount, int namesIndex)
    {
        file[0] = 0x7f; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = ElfClass64;
        file[5] = ElfData2Lsb;
        file[6] = EvCurrent;
        file[7] = ElfOsAbiSysV;
        BinaryPrimitives.WriteUInt16LittleEndian(file[16..], EtExec);
        BinaryPrimitives.WriteUInt16LittleEndian(file[18..], EmX86_64);
        BinaryPrimitives.WriteUInt32LittleEndian(file[20..], EvCurrent);
        BinaryPrimitives.WriteUInt64LittleEndian(file[24..], ctx.EntryAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(file[32..], Elf64HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(file[40..], sectionHeaders);
        BinaryPrimitives.WriteUInt32LittleEndian(file[48..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file[52..], Elf64HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file[54..], Elf64ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file[56..], (ushort)ctx.ProgramHeaderCount);
        BinaryPrimitives.WriteUInt16LittleEndian(file[58..], sectionCount > 0 ? (ushort)Elf64SectionHeaderSize : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(file[60..], (ushort)sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(file[62..], (ushort)namesIndex);
    }

    private static void WriteProgramHeaders(LinkContext ctx, Span<byte> table)
    {
        int at = 0;
        foreach (var segment in ctx.Segments)
        {
            uint flags = segment.Kind switch
            {
                SegmentKind.ReadOnly => PfR,
                SegmentKind.Executable => PfR | PfX,
                _ => PfR | PfW,
            };
            WriteProgramHeader(table[at..], PtLoad, flags, segment.FileOffset, segment.Address, segment.FileSize, segment.MemorySize, Layout.PageSize);
            at += Elf64ProgramHeaderSize;
        }
        WriteProgramHeader(table[at..], PtGnuStack, PfR | PfW, 0, 0, 0, 0, 16);
    }

    private static void WriteProgramHeader(Span<byte> header, uint type, uint flags, ulong offset, ulong address, ulong fileSize, ulong memorySize, ulong alignment)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], fileSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], memorySize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], alignment);
    }

    /// <summary>
    /// .symtab as ld writes it for an executable: a FILE symbol per object followed by its locals, then
    /// hidden and internal globals made local, then the globals; section indexes are output sections.
    /// </summary>
    private static (ByteBuffer Symbols, ByteBuffer Strings, int FirstGlobal) SymbolTable(LinkContext ctx)
    {
        var symbols = new ByteBuffer();
        var strings = new StringTable();
        symbols.Append(Elf64SymbolSize);
        int count = 1;
        foreach (var obj in ctx.Objects)
        {
            bool fileWritten = false;
            foreach (var local in obj.Locals)
            {
                if (local.Name.Length == 0 || !IsEmitted(local)) continue;
                if (!fileWritten)
                {
                    WriteSymbol(symbols, strings.Add(Path.GetFileName(obj.Module.SourceName)), StbLocal, SttFile, StvDefault, ShnAbs, 0, 0);
                    count++;
                    fileWritten = true;
                }
                WriteSymbol(symbols, strings.Add(local.Name), StbLocal, SymbolType(local), 0, SectionIndex(local), local.Address, local.Size);
                count++;
            }
        }
        foreach (var global in ctx.GlobalOrder)
        {
            if (!IsEmitted(global) || !IsHidden(global)) continue;
            WriteSymbol(symbols, strings.Add(global.Name), StbLocal, SymbolType(global), Visibility(global), SectionIndex(global), global.Address, global.Size);
            count++;
        }
        int firstGlobal = count;
        foreach (var global in ctx.GlobalOrder)
        {
            bool undefinedWeak = !global.IsDefined && global.IsReferenced && !global.HasStrongReference;
            if (!undefinedWeak && (!IsEmitted(global) || IsHidden(global))) continue;
            byte binding = global.Binding == SymbolBinding.Weak || undefinedWeak ? StbWeak : StbGlobal;
            WriteSymbol(symbols, strings.Add(global.Name), binding, SymbolType(global), Visibility(global),
                undefinedWeak ? ShnUndef : SectionIndex(global), global.Address, global.Size);
        }
        return (symbols, strings.Bytes, firstGlobal);
    }

    private static bool IsEmitted(LinkSymbol symbol) =>
        symbol.Section is { } section ? section.IsLive && (section.Output is not null || section.Merged is not null)
        : symbol.IsAbsolute || symbol.IsLinkerDefined;

    private static bool IsHidden(LinkSymbol symbol) =>
        symbol.Definition?.Visibility is SymbolVisibility.Hidden or SymbolVisibility.Internal;

    private static byte Visibility(LinkSymbol symbol) => (byte)(symbol.Definition?.Visibility ?? SymbolVisibility.Default);

    private static ushort SectionIndex(LinkSymbol symbol)
    {
        if (symbol.Section is { } section) return (ushort)(section.Merged?.Target.Output ?? section.Output)!.HeaderIndex;
        if (symbol.Output is { } output) return (ushort)output.HeaderIndex;
        return ShnAbs;
    }

    private static byte SymbolType(LinkSymbol symbol) => symbol.Type switch
    {
        Objects.SymbolType.Object => SttObject,
        Objects.SymbolType.Function => SttFunc,
        Objects.SymbolType.Tls => SttTls,
        _ => SttNoType,
    };

    private static void WriteSymbol(ByteBuffer table, uint name, byte binding, byte type, byte other, ushort section, ulong value, ulong size)
    {
        table.WriteUInt32(name);
        table.WriteByte((byte)(binding << 4 | type));
        table.WriteByte(other);
        table.WriteUInt16(section);
        table.WriteUInt64(value);
        table.WriteUInt64(size);
    }

    /// <summary>An ELF string table: NUL first, each distinct name once.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

        public StringTable() => Bytes.WriteByte(0);

        public ByteBuffer Bytes { get; } = new();

        public uint Add(string name)
        {
            if (name.Length == 0) return 0;
            if (_offsets.TryGetValue(name, out uint offset)) return offset;
            offset = (uint)Bytes.Length;
            Bytes.Write(Encoding.UTF8.GetBytes(name));
            Bytes.WriteByte(0);
            _offsets.Add(name, offset);
            return offset;
        }
    }
}
