using Nas64.Objects.Flat;

namespace Nas64.Objects.Tests;

/// <summary><see cref="FlatWriter"/> against <c>nasm -f bin</c> for hand-built equivalents of small sources.</summary>
public sealed class FlatWriterTests
{
    private const SectionFlags ProgBits = SectionFlags.Alloc;
    private const SectionFlags NoBits = SectionFlags.Alloc | SectionFlags.NoBits;

    private static byte[] Write(ModuleBuilder b)
    {
        var diagnostics = new DiagnosticBag();
        byte[] image = FlatWriter.Write(b.Module, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return image;
    }

    private static void AssertMatchesNasm(string source, ModuleBuilder b)
    {
        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, source, "bin");
        Tools.AssertSameBytes(nasm, Write(b));
    }

    [RequiresToolsFact("nasm")]
    public void OrgTextDataBss_CrossSectionReferences_MatchNasm()
    {
        const string source = """
            org 0x100
            section .text
              mov si, msg
              call far_fn
              mov ax, buf
              ret
            section .data
            msg: db "hi", 0
              dw msg
              dd buf
            section .text2
            far_fn: ret
            section .bss
            buf: resb 10

            """;
        var b = new ModuleBuilder("t.asm", 16);
        b.Module.Origin = 0x100;
        b.Section(".text", ProgBits)
            .Hex("be").Ref(RelocationType.Abs16, "msg")
            .Hex("e8").Ref(RelocationType.Pc16, "far_fn", -2)
            .Hex("b8").Ref(RelocationType.Abs16, "buf")
            .Hex("c3");
        b.Section(".data", ProgBits).Label("msg").Ascii("hi\0").Ref(RelocationType.Abs16, "msg").Ref(RelocationType.Abs32, "buf");
        b.Section(".text2", ProgBits).Label("far_fn").Hex("c3");
        b.Section(".bss", NoBits).Label("buf").Reserve(10);
        AssertMatchesNasm(source, b);
    }

    [RequiresToolsFact("nasm")]
    public void StartFollowsAlignNoBitsAndSectionLabels_MatchNasm()
    {
        const string source = """
            bits 32
            org 0x7c01
            section .data
            d1: db 1
            section .text
            dd d1
            section .bss
            b1: resb 3
            section .b2 nobits
            b2: resd 1
            section .text
            dd b1, b2
            section .e align=16
            section .f
            dd $$
            section .g follows=.text
            g1: dd g1
            section .h start=0x7d00
            dd h1
            h1: dd section..h.start, section..g.start, section..g.vstart

            """;
        var b = new ModuleBuilder("t.asm", 32);
        b.Module.Origin = 0x7c01;
        b.Section(".data", ProgBits).Label("d1").Hex("01");
        b.Section(".text", ProgBits).Ref(RelocationType.Abs32, "d1");
        b.Section(".bss", NoBits).Label("b1").Reserve(3);
        b.Section(".b2", NoBits).Label("b2").Reserve(4);
        b.Section(".text").Ref(RelocationType.Abs32, "b1").Ref(RelocationType.Abs32, "b2");
        b.Section(".e", ProgBits, flat: new FlatPlacement { Align = 16 });
        b.Section(".f", ProgBits);
        b.Ref(RelocationType.Abs32, b.Module.GetSectionSymbol(b.Current));
        b.Section(".g", ProgBits, flat: new FlatPlacement(Follows: ".text")).Label("g1").Ref(RelocationType.Abs32, "g1");
        b.Section(".h", ProgBits, flat: new FlatPlacement(Start: 0x7d00)).Ref(RelocationType.Abs32, "h1").Label("h1")
            .Ref(RelocationType.Abs32, "section..h.start")
            .Ref(RelocationType.Abs32, "section..g.start")
            .Ref(RelocationType.Abs32, "section..g.vstart");
        AssertMatchesNasm(source, b);
    }

    [RequiresToolsFact("nasm")]
    public void VStartVFollowsVAlign_MatchNasm()
    {
        const string source = """
            bits 32
            org 0x1000
            section .text
              dd a, b, c
            section .one vstart=0x8000
            a: dd a
            section .two vfollows=.one
            b: dd b, c
            section .three valign=16
            c: dd c
            section .bss
            z: resd 1
            section .text
            dd z
              call c

            """;
        var b = new ModuleBuilder("t.asm", 32);
        b.Module.Origin = 0x1000;
        b.Section(".text", ProgBits).Ref(RelocationType.Abs32, "a").Ref(RelocationType.Abs32, "b").Ref(RelocationType.Abs32, "c");
        b.Section(".one", ProgBits, flat: new FlatPlacement(VStart: 0x8000)).Label("a").Ref(RelocationType.Abs32, "a");
        b.Section(".two", ProgBits, flat: new FlatPlacement(VFollows: ".one")).Label("b")
            .Ref(RelocationType.Abs32, "b").Ref(RelocationType.Abs32, "c");
        b.Section(".three", ProgBits, flat: new FlatPlacement { VAlign = 16 }).Label("c").Ref(RelocationType.Abs32, "c");
        b.Section(".bss", NoBits).Label("z").Reserve(4);
        b.Section(".text").Ref(RelocationType.Abs32, "z").Hex("e8").Ref(RelocationType.Pc32, "c", -4);
        AssertMatchesNasm(source, b);
    }

    [RequiresToolsFact("nasm")]
    public void OutOfRangeAddresses_AreTruncatedSilently_LikeNasm()
    {
        const string source = """
            org 0x10000
            section .text
            jmp far_label
            db lab
            dw lab
            dd lab
            section .data
            lab: db 1
            section .other vstart=0x300000
            far_label: dw lab
            dw far_label

            """;
        var b = new ModuleBuilder("t.asm", 16);
        b.Module.Origin = 0x10000;
        b.Section(".text", ProgBits).Hex("e9").Ref(RelocationType.Pc16, "far_label", -2)
            .Ref(RelocationType.Abs8, "lab").Ref(RelocationType.Abs16, "lab").Ref(RelocationType.Abs32, "lab");
        b.Section(".data", ProgBits).Label("lab").Hex("01");
        b.Section(".other", ProgBits, flat: new FlatPlacement(VStart: 0x300000)).Label("far_label")
            .Ref(RelocationType.Abs16, "lab").Ref(RelocationType.Abs16, "far_label");
        var diagnostics = new DiagnosticBag();
        FlatWriter.Write(b.Module, diagnostics);
        Assert.Empty(diagnostics.Items);
        AssertMatchesNasm(source, b);
    }

    [RequiresToolsFact("nasm")]
    public void StartWithoutOrg_BeginsTheFileAtTheFirstSection_LikeNasm()
    {
        const string source = """
            section .text start=0x200
            dd x
            section .data start=0x240
            x: dd 5

            """;
        var b = new ModuleBuilder("t.asm", 32);
        b.Section(".text", ProgBits, flat: new FlatPlacement(Start: 0x200)).Ref(RelocationType.Abs32, "x");
        b.Section(".data", ProgBits, flat: new FlatPlacement(Start: 0x240)).Label("x").Hex("05000000");
        AssertMatchesNasm(source, b);
    }

    [Fact]
    public void ExternalReference_IsAnError()
    {
        var b = new ModuleBuilder("boot.asm", 16);
        b.Section(".text", ProgBits).Extern("elsewhere").Ref(RelocationType.Abs16, "elsewhere");
        var diagnostics = new DiagnosticBag();
        Assert.Empty(FlatWriter.Write(b.Module, diagnostics));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.StartsWith("boot.asm: error: binary output format does not support external references", error.ToString());
    }

    [Fact]
    public void OverlappingStarts_AreAnError()
    {
        var b = new ModuleBuilder("t.asm", 16);
        b.Section(".text", ProgBits, flat: new FlatPlacement(Start: 0)).Hex("00000000");
        b.Section(".data", ProgBits, flat: new FlatPlacement(Start: 2)).Hex("00");
        var diagnostics = new DiagnosticBag();
        FlatWriter.Write(b.Module, diagnostics);
        Assert.Contains(diagnostics.Items, d => d.Message.Contains("overlap", StringComparison.Ordinal));
    }
}
