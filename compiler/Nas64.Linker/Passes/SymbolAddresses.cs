namespace Nas64.Linker.Passes;

/// <summary>
/// Gives every symbol its run-time address once layout is done, defines the linker's own names
/// (section bounds, _GLOBAL_OFFSET_TABLE_) and picks the entry point as ld does (the entry symbol, a
/// number, or the start of .text with a warning).
/// </summary>
internal static class SymbolAddresses
{
    public static void Assign(LinkContext ctx)
    {
        foreach (var obj in ctx.Objects)
            foreach (var symbol in obj.SymbolMap.Values)
                if (symbol.IsLocal) symbol.Address = AddressOf(ctx, symbol);
        foreach (var symbol in ctx.GlobalOrder) symbol.Address = AddressOf(ctx, symbol);
        ctx.EntryAddress = EntryPoint(ctx);
    }

    private static ulong AddressOf(LinkContext ctx, LinkSymbol symbol)
    {
        if (symbol.Section is { } section)
            return section.Output is not null || section.Merged is not null ? section.AddressOf(symbol.Value) : 0;
        if (symbol.IsAbsolute) return symbol.Value;
        if (symbol.IsLinkerDefined) return LinkerDefined(ctx, symbol);
        return 0;
    }

    private static ulong EntryPoint(LinkContext ctx)
    {
        string entry = ctx.Options.Entry;
        if (ctx.Globals.TryGetValue(entry, out var symbol) && symbol.IsDefined) return symbol.Address;
        if (SymbolResolution.IsNumber(entry, out ulong number)) return number;
        ulong fallback = Find(ctx, ".text")?.Address ?? FirstExecutable(ctx);
        ctx.Diagnostics.Warning(new Nas64.SourceLocation(ctx.Options.OutputPath, 0), $"cannot find entry symbol {entry}; defaulting to 0x{fallback:x}");
        return fallback;
    }

    private static ulong FirstExecutable(LinkContext ctx)
    {
        foreach (var output in ctx.OutputSections)
            if (output.Segment == SegmentKind.Executable) return output.Address;
        return ctx.Options.BaseAddress;
    }

    private static OutputSection? Find(LinkContext ctx, string name)
    {
        foreach (var output in ctx.OutputSections)
            if (output.Name == name) return output;
        return null;
    }

    /// <summary>Addresses of ld's PROVIDEd names; a bound of a missing section falls back to a neighbour as ld's script does.</summary>
    private static ulong LinkerDefined(LinkContext ctx, LinkSymbol symbol)
    {
        switch (symbol.Name)
        {
            case "__executable_start" or "__ehdr_start":
                return ctx.Options.BaseAddress;
            case "_GLOBAL_OFFSET_TABLE_":
                symbol.Output = ctx.Got;
                return ctx.GotBase;
            case "etext" or "_etext" or "__etext":
                return EndOf(ctx, SegmentKind.Executable, includeNoBits: true);
            case "edata" or "_edata" or "__bss_start":
                return EndOf(ctx, SegmentKind.Writable, includeNoBits: false);
            case "end" or "_end":
                return EndOf(ctx, SegmentKind.Writable, includeNoBits: true);
        }
        string name = symbol.Name;
        foreach (string array in (ReadOnlySpan<string>)["init_array", "fini_array", "preinit_array"])
        {
            if (name == $"__{array}_start" || name == $"__{array}_end")
            {
                var output = Find(ctx, "." + array);
                bool start = name.EndsWith("_start", StringComparison.Ordinal);
                if (output is not null) return start ? output.Address : output.Address + output.Size;
                return EndOf(ctx, SegmentKind.Executable, includeNoBits: true);
            }
        }
        if (SyntheticSymbols.SectionOfBoundary(name) is { } sectionName)
        {
            foreach (var obj in ctx.Objects)
                foreach (var input in obj.Sections)
                    if (input is { IsLive: true, Output: not null } && input.Section.Name == sectionName)
                    {
                        var output = input.Output;
                        symbol.Output = output;
                        return name.StartsWith("__start_", StringComparison.Ordinal) ? output.Address : output.Address + output.Size;
                    }
        }
        return 0;
    }

    /// <summary>The end address of the last section of a segment kind (or of the one before it).</summary>
    private static ulong EndOf(LinkContext ctx, SegmentKind kind, bool includeNoBits)
    {
        ulong end = ctx.Options.BaseAddress;
        foreach (var output in ctx.OutputSections)
        {
            if (output.Segment > kind) break;
            if (!includeNoBits && output.IsNoBits) continue;
            end = output.Address + output.Size;
        }
        return end;
    }
}
