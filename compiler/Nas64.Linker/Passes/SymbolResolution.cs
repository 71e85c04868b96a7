using System.Buffers;
using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;

namespace Nas64.Linker.Passes;

/// <summary>
/// Reads the inputs in command-line order and resolves global names as GNU ld does: an object's
/// definitions go in at once; an archive at its place on the line pulls a member only when that
/// member defines a name some earlier object needs (not for weak references), repeating until nothing
/// more is pulled; between --start-group and --end-group the archives are searched again until stable.
/// The first COMDAT group of a signature wins; later ones are discarded with their sections.
/// </summary>
internal static class SymbolResolution
{
    /// <summary>An archive on the link line and which of its members were already pulled in.</summary>
    private sealed class ArchiveState(ArchiveReader reader, List<ArchiveReader.IndexEntry> index)
    {
        public ArchiveReader Reader { get; } = reader;
        public List<ArchiveReader.IndexEntry> Index { get; } = index;
        public bool[] Extracted { get; } = new bool[reader.Members.Count];
    }

    /// <summary>What reading one file input gave: an object module, an archive, or the reason it could not be read.</summary>
    private sealed record LoadedInput(ObjectModule? Module, ArchiveState? Archive, Diagnostic? Error);

    public static void Run(LinkContext ctx, IReadOnlyList<LinkInput> inputs)
    {
        if (!IsNumber(ctx.Options.Entry, out _)) ctx.GetGlobal(ctx.Options.Entry).HasStrongReference = true;
        // Files are independent, so they are read and parsed in parallel; resolution stays in link order.
        var loaded = new LoadedInput?[inputs.Count];
        Parallel.For(0, inputs.Count, i =>
        {
            if (inputs[i].Kind is LinkInputKind.File or LinkInputKind.Bytes) loaded[i] = Load(inputs[i]);
        });
        ctx.Checkpoint("read and parse files");
        List<ArchiveState>? group = null;
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            switch (input.Kind)
            {
                case LinkInputKind.StartGroup:
                    if (group is not null) ctx.Error(input.Name, "nested --start-group");
                    group = [];
                    break;
                case LinkInputKind.EndGroup:
                    if (group is null) { ctx.Error(input.Name, "--end-group without --start-group"); break; }
                    SearchGroup(ctx, group);
                    group = null;
                    break;
                case LinkInputKind.Module:
                    AddObject(ctx, input.Module!);
                    break;
                default:
                    var result = loaded[i]!;
                    if (result.Error is not null) ctx.Diagnostics.Add(result.Error);
                    else if (result.Module is not null) AddObject(ctx, result.Module);
                    else if (result.Archive is { } archive)
                    {
                        SearchArchive(ctx, archive);
                        group?.Add(archive);
                    }
                    break;
            }
        }
        if (group is not null) SearchGroup(ctx, group);
        ctx.Checkpoint("resolve symbols");
    }

    private static void SearchGroup(LinkContext ctx, List<ArchiveState> group)
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var archive in group) progress |= SearchArchive(ctx, archive);
        }
    }

    /// <summary>Reads and parses one file input; safe to run on several threads at once.</summary>
    private static LoadedInput Load(LinkInput input)
    {
        byte[]? rented = null;
        ReadOnlyMemory<byte> bytes = input.Data;
        try
        {
            if (input.Kind == LinkInputKind.File)
            {
                try { bytes = ReadFile(input.Name, out rented); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return new(null, null, new Diagnostic(Severity.Error, new SourceLocation(input.Name, 0), $"cannot read: {e.Message}"));
                }
            }
            if (ArchiveReader.IsArchive(bytes.Span))
            {
                // Members are read lazily, so the archive keeps its own copy of the bytes.
                var reader = ArchiveReader.Open(input.Name, rented is null ? bytes : bytes.ToArray(), forLink: true);
                return new(null, new ArchiveState(reader, reader.HasSymbolIndex ? [.. reader.Symbols] : BuildIndex(reader)), null);
            }
            if (!ElfReader.IsElf(bytes.Span))
                return new(null, null, new Diagnostic(Severity.Error, new SourceLocation(input.Name, 0, 0),
                    "file format not recognized (neither an ELF object nor an ar archive)"));
            return new(ElfReader.ReadForLink(input.Name, bytes), null, null);
        }
        catch (DiagnosticException e)
        {
            return new(null, null, e.Diagnostic);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The file's bytes in a pooled buffer: the ELF reader copies what it keeps, so object
    /// files do not each leave a large array for the garbage collector.</summary>
    private static ReadOnlyMemory<byte> ReadFile(string path, out byte[] rented)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length > int.MaxValue) throw new IOException("file larger than 2 GiB");
        rented = ArrayPool<byte>.Shared.Rent((int)length);
        int total = 0;
        while (total < length)
        {
            int read = stream.Read(rented, total, (int)length - total);
            if (read == 0) break;
            total += read;
        }
        return rented.AsMemory(0, total);
    }

    /// <summary>An archive without an index (no <c>ar s</c>) is indexed by reading its members, as lld does.</summary>
    private static List<ArchiveReader.IndexEntry> BuildIndex(ArchiveReader reader)
    {
        var index = new List<ArchiveReader.IndexEntry>();
        for (int i = 0; i < reader.Members.Count; i++)
        {
            if (!ElfReader.IsElf(reader.Members[i].Data.Span)) continue;
            foreach (var symbol in reader.ReadMember(i).Symbols)
                if (symbol.IsGlobal && symbol.IsDefined) index.Add(new ArchiveReader.IndexEntry(symbol.Name, i));
        }
        return index;
    }

    /// <summary>Pulls members defining needed names until none is needed; true if any was pulled.</summary>
    private static bool SearchArchive(LinkContext ctx, ArchiveState archive)
    {
        bool any = false, progress = true;
        while (progress)
        {
            progress = false;
            foreach (var entry in archive.Index)
            {
                if (archive.Extracted[entry.MemberIndex]) continue;
                if (!ctx.Globals.TryGetValue(entry.Name, out var symbol) || symbol.IsDefined || !symbol.HasStrongReference) continue;
                archive.Extracted[entry.MemberIndex] = true;
                var member = archive.Reader.ReadMember(entry.MemberIndex);
                ctx.ArchiveLog.Add(new ArchiveExtraction(member.DisplayName, symbol.FirstReference?.Name ?? "-e", entry.Name));
                AddObject(ctx, member);
                progress = any = true;
            }
        }
        return any;
    }

    public static InputObject AddObject(LinkContext ctx, ObjectModule module)
    {
        if (module.Bits != 64) ctx.Error(module.ToString(), $"a {module.Bits}-bit module cannot be linked into an x86-64 executable");
        var obj = new InputObject(module, ctx.Objects.Count);
        ctx.Objects.Add(obj);
        DropUnneededSections(ctx, obj);
        foreach (var symbol in module.Symbols)
        {
            if (symbol.Type is SymbolType.File or SymbolType.Section) continue;
            // Locals get a linker symbol only when a relocation names them (RelocationTargets).
            if (!symbol.IsGlobal && symbol.IsDefined) continue;
            var global = ctx.GetGlobal(symbol.Name);
            obj.SymbolMap[symbol] = global;
            var section = obj.Find(symbol.Section);
            if (symbol.Section is not null && section is null)
            {
                ctx.Error(obj.Name, $"symbol {symbol.Name} is defined in section {symbol.Section.Name}, which is not in the module");
                continue;
            }
            bool defined = symbol.IsAbsolute || symbol.IsCommon || (section is not null && !section.IsDiscarded);
            if (!defined)
            {
                global.IsReferenced = true;
                if (symbol.Binding != SymbolBinding.Weak && !global.HasStrongReference)
                {
                    global.HasStrongReference = true;
                    global.FirstReference = obj;
                }
                continue;
            }
            Define(ctx, global, obj, symbol, section);
        }
        return obj;
    }

    /// <summary>Marks sections the executable does not carry: later COMDAT copies, non-alloc sections
    /// (.comment, debug info, .note.GNU-stack) and, for a static no-libc link, .eh_frame (nothing
    /// unwinds) and .note.gnu.property (no dynamic loader reads it).</summary>
    private static void DropUnneededSections(LinkContext ctx, InputObject obj)
    {
        foreach (var input in obj.Sections)
        {
            var section = input!.Section;
            if (section.GroupSignature is { } signature)
            {
                if (!ctx.ComdatOwners.TryGetValue(signature, out var owner)) ctx.ComdatOwners.Add(signature, obj);
                else if (owner != obj) input.IsDiscarded = true;
            }
            if (input.IsDiscarded || !section.IsAlloc || section.Name == ".eh_frame" || section.Name == ".note.gnu.property"
                || section.Type == (SectionType)ElfConstants.ShtX86_64Unwind)
                input.IsLive = false;
        }
    }

    private static void Define(LinkContext ctx, LinkSymbol global, InputObject obj, Symbol symbol, InputSection? section)
    {
        bool take;
        if (!global.IsDefined) take = true;
        else if (symbol.IsCommon)
        {
            if (global.IsCommon)
            {
                global.Size = Math.Max(global.Size, symbol.Size);
                global.Value = Math.Max(global.Value, symbol.Value);
            }
            take = false;
        }
        else if (global.IsCommon || global.IsLinkerDefined) take = true;
        else if (symbol.Binding == SymbolBinding.Weak) take = false;
        else if (global.Binding == SymbolBinding.Weak) take = true;
        else
        {
            string here = section is not null ? section.Describe(symbol.Value) : obj.Name;
            ctx.Error(here, $"multiple definition of `{symbol.Name}'; first defined at {global.DescribeDefinition()}");
            take = false;
        }
        if (!take) return;
        global.File = obj;
        global.Definition = symbol;
        global.Section = section;
        global.Value = symbol.Value;
        global.Size = symbol.Size;
        global.Binding = symbol.Binding;
        global.Type = symbol.Type;
        global.IsAbsolute = symbol.IsAbsolute;
        global.IsCommon = symbol.IsCommon;
        global.IsLinkerDefined = false;
    }

    public static bool IsNumber(string text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out value);
        return ulong.TryParse(text, out value);
    }
}
