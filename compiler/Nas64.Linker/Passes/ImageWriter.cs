using System.Buffers.Binary;
using System.Runtime.InteropServices;
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
    /// <summary>What follows the loaded part of the file: non-alloc sections and the section header table.</summary>
    private sealed class Trailer
    {
        public List<(ulong Offset, ByteBuffer Bytes)> Pieces { get; } = [];
        public ulong SectionHeaderOffset { get; set; }
        public int SectionCount { get; set; }
        public int NamesIndex { get; set; }
        public ulong FileSize { get; set; }

        /// <summary>.symtab and .strtab, measured; written in place by <see cref="CopySections"/>.</summary>
        public SymbolTableWriter? Symbols { get; set; }
        public ulong SymbolsOffset { get; set; }
        public ulong StringsOffset { get; set; }
    }

    /// <summary>Builds .symtab, .strtab, .shstrtab and the section headers (every address is known by
    /// now), so the file is allocated once at its final size.</summary>
    public static void PlanTrailer(LinkContext ctx)
    {
        var trailer = new Trailer { FileSize = ctx.LoadedFileSize };
        ctx.TrailerState = trailer;
        if (ctx.Options.Tiny) return;
        ulong at = ctx.LoadedFileSize;
        var names = new StringTable(64);
        var headers = new ByteBuffer((ctx.OutputSections.Count + 5) * Elf64SectionHeaderSize);
        headers.Append(Elf64SectionHeaderSize);
        int index = 1;
        foreach (var output in ctx.OutputSections)
        {
            output.HeaderIndex = index++;
            uint flags = (uint)ShfAlloc;
            if ((output.Flags & SectionFlags.Write) != 0) flags |= (uint)ShfWrite;
            if ((output.Flags & SectionFlags.Execute) != 0) flags |= (uint)ShfExecInstr;
            if (output.IsTls) flags |= (uint)ShfTls;
            WriteHeader(headers, names.Add(output.Name), (uint)output.Type, flags, output.Address, output.FileOffset,
                output.Size, 0, 0, output.Alignment, output == ctx.Got ? 8UL : EntrySize(output));
        }
        foreach (var debug in ctx.DebugSections)
        {
            at = Layout.AlignUp(at, debug.Alignment);
            trailer.Pieces.Add((at, debug.Data));
            ulong flags = ((debug.Flags & SectionFlags.Merge) != 0 ? ShfMerge : 0) | ((debug.Flags & SectionFlags.Strings) != 0 ? ShfStrings : 0);
            WriteHeader(headers, names.Add(debug.Name), ShtProgBits, flags, 0, at, (ulong)debug.Data.Length, 0, 0, debug.Alignment, debug.EntrySize);
            at += (ulong)debug.Data.Length;
            index++;
        }
        if (!ctx.Options.StripSymbols)
        {
            var symbols = SymbolTableWriter.Measure(ctx);
            ulong symbolsSize = (ulong)symbols.Count * Elf64SymbolSize, stringsSize = (ulong)symbols.StringLength;
            at = Layout.AlignUp(at, 8);
            trailer.Symbols = symbols;
            trailer.SymbolsOffset = at;
            WriteHeader(headers, names.Add(".symtab"), ShtSymTab, 0, 0, at, symbolsSize,
                (uint)index + 1, (uint)symbols.FirstGlobal, 8, Elf64SymbolSize);
            at += symbolsSize;
            trailer.StringsOffset = at;
            WriteHeader(headers, names.Add(".strtab"), ShtStrTab, 0, 0, at, stringsSize, 0, 0, 1, 0);
            at += stringsSize;
            index += 2;
        }
        trailer.NamesIndex = index++;
        uint shstrtabName = names.Add(".shstrtab");
        WriteHeader(headers, shstrtabName, ShtStrTab, 0, 0, at, (ulong)names.Bytes.Length + 0, 0, 0, 1, 0);
        trailer.Pieces.Add((at, names.Bytes));
        at = Layout.AlignUp(at + (ulong)names.Bytes.Length, 8);
        trailer.SectionHeaderOffset = at;
        trailer.Pieces.Add((at, headers));
        trailer.SectionCount = index;
        trailer.FileSize = at + (ulong)headers.Length;
    }

    /// <summary>Allocates the file and copies every section's bytes, the GOT and the trailer into place.</summary>
    public static void CopySections(LinkContext ctx)
    {
        var trailer = (Trailer)ctx.TrailerState!;
        // Corrupt inputs (a section aligned to 2^63, sizes near 2^64) lay out far beyond any file that can be written.
        if (trailer.FileSize > (ulong)Array.MaxLength)
            throw new DiagnosticException(new SourceLocation(ctx.Options.OutputPath, 0),
                $"the executable would be 0x{trailer.FileSize:x} bytes: an input section's size or alignment is out of range");
        ctx.Image = ImageBuffer.Allocate((int)trailer.FileSize, ctx.MappedImage);
        var image = ctx.Image.Span;
        if (ctx.Got is { SyntheticData: { } gotData })
            for (int i = 0; i < ctx.GotEntries.Count; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(gotData.AsSpan(i * 8), ctx.GotEntries[i].Address);
        foreach (var output in ctx.OutputSections)
        {
            if (output.IsNoBits) continue;
            if (output.SyntheticData is { } synthetic)
            {
                synthetic.CopyTo(image[(int)output.FileOffset..]);
                continue;
            }
            foreach (var input in output.Inputs)
                if (!input.Section.IsNoBits)
                    input.Section.Data.Span.CopyTo(image[(int)(output.FileOffset + input.OutputOffset)..]);
        }
        foreach (var (offset, bytes) in trailer.Pieces) bytes.Span.CopyTo(image[(int)offset..]);
        if (trailer.Symbols is { } symbols)
            SymbolTableWriter.Write(ctx, ctx.Image, (int)trailer.SymbolsOffset, (int)trailer.StringsOffset, symbols);
    }

    /// <summary>Writes the ELF header and program headers once everything else is in place.</summary>
    public static void Finish(LinkContext ctx)
    {
        var trailer = (Trailer)ctx.TrailerState!;
        WriteElfHeader(ctx, ctx.Image.Span, trailer.SectionHeaderOffset, trailer.SectionCount, trailer.NamesIndex);
        WriteProgramHeaders(ctx, ctx.Image.Span[Elf64HeaderSize..]);
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
                SegmentKind.ExecutableWritable => PfR | PfW | PfX,
                _ => PfR | PfW,
            };
            WriteProgramHeader(table[at..], PtLoad, flags, segment.FileOffset, segment.Address, segment.FileSize, segment.MemorySize, Layout.PageSize);
            at += Elf64ProgramHeaderSize;
        }
        if (ctx.Tls is { } tls)
        {
            WriteProgramHeader(table[at..], PtTls, PfR, tls.FileOffset, tls.Address, tls.FileSize, tls.MemorySize, tls.Alignment);
            at += Elf64ProgramHeaderSize;
        }
        foreach (var segment in ctx.Segments)
        {
            if (!segment.HasRelro) continue;
            WriteProgramHeader(table[at..], PtGnuRelro, PfR, segment.FileOffset, segment.Address, segment.RelroFileSize, segment.RelroEnd - segment.Address, 1);
            at += Elf64ProgramHeaderSize;
        }
        foreach (var note in ctx.Notes)
        {
            WriteProgramHeader(table[at..], PtNote, PfR, note.FileOffset, note.Address, note.Size, note.Size, note.Alignment);
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

    /// <summary>An ELF string table: NUL first, each distinct name once.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

        public StringTable(int capacity)
        {
            Bytes = new ByteBuffer(capacity);
            Bytes.WriteByte(0);
        }

        public ByteBuffer Bytes { get; }

        public uint Add(string name)
        {
            if (name.Length == 0) return 0;
            ref uint offset = ref CollectionsMarshal.GetValueRefOrAddDefault(_offsets, name, out bool exists);
            if (exists) return offset;
            offset = (uint)Bytes.Length;
            var bytes = Bytes.Append(Encoding.UTF8.GetByteCount(name) + 1);
            Encoding.UTF8.GetBytes(name, bytes);
            return offset;
        }
    }
}
