namespace Nas64.Linker.Passes;

/// <summary>
/// --gc-sections: keeps the sections reachable through relocations from the roots (the entry symbol's
/// section and what ld's default script KEEPs: .init, .fini, init/fini arrays, .ctors/.dtors, notes)
/// and drops the rest. A reference to __start_X/__stop_X keeps every section named X.
/// </summary>
internal static class GarbageCollection
{
    public static void Run(LinkContext ctx)
    {
        var marked = new HashSet<InputSection>(ReferenceEqualityComparer.Instance);
        var work = new Stack<InputSection>();
        void Mark(InputSection? section)
        {
            if (section is not null && section.IsLive && marked.Add(section)) work.Push(section);
        }

        if (ctx.Globals.TryGetValue(ctx.Options.Entry, out var entry)) Mark(entry.Section);
        foreach (var obj in ctx.Objects)
            foreach (var input in obj.Sections)
                if (input!.IsLive && IsRoot(input.Section.Name)) Mark(input);

        while (work.Count > 0)
        {
            var section = work.Pop();
            foreach (var target in section.Targets)
            {
                Mark(target.Section);
                if (target.IsLinkerDefined && SyntheticSymbols.SectionOfBoundary(target.Name) is { } name)
                    foreach (var obj in ctx.Objects)
                        foreach (var input in obj.Sections)
                            if (input!.Section.Name == name) Mark(input);
            }
        }

        foreach (var obj in ctx.Objects)
            foreach (var input in obj.Sections)
                if (input!.IsLive && !marked.Contains(input)) input.IsLive = false;
    }

    private static bool IsRoot(string name) =>
        name is ".init" or ".fini" or ".ctors" or ".dtors" or ".preinit_array"
        || name.StartsWith(".init_array", StringComparison.Ordinal)
        || name.StartsWith(".fini_array", StringComparison.Ordinal)
        || name.StartsWith(".ctors.", StringComparison.Ordinal)
        || name.StartsWith(".dtors.", StringComparison.Ordinal)
        || name.StartsWith(".note", StringComparison.Ordinal);
}
