using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Groups kept input sections into output sections by ld's default-script names (.text.* into .text,
/// .rodata.* into .rodata, …), orders init/fini arrays by priority, and orders output sections as
/// ld does within the R, RX and RW segments.
/// </summary>
internal static class OutputSections
{
    public static void Create(LinkContext ctx)
    {
        var byName = new Dictionary<string, OutputSection>(StringComparer.Ordinal);
        var order = new List<OutputSection>();
        foreach (var obj in ctx.Objects)
        {
            foreach (var input in obj.Sections)
            {
                if (!input!.IsLive) continue;
                var section = input.Section;
                string name = OutputName(section.Name);
                if (!byName.TryGetValue(name, out var output))
                {
                    output = new OutputSection(name, section.Flags & (SectionFlags.Alloc | SectionFlags.Write | SectionFlags.Execute | SectionFlags.Tls), section.Type);
                    byName.Add(name, output);
                    order.Add(output);
                }
                output.Flags |= section.Flags & (SectionFlags.Alloc | SectionFlags.Write | SectionFlags.Execute | SectionFlags.Tls);
                if (output.Type == SectionType.NoBits && section.Type != SectionType.NoBits) output.Type = section.Type;
                else if (output.Type == SectionType.ProgBits && section.Type is SectionType.InitArray or SectionType.FiniArray or SectionType.PreinitArray)
                    output.Type = section.Type;
                output.Alignment = Math.Max(output.Alignment, section.Alignment);
                input.Output = output;
                output.Inputs.Add(input);
            }
        }

        foreach (var output in order)
        {
            if ((output.Flags & (SectionFlags.Write | SectionFlags.Execute)) == (SectionFlags.Write | SectionFlags.Execute))
                ctx.Error(ctx.Options.OutputPath, $"section {output.Name} is both writable and executable; nas64 keeps every page W^X");
            if (output.Segment != SegmentKind.Writable && output.IsNoBits) output.Type = SectionType.ProgBits;
            if (output.Name is ".init_array" or ".fini_array" or ".preinit_array") SortByPriority(output.Inputs);
            output.Rank = Rank(output);
        }
        ctx.OutputSections.AddRange(order);
        Sort(ctx.OutputSections);
    }

    /// <summary>Sorts by segment, then rank, keeping first-appearance order for equal ranks.</summary>
    public static void Sort(List<OutputSection> sections)
    {
        var indexed = new List<(OutputSection Section, int Index)>(sections.Count);
        for (int i = 0; i < sections.Count; i++) indexed.Add((sections[i], i));
        indexed.Sort((a, b) =>
        {
            int c = a.Section.Segment.CompareTo(b.Section.Segment);
            if (c == 0) c = a.Section.Rank.CompareTo(b.Section.Rank);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        for (int i = 0; i < sections.Count; i++) sections[i] = indexed[i].Section;
    }

    /// <summary>The output section an input section goes to, as ld's default linker script maps names.</summary>
    public static string OutputName(string name)
    {
        ReadOnlySpan<string> grouped =
        [
            ".text", ".rodata", ".data.rel.ro", ".data", ".bss", ".init_array", ".fini_array", ".preinit_array",
            ".tdata", ".tbss", ".ldata", ".lbss", ".lrodata",
        ];
        foreach (string prefix in grouped)
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] == '.')
                return Canonical(prefix);
        if (name.StartsWith(".gnu.linkonce.t.", StringComparison.Ordinal)) return ".text";
        if (name.StartsWith(".gnu.linkonce.r.", StringComparison.Ordinal)) return ".rodata";
        if (name.StartsWith(".gnu.linkonce.d.", StringComparison.Ordinal)) return ".data";
        if (name.StartsWith(".gnu.linkonce.b.", StringComparison.Ordinal)) return ".bss";
        if (name == ".rodata1") return ".rodata";
        if (name == ".data1") return ".data";
        return Canonical(name);
    }

    private static string Canonical(string name) => name switch
    {
        ".ldata" => ".data",
        ".lbss" => ".bss",
        ".lrodata" => ".rodata",
        _ => name,
    };

    private static int Rank(OutputSection output)
    {
        string name = output.Name;
        return output.Segment switch
        {
            SegmentKind.ReadOnly => name.StartsWith(".note", StringComparison.Ordinal) ? 0 : name == ".rodata" ? 10 : 20,
            SegmentKind.Executable => name switch { ".init" => 0, ".text" => 10, ".fini" => 20, _ => 30 },
            _ => output.IsTls ? (output.IsNoBits ? 1 : 0)
                : output.IsNoBits ? (name == ".bss" ? 100 : 110)
                : name switch
                {
                    ".preinit_array" => 2,
                    ".init_array" => 3,
                    ".fini_array" => 4,
                    ".data.rel.ro" => 5,
                    ".got" => 6,
                    ".data" => 10,
                    _ => 20,
                },
        };
    }

    /// <summary>Writable sections that are only written before the program runs (ld's RELRO region):
    /// the TLS template, init/fini arrays, .data.rel.ro and the GOT. They sort before every other
    /// writable section.</summary>
    public static bool IsRelro(OutputSection output) => output.Segment == SegmentKind.Writable && output.Rank < 10;

    /// <summary>ld's SORT_BY_INIT_PRIORITY: <c>.init_array.N</c> by N ascending, then plain <c>.init_array</c>.</summary>
    private static void SortByPriority(List<InputSection> inputs)
    {
        var keyed = new List<(InputSection Input, ulong Priority, int Index)>(inputs.Count);
        for (int i = 0; i < inputs.Count; i++)
        {
            string name = inputs[i].Section.Name;
            int dot = name.LastIndexOf('.');
            ulong priority = dot > 0 && ulong.TryParse(name.AsSpan(dot + 1), out ulong p) ? p : ulong.MaxValue;
            keyed.Add((inputs[i], priority, i));
        }
        keyed.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Index.CompareTo(b.Index));
        for (int i = 0; i < inputs.Count; i++) inputs[i] = keyed[i].Input;
    }
}
