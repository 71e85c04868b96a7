namespace Nas64.EndToEnd.Tests;

/// <summary>The bin format's [map] directive: nasm's map file (origin, sections in summary and detail, symbols), written
/// to standard output, standard error or a file, compared with what nasm 2.16 writes for the same command.</summary>
public sealed class MapFileTests
{
    private const string Layout = """
        [map all]
        org 0x7c00
        jmp short start
        k equ 5
        start: mov ax, later
        .loc: nop
        ..@m: nop
        times 3 db 0
        section .data align=16
        d1: dw 1
        section .bss
        b1: resb 4
        section .extra follows=.data vstart=0x9000
        e1: db 1
        section .nb nobits
        n1: resd 1
        absolute 0x500
        ab1: resb 2
        section .text
        later: dw section..data.start
        section .empty
        """;

    public static TheoryData<string> Sources => new()
    {
        Layout,
        "[map]\nx: nop\n",
        "[map symbols]\nx: nop\nk equ -1\n",
        "[map brief]\n[map symbols]\nx: nop\n",
        "[MAP SEGMENTS STDOUT]\nx: nop\n",
        "x: nop\n[map all]\n",
        "[map all]\nstruc s\n.a: resb 1\n.b: resw 1\nendstruc\nx: istruc s\nat s.a, db 1\niend\n",
        "[map all]\njmp far1\ntimes 200 nop\nfar1: nop\nsection .bss\nb: resb 1\nsection .data vstart=0x100 valign=16\nd: db 1\nsection .v vfollows=.data\nv: db 2\n",
        "[map all]\nsection .a start=0x100\na: db 1\nsection .b start=0x80\nb: db 2\n",
        "[map all]\norg 0x100\nsection .data align=8\nd: dd 1\nsection .text\nalign 16\nt: ret\nsection .bss\nresb 3\nbb: resq 1\n",
        "[map sections]\nsection .a start=0x100\nalign 16\ndb 1\nsection .b start=0x200 align=16\ndb 1\nsection .c align=16 start=0x300\ndb 1\n",
        "[map sections]\nsection .a vstart=0x100 valign=16\ndb 1\nsection .b valign=16 vstart=0x200\ndb 1\n",
        "[map all]\ndb 1\nsection .a\nsectalign 1\nx: db 2\nsection .b\nalign 2\ny: db 3\n",
        "[map all]\nsection .b nobits\nresb 2\nsection .c nobits start=0x300\nresb 1\nsection .d\ndb 1\n",
        "[map all]\nx:\n.a equ 5\n..@z equ x\nabsolute 0x10\na: resb 4\n",
    };

    /// <summary>To standard output, as nasm prints it with -o.</summary>
    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(Sources))]
    public void MapOnStandardOutputIsNasms(string source)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("q.asm"), source);
        var nasm = ExternalTool.RunCheckedIn(dir.Path, "nasm", ["-f", "bin", "q.asm", "-o", "out.bin"]);
        byte[] nasmBytes = File.ReadAllBytes(dir.File("out.bin"));
        File.Delete(dir.File("out.bin"));
        var ours = Nas64Command.RunChecked(dir.Path, "-f", "bin", "q.asm", "-o", "out.bin");
        Assert.Equal(nasm.StandardOutput, ours.StandardOutput);
        Assert.Equal(nasmBytes, File.ReadAllBytes(dir.File("out.bin")));
    }

    /// <summary>A file named in the directive (the first destination stays), standard error, and the default output
    /// name in the header.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("[map brief c.map]\n[map symbols d.map]\nx: nop\n", "c.map")]
    [InlineData("[map all c.map d.map]\nx: nop\n", "c.map")]
    [InlineData("[map sections stderr]\nx: nop\n", null)]
    [InlineData("[map all]\nx: nop\n", null)]
    public void MapDestinationsAreNasms(string source, string? file)
    {
        using var nasmDir = new TempDirectory();
        using var ourDir = new TempDirectory();
        File.WriteAllText(nasmDir.File("q.asm"), source);
        File.WriteAllText(ourDir.File("q.asm"), source);
        var nasm = ExternalTool.RunCheckedIn(nasmDir.Path, "nasm", ["-f", "bin", "q.asm"]);
        var ours = Nas64Command.RunChecked(ourDir.Path, "-f", "bin", "q.asm");
        Assert.Equal(nasm.StandardOutput, ours.StandardOutput);
        Assert.Equal(nasm.StandardError, ours.StandardError);
        Assert.Equal(File.ReadAllBytes(nasmDir.File("q")), File.ReadAllBytes(ourDir.File("q")));
        Assert.Equal(Directory.GetFiles(nasmDir.Path).Select(Path.GetFileName).Order(), Directory.GetFiles(ourDir.Path).Select(Path.GetFileName).Order());
        if (file is not null) Assert.Equal(File.ReadAllText(nasmDir.File(file)), File.ReadAllText(ourDir.File(file)));
    }

    /// <summary>A failed run: nasm has created the map file when its first pass reached [map FILE] and leaves it empty
    /// (an error before or after the directive, in the passes or in the layout); a fatal stop before the directive, or
    /// [map] without a file, leaves none. The same files as nasm, no output.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("foo bar\n[map all m.map]\ndb 1\n")]
    [InlineData("[map all m.map]\n%fatal x\n")]
    [InlineData("%fatal x\n[map all m.map]\n")]
    [InlineData("[map all m.map]\n[map all m2.map]\nfoo bar\n")]
    [InlineData("[map brief m.map]\nmov eax, undefined1\n")]
    [InlineData("[map all m.map]\nsection .a start=0\ndb 1, 2, 3\nsection .b start=1\ndb 4\n")]
    [InlineData("[map all m.map]\nextern foo\ndd foo\n")]
    [InlineData("[map all]\nfoo bar\n")]
    public void FailedRunLeavesNasmsFiles(string source)
    {
        using var nasmDir = new TempDirectory();
        using var ourDir = new TempDirectory();
        File.WriteAllText(nasmDir.File("q.asm"), source);
        File.WriteAllText(ourDir.File("q.asm"), source);
        var nasm = ExternalTool.Run("nasm", ["-f", "bin", "q.asm", "-o", "q.bin"], nasmDir.Path);
        var ours = Nas64Command.Run(ourDir.Path, "-f", "bin", "q.asm", "-o", "q.bin");
        Assert.NotEqual(0, nasm.ExitCode);
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal(string.Join(",", Directory.GetFiles(nasmDir.Path).Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}").Order()),
            string.Join(",", Directory.GetFiles(ourDir.Path).Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}").Order()));
    }
}
