using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Gives each common symbol still common after resolution (largest size and alignment among its
/// declarations) its own zero-filled piece of .bss, after the input .bss sections as ld's *(COMMON).
/// </summary>
internal static class CommonSymbols
{
    public static void Allocate(LinkContext ctx)
    {
        ObjectModule? module = null;
        var pending = new List<(LinkSymbol Symbol, Section Section)>();
        foreach (var symbol in ctx.GlobalOrder)
        {
            if (!symbol.IsCommon) continue;
            module ??= new ObjectModule("COMMON") { DisplayName = "COMMON" };
            var section = module.AddSection(new Section(".bss", SectionFlags.Alloc | SectionFlags.Write | SectionFlags.NoBits, symbol.Value));
            section.Size = symbol.Size;
            pending.Add((symbol, section));
        }
        if (module is null) return;
        var obj = new InputObject(module, ctx.Objects.Count);
        ctx.Objects.Add(obj);
        foreach (var (symbol, section) in pending)
        {
            symbol.Section = obj.SectionMap[section];
            symbol.Value = 0;
            symbol.IsCommon = false;
            symbol.Type = SymbolType.Object;
        }
    }
}
