using System.Buffers.Binary;
using Nas64.Objects;

namespace Nas64.Linker.Passes;

/// <summary>
/// Patches the image, one input section at a time (in parallel when there are many: sections do not
/// overlap and every address is already known). Formulas in the psABI's letters: S the symbol's
/// address, A the addend, P the address of the field, G the offset of the symbol's GOT slot from the
/// GOT base GOT, Z the symbol's size; in a static executable a PLT entry L is the symbol itself.
/// Each write checks that the value fits the field as the psABI says (zero- or sign-extended).
/// </summary>
internal static class RelocationApplier
{
    private const int ParallelThreshold = 64;

    public static void Run(LinkContext ctx)
    {
        var work = new List<InputSection>();
        foreach (var output in ctx.OutputSections)
            foreach (var input in output.Inputs)
                if (input.Section.Relocations.Count > 0 && !input.Section.IsNoBits) work.Add(input);

        var errors = new List<Diagnostic>?[work.Count];
        if (work.Count >= ParallelThreshold)
            Parallel.For(0, work.Count, i => errors[i] = Apply(ctx, work[i]));
        else
            for (int i = 0; i < work.Count; i++) errors[i] = Apply(ctx, work[i]);
        foreach (var list in errors)
            if (list is not null) foreach (var error in list) ctx.Diagnostics.Add(error);
    }

    private static List<Diagnostic>? Apply(LinkContext ctx, InputSection input)
    {
        List<Diagnostic>? errors = null;
        var relocations = input.Section.Relocations;
        var section = ctx.Image.Span.Slice((int)(input.Output!.FileOffset + input.OutputOffset), (int)input.Section.Size);
        ulong sectionAddress = input.Address;
        ulong got = ctx.GotBase;
        ulong tp = ctx.Tls?.ThreadPointer ?? 0, tlsStart = ctx.Tls?.Address ?? 0;
        bool code = input.Section.IsExecutable;
        for (int i = 0; i < relocations.Count; i++)
        {
            var relocation = relocations[i];
            var target = input.Targets[i];
            int at = (int)relocation.Offset;
            ulong P = sectionAddress + relocation.Offset;
            ulong S = target.Address;
            ulong A = (ulong)relocation.Addend;
            if (target.IsSectionSymbol && target.Section?.Merged is { } merged)
            {
                // ld: a section symbol in a merged section names the piece at st_value + A.
                S = merged.Target.Address + merged.Translate(target.Value + A);
                A = 0;
            }
            ulong G = target.GotIndex >= 0 ? (ulong)target.GotIndex * 8 : 0;
            ulong Z = target.Size;
            if (input.Actions.Length > i && input.Actions[i] == RelocationAction.Skip) continue;
            var field = section[at..];
            var check = Fit.None;
            ulong value = 0;
            switch (relocation.Type)
            {
                case RelocationType.Abs64: value = S + A; break;
                case RelocationType.Pc64: value = S + A - P; break;
                case RelocationType.Pc32 or RelocationType.Plt32: value = S + A - P; check = Fit.Signed32; break;
                case RelocationType.Abs32: value = S + A; check = Fit.Unsigned32; break;
                case RelocationType.Abs32S: value = S + A; check = Fit.Signed32; break;
                case RelocationType.Abs16: value = S + A; check = Fit.Bitfield16; break;
                case RelocationType.Pc16: value = S + A - P; check = Fit.Signed16; break;
                case RelocationType.Abs8: value = S + A; check = Fit.Bitfield8; break;
                case RelocationType.Pc8: value = S + A - P; check = Fit.Signed8; break;
                case RelocationType.Size32: value = Z + A; check = Fit.Unsigned32; break;
                case RelocationType.Size64: value = Z + A; break;
                case RelocationType.GotPcRel or RelocationType.GotPcRelX or RelocationType.RexGotPcRelX:
                    switch (input.Actions[i])
                    {
                        case RelocationAction.MovToLea:
                            field = section[(at - 2)..];
                            field[0] = 0x8d;
                            field = section[at..];
                            value = S + A - P;
                            break;
                        case RelocationAction.CallToDirect:
                            section[at - 2] = 0x67;
                            section[at - 1] = 0xe8;
                            value = S + A - P;
                            break;
                        case RelocationAction.JumpToDirect:
                            section[at - 2] = 0xe9;
                            section[at + 3] = 0x90;
                            field = section[(at - 1)..];
                            value = S + A - P + 1;
                            break;
                        default:
                            value = G + got + A - P;
                            break;
                    }
                    check = Fit.Signed32;
                    break;
                case RelocationType.Got32: value = G + A; check = Fit.Signed32; break;
                case RelocationType.Got64: value = G + A; break;
                case RelocationType.GotPcRel64: value = G + got + A - P; break;
                case RelocationType.GotPc32: value = got + A - P; check = Fit.Signed32; break;
                case RelocationType.GotPc64: value = got + A - P; break;
                case RelocationType.GotOff64 or RelocationType.PltOff64: value = S + A - got; break;
                case RelocationType.TpOff32: value = S + A - tp; check = Fit.Signed32; break;
                case RelocationType.TpOff64: value = S + A - tp; break;
                // After LD→LE %rax holds the thread pointer, so code gets TP-relative offsets (as ld does).
                case RelocationType.DtpOff32: value = S + A - (code ? tp : tlsStart); check = Fit.Signed32; break;
                case RelocationType.DtpOff64: value = S + A - (code ? tp : tlsStart); break;
                case RelocationType.GotTpOff or RelocationType.TlsGd or RelocationType.TlsLd
                    or RelocationType.GotPc32TlsDesc or RelocationType.TlsDescCall:
                    field = RewriteTls(section, at, input.Actions[i]);
                    value = S - tp;
                    check = Fit.Signed32;
                    if (input.Actions[i] is RelocationAction.TlsLocalDynamicToLocal or RelocationAction.TlsDescriptorCallToNop) continue;
                    break;
                default: continue;
            }
            if (!Write(field, relocation.FieldSize, value, check))
            {
                errors ??= [];
                errors.Add(new Diagnostic(Severity.Error, new SourceLocation(input.Describe(relocation.Offset), 0),
                    $"relocation truncated to fit: {RelocationNames.Name(relocation.Type)} against `{target.Name}' " +
                    $"(defined at {target.DescribeDefinition()}): value 0x{value:x} does not fit {Describe(check)}"));
            }
        }
        return errors;
    }

    /// <summary>Rewrites a TLS access sequence into local-exec form (ld's bytes); returns where the
    /// 32-bit TP offset goes.</summary>
    private static Span<byte> RewriteTls(Span<byte> section, int at, RelocationAction action)
    {
        switch (action)
        {
            case RelocationAction.TlsInitialToLocal:
            {
                byte rex = section[at - 3], opcode = section[at - 2];
                int reg = (section[at - 1] >> 3) & 7;
                if (opcode == 0x8b)
                {
                    // mov foo@gottpoff(%rip), %reg → mov $tpoff, %reg (REX.R moves to REX.B)
                    if ((rex & 4) != 0) section[at - 3] = (byte)(rex & ~4 | 1);
                    section[at - 2] = 0xc7;
                    section[at - 1] = (byte)(0xc0 | reg);
                }
                else if (reg == 4)
                {
                    // add foo@gottpoff(%rip), %rsp/%r12 → add $tpoff, %reg
                    if ((rex & 4) != 0) section[at - 3] = (byte)(rex & ~4 | 1);
                    section[at - 2] = 0x81;
                    section[at - 1] = (byte)(0xc0 | reg);
                }
                else
                {
                    // add foo@gottpoff(%rip), %reg → lea tpoff(%reg), %reg
                    if ((rex & 4) != 0) section[at - 3] = (byte)(rex | 1);
                    section[at - 2] = 0x8d;
                    section[at - 1] = (byte)(0x80 | reg | (reg << 3));
                }
                return section[at..];
            }
            case RelocationAction.TlsDescriptorToLocal:
            {
                // lea foo@tlsdesc(%rip), %reg → mov $tpoff, %reg (REX.R moves to REX.B)
                byte rex = section[at - 3];
                int reg = (section[at - 1] >> 3) & 7;
                section[at - 3] = (byte)((rex & 0x48) | ((rex >> 2) & 1));
                section[at - 2] = 0xc7;
                section[at - 1] = (byte)(0xc0 | reg);
                return section[at..];
            }
            case RelocationAction.TlsDescriptorCallToNop:
                section[at] = 0x66;
                section[at + 1] = 0x90;
                return section[at..];
            case RelocationAction.TlsGeneralToLocal:
                // mov %fs:0, %rax; lea tpoff(%rax), %rax
                ((ReadOnlySpan<byte>)[0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80]).CopyTo(section[(at - 4)..]);
                return section[(at + 8)..];
            default:
                // data16 data16 data16 mov %fs:0, %rax
                ((ReadOnlySpan<byte>)[0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0]).CopyTo(section[(at - 3)..]);
                return section[at..];
        }
    }

    private enum Fit
    {
        None,
        Unsigned32,
        Signed32,
        Bitfield16,
        Signed16,
        Bitfield8,
        Signed8,
    }

    private static string Describe(Fit fit) => fit switch
    {
        Fit.Unsigned32 => "32 bits zero-extended",
        Fit.Signed32 => "32 bits sign-extended",
        Fit.Bitfield16 => "16 bits",
        Fit.Signed16 => "16 bits signed",
        Fit.Bitfield8 => "8 bits",
        Fit.Signed8 => "8 bits signed",
        _ => "the field",
    };

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/>; false when it does not fit.</summary>
    private static bool Write(Span<byte> field, int size, ulong value, Fit check)
    {
        long signed = (long)value;
        bool fits = check switch
        {
            Fit.Unsigned32 => value <= uint.MaxValue,
            Fit.Signed32 => signed is >= int.MinValue and <= int.MaxValue,
            Fit.Bitfield16 => signed is >= short.MinValue and <= ushort.MaxValue,
            Fit.Signed16 => signed is >= short.MinValue and <= short.MaxValue,
            Fit.Bitfield8 => signed is >= sbyte.MinValue and <= byte.MaxValue,
            Fit.Signed8 => signed is >= sbyte.MinValue and <= sbyte.MaxValue,
            _ => true,
        };
        switch (size)
        {
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(field, value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value); break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value); break;
            default: field[0] = (byte)value; break;
        }
        return fits;
    }
}
