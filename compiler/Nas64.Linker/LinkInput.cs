using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>What a <see cref="LinkInput"/> is.</summary>
public enum LinkInputKind
{
    /// <summary>An object module already in memory (from the assembler).</summary>
    Module,
    /// <summary>A file on disk: an ELF relocatable object or an ar archive (told apart by magic).</summary>
    File,
    /// <summary>File contents already in memory, with the name to show in messages.</summary>
    Bytes,
    /// <summary>--start-group: archives up to the matching end are searched repeatedly.</summary>
    StartGroup,
    /// <summary>--end-group.</summary>
    EndGroup,
}

/// <summary>One item of the link line, in command-line order.</summary>
public sealed class LinkInput
{
    private LinkInput(LinkInputKind kind, string name, ObjectModule? module, ReadOnlyMemory<byte> bytes)
    {
        Kind = kind;
        Name = name;
        Module = module;
        Data = bytes;
    }

    public LinkInputKind Kind { get; }

    /// <summary>The path or display name used in diagnostics.</summary>
    public string Name { get; }

    public ObjectModule? Module { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public static LinkInput FromModule(ObjectModule module) =>
        new(LinkInputKind.Module, module.DisplayName.Length > 0 ? module.DisplayName : module.SourceName, module, default);

    public static LinkInput FromFile(string path) => new(LinkInputKind.File, path, null, default);

    public static LinkInput FromBytes(string displayName, ReadOnlyMemory<byte> bytes) => new(LinkInputKind.Bytes, displayName, null, bytes);

    public static LinkInput StartGroup { get; } = new(LinkInputKind.StartGroup, "--start-group", null, default);

    public static LinkInput EndGroup { get; } = new(LinkInputKind.EndGroup, "--end-group", null, default);

    public override string ToString() => Name;
}
