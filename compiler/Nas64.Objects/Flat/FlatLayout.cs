namespace Nas64.Objects.Flat;

/// <summary>
/// The passes of NASM's bin output (outbin.c's bin_cleanup) over one module: split NOBITS, order by
/// follows= then start=, compute start addresses, compute virtual starts, relocate, emit. Each pass
/// mirrors NASM's so that unusual combinations land where NASM puts them.
/// </summary>
internal sealed class FlatLayout(ObjectModule module, DiagnosticBag diagnostics)
{
    private const ulong DefaultAlignment = 4;

    // A sentinel head: head.Next is the first section, so "the pointer to g" is always some node's Next.
    private readonly FlatSection _head = new("", null);
    private readonly Dictionary<Section, FlatSection> _bySection = new(ReferenceEqualityComparer.Instance);
    private FlatSection? _nobits;
    private ulong _origin;

    /// <summary>The program origin, after <see cref="Run"/>.</summary>
    public ulong Origin => _origin;

    /// <summary>The sections in layout order after <see cref="Run"/>: PROGBITS ones, then NOBITS ones.</summary>
    public IEnumerable<FlatSection> Sections
    {
        get
        {
            for (var s = _head.Next; s is not null; s = s.Next) yield return s;
        }
    }

    private SourceLocation Location => _relocationSource ?? new(module.SourceName, 0);

    /// <summary>While a relocation is applied: its source line, where its errors point.</summary>
    private SourceLocation? _relocationSource;

    private bool Fail(string message)
    {
        diagnostics.Error(Location, message);
        return false;
    }

    /// <summary>nasm's section layout problems (order, overlap, origin) are fatal.</summary>
    private bool Fatal(string message)
    {
        diagnostics.Add(new Diagnostic(Severity.Fatal, Location, message));
        return false;
    }

    public bool Run() => CreateSections() && SplitNoBits() && OrderByFollows() && OrderByStart()
        && ComputeStarts() && ComputeVirtualStarts();

    private bool CreateSections()
    {
        var text = module.FindSection(".text");
        FlatSection last = _head.Next = Create(".text", text);
        last.Prev = null;
        foreach (var section in module.Sections)
        {
            if (ReferenceEquals(section, text)) continue;
            var flat = Create(section.Name, section);
            flat.Prev = section.Name == ".bss" ? null : last;
            last.Next = flat;
            last = flat;
        }
        return true;
    }

    private FlatSection Create(string name, Section? section)
    {
        var flat = new FlatSection(name, section)
        {
            Length = section?.Size ?? 0,
            NoBits = section?.IsNoBits == true && name != ".text",
        };
        if (section is not null) _bySection.Add(section, flat);
        var placement = section?.Flat;
        ulong? align = placement?.Align ?? (section is { Alignment: > 1 } ? section.Alignment : null);
        if (placement?.Start is ulong start) (flat.Start, flat.StartDefined) = (start, true);
        if (align is ulong a && (placement?.Start is null || placement.AlignAfterStart)) (flat.Align, flat.AlignDefined) = (a, true);
        if (placement?.Follows is string follows) (flat.Follows, flat.FollowsDefined) = (follows, true);
        if (placement?.VStart is ulong vstart) (flat.VStart, flat.VStartDefined) = (vstart, true);
        if (placement?.VAlign is ulong valign && (placement.VStart is null || placement.VAlignAfterVStart)) (flat.VAlign, flat.VAlignDefined) = (valign, true);
        if (placement?.VFollows is string vfollows) (flat.VFollows, flat.VFollowsDefined) = (vfollows, true);
        return flat;
    }

    /// <summary>Step 1: NOBITS sections leave the list; for them real and virtual attributes are one.</summary>
    private bool SplitNoBits()
    {
        FlatSection nobitsTail = new("", null);
        FlatSection nobitsHead = nobitsTail;
        FlatSection owner = _head.Next!;
        for (var s = owner.Next; s is not null; s = owner.Next)
        {
            if (!s.NoBits)
            {
                owner = s;
                continue;
            }
            if (s.StartDefined || s.AlignDefined || s.FollowsDefined)
            {
                if (s.VStartDefined || s.VAlignDefined || s.VFollowsDefined)
                    return Fatal($"cannot mix real and virtual attributes in nobits section ({s.Name})");
                if (s.StartDefined) (s.VStart, s.VStartDefined) = (s.Start, true);
                if (s.AlignDefined) (s.VAlign, s.VAlignDefined) = (s.Align, true);
                if (s.FollowsDefined) (s.VFollows, s.VFollowsDefined, s.FollowsDefined) = (s.Follows, true, false);
            }
            if (s.VStartDefined) (s.Start, s.StartDefined) = (s.VStart, true);
            owner.Next = s.Next;
            s.Next = null;
            nobitsTail.Next = s;
            nobitsTail = s;
        }
        _nobits = nobitsHead.Next;
        return true;
    }

    private FlatSection? FindByName(string name)
    {
        for (var s = _head.Next; s is not null; s = s.Next)
            if (s.Name == name) return s;
        return null;
    }

    /// <summary>Step 2a: each follows= group (its leader and the sections declared after it without
    /// start= or follows=) moves behind the section it follows.</summary>
    private bool OrderByFollows()
    {
        int guard = 0;
        FlatSection gp = _head;
        FlatSection? gs;
        for (var g = _head.Next; g is not null; g = gs)
        {
            if (++guard > 100_000) return Fatal("cannot order sections: follows= attributes form a cycle");
            if (!g.FollowsDefined)
            {
                while (g.Next is not null)
                {
                    if (g.Next.FollowsDefined && g.Name != g.Next.Follows) break;
                    g = g.Next;
                }
                if (g.Next is null) break;
                gp = g;
                g = g.Next;
            }
            if (g.Follows == g.Name) return Fatal($"section {g.Name} is self following");
            var s = FindByName(g.Follows!);
            if (s is null)
                return Fatal($"section {g.Name} follows an invalid or unknown section ({g.Follows})");
            if (s.Next is not null && s.Next.FollowsDefined && s.Name == s.Next.Follows)
                return Fatal($"sections {g.Name} and {s.Next.Name} can't both follow section {s.Name}");
            FlatSection gsp = g;
            for (gs = g.Next; gs is not null && gs != s && !gs.StartDefined; gsp = gs, gs = gs.Next)
            {
                if (gs.Next is not null && gs.Next.FollowsDefined && gs.Name != gs.Next.Follows)
                {
                    gsp = gs;
                    gs = gs.Next;
                    break;
                }
            }
            gsp.Next = s.Next;
            s.Next = g;
            gp.Next = gs;
        }
        return true;
    }

    /// <summary>Step 2b: groups led by a start= section are inserted in order of start address.</summary>
    private bool OrderByStart()
    {
        var g = _head.Next;
        _head.Next = null;
        FlatSection? gs;
        for (; g is not null; g = gs)
        {
            FlatSection sp = _head;
            var s = _head.Next;
            for (; s is not null; sp = s, s = s.Next)
                if (s.StartDefined && g.Start < s.Start) break;
            FlatSection gsp = g;
            for (gs = g.Next; gs is not null && !gs.StartDefined; gsp = gs, gs = gs.Next) { }
            sp.Next = g;
            gsp.Next = s;
        }
        return true;
    }

    /// <summary>Step 3: start addresses of the PROGBITS sections, and their virtual starts by default.</summary>
    private bool ComputeStarts()
    {
        var first = _head.Next!;
        if (module.HasOrigin)
        {
            _origin = module.Origin;
            if (first.StartDefined)
            {
                if (first.Start < _origin) return Fatal($"section {first.Name} beings before program origin");   // nasm 2.16's spelling
            }
            else if (first.AlignDefined) first.Start = AlignUp(_origin, first.Align);
            else first.Start = _origin;
        }
        else
        {
            if (!first.StartDefined) first.Start = 0;
            _origin = first.Start;
        }
        first.StartDefined = true;

        ulong pend = first.Start;
        FlatSection? s = first;
        FlatSection? lastNonEmpty = null;
        for (var g = first; g is not null; g = g.Next)
        {
            if (g == s)
                for (s = g.Next; s is not null && (s.Length == 0 || !s.StartDefined); s = s.Next) { }
            if (!g.StartDefined)
            {
                if (!g.AlignDefined) (g.Align, g.AlignDefined) = (DefaultAlignment, true);
                (g.Start, g.StartDefined) = (AlignUp(pend, g.Align), true);
            }
            if (!(g.VStartDefined || g.VFollowsDefined))
            {
                g.VStart = g.VAlignDefined ? AlignUp(pend, g.VAlign) : g.Start;
                g.VStartDefined = true;
            }
            if (g.Start < pend) continue;
            pend = g.Start + g.Length;
            if (s is not null)
            {
                if (s.Start < _origin) return Fatal($"section {s.Name} beings before program origin");   // nasm 2.16's spelling
                if (g.Start > s.Start) return Fatal($"sections {(lastNonEmpty ?? g).Name} ~ {g.Name} and {s.Name} overlap!");
                if (pend > s.Start) return Fatal($"sections {g.Name} and {s.Name} overlap!");
            }
            lastNonEmpty = g;
        }
        return true;
    }

    /// <summary>Step 4: virtual starts of NOBITS and vfollows= sections, repeated until none changes.</summary>
    private bool ComputeVirtualStarts()
    {
        var lastProgBits = _head.Next!;
        while (lastProgBits.Next is not null) lastProgBits = lastProgBits.Next;
        lastProgBits.Next = _nobits;

        int computed;
        do
        {
            computed = 0;
            for (var g = _head.Next; g is not null; g = g.Next)
            {
                if (g.VStartDefined) continue;
                FlatSection? s;
                if (g.VFollowsDefined)
                {
                    s = FindByName(g.VFollows!);
                    if (s is null) return Fatal($"section {g.Name} vfollows unknown section ({g.VFollows})");
                }
                else s = g.Prev ?? lastProgBits;
                if (!s.VStartDefined) continue;
                if (!g.VAlignDefined) (g.VAlign, g.VAlignDefined) = (DefaultAlignment, true);
                (g.VStart, g.VStartDefined) = (AlignUp(s.VStart + s.Length, g.VAlign), true);
                computed++;
                if (g.NoBits) g.Start = g.VStart;
            }
        } while (computed > 0);

        bool ok = true;
        for (var s = _head.Next; s is not null; s = s.Next)
            if (!s.VStartDefined) ok = Fatal($"cannot compute vstart for section {s.Name}");
        return ok || Fatal("circular vfollows path detected");
    }

    private static ulong AlignUp(ulong value, ulong alignment) =>
        alignment <= 1 ? value : (value + alignment - 1) & ~(alignment - 1);

    /// <summary>Steps 5 and 6: relocate copies of the section bytes and concatenate them from ORG.</summary>
    public byte[] Emit()
    {
        ulong end = _origin;
        for (var s = _head.Next; s is not null; s = s.Next)
        {
            if (s.NoBits || s.Length == 0) continue;
            if (s.Length > ulong.MaxValue - s.Start)
            {
                Fail($"section {s.Name} (at 0x{s.Start:x}, 0x{s.Length:x} bytes) extends beyond the 64-bit address space");
                return [];
            }
            end = Math.Max(end, s.Start + s.Length);
        }
        if (end - _origin > int.MaxValue)
        {
            Fail($"flat binary would be {end - _origin} bytes, more than 2 GiB");
            return [];
        }
        var image = new byte[end - _origin];
        ulong address = _origin;
        for (var s = _head.Next; s is not null; s = s.Next)
        {
            if (s.Section is null) continue;
            if (s.NoBits)
            {
                if (s.Section.Relocations.Count > 0) Fail($"section {s.Name} has no bytes but has relocations");
                continue;
            }
            if (s.Length == 0) continue;
            if (s.Start < address)
            {
                Fail($"sections overlap at section {s.Name}");
                return [];
            }
            var bytes = image.AsSpan((int)(s.Start - _origin), (int)s.Length);
            s.Section.Data.Span.CopyTo(bytes);
            foreach (var relocation in s.Section.Relocations) Apply(s, bytes, relocation);
            address = s.Start + s.Length;
        }
        return image;
    }

    private void Apply(FlatSection target, Span<byte> bytes, Relocation relocation)
    {
        _relocationSource = relocation.Source;
        try
        {
            ApplyAtLine(target, bytes, relocation);
        }
        finally
        {
            _relocationSource = null;
        }
    }

    private void ApplyAtLine(FlatSection target, Span<byte> bytes, Relocation relocation)
    {
        bool pcRelative;
        switch (relocation.Type)
        {
            case RelocationType.Abs8 or RelocationType.Abs16 or RelocationType.Abs32 or RelocationType.Abs32S or RelocationType.Abs64:
                pcRelative = false;
                break;
            case RelocationType.Pc8 or RelocationType.Pc16 or RelocationType.Pc32 or RelocationType.Pc64:
                pcRelative = true;
                break;
            default:
                Fail($"relocation type {relocation.Type} against `{relocation.Symbol.Name}': WRT not supported by binary output format");
                return;
        }
        if (!TryAddress(relocation.Symbol, out ulong symbolAddress)) return;
        int size = relocation.FieldSize;
        if (relocation.Offset > (ulong)bytes.Length || (ulong)size > (ulong)bytes.Length - relocation.Offset)
        {
            Fail($"relocation at 0x{relocation.Offset:x} lies outside section {target.Name}");
            return;
        }
        ulong value = symbolAddress + (ulong)relocation.Addend;
        if (pcRelative) value -= target.VStart + relocation.Offset;
        var field = bytes.Slice((int)relocation.Offset, size);
        for (int i = 0; i < size; i++) field[i] = (byte)(value >> (8 * i));
    }

    private bool TryAddress(Symbol symbol, out ulong address)
    {
        address = 0;
        if (symbol.Section is not null)
        {
            if (!_bySection.TryGetValue(symbol.Section, out var section))
                return Fail($"symbol `{symbol.Name}' is in section {symbol.Section.Name}, which is not part of the module");
            address = section.VStart + (symbol.Type == SymbolType.Section ? 0 : symbol.Value);
            return true;
        }
        if (symbol.IsAbsolute)
        {
            address = symbol.Value;
            return true;
        }
        if (symbol.IsCommon) return Fail($"binary output format does not support common variables (`{symbol.Name}')");
        if (TrySectionLabel(symbol.Name, out address)) return true;
        return Fail("binary output format does not support external references");
    }

    /// <summary>NASM's <c>section.NAME.start</c> (load address) and <c>section.NAME.vstart</c>.</summary>
    private bool TrySectionLabel(string name, out ulong address)
    {
        address = 0;
        const string prefix = "section.";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        bool isVirtual = name.EndsWith(".vstart", StringComparison.Ordinal);
        if (!isVirtual && !name.EndsWith(".start", StringComparison.Ordinal)) return false;
        string sectionName = name[prefix.Length..^(isVirtual ? ".vstart".Length : ".start".Length)];
        for (var s = _head.Next; s is not null; s = s.Next)
        {
            if (s.Name != sectionName) continue;
            address = isVirtual ? s.VStart : s.Start;
            return true;
        }
        return false;
    }
}
