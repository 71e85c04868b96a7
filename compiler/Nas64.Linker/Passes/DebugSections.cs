using System.Buffers.Binary;
using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>A non-loaded <c>.debug_*</c> section of the executable: the inputs' bytes concatenated, relocated.</summary>
internal sealed class DebugOutputSection(string name, SectionFlags flags, ulong entrySize)
{
    public string Name { get; } = name;
    public SectionFlags Flags { get; } = flags;
    public ulong EntrySize { get; } = entrySize;
    public ulong Alignment { get; set; } = 1;
    public ByteBuffer Data { get; } = new();
}

/// <summary>
/// Keeps the inputs' DWARF in the executable, as ld does: each <c>.debug_*</c> name becomes one
/// non-alloc section (no address, after the loaded part of the file), its inputs concatenated in link
/// order. Relocations resolve as in ld's output: an address in code is the run-time address, an offset
/// into another debug section (a reference against its section symbol) is the offset within the
/// concatenation. References to sections that were dropped become 0. Runs once every address is known;
/// -s (and --tiny) leave debug sections out.
/// </summary>
internal static class DebugSections
{
    public static void Collect(LinkContext ctx)
    {
        if (ctx.Options.StripSymbols || ctx.Options.Tiny) return;
        var byName = new Dictionary<string, DebugOutputSection>(StringComparer.Ordinal);
        var pieces = new Dictionary<Section, (DebugOutputSection Output, int Offset)>(ReferenceEqualityComparer.Instance);
        var order = new List<(InputObject File, Section Section)>();
        foreach (var obj in ctx.Objects)
        {
            foreach (var input in obj.Sections)
            {
                var section = input!.Section;
                if (input.IsDiscarded || section.IsAlloc || section.IsNoBits || !IsDebug(section.Name)) continue;
                if (!byName.TryGetValue(section.Name, out var output))
                {
                    output = new DebugOutputSection(section.Name, section.Flags & (SectionFlags.Merge | SectionFlags.Strings), section.EntrySize);
                    byName.Add(section.Name, output);
                    ctx.DebugSections.Add(output);
                }
                output.Alignment = Math.Max(output.Alignment, section.Alignment);
                output.Data.AlignTo((int)section.Alignment);
                pieces.Add(section, (output, output.Data.Length));
                output.Data.Write(section.Data.Span);
                order.Add((obj, section));
            }
        }
        foreach (var (obj, section) in order) Relocate(ctx, obj, section, pieces);
    }

    private static bool IsDebug(string name) => name.StartsWith(".debug_", StringComparison.Ordinal);

    private static void Relocate(LinkContext ctx, InputObject obj, Section section,
        Dictionary<Section, (DebugOutputSection Output, int Offset)> pieces)
    {
        var (output, start) = pieces[section];
        var bytes = output.Data.Span[start..];
        ulong tlsStart = ctx.Tls?.Address ?? 0;
        foreach (var relocation in section.Relocations)
        {
            ulong value = Target(ctx, obj, relocation, pieces) + (ulong)relocation.Addend;
            var field = bytes[(int)relocation.Offset..];
            switch (relocation.Type)
            {
                case RelocationType.Abs64:
                    BinaryPrimitives.WriteUInt64LittleEndian(field, value);
                    break;
                case RelocationType.DtpOff64:
                    BinaryPrimitives.WriteUInt64LittleEndian(field, value - tlsStart);
                    break;
                case RelocationType.Abs32 or RelocationType.Abs32S:
                    BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                    break;
                case RelocationType.DtpOff32:
                    BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)(value - tlsStart));
                    break;
                default:
                    ctx.Error($"{obj.Name}:({section.Name}+0x{relocation.Offset:x})",
                        $"relocation {RelocationNames.Name(relocation.Type)} is not supported in a debug section");
                    break;
            }
        }
    }

    /// <summary>S: a debug section's offset in its concatenation, a run-time address, or 0 for what was dropped.</summary>
    private static ulong Target(LinkContext ctx, InputObject obj, in Relocation relocation,
        Dictionary<Section, (DebugOutputSection Output, int Offset)> pieces)
    {
        var symbol = relocation.Symbol;
        if (symbol.Section is { } section)
        {
            if (pieces.TryGetValue(section, out var piece)) return (ulong)piece.Offset + symbol.Value;
            if (symbol.IsGlobal) return ctx.Globals.TryGetValue(symbol.Name, out var global) ? global.Address : 0;
            var input = obj.Find(section);
            return input is { IsLive: true } && (input.Output is not null || input.Merged is not null) ? input.AddressOf(symbol.Value) : 0;
        }
        if (symbol.IsAbsolute) return symbol.Value;
        return ctx.Globals.TryGetValue(symbol.Name, out var named) && named.IsDefined ? named.Address : 0;
    }
}
