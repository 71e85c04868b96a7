using System.Runtime.InteropServices;
using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// SHF_MERGE sections: identical pieces (NUL-terminated strings with SHF_STRINGS, else entsize-byte
/// constants) of the inputs of one output section that share entry size and flags are stored once, in
/// a synthetic input section placed where the first of them was. Sections with relocations of their
/// own, or whose size does not split into whole pieces, are left as they are.
/// </summary>
internal static class StringMerging
{
    private sealed class PieceComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly PieceComparer Instance = new();
        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);
        public int GetHashCode(ReadOnlyMemory<byte> piece)
        {
            var hash = new HashCode();
            hash.AddBytes(piece.Span);
            return hash.ToHashCode();
        }
    }

    private sealed class Group(InputSection target, ByteBuffer data)
    {
        public InputSection Target { get; } = target;
        public ByteBuffer Data { get; } = data;
        public Dictionary<ReadOnlyMemory<byte>, int> Offsets { get; } = new(PieceComparer.Instance);
    }

    public static void Run(LinkContext ctx)
    {
        ObjectModule? module = null;
        InputObject? owner = null;
        foreach (var output in ctx.OutputSections)
        {
            Dictionary<(ulong EntrySize, SectionFlags Flags), Group>? groups = null;
            var kept = new List<InputSection>(output.Inputs.Count);
            foreach (var input in output.Inputs)
            {
                var section = input.Section;
                if (!IsMergeable(section)) { kept.Add(input); continue; }
                groups ??= [];
                var key = (section.EntrySize, section.Flags);
                if (!groups.TryGetValue(key, out var group))
                {
                    module ??= new ObjectModule("merged") { DisplayName = "merged sections" };
                    owner ??= new InputObject(module, -1);
                    var merged = module.AddSection(new Section(section.Name, section.Flags & ~SectionFlags.Merge, section.Alignment, section.Type));
                    var target = new InputSection(owner, merged) { Output = output };
                    group = new Group(target, merged.Data);
                    groups.Add(key, group);
                    kept.Add(target);
                }
                group.Target.Section.Alignment = Math.Max(group.Target.Section.Alignment, section.Alignment);
                Merge(group, input);
            }
            if (groups is null) continue;
            output.Inputs.Clear();
            output.Inputs.AddRange(kept);
        }
    }

    private static bool IsMergeable(Section section)
    {
        if ((section.Flags & SectionFlags.Merge) == 0 || section.IsNoBits || section.Relocations.Count != 0) return false;
        ulong size = section.EntrySize;
        if (size == 0 || size > 64 || (ulong)section.Data.Length % size != 0) return false;
        if ((section.Flags & SectionFlags.Strings) == 0) return true;
        var data = section.Data.Span;
        return data.Length == 0 || IsTerminated(data, (int)size);
    }

    private static bool IsTerminated(ReadOnlySpan<byte> data, int width)
    {
        for (int i = data.Length - width; i < data.Length; i++) if (data[i] != 0) return false;
        return true;
    }

    private static void Merge(Group group, InputSection input)
    {
        var section = input.Section;
        ReadOnlyMemory<byte> bytes = section.Data.ToArray();
        var span = bytes.Span;
        int width = (int)section.EntrySize;
        bool strings = (section.Flags & SectionFlags.Strings) != 0;
        var starts = new List<int>();
        var outputs = new List<int>();
        int at = 0;
        while (at < span.Length)
        {
            int length = strings ? StringLength(span[at..], width) : width;
            var piece = bytes.Slice(at, length);
            ref int offset = ref CollectionsMarshal.GetValueRefOrAddDefault(group.Offsets, piece, out bool exists);
            if (!exists)
            {
                group.Data.AlignTo(width);
                offset = group.Data.Length;
                group.Data.Write(piece.Span);
            }
            starts.Add(at);
            outputs.Add(offset);
            at += length;
        }
        input.Merged = new MergedStrings(group.Target, [.. starts], [.. outputs]);
    }

    /// <summary>Length in bytes of the string at the start of <paramref name="data"/>, terminator included.</summary>
    private static int StringLength(ReadOnlySpan<byte> data, int width)
    {
        for (int i = 0; i + width <= data.Length; i += width)
        {
            bool zero = true;
            for (int k = 0; k < width; k++) if (data[i + k] != 0) { zero = false; break; }
            if (zero) return i + width;
        }
        return data.Length;
    }
}
