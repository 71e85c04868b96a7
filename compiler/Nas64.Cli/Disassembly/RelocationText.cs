using System.Globalization;
using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>How a relocation is written in NASM syntax: the symbol (a section symbol becomes the section's
/// start label) plus the offset that makes the assembler compute the same addend.</summary>
public sealed class RelocationText(IReadOnlyList<ImageSection> sections)
{
    private readonly HashSet<string> _usedSectionLabels = [];

    /// <summary>Labels of section starts that some relocation needed (the listing defines them).</summary>
    public IReadOnlySet<string> UsedSectionLabels => _usedSectionLabels;

    public static string SectionLabel(string sectionName)
    {
        var text = new System.Text.StringBuilder("__sec");
        if (sectionName.Length == 0 || sectionName[0] != '.') text.Append('.');
        foreach (char c in sectionName) text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        return text.ToString();
    }

    /// <summary>A readable description of a relocation, for comments.</summary>
    public static string Describe(Relocation relocation) =>
        $"R_X86_64 type {(uint)relocation.Type} ({relocation.Type}) against {relocation.Symbol.Name}{Offset(relocation.Addend)}";

    /// <summary>A symbol's name as NASM source can spell it: a leading '.' would make it a local label, so it gets an L in front.</summary>
    public static string Label(string name) => name.StartsWith('.') ? "L" + name : name;

    /// <summary>Symbol plus offset, naming the label at that place of a section when there is one (<c>msg</c>, not <c>__sec.data+0x10</c>).</summary>
    public string Target(Symbol symbol, long offset)
    {
        if (symbol.Type == SymbolType.Section && offset >= 0)
        {
            foreach (var section in sections)
            {
                if (section.Source != symbol.Section) continue;
                if (section.Labels.TryGetValue((ulong)offset, out var names)) return Label(names[0]);
                break;
            }
        }
        return Name(symbol) + Offset(offset);
    }

    public string Name(Symbol symbol)
    {
        if (symbol.Type == SymbolType.Section && symbol.Section is not null)
        {
            string label = SectionLabel(symbol.Section.Name);
            _usedSectionLabels.Add(label);
            return label;
        }
        return Label(symbol.Name);
    }

    public static string Offset(long value) => value switch
    {
        0 => "",
        > 0 => "+0x" + value.ToString("x", CultureInfo.InvariantCulture),
        long.MinValue => "-0x8000000000000000",
        _ => "-0x" + (-value).ToString("x", CultureInfo.InvariantCulture),
    };

    /// <summary>The operand text for a relocated field of an instruction ending at <paramref name="end"/>, or null
    /// when no operand spelling produces this relocation.</summary>
    public string? Operand(Relocation relocation, ulong end)
    {
        long pcAdjust = (long)(end - relocation.Offset);
        return relocation.Type switch
        {
            RelocationType.Abs64 or RelocationType.Abs32 or RelocationType.Abs32S or RelocationType.Abs16 or RelocationType.Abs8 =>
                Target(relocation.Symbol, relocation.Addend),
            RelocationType.Pc32 or RelocationType.Pc16 or RelocationType.Pc8 => Target(relocation.Symbol, relocation.Addend + pcAdjust),
            RelocationType.Plt32 => Target(relocation.Symbol, relocation.Addend + pcAdjust) + " wrt ..plt",
            RelocationType.GotPcRel or RelocationType.GotPcRelX or RelocationType.RexGotPcRelX =>
                Target(relocation.Symbol, relocation.Addend + pcAdjust) + " wrt ..gotpcrel",
            RelocationType.GotTpOff => Target(relocation.Symbol, relocation.Addend + pcAdjust) + " wrt ..gottpoff",
            _ => null,
        };
    }

    /// <summary>A data directive for a relocated field, or null when none fits (PC-relative data such as PIE jump
    /// tables: the assembler has no spelling for a difference across sections).</summary>
    public string? Field(Relocation relocation)
    {
        string target = Target(relocation.Symbol, relocation.Addend);
        return relocation.Type switch
        {
            RelocationType.Abs64 => "dq " + target,
            RelocationType.Abs32 or RelocationType.Abs32S => "dd " + target,
            RelocationType.Abs16 => "dw " + target,
            RelocationType.Abs8 => "db " + target,
            _ => null,
        };
    }
}
