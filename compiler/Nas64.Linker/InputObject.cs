using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>An object module taking part in the link, with the linker's view of its sections and symbols.</summary>
internal sealed class InputObject
{
    public InputObject(ObjectModule module, int index)
    {
        Module = module;
        Index = index;
        Name = module.ToString();
        Sections = new InputSection?[module.Sections.Count];
        for (int i = 0; i < Sections.Length; i++)
        {
            var section = new InputSection(this, module.Sections[i]);
            Sections[i] = section;
            SectionMap.Add(module.Sections[i], section);
        }
    }

    public ObjectModule Module { get; }

    /// <summary>Position in link order (extracted archive members count where they were pulled in).</summary>
    public int Index { get; }

    public string Name { get; }

    /// <summary>Parallel to <see cref="ObjectModule.Sections"/>.</summary>
    public InputSection?[] Sections { get; }

    public Dictionary<Section, InputSection> SectionMap { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every model symbol this object's relocations may name, mapped to the linker symbol:
    /// locals and section symbols to their own, globals and undefined names to the shared one.</summary>
    public Dictionary<Symbol, LinkSymbol> SymbolMap { get; } = new(ReferenceEqualityComparer.Instance);

    public InputSection? Find(Section? section) => section is null ? null : SectionMap.GetValueOrDefault(section);

    public override string ToString() => Name;
}

/// <summary>An input section and where it lands in the output.</summary>
internal sealed class InputSection(InputObject file, Section section)
{
    public InputObject File { get; } = file;
    public Section Section { get; } = section;

    /// <summary>False for sections dropped (COMDAT duplicates, non-alloc) or collected (--gc-sections).</summary>
    public bool IsLive { get; set; } = true;

    /// <summary>A later copy of a COMDAT group already taken from another object.</summary>
    public bool IsDiscarded { get; set; }

    public OutputSection? Output { get; set; }

    /// <summary>Offset of the section's first byte in <see cref="Output"/>.</summary>
    public ulong OutputOffset { get; set; }

    public ulong Address => Output!.Address + OutputOffset;

    /// <summary>The run-time address of the byte at <paramref name="offset"/>, following string merging.</summary>
    public ulong AddressOf(ulong offset) => Merged is { } merged
        ? merged.Target.Address + merged.Translate(offset)
        : Address + offset;

    /// <summary>Relocation targets, parallel to <see cref="Section.Relocations"/>, set by the relocation scan.</summary>
    public LinkSymbol[] Targets { get; set; } = [];

    /// <summary>How each relocation is applied (relaxations), parallel to <see cref="Section.Relocations"/>.</summary>
    public RelocationAction[] Actions { get; set; } = [];

    /// <summary>For an SHF_MERGE|SHF_STRINGS section: each string's input offset and its output offset.</summary>
    public MergedStrings? Merged { get; set; }

    public string Describe(ulong offset) => $"{File.Name}:({Section.Name}+0x{offset:x})";

    public override string ToString() => $"{File.Name}({Section.Name})";
}

/// <summary>What the relocation pass does with one relocation, decided when scanning.</summary>
internal enum RelocationAction : byte
{
    /// <summary>Apply the relocation's formula as written.</summary>
    Normal,
    /// <summary><c>mov foo@GOTPCREL(%rip), %reg</c> becomes <c>lea foo(%rip), %reg</c>.</summary>
    MovToLea,
    /// <summary><c>call *foo@GOTPCREL(%rip)</c> becomes <c>addr32 call foo</c>.</summary>
    CallToDirect,
    /// <summary><c>jmp *foo@GOTPCREL(%rip)</c> becomes <c>jmp foo; nop</c>.</summary>
    JumpToDirect,
    /// <summary>Initial-exec <c>mov/add foo@gottpoff(%rip), %reg</c> becomes local-exec with an immediate.</summary>
    TlsInitialToLocal,
    /// <summary>General-dynamic <c>lea foo@tlsgd(%rip),%rdi; call __tls_get_addr</c> becomes <c>mov %fs:0,%rax; lea foo@tpoff(%rax),%rax</c>.</summary>
    TlsGeneralToLocal,
    /// <summary>Local-dynamic <c>lea foo@tlsld(%rip),%rdi; call __tls_get_addr</c> becomes <c>mov %fs:0,%rax</c>.</summary>
    TlsLocalDynamicToLocal,
    /// <summary>TLS descriptor <c>lea foo@tlsdesc(%rip), %rax</c> becomes <c>mov $tpoff, %rax</c>.</summary>
    TlsDescriptorToLocal,
    /// <summary>TLS descriptor <c>call *foo@tlscall(%rax)</c> becomes <c>xchg %ax, %ax</c>.</summary>
    TlsDescriptorCallToNop,
    /// <summary>The __tls_get_addr call of a relaxed TLS sequence: nothing to apply.</summary>
    Skip,
}
