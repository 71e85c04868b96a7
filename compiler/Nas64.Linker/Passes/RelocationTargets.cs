using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Maps each relocation's model symbol to its linker symbol once, into <see cref="InputSection.Targets"/>,
/// so later passes index arrays instead of looking names up.
/// </summary>
internal static class RelocationTargets
{
    public static void Resolve(LinkContext ctx)
    {
        foreach (var obj in ctx.Objects)
        {
            foreach (var input in obj.Sections)
            {
                if (!input!.IsLive) continue;
                var relocations = input.Section.Relocations;
                var targets = new LinkSymbol[relocations.Count];
                for (int i = 0; i < targets.Length; i++) targets[i] = Find(ctx, obj, relocations[i].Symbol);
                input.Targets = targets;
            }
        }
    }

    /// <summary>The linker symbol for <paramref name="symbol"/> as named from <paramref name="obj"/>.</summary>
    private static LinkSymbol Find(LinkContext ctx, InputObject obj, Symbol symbol)
    {
        if (obj.SymbolMap.TryGetValue(symbol, out var found)) return found;
        if (symbol.IsGlobal || !symbol.IsDefined)
            found = ctx.GetGlobal(symbol.Name);
        else
            found = new LinkSymbol(symbol.Name)
            {
                IsLocal = true,
                IsSectionSymbol = symbol.Type == SymbolType.Section,
                File = obj,
                Definition = symbol,
                Section = obj.Find(symbol.Section),
                Value = symbol.Value,
                Type = symbol.Type,
                Binding = SymbolBinding.Local,
                IsAbsolute = symbol.IsAbsolute,
            };
        obj.SymbolMap[symbol] = found;
        return found;
    }
}
