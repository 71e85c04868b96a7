using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Reports each relocation (in a kept section) whose symbol nothing defines, naming the referencing
/// object, section and offset as ld does; weak references resolve to 0 instead. Also reports references
/// into discarded COMDAT copies.
/// </summary>
internal static class UndefinedSymbols
{
    private const int ReportsPerSymbol = 10;

    public static void Report(LinkContext ctx)
    {
        var counts = new Dictionary<LinkSymbol, int>(ReferenceEqualityComparer.Instance);
        foreach (var obj in ctx.Objects)
        {
            foreach (var input in obj.Sections)
            {
                if (!input!.IsLive) continue;
                var relocations = input.Section.Relocations;
                for (int i = 0; i < relocations.Count; i++)
                {
                    var target = input.Targets[i];
                    // The __tls_get_addr call after a TLSGD/TLSLD is rewritten away (local-exec).
                    if (i > 0 && relocations[i - 1].Type is RelocationType.TlsGd or RelocationType.TlsLd) continue;
                    if (target.Section is { IsLive: false } dead)
                    {
                        ctx.Error(input.Describe(relocations[i].Offset),
                            $"`{target.Name}' refers to section {dead.Section.Name}, discarded from {dead.File.Name}");
                        continue;
                    }
                    if (target.IsDefined || relocations[i].Symbol.Binding == SymbolBinding.Weak) continue;
                    int seen = counts.GetValueOrDefault(target);
                    counts[target] = seen + 1;
                    if (seen < ReportsPerSymbol)
                        ctx.Error(input.Describe(relocations[i].Offset), $"undefined reference to `{target.Name}'");
                    else if (seen == ReportsPerSymbol)
                        ctx.Error(input.Describe(relocations[i].Offset), $"more undefined references to `{target.Name}' follow");
                }
            }
        }
    }
}
