using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Decides, per relocation, what the relocation pass will do: which symbols need a GOT slot, which
/// GOT loads can be relaxed to direct references (every defined symbol is non-preemptible in a static
/// executable), whether the GOT's own address is needed; and rejects types a static executable cannot
/// have. Runs in link order, so GOT slots are deterministic.
/// </summary>
internal static class RelocationScan
{
    public static void Run(LinkContext ctx)
    {
        foreach (var output in ctx.OutputSections)
        {
            foreach (var input in output.Inputs)
            {
                var relocations = input.Section.Relocations;
                if (relocations.Count == 0) continue;
                var actions = new RelocationAction[relocations.Count];
                var data = input.Section.Data.Span;
                for (int i = 0; i < relocations.Count; i++)
                {
                    var relocation = relocations[i];
                    var target = input.Targets[i];
                    switch (relocation.Type)
                    {
                        case RelocationType.Abs64 or RelocationType.Pc32 or RelocationType.Plt32 or RelocationType.Abs32
                            or RelocationType.Abs32S or RelocationType.Abs16 or RelocationType.Pc16 or RelocationType.Abs8
                            or RelocationType.Pc8 or RelocationType.Pc64 or RelocationType.Size32 or RelocationType.Size64:
                            break;
                        case RelocationType.GotPcRelX or RelocationType.RexGotPcRelX:
                            actions[i] = Relax(relocation, target, data);
                            if (actions[i] == RelocationAction.Normal) NeedGot(ctx, target);
                            break;
                        case RelocationType.GotPcRel or RelocationType.Got32 or RelocationType.Got64 or RelocationType.GotPcRel64:
                            NeedGot(ctx, target);
                            break;
                        case RelocationType.GotPc32 or RelocationType.GotPc64 or RelocationType.GotOff64 or RelocationType.PltOff64:
                            ctx.NeedsGotBase = true;
                            break;
                        case RelocationType.TpOff32 or RelocationType.TpOff64 or RelocationType.DtpOff32 or RelocationType.DtpOff64:
                            NeedTls(ctx, input, relocation, target);
                            break;
                        case RelocationType.GotTpOff or RelocationType.TlsGd or RelocationType.TlsLd
                            or RelocationType.GotPc32TlsDesc or RelocationType.TlsDescCall:
                            NeedTls(ctx, input, relocation, target);
                            actions[i] = RelaxTls(relocation, data);
                            if (actions[i] == RelocationAction.Normal)
                                ctx.Error(input.Describe(relocation.Offset),
                                    $"{RelocationNames.Name(relocation.Type)} against `{target.Name}' is not in a code sequence nas64 can turn into local-exec TLS");
                            else if (relocation.Type is RelocationType.TlsGd or RelocationType.TlsLd && i + 1 < relocations.Count)
                                actions[++i] = RelocationAction.Skip;
                            break;
                        default:
                            ctx.Error(input.Describe(relocation.Offset),
                                $"relocation {RelocationNames.Name(relocation.Type)} against `{target.Name}' is not supported in a static executable");
                            break;
                    }
                    if (input.Section.IsNoBits)
                        ctx.Error(input.Describe(relocation.Offset), $"relocation in {input.Section.Name}, which has no bytes (NOBITS)");
                }
                input.Actions = actions;
            }
        }
        if (ctx.GotEntries.Count > 0 || ctx.NeedsGotBase) CreateGot(ctx);
    }

    /// <summary>
    /// psABI B.2 relaxations for GOTPCRELX/REX_GOTPCRELX against a defined, non-absolute symbol:
    /// <c>mov foo@GOTPCREL(%rip),%reg</c> (8b) → <c>lea foo(%rip),%reg</c> (8d);
    /// <c>call *foo@GOTPCREL(%rip)</c> (ff 15) → <c>addr32 call foo</c>; <c>jmp *…</c> (ff 25) → <c>jmp foo; nop</c>.
    /// Other instructions keep the GOT load.
    /// </summary>
    private static RelocationAction Relax(Relocation relocation, LinkSymbol target, ReadOnlySpan<byte> data)
    {
        if (!target.IsDefined || target.IsAbsolute || relocation.Addend != -4 || relocation.Offset < 2) return RelocationAction.Normal;
        byte opcode = data[(int)relocation.Offset - 2];
        byte modrm = data[(int)relocation.Offset - 1];
        if (opcode == 0x8b) return RelocationAction.MovToLea;
        if (relocation.Type == RelocationType.GotPcRelX && opcode == 0xff)
        {
            if (modrm == 0x15) return RelocationAction.CallToDirect;
            if (modrm == 0x25) return RelocationAction.JumpToDirect;
        }
        return RelocationAction.Normal;
    }

    /// <summary>
    /// TLS in a static executable is always local-exec (psABI TLS transitions, as ld does them):
    /// IE <c>mov foo@gottpoff(%rip),%reg</c> (REX 8b) and <c>add</c> (REX 03); GD
    /// <c>66 48 8d 3d … 66 66 48 e8 …</c>; LD <c>48 8d 3d … e8 …</c>.
    /// </summary>
    private static RelocationAction RelaxTls(Relocation relocation, ReadOnlySpan<byte> data)
    {
        int at = (int)relocation.Offset;
        switch (relocation.Type)
        {
            case RelocationType.GotTpOff:
                if (at < 3 || (data[at - 3] & 0xf0) != 0x40) return RelocationAction.Normal;
                return data[at - 2] is 0x8b or 0x03 && (data[at - 1] & 0xc7) == 0x05 ? RelocationAction.TlsInitialToLocal : RelocationAction.Normal;
            case RelocationType.GotPc32TlsDesc:
                return at >= 3 && (data[at - 3] & 0xf8) == 0x48 && data[at - 2] == 0x8d && (data[at - 1] & 0xc7) == 0x05
                    ? RelocationAction.TlsDescriptorToLocal : RelocationAction.Normal;
            case RelocationType.TlsDescCall:
                return at + 2 <= data.Length && data[at] == 0xff && data[at + 1] == 0x10
                    ? RelocationAction.TlsDescriptorCallToNop : RelocationAction.Normal;
            case RelocationType.TlsGd:
                return at >= 4 && at + 8 <= data.Length && data.Slice(at - 4, 4).SequenceEqual((ReadOnlySpan<byte>)[0x66, 0x48, 0x8d, 0x3d])
                    && data.Slice(at + 4, 4).SequenceEqual((ReadOnlySpan<byte>)[0x66, 0x66, 0x48, 0xe8])
                    ? RelocationAction.TlsGeneralToLocal : RelocationAction.Normal;
            default:
                return at >= 3 && at + 5 <= data.Length && data.Slice(at - 3, 3).SequenceEqual((ReadOnlySpan<byte>)[0x48, 0x8d, 0x3d]) && data[at + 4] == 0xe8
                    ? RelocationAction.TlsLocalDynamicToLocal : RelocationAction.Normal;
        }
    }

    private static void NeedTls(LinkContext ctx, InputSection input, Relocation relocation, LinkSymbol target)
    {
        if (target.Section is { } section && (section.Section.Flags & SectionFlags.Tls) == 0 && relocation.Type != RelocationType.TlsLd)
            ctx.Error(input.Describe(relocation.Offset), $"{RelocationNames.Name(relocation.Type)} against `{target.Name}', which is not thread-local");
    }

    private static void NeedGot(LinkContext ctx, LinkSymbol target)
    {
        if (target.GotIndex >= 0) return;
        target.GotIndex = ctx.GotEntries.Count;
        ctx.GotEntries.Add(target);
    }

    private static void CreateGot(LinkContext ctx)
    {
        var got = new OutputSection(".got", SectionFlags.Alloc | SectionFlags.Write, SectionType.ProgBits)
        {
            Alignment = 8,
            // With _GLOBAL_OFFSET_TABLE_ in use the GOT is never empty: three reserved words, as ld's .got.plt.
            Size = Math.Max((ulong)ctx.GotEntries.Count * 8, ctx.NeedsGotBase ? 24UL : 0UL),
            Rank = 6,
        };
        got.SyntheticData = new byte[got.Size];
        ctx.Got = got;
        ctx.OutputSections.Add(got);
        OutputSections.Sort(ctx.OutputSections);
    }
}
