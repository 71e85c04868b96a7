using System.Text;

namespace Nas64.Linker.Passes;

/// <summary>
/// The link map (-Map): archive members pulled in and why, in ld's wording, then each output section
/// with its input sections and the global symbols they define, at their addresses.
/// </summary>
internal static class LinkMap
{
    public static string Render(LinkContext ctx)
    {
        var text = new StringBuilder();
        if (ctx.ArchiveLog.Count > 0)
        {
            text.Append("Archive member included to satisfy reference by file (symbol)\n\n");
            foreach (var entry in ctx.ArchiveLog)
                text.Append(entry.Member).Append('\n').Append("                              ")
                    .Append(entry.ReferencedBy).Append(" (").Append(entry.Symbol).Append(")\n");
            text.Append('\n');
        }
        var bySection = new Dictionary<InputSection, List<LinkSymbol>>(ReferenceEqualityComparer.Instance);
        foreach (var symbol in ctx.GlobalOrder)
        {
            if (symbol.Section is not { IsLive: true } section) continue;
            if (!bySection.TryGetValue(section, out var list)) bySection.Add(section, list = []);
            list.Add(symbol);
        }
        text.Append("Memory map\n\n");
        text.Append($"entry point       0x{ctx.EntryAddress:x16}\n\n");
        foreach (var output in ctx.OutputSections)
        {
            text.Append($"{output.Name,-16} 0x{output.Address:x16} 0x{output.Size,8:x}\n");
            foreach (var input in output.Inputs)
            {
                text.Append($" {input.Section.Name,-15} 0x{input.Address:x16} 0x{input.Section.Size,8:x} {input.File.Name}\n");
                foreach (var merged in Merged(ctx, input))
                    text.Append($"                  (merged from {merged})\n");
                if (bySection.TryGetValue(input, out var symbols))
                {
                    symbols.Sort((a, b) => a.Address.CompareTo(b.Address));
                    foreach (var symbol in symbols)
                        text.Append($"                 0x{symbol.Address:x16}                {symbol.Name}\n");
                }
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<string> Merged(LinkContext ctx, InputSection target)
    {
        if (target.File.Index >= 0) yield break;
        foreach (var obj in ctx.Objects)
            foreach (var input in obj.Sections)
                if (input!.Merged?.Target == target) yield return input.ToString();
    }
}
