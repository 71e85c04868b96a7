using System.Globalization;
using System.Text;
using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>Prints listings as NASM source: bits/org, extern/global lines, section headers with attributes,
/// labels, instructions, and bytes as db (relocated fields as dd/dq expressions, .bss as resb).</summary>
public sealed class ListingWriter(DisassemblyImage image, RelocationText relocationText)
{
    /// <summary>Source line (1-based) of each item, by listing and item index, from the last <see cref="Write"/>.</summary>
    public Dictionary<int, (int Listing, int Item)> ItemByLine { get; } = [];

    private readonly StringBuilder _text = new();
    private int _line;

    /// <summary>The source; with <paramref name="markers"/> every item is preceded by a label <c>..@m{listing}_{item}</c> (for verification).</summary>
    public string Write(List<SectionListing> listings, bool markers)
    {
        _text.Clear();
        ItemByLine.Clear();
        _line = 0;
        Line($"bits {image.Bits}");
        if (image.Kind != ImageKind.Object) Line($"org 0x{image.Origin:x}");
        WriteSymbolDirectives();
        for (int i = 0; i < listings.Count; i++) WriteSection(i, listings[i], markers);
        return _text.ToString();
    }

    private void Line(string text)
    {
        _text.Append(text).Append('\n');
        _line++;
    }

    private void WriteSymbolDirectives()
    {
        foreach (Symbol symbol in image.Symbols)
        {
            if (symbol.IsCommon)
            {
                Line($"common {RelocationText.Label(symbol.Name)} {symbol.Size}:{Math.Max(symbol.Value, 1)}");
                continue;
            }
            if (symbol.Section is null && !symbol.IsAbsolute)
            {
                Line($"extern {RelocationText.Label(symbol.Name)}{(symbol.Binding == SymbolBinding.Weak ? ":weak" : "")}");
                continue;
            }
            if (symbol.IsAbsolute)
            {
                Line($"{RelocationText.Label(symbol.Name)} equ 0x{symbol.Value:x}");
                if (symbol.IsGlobal) Line($"global {RelocationText.Label(symbol.Name)}");
                continue;
            }
            if (!symbol.IsGlobal) continue;
            // NASM's ELF specials: `global name:function weak hidden'.
            string special = symbol.Type switch { SymbolType.Function => ":function", SymbolType.Object => ":data", _ => "" };
            if (special.Length == 0 && (symbol.Binding == SymbolBinding.Weak || symbol.Visibility != SymbolVisibility.Default)) special = ":notype";
            if (symbol.Binding == SymbolBinding.Weak) special += " weak";
            if (symbol.Visibility != SymbolVisibility.Default) special += " " + symbol.Visibility.ToString().ToLowerInvariant();
            Line($"global {RelocationText.Label(symbol.Name)}{special}");
        }
    }

    private void WriteSection(int index, SectionListing listing, bool markers)
    {
        var section = listing.Section;
        Line("");
        Line(SectionHeader(section));
        string startLabel = RelocationText.SectionLabel(section.Name);
        if (relocationText.UsedSectionLabels.Contains(startLabel) || image.Kind == ImageKind.Object) Line(startLabel + ":");
        if (section.IsNoBits)
        {
            WriteLabels(section, 0);
            ulong at = 0;
            foreach (ulong offset in section.Labels.Keys)
            {
                if (offset <= at || offset > section.Size) continue;
                Line($"        resb {offset - at}");
                at = offset;
                WriteLabels(section, at);
            }
            if (section.Size > at) Line($"        resb {section.Size - at}");
            return;
        }
        for (int i = 0; i < listing.Items.Count; i++)
        {
            var item = listing.Items[i];
            WriteLabels(section, item.Offset);
            if (markers) Line($"..@m{index}_{i}:");
            ItemByLine[_line + 1] = (index, i);
            if (!item.UseBytes && item.Instruction is not null)
            {
                Line("        " + item.Instruction);
                continue;
            }
            if (item.Instruction is not null) Line("        ; " + item.Instruction);
            WriteBytes(section, item.Offset, item.End, item.Instruction is null);
        }
        WriteLabels(section, (ulong)section.Bytes.Length);
    }

    private string SectionHeader(ImageSection section)
    {
        var header = new StringBuilder("section ").Append(section.Name);
        if (image.Kind == ImageKind.Flat) return header.ToString();
        if (image.Kind == ImageKind.Executable)
        {
            header.Append(section.IsNoBits ? " nobits" : " progbits");
            header.Append(CultureInfo.InvariantCulture, $" {(section.IsNoBits ? "vstart" : "start")}=0x{section.Address:x}");
            return header.ToString();
        }
        header.Append(section.IsNoBits ? " nobits" : section.Type switch
        {
            SectionType.Note => " note",
            SectionType.InitArray => " init_array",
            SectionType.FiniArray => " fini_array",
            SectionType.PreinitArray => " preinit_array",
            _ => " progbits",
        });
        header.Append((section.Flags & SectionFlags.Alloc) != 0 ? " alloc" : " noalloc");
        header.Append(section.IsCode ? " exec" : " noexec");
        header.Append((section.Flags & SectionFlags.Write) != 0 ? " write" : " nowrite");
        if ((section.Flags & SectionFlags.Tls) != 0) header.Append(" tls");
        header.Append(CultureInfo.InvariantCulture, $" align={Math.Max(section.Alignment, 1)}");
        return header.ToString();
    }

    private void WriteLabels(ImageSection section, ulong offset)
    {
        if (!section.Labels.TryGetValue(offset, out var names)) return;
        foreach (string name in names) Line(RelocationText.Label(name) + ":");
    }

    /// <summary>Bytes [start, end) as db lines (16 a line), relocated fields as expressions, labels inside where they fall.</summary>
    private void WriteBytes(ImageSection section, ulong start, ulong end, bool labelsInside)
    {
        var line = new StringBuilder();
        int count = 0;
        void Flush()
        {
            if (count == 0) return;
            Line("        db " + line);
            line.Clear();
            count = 0;
        }
        ulong at = start;
        while (at < end)
        {
            if (at != start && labelsInside && section.Labels.ContainsKey(at))
            {
                Flush();
                WriteLabels(section, at);
            }
            if (section.Relocations.TryGetValue(at, out var relocation) && at + (ulong)relocation.FieldSize <= end)
            {
                Flush();
                if (relocationText.Field(relocation) is { } field)
                {
                    Line("        " + field);
                    at += (ulong)relocation.FieldSize;
                    continue;
                }
                Line($"        ; relocation not reproduced: {RelocationText.Describe(relocation)}");
            }
            if (count > 0) line.Append(", ");
            line.Append(CultureInfo.InvariantCulture, $"0x{section.Bytes[at]:x2}");
            count++;
            at++;
            if (count == 16) Flush();
        }
        Flush();
    }
}
