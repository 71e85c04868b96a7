using Nas64.Assembler.Passes;
using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>
/// Proves the listing before it is printed: assembles it in memory with our own assembler and compares each
/// instruction's bytes and relocations with the original. An instruction that comes out different (NASM
/// would pick another encoding, or cannot spell the relocation) is written as bytes instead; repeat until
/// every instruction written as text reproduces itself.
/// </summary>
public static class RoundTripVerifier
{
    /// <summary>Each round turns at least one item into bytes, so this only bounds pathological inputs.</summary>
    private const int MaxRounds = 32;

    public static void Verify(DisassemblyImage image, List<SectionListing> listings, ListingWriter writer)
    {
        var format = image.Kind == ImageKind.Object ? (image.Bits == 32 ? OutputFormat.Elf32 : OutputFormat.Elf64) : OutputFormat.Bin;
        bool layoutSettled = false;
        for (int round = 0; round < MaxRounds; round++)
        {
            string source = writer.Write(listings, markers: true);
            var diagnostics = new DiagnosticBag();
            ObjectModule? module = Nas64.Assembler.Passes.Assembler.Assemble("disasm.asm", source, new AssemblerOptions { Format = format }, diagnostics);
            int changed = 0;
            if (diagnostics.HasErrors || module is null)
            {
                foreach (var diagnostic in diagnostics.Items)
                {
                    if (diagnostic.Severity != Severity.Error) continue;
                    if (writer.ItemByLine.TryGetValue(diagnostic.Location.Line, out var at) && !listings[at.Listing].Items[at.Item].UseBytes)
                    {
                        var failed = listings[at.Listing].Items[at.Item];
                        if (!failed.TryAlternative()) failed.UseBytes = true;
                        changed++;
                    }
                }
                if (changed == 0) return;
                continue;
            }
            // First make every item the right length (an earlier one that grew or shrank moves all later
            // branch distances), then compare bytes and relocations on the settled layout.
            for (int i = 0; i < listings.Count; i++) changed += CompareSection(module, i, listings[i], layoutSettled);
            if (changed > 0) continue;
            if (layoutSettled) return;
            layoutSettled = true;
        }
    }

    private static int CompareSection(ObjectModule module, int index, SectionListing listing, bool compareContents)
    {
        var original = listing.Section;
        Section? assembled = module.FindSection(original.Name);
        if (assembled is null || original.IsNoBits) return 0;
        byte[] bytes = assembled.Data.ToArray();
        var relocations = new SortedDictionary<ulong, Relocation>();
        foreach (var relocation in assembled.Relocations) relocations[relocation.Offset] = relocation;
        ulong? first = Marker(module, index, 0);
        if (first is not { } baseValue) return 0;
        int changed = 0;
        for (int i = 0; i < listing.Items.Count; i++)
        {
            var item = listing.Items[i];
            if (item.UseBytes) continue;
            bool same = Marker(module, index, i) is { } value
                && Matches(original, item, bytes, relocations, compareContents, value - baseValue,
                    i + 1 < listing.Items.Count ? Marker(module, index, i + 1) - baseValue : (ulong)bytes.Length);
            if (!same)
            {
                if (!item.TryAlternative()) item.UseBytes = true;
                changed++;
            }
        }
        return changed;
    }

    private static ulong? Marker(ObjectModule module, int listing, int item) =>
        module.FindSymbol($"..@m{listing}_{item}") is { } symbol ? symbol.Value : null;

    /// <summary>The item assembled at [at, next) has the original's bytes and the same relocations at the same places.</summary>
    private static bool Matches(ImageSection original, ListingItem item, byte[] bytes, SortedDictionary<ulong, Relocation> relocations,
        bool compareContents, ulong at, ulong? next)
    {
        if (next is not { } end || end < at || end - at != (ulong)item.Length || end > (ulong)bytes.Length) return false;
        if (!compareContents) return true;
        // Relocated fields are compared as relocations: the in-memory module may hold the addend in the field.
        var mask = new bool[item.Length];
        int expected = 0;
        foreach (var (offset, relocation) in original.Relocations)
        {
            if (offset < item.Offset) continue;
            if (offset >= item.End) break;
            expected++;
            for (int k = 0; k < relocation.FieldSize && (int)(offset - item.Offset) + k < item.Length; k++) mask[(int)(offset - item.Offset) + k] = true;
            if (relocations.TryGetValue(at + (offset - item.Offset), out var mine))
            {
                if (!Same(relocation, mine)) return false;
            }
            else if (ResolvedInSection(original, relocation, bytes, at + (offset - item.Offset))) expected--;
            else return false;
        }
        for (int k = 0; k < item.Length; k++)
            if (!mask[k] && bytes[(int)at + k] != original.Bytes[(int)item.Offset + k]) return false;
        int found = 0;
        foreach (ulong offset in relocations.Keys)
            if (offset >= at && offset < end) found++;
        return found == expected;
    }

    /// <summary>
    /// A PC-relative reference from a section to a symbol in the same section (gcc keeps these for global
    /// functions) cannot be spelled as a relocation: NASM and we resolve it at assembly time. Accepted when
    /// the field then holds exactly what the linker would have put there (no symbol interposition).
    /// </summary>
    private static bool ResolvedInSection(ImageSection original, Relocation relocation, byte[] bytes, ulong field)
    {
        if (relocation.Type is not (RelocationType.Pc32 or RelocationType.Plt32) || relocation.Symbol.Section != original.Source || original.Source is null)
            return false;
        if (field + 4 > (ulong)bytes.Length) return false;
        long expected = (long)relocation.Symbol.Value + relocation.Addend - (long)relocation.Offset;
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)field)) == expected;
    }

    /// <summary>Same type and same target: a defined symbol counts as its section plus its value (NASM refers to
    /// defined labels through section symbols where gcc may name them).</summary>
    public static bool Same(Relocation a, Relocation b) =>
        Relaxable(a.Type) == Relaxable(b.Type) && Target(a) == Target(b);

    /// <summary>GOTPCRELX and REX_GOTPCRELX are GOTPCREL that the linker may relax; NASM source spells only GOTPCREL.</summary>
    private static RelocationType Relaxable(RelocationType type) =>
        type is RelocationType.GotPcRelX or RelocationType.RexGotPcRelX ? RelocationType.GotPcRel : type;

    public static (string Symbol, long Addend) Target(Relocation relocation) =>
        relocation.Symbol.Section is { } section
            ? (section.Name, (long)relocation.Symbol.Value + relocation.Addend)
            : (relocation.Symbol.Name, relocation.Addend);
}
