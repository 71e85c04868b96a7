namespace Nas64.Linker.Passes;

/// <summary>
/// Names the linker defines when a program refers to them and no input does (ld's PROVIDE): section
/// bounds such as __bss_start, _end and __init_array_start, __start_SEC/__stop_SEC for sections whose
/// name is a C identifier, and _GLOBAL_OFFSET_TABLE_. Their addresses are set after layout.
/// </summary>
internal static class SyntheticSymbols
{
    public static readonly string[] Names =
    [
        "__executable_start", "__ehdr_start", "etext", "_etext", "__etext", "edata", "_edata", "end", "_end",
        "__bss_start", "__init_array_start", "__init_array_end", "__fini_array_start", "__fini_array_end",
        "__preinit_array_start", "__preinit_array_end", "_GLOBAL_OFFSET_TABLE_",
    ];

    public static void Define(LinkContext ctx)
    {
        foreach (string name in Names)
            if (ctx.Globals.TryGetValue(name, out var symbol) && !symbol.IsDefined) symbol.IsLinkerDefined = true;
        if (ctx.Globals.TryGetValue("_GLOBAL_OFFSET_TABLE_", out var got) && got.IsLinkerDefined) ctx.NeedsGotBase = true;

        foreach (var symbol in ctx.GlobalOrder)
        {
            if (symbol.IsDefined) continue;
            string? section = SectionOfBoundary(symbol.Name);
            if (section is not null && HasSection(ctx, section)) symbol.IsLinkerDefined = true;
        }
    }

    /// <summary>X for __start_X or __stop_X, else null.</summary>
    public static string? SectionOfBoundary(string name) =>
        name.StartsWith("__start_", StringComparison.Ordinal) ? name[8..]
        : name.StartsWith("__stop_", StringComparison.Ordinal) ? name[7..]
        : null;

    private static bool HasSection(LinkContext ctx, string name)
    {
        foreach (var obj in ctx.Objects)
            foreach (var input in obj.Sections)
                if (input!.IsLive && input.Section.Name == name) return true;
        return false;
    }
}
