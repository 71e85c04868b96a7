using System.Globalization;
using System.Text;

namespace Nas64.Objects.Flat;

/// <summary>The parts of nasm's bin map file ([map all] is all four).</summary>
[Flags]
public enum FlatMapParts
{
    None = 0,
    Origin = 1,
    Summary = 2,
    Sections = 4,
    Symbols = 8,
}

/// <summary>What the source's [map] directives asked for: the parts and where to write them (standard output by default).</summary>
public sealed class FlatMapRequest
{
    public FlatMapParts Parts { get; set; }

    /// <summary>The map file's name as written; null for standard output or error.</summary>
    public string? File { get; set; }

    public bool ToStandardError { get; set; }

    /// <summary>A destination was chosen (the first one named, or standard output when a directive named none).</summary>
    public bool HasDestination { get; set; }
}

/// <summary>nasm's bin map file (outbin.c, step 7): origin, sections in layout order (PROGBITS then NOBITS) in summary
/// and in detail, and the labels by section in definition order, those without a section (equ constants, absolute
/// labels) first.</summary>
internal static class FlatMap
{
    public static string Write(FlatLayout layout, ObjectModule module, FlatMapParts parts, string sourceName, string outputName)
    {
        var text = new StringBuilder();
        text.Append("\n- NASM Map file ").Append('-', 63)
            .Append(CultureInfo.InvariantCulture, $"\n\nSource file:  {sourceName}\nOutput file:  {outputName}\n\n");
        if ((parts & FlatMapParts.Origin) != 0)
            text.Append("-- Program origin ").Append('-', 61).Append(CultureInfo.InvariantCulture, $"\n\n{layout.Origin:X8}\n\n");
        if ((parts & FlatMapParts.Summary) != 0)
        {
            text.Append("-- Sections (summary) ").Append('-', 57)
                .Append("\n\nVstart            Start             Stop              Length    Class     Name\n");
            foreach (var s in layout.Sections)
                text.Append(CultureInfo.InvariantCulture, $"{s.VStart,16:X}  {s.Start,16:X}  {s.Start + s.Length,16:X}  {s.Length:X8}  ")
                    .Append(s.NoBits ? "nobits    " : "progbits  ").Append(s.Name).Append('\n');
            text.Append('\n');
        }
        if ((parts & FlatMapParts.Sections) != 0)
        {
            text.Append("-- Sections (detailed) ").Append('-', 56).Append("\n\n");
            foreach (var s in layout.Sections)
            {
                SectionHeading(text, s.Name);
                text.Append("class:     ").Append(s.NoBits ? "nobits" : "progbits")
                    .Append(CultureInfo.InvariantCulture, $"\nlength:    {s.Length,16:X}\nstart:     {s.Start,16:X}\nalign:     ")
                    .Append(s.AlignDefined ? s.Align.ToString("X", CultureInfo.InvariantCulture).PadLeft(16) : NotDefined)
                    .Append("\nfollows:   ").Append(s.FollowsDefined ? s.Follows : NotDefined)
                    .Append(CultureInfo.InvariantCulture, $"\nvstart:    {s.VStart,16:X}\nvalign:    ")
                    .Append(s.VAlignDefined ? s.VAlign.ToString("X", CultureInfo.InvariantCulture).PadLeft(16) : NotDefined)
                    .Append("\nvfollows:  ").Append(s.VFollowsDefined ? s.VFollows : NotDefined).Append("\n\n");
            }
        }
        if ((parts & FlatMapParts.Symbols) != 0) WriteSymbols(text, layout, module);
        return text.ToString();
    }

    private const string NotDefined = "not defined";

    private static void SectionHeading(StringBuilder text, string name) =>
        text.Append("---- Section ").Append(name).Append(' ').Append('-', Math.Max(0, 65 - name.Length)).Append("\n\n");

    private static void WriteSymbols(StringBuilder text, FlatLayout layout, ObjectModule module)
    {
        text.Append("-- Symbols ").Append('-', 68).Append("\n\n");
        var bySection = new Dictionary<Section, List<Symbol>>(ReferenceEqualityComparer.Instance);
        var noSection = new List<Symbol>();
        foreach (var symbol in module.Symbols)
        {
            if (symbol.Type == SymbolType.Section) continue;
            if (symbol.Section is { } section)
            {
                if (!bySection.TryGetValue(section, out var list)) bySection.Add(section, list = []);
                list.Add(symbol);
            }
            else if (symbol.IsAbsolute) noSection.Add(symbol);
        }
        if (noSection.Count > 0)
        {
            text.Append("---- No Section ").Append('-', 63).Append("\n\nValue     Name\n");
            foreach (var symbol in noSection) text.Append(CultureInfo.InvariantCulture, $"{symbol.Value:X8}  {symbol.Name}\n");
            text.Append("\n\n");
        }
        foreach (var s in layout.Sections)
        {
            if (s.Section is null || !bySection.TryGetValue(s.Section, out var labels)) continue;
            SectionHeading(text, s.Name);
            text.Append("Real              Virtual           Name\n");
            foreach (var symbol in labels)
                text.Append(CultureInfo.InvariantCulture, $"{s.Start + symbol.Value,16:X}  {s.VStart + symbol.Value,16:X}  {symbol.Name}\n");
            text.Append('\n');
        }
    }
}
