using Nas64.Objects.Elf;

namespace Nas64.Linker.Passes;

/// <summary>
/// Places output sections in memory and in the file. Segments are R (ELF and program headers, read-only
/// data), RX (code) and RW (data, then .bss), each on its own pages so no page is writable and
/// executable (--tiny alone makes one segment). The file is not padded to pages: each segment starts on a fresh page in memory at the
/// same offset within the page as its bytes have in the file (p_vaddr ≡ p_offset mod 4096), which is
/// all the kernel's mmap needs; neighbouring segments may share a file page. As in ld -static, the RW
/// segment opens with the relro sections (TLS template, init/fini arrays, .data.rel.ro, .got), placed so
/// they end on a page boundary (the file is padded for it) and described by PT_GNU_RELRO, so a start-up
/// can make them read-only without touching .data.
/// </summary>
internal static class Layout
{
    public const ulong PageSize = 4096;

    public static void Run(LinkContext ctx)
    {
        foreach (var output in ctx.OutputSections) SizeSection(output);
        var empty = RemoveEmpty(ctx.OutputSections);
        BuildSegments(ctx);
        ulong headerSize = (ulong)(ElfConstants.Elf64HeaderSize + ctx.ProgramHeaderCount * ElfConstants.Elf64ProgramHeaderSize);
        ulong fileOffset = headerSize;
        ulong address = ctx.Options.BaseAddress + headerSize;
        foreach (var segment in ctx.Segments)
        {
            if (segment.IncludesHeaders)
            {
                segment.FileOffset = 0;
                segment.Address = ctx.Options.BaseAddress;
            }
            else
            {
                address = AlignUp(address, PageSize) + fileOffset % PageSize;
                if (segment.HasRelro) StartRelro(segment, ref address, ref fileOffset);
            }
            ulong fileEnd = segment.IncludesHeaders ? headerSize : fileOffset;
            foreach (var output in segment.Sections)
            {
                if (segment.HasRelro && segment.RelroEnd == 0 && !OutputSections.IsRelro(output)) EndRelro(segment, ref address, ref fileOffset, fileEnd);
                ulong aligned = AlignUp(address, output.Alignment);
                fileOffset += aligned - address;
                address = aligned;
                if (!segment.IncludesHeaders && output == segment.Sections[0])
                {
                    segment.FileOffset = fileOffset;
                    segment.Address = address;
                    fileEnd = fileOffset;   // a segment of only NOBITS sections has no file bytes, not fewer than none
                }
                output.Address = address;
                output.FileOffset = fileOffset;
                if (output.IsTls) PlaceTls(ctx, output);
                // .tbss is only a template size: the sections after it reuse its addresses, as in ld.
                if (!(output.IsTls && output.IsNoBits)) address += output.Size;
                if (!output.IsNoBits)
                {
                    fileOffset += output.Size;
                    fileEnd = fileOffset;
                }
            }
            if (segment.HasRelro && segment.RelroEnd == 0) EndRelro(segment, ref address, ref fileOffset, fileEnd);
            segment.FileSize = fileEnd - segment.FileOffset;
            segment.MemorySize = address - segment.Address;
            fileOffset = fileEnd;
        }
        ctx.LoadedFileSize = fileOffset;
        PlaceEmpty(ctx, empty);
    }

    /// <summary>Moves the start of <paramref name="segment"/> (address and file offset alike, keeping them
    /// congruent) so that its relro sections end exactly on a page boundary.</summary>
    private static void StartRelro(Segment segment, ref ulong address, ref ulong fileOffset)
    {
        ulong size = 0, alignment = 1;
        foreach (var output in segment.Sections)
        {
            if (!OutputSections.IsRelro(output)) break;
            size = AlignUp(size, output.Alignment);
            alignment = Math.Max(alignment, output.Alignment);
            if (!(output.IsTls && output.IsNoBits)) size += output.Size;
        }
        ulong inPage = (PageSize - AlignUp(size, alignment) % PageSize) % PageSize;
        ulong shift = (inPage + PageSize - address % PageSize) % PageSize;
        address += shift;
        fileOffset += shift;
    }

    /// <summary>Closes the relro part at the page boundary: what follows is on the next page.</summary>
    private static void EndRelro(Segment segment, ref ulong address, ref ulong fileOffset, ulong fileEnd)
    {
        segment.RelroFileSize = fileEnd - segment.FileOffset;
        ulong shift = AlignUp(address, PageSize) - address;
        address += shift;
        fileOffset += shift;
        segment.RelroEnd = address;
    }

    private static void PlaceTls(LinkContext ctx, OutputSection output)
    {
        var tls = ctx.Tls ??= new TlsTemplate { Address = output.Address, FileOffset = output.FileOffset };
        tls.Alignment = Math.Max(tls.Alignment, output.Alignment);
        tls.MemorySize = output.Address + output.Size - tls.Address;
        if (!output.IsNoBits) tls.FileSize = output.Address + output.Size - tls.Address;
    }

    /// <summary>Empty output sections (an assembler's unused .data, a GOT with no slots) get no segment
    /// and no section header, as in ld; symbols in them still get an address.</summary>
    private static List<OutputSection> RemoveEmpty(List<OutputSection> sections)
    {
        var empty = new List<OutputSection>();
        int kept = 0;
        for (int i = 0; i < sections.Count; i++)
        {
            var output = sections[i];
            if (output.Size == 0) empty.Add(output);
            else sections[kept++] = output;
        }
        sections.RemoveRange(kept, sections.Count - kept);
        return empty;
    }

    private static void PlaceEmpty(LinkContext ctx, List<OutputSection> empty)
    {
        foreach (var output in empty)
        {
            ulong address = ctx.Options.BaseAddress;
            foreach (var placed in ctx.OutputSections)
                if (placed.Segment <= output.Segment) address = placed.Address + placed.Size;
            output.Address = AlignUp(address, output.Alignment);
            output.HeaderIndex = ElfConstants.ShnAbs;
        }
    }

    private static void SizeSection(OutputSection output)
    {
        if (output.SyntheticData is not null) return;
        ulong offset = 0;
        foreach (var input in output.Inputs)
        {
            offset = AlignUp(offset, input.Section.Alignment);
            input.OutputOffset = offset;
            offset += input.Section.Size;
            output.Alignment = Math.Max(output.Alignment, input.Section.Alignment);
        }
        output.Size = offset;
    }

    private static void BuildSegments(LinkContext ctx)
    {
        int relroHeaders = ctx.Options.Tiny ? BuildTinySegment(ctx) : BuildProtectedSegments(ctx);
        foreach (var output in ctx.OutputSections)
            if (output.Type == Objects.SectionType.Note) ctx.Notes.Add(output);
        bool tls = false;
        foreach (var output in ctx.OutputSections) tls |= output.IsTls;
        ctx.ProgramHeaderCount = ctx.Segments.Count + ctx.Notes.Count + (tls ? 1 : 0) + relroHeaders + 1;
    }

    /// <summary>R, RX and RW segments (the last opening with the relro sections); returns the PT_GNU_RELRO count.</summary>
    private static int BuildProtectedSegments(LinkContext ctx)
    {
        var readOnly = new Segment(SegmentKind.ReadOnly) { IncludesHeaders = true };
        var code = new Segment(SegmentKind.Executable);
        var data = new Segment(SegmentKind.Writable);
        foreach (var output in ctx.OutputSections)
        {
            var segment = output.Segment switch
            {
                SegmentKind.ReadOnly => readOnly,
                SegmentKind.Executable => code,
                _ => data,
            };
            segment.Sections.Add(output);
        }
        ctx.Segments.Add(readOnly);
        if (code.Sections.Count > 0) ctx.Segments.Add(code);
        if (data.Sections.Count > 0) ctx.Segments.Add(data);
        data.HasRelro = HasRelroData(data.Sections);
        return data.HasRelro ? 1 : 0;
    }

    /// <summary>--tiny: one segment from the ELF header on, with no padding between the sections: code and read-only
    /// data, then data, then .bss. It is writable and executable when the program has writable sections (the one
    /// place nas64 writes such a page, because the user asked for the smallest file); PT_GNU_STACK still keeps the
    /// stack non-executable. No PT_GNU_RELRO.</summary>
    private static int BuildTinySegment(LinkContext ctx)
    {
        bool writable = false;
        foreach (var output in ctx.OutputSections) writable |= output.Segment == SegmentKind.Writable;
        var all = new Segment(writable ? SegmentKind.ExecutableWritable : SegmentKind.Executable) { IncludesHeaders = true };
        foreach (var output in ctx.OutputSections)
            if (output.Segment != SegmentKind.Writable) all.Sections.Add(output);
        foreach (var output in ctx.OutputSections)
            if (output.Segment == SegmentKind.Writable && !output.IsNoBits) all.Sections.Add(output);
        foreach (var output in ctx.OutputSections)
            if (output.Segment == SegmentKind.Writable && output.IsNoBits) all.Sections.Add(output);
        ctx.Segments.Add(all);
        return 0;
    }

    /// <summary>True when some relro section takes memory (a lone .tbss takes none).</summary>
    private static bool HasRelroData(List<OutputSection> sections)
    {
        foreach (var output in sections)
            if (OutputSections.IsRelro(output) && !(output.IsTls && output.IsNoBits)) return true;
        return false;
    }

    public static ulong AlignUp(ulong value, ulong alignment) =>
        alignment <= 1 ? value : (value + alignment - 1) & ~(alignment - 1);
}
