using Iced.Intel;

namespace Nas64.Cli.Disassembly;

/// <summary>
/// Turns an image into listings: code sections decoded (Iced) and formatted (Iced's NasmFormatter, with
/// symbols from relocations and labels), data sections as byte runs. Branch targets inside a section get
/// <c>L_xxxx</c> labels when no symbol names them.
/// </summary>
public sealed class Disassembler
{
    private readonly DisassemblyImage _image;
    private readonly RelocationText _relocationText;
    private ImageSection? _current;

    public Disassembler(DisassemblyImage image, RelocationText relocationText)
    {
        _image = image;
        _relocationText = relocationText;
    }

    public List<SectionListing> Run()
    {
        var decodedBySection = new List<List<SectionDecoder.Decoded?>?>();
        foreach (var section in _image.Sections)
            decodedBySection.Add(section.IsCode && !section.IsNoBits ? SectionDecoder.Decode(section, _image.Bits) : null);
        for (int i = 0; i < _image.Sections.Count; i++)
            if (decodedBySection[i] is { } decoded) AddBranchLabels(i, decoded);

        var listings = new List<SectionListing>();
        for (int i = 0; i < _image.Sections.Count; i++)
            listings.Add(decodedBySection[i] is { } decoded ? FormatCode(_image.Sections[i], decoded) : DataListing(_image.Sections[i]));
        return listings;
    }

    /// <summary>A label for every branch (and RIP-relative) target that lands on an instruction start of this section.</summary>
    private void AddBranchLabels(int index, List<SectionDecoder.Decoded?> decoded)
    {
        var section = _image.Sections[index];
        var starts = new HashSet<ulong>();
        foreach (var item in decoded)
            if (item is { } d) starts.Add(d.Offset);
        foreach (var item in decoded)
        {
            if (item is not { } d || HasRelocation(section, d)) continue;
            ulong? target = BranchTarget(d.Instruction);
            if (target is not { } address || address < section.Address || address - section.Address >= (ulong)section.Bytes.Length) continue;
            ulong offset = address - section.Address;
            if (!starts.Contains(offset) || section.Labels.ContainsKey(offset)) continue;
            section.AddLabel(offset, LabelName(index, address));
        }
    }

    private string LabelName(int sectionIndex, ulong address)
    {
        int firstCode = _image.Sections.FindIndex(s => s.IsCode);
        return sectionIndex == firstCode ? $"L_{address:x4}" : $"L{sectionIndex}_{address:x4}";
    }

    private static ulong? BranchTarget(in Instruction instruction)
    {
        for (int i = 0; i < instruction.OpCount; i++)
        {
            OpKind kind = instruction.GetOpKind(i);
            if (kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64) return instruction.NearBranchTarget;
        }
        return null;
    }

    private static bool HasRelocation(ImageSection section, SectionDecoder.Decoded decoded)
    {
        ulong end = decoded.Offset + (ulong)decoded.Instruction.Length;
        foreach (var offset in section.Relocations.Keys)
        {
            if (offset >= end) break;
            if (offset >= decoded.Offset) return true;
        }
        return false;
    }

    /// <summary>The label at an address: in objects only within the section being formatted, otherwise in any section.</summary>
    private string? LabelAt(ulong address)
    {
        if (_image.Kind == ImageKind.Object)
            return _current is not null && _current.Labels.TryGetValue(address, out var names) ? names[0] : null;
        foreach (var section in _image.Sections)
        {
            if (address < section.Address || address - section.Address > section.Size) continue;
            if (section.Labels.TryGetValue(address - section.Address, out var found)) return found[0];
        }
        return null;
    }

    private SectionListing FormatCode(ImageSection section, List<SectionDecoder.Decoded?> decoded)
    {
        _current = section;
        var listing = new SectionListing(section);
        var symbols = new OperandSymbols(_relocationText, LabelAt);
        var formatter = new NasmFormatter(symbols);
        formatter.Options.HexPrefix = "0x";
        formatter.Options.HexSuffix = null;
        formatter.Options.UppercaseHex = false;
        formatter.Options.ShowBranchSize = true;
        formatter.Options.RipRelativeAddresses = false;
        formatter.Options.SpaceAfterOperandSeparator = true;
        formatter.Options.BranchLeadingZeros = false;
        formatter.Options.DisplacementLeadingZeros = false;
        formatter.Options.LeadingZeros = false;
        var output = new StringOutput();
        int runLength = 0;
        foreach (var item in decoded)
        {
            if (item is not { } d)
            {
                runLength++;
                continue;
            }
            if (runLength > 0) listing.Items.Add(new ListingItem(d.Offset - (ulong)runLength, runLength, null));
            runLength = 0;
            symbols.Prepare(section, d.Offset, d.Constants);
            var instruction = d.Instruction;
            formatter.Format(instruction, output);
            string text = output.ToStringAndReset();
            bool keep = !symbols.Failed && BranchStaysExact(section, d);
            listing.Items.Add(new ListingItem(d.Offset, instruction.Length, text)
            {
                UseBytes = !keep,
                Alternative = keep ? StrictImmediate(formatter, output, instruction) : null,
            });
        }
        if (runLength > 0) listing.Items.Add(new ListingItem((ulong)section.Bytes.Length - (ulong)runLength, runLength, null));
        _current = null;
        return listing;
    }

    /// <summary>The instruction with its immediate forced to the size it was encoded with (NASM would otherwise
    /// pick the shortest form: <c>mov rsi, strict qword 0x402000</c>), or null when it has no immediate.</summary>
    private static string? StrictImmediate(NasmFormatter formatter, StringOutput output, in Instruction instruction)
    {
        int immediate = -1;
        string size = "";
        for (int i = 0; i < instruction.OpCount; i++)
        {
            size = instruction.GetOpKind(i) switch
            {
                OpKind.Immediate64 => "qword",
                OpKind.Immediate32 or OpKind.Immediate32to64 => "dword",
                OpKind.Immediate16 => "word",
                OpKind.Immediate8 or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 => "byte",
                _ => "",
            };
            if (size.Length > 0)
            {
                immediate = i;
                break;
            }
        }
        if (immediate < 0) return null;
        formatter.FormatMnemonic(instruction, output);
        var text = new System.Text.StringBuilder(output.ToStringAndReset()).Append(' ');
        int count = formatter.GetOperandCount(instruction);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) text.Append(", ");
            if (formatter.GetInstructionOperand(instruction, i) == immediate) text.Append("strict ").Append(size).Append(' ');
            formatter.FormatOperand(instruction, output, i);
            text.Append(output.ToStringAndReset());
        }
        return text.ToString();
    }

    /// <summary>A branch within an object's section must reach a label; elsewhere an address outside the image is fine (org makes it absolute).</summary>
    private bool BranchStaysExact(ImageSection section, SectionDecoder.Decoded decoded)
    {
        if (HasRelocation(section, decoded)) return true;
        if (BranchTarget(decoded.Instruction) is not { } address) return true;
        if (LabelAt(address) is not null) return true;
        if (_image.Kind != ImageKind.Object)
        {
            foreach (var other in _image.Sections)
                if (address >= other.Address && address - other.Address <= other.Size) return false;
            return true;
        }
        return false;
    }

    private static SectionListing DataListing(ImageSection section)
    {
        var listing = new SectionListing(section);
        if (section.IsNoBits) return listing;
        ulong start = 0;
        ulong length = (ulong)section.Bytes.Length;
        foreach (ulong label in section.Labels.Keys)
        {
            if (label <= start || label >= length) continue;
            listing.Items.Add(new ListingItem(start, (int)(label - start), null));
            start = label;
        }
        if (start < length) listing.Items.Add(new ListingItem(start, (int)(length - start), null));
        return listing;
    }
}
