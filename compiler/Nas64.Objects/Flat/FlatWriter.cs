namespace Nas64.Objects.Flat;

/// <summary>
/// NASM's <c>-f bin</c>: lays the module's sections out as NASM's bin format does (its outbin.c,
/// step by step), applies every relocation with the laid-out addresses and returns the image.
/// <list type="number">
/// <item>Sections: <c>.text</c> first (an empty one when the module has none), then the others in
/// declaration order; NOBITS sections (<c>.bss</c>, <c>nobits</c>) go to a list of their own.</item>
/// <item>Order: groups led by a <c>follows=</c> section move behind the section they follow; then
/// groups led by a <c>start=</c> section are sorted by start address.</item>
/// <item>Start addresses: the first section at ORG (aligned if it has align=), each next one at the
/// end of the last, aligned to align= (4 when not given); overlaps are errors.</item>
/// <item>Virtual starts: vstart= or the start; NOBITS sections follow the section declared before
/// them (<c>.bss</c>: the last PROGBITS section) or vfollows=, aligned to valign= (4 by default).</item>
/// <item>Relocations: S + A (absolute) or S + A − P (PC-relative) with labels at virtual addresses;
/// the field is truncated silently, as NASM does for addresses it learns only at output time.</item>
/// <item>Output: from ORG, PROGBITS sections with bytes, gaps zero-filled; NOBITS never written.</item>
/// </list>
/// An undefined symbol named <c>section.NAME.start</c> or <c>section.NAME.vstart</c> resolves to that
/// section's load or virtual address, like NASM's predefined labels.
/// </summary>
public static class FlatWriter
{
    /// <summary>The flat image, or an empty array when an error was reported to <paramref name="diagnostics"/>.</summary>
    public static byte[] Write(ObjectModule module, DiagnosticBag diagnostics) => Write(module, diagnostics, null, out _);

    /// <summary>The flat image, and nasm's map file text when the module asks for one ([map]; null otherwise or on
    /// error), naming <paramref name="names"/>' source and output file as given.</summary>
    public static byte[] Write(ObjectModule module, DiagnosticBag diagnostics, (string Source, string Output)? names, out string? map)
    {
        map = null;
        var layout = new FlatLayout(module, diagnostics);
        if (!layout.Run()) return [];
        int errorsBefore = diagnostics.ErrorCount;
        byte[] image = layout.Emit();
        if (diagnostics.ErrorCount > errorsBefore) return [];
        if (module.Map is { } request && names is var (source, output)) map = FlatMap.Write(layout, module, request.Parts, source, output);
        return image;
    }
}
