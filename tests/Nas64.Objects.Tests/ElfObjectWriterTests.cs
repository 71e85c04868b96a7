using Nas64.Objects;
using Nas64.Objects.Elf;

namespace Nas64.Objects.Tests;

/// <summary>
/// Each test builds by hand the module the assembler would produce for a small NASM source, writes it
/// with <see cref="ElfObjectWriter"/> and compares it with what nasm 2.16 writes for that source.
/// </summary>
public sealed class ElfObjectWriterTests
{
    private const SectionFlags Text = SectionFlags.Alloc | SectionFlags.Execute;
    private const SectionFlags Data = SectionFlags.Alloc | SectionFlags.Write;
    private const SectionFlags Bss = SectionFlags.Alloc | SectionFlags.Write | SectionFlags.NoBits;

    private const string Hello64Source = """
        section .data
        msg: db "hello", 10
        len equ $ - msg
        section .text
        global _start
        _start:
          mov eax, 1
          mov edi, 1
          lea rsi, [rel msg]
          mov edx, len
          syscall
          mov eax, 60
          mov edi, 42
          syscall

        """;

    private static ModuleBuilder Hello64()
    {
        var b = new ModuleBuilder("t.asm", 64);
        b.Section(".data", Data, 4).Label("msg").Ascii("hello\n").Equ("len", 6);
        b.Section(".text", Text, 16).Global("_start").Label("_start")
            .Hex("b801000000 bf01000000 488d35").Ref(RelocationType.Pc32, "msg", -4)
            .Hex("ba06000000 0f05 b83c000000 bf2a000000 0f05");
        return b;
    }

    [RequiresToolsFact("nasm", "readelf")]
    public void Hello64_MatchesNasmByteForByte()
    {
        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, Hello64Source, "elf64");
        byte[] ours = ElfObjectWriter.Write(Hello64().Module);
        Tools.AssertSameElf(dir, nasm, ours);
    }

    [RequiresToolsFact("ld", "eu-elflint")]
    public void Hello64_LinksWithLdAndRuns()
    {
        using var dir = new TempDirectory();
        var module = Hello64().Module;
        module.NoteGnuStack = true;
        File.WriteAllBytes(dir.File("hello.o"), ElfObjectWriter.Write(module));
        var lint = Tools.Run(dir, "eu-elflint", "--gnu-ld", "hello.o");
        Assert.Contains("No errors", lint.StandardOutput);
        Tools.Run(dir, "ld", "-o", "hello", "hello.o");
        var run = ExternalTool.Run(dir.File("hello"), []);
        Assert.Equal("hello\n", run.StandardOutput);
        Assert.Equal(42, run.ExitCode);
        // The note keeps the stack non-executable: ld gives GNU_STACK RW, not RWE, and does not warn.
        var headers = Tools.Run(dir, "readelf", "-l", "-W", "hello").StandardOutput;
        Assert.Matches(@"GNU_STACK(\s+0x[0-9a-f]+){5}\s+RW\s", headers);
    }

    [RequiresToolsFact("nasm", "readelf")]
    public void NoteGnuStack_MatchesNasmSectionDirective()
    {
        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, Hello64Source + "section .note.GNU-stack noalloc noexec nowrite progbits\n", "elf64");
        var module = Hello64().Module;
        module.NoteGnuStack = true;
        Tools.AssertSameElf(dir, nasm, ElfObjectWriter.Write(module));
    }

    private const string Wide64Source = """
        extern unused
        extern ext
        extern wk:weak
        global gfunc:function hidden
        global gdata:data 4
        global gw:weak
        global tv
        global absv
        common cc 8:16
        absv equ 1234
        section .text
        gfunc:
          call ext
          call ext wrt ..plt
          mov rax, [rel ext wrt ..got]
        .loop:
          jmp .loop
          mov rax, [rel tv wrt ..gottpoff]
          mov eax, [rel lv]
          ret
        section .data
        lv: dd 7
        gdata: dd 1
        gw: dd 2
          dq gfunc
          dq gfunc wrt ..sym
          dd lv + 2
          dw lv
          db lv
          dq ext + 8
          dq wk
          dq cc
          dq gdata wrt ..gotoff
          dq gfunc.loop
        section .rodata
        ro: db "abc"
        section .bss
        buf: resb 64
        section mysec progbits alloc noexec write align=32
          dq buf, ro
        section .tbss nobits alloc write tls
        tv: resd 1

        """;

    /// <summary>Every kind of symbol (local, global, weak, hidden, typed and sized, common, absolute,
    /// extern used and unused, TLS) and relocation NASM writes for x86-64.</summary>
    [RequiresToolsFact("nasm", "readelf", "eu-elflint")]
    public void EverySymbolAndRelocationKind64_MatchesNasm()
    {
        var b = new ModuleBuilder("t.asm", 64);
        b.Extern("unused").Extern("ext").Extern("wk", weak: true)
            .Global("gfunc", SymbolType.Function, visibility: SymbolVisibility.Hidden)
            .Global("gdata", SymbolType.Object, 4).Global("gw", weak: true).Global("tv").Global("absv")
            .Common("cc", 8, 16).Equ("absv", 1234);
        b.Section(".text", Text, 16).Label("gfunc")
            .Hex("e8").Ref(RelocationType.Pc32, "ext", -4)
            .Hex("e8").Ref(RelocationType.Plt32, "ext", -4)
            .Hex("488b05").Ref(RelocationType.GotPcRel, "ext", -4)
            .Label("gfunc.loop").Hex("ebfe")
            .Hex("488b05").Ref(RelocationType.GotTpOff, "tv", -4)
            .Hex("8b05").Ref(RelocationType.Pc32, "lv", -4)
            .Hex("c3");
        b.Section(".data", Data, 4).Label("lv").Hex("07000000").Label("gdata").Hex("01000000").Label("gw").Hex("02000000")
            .Ref(RelocationType.Abs64, "gfunc")
            .Ref(RelocationType.Abs64, "gfunc", keepSymbol: true)
            .Ref(RelocationType.Abs32, "lv", 2)
            .Ref(RelocationType.Abs16, "lv")
            .Ref(RelocationType.Abs8, "lv")
            .Ref(RelocationType.Abs64, "ext", 8)
            .Ref(RelocationType.Abs64, "wk")
            .Ref(RelocationType.Abs64, "cc")
            .Ref(RelocationType.GotOff64, "gdata")
            .Ref(RelocationType.Abs64, "gfunc.loop");
        b.Section(".rodata", SectionFlags.Alloc, 4).Label("ro").Ascii("abc");
        b.Section(".bss", Bss, 4).Label("buf").Reserve(64);
        b.Section("mysec", Data, 32).Ref(RelocationType.Abs64, "buf").Ref(RelocationType.Abs64, "ro");
        b.Section(".tbss", Bss | SectionFlags.Tls, 1).Label("tv", SymbolType.Tls).Reserve(4);

        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, Wide64Source, "elf64");
        byte[] ours = ElfObjectWriter.Write(b.Module);
        Tools.AssertSameElf(dir, nasm, ours);
        var lint = Tools.Run(dir, "eu-elflint", "--gnu-ld", "ours.o");
        Assert.Contains("No errors", lint.StandardOutput);
    }

    [RequiresToolsFact("nasm", "readelf")]
    public void SectionSymbolRelocation_FromTheAssembler_MatchesNasm()
    {
        // The assembler may already refer to a local through its section symbol plus offset.
        var b = new ModuleBuilder("t.asm", 64);
        b.Section(".data", Data, 4).Hex("0102");
        var data = b.Current;
        b.Label("x").Hex("03");
        b.Section(".text", Text, 16).Hex("48b8").Ref(RelocationType.Abs64, b.Module.GetSectionSymbol(data), 2);

        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, """
            section .data
            db 1, 2
            x: db 3
            section .text
            mov rax, x

            """, "elf64");
        Tools.AssertSameElf(dir, nasm, ElfObjectWriter.Write(b.Module));
    }

    private const string Wide32Source = """
        bits 32
        section .data
        msg: db "hi", 10
        dd msg+2
        dw msg
        db msg
        section .text
        global _start
        extern ext
        _start:
          mov eax, 4
          mov ebx, 1
          mov ecx, msg
          mov edx, 3
          int 0x80
          call ext
          call ext wrt ..plt
          mov eax, [ebx + ext wrt ..got]
          mov eax, [ebx + msg wrt ..gotoff]
          dd ext + 5
          dw ext
          db ext
          jmp ext
          mov eax, [ebx+tv wrt ..tlsie]
          mov eax, 1
          int 0x80
        section .bss
        b: resd 1
        section .tbss nobits alloc write tls
        global tv
        tv: resd 1

        """;

    /// <summary>ELF32: REL sections, addends written into the section bytes, i386 relocation types.</summary>
    [RequiresToolsFact("nasm", "readelf", "eu-elflint")]
    public void EverySymbolAndRelocationKind32_MatchesNasm()
    {
        var b = new ModuleBuilder("t.asm", 32);
        b.Section(".data", Data, 4).Label("msg").Ascii("hi\n")
            .Ref(RelocationType.Abs32, "msg", 2).Ref(RelocationType.Abs16, "msg").Ref(RelocationType.Abs8, "msg");
        b.Section(".text", Text, 16).Global("_start").Extern("ext").Label("_start")
            .Hex("b804000000 bb01000000 b9").Ref(RelocationType.Abs32, "msg")
            .Hex("ba03000000 cd80")
            .Hex("e8").Ref(RelocationType.Pc32, "ext", -4)
            .Hex("e8").Ref(RelocationType.Plt32, "ext", -4)
            .Hex("8b83").Ref(RelocationType.Got32, "ext")
            .Hex("8b83").Ref(RelocationType.GotOff64, "msg")
            .Ref(RelocationType.Abs32, "ext", 5).Ref(RelocationType.Abs16, "ext").Ref(RelocationType.Abs8, "ext")
            .Hex("e9").Ref(RelocationType.Pc32, "ext", -4)
            .Hex("8b83").Ref(RelocationType.GotTpOff, "tv")
            .Hex("b801000000 cd80");
        b.Section(".bss", Bss, 4).Label("b").Reserve(4);
        b.Section(".tbss", Bss | SectionFlags.Tls, 1).Global("tv").Label("tv", SymbolType.Tls).Reserve(4);

        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, Wide32Source, "elf32");
        byte[] ours = ElfObjectWriter.Write(b.Module);
        Tools.AssertSameElf(dir, nasm, ours);
        var lint = Tools.Run(dir, "eu-elflint", "--gnu-ld", "ours.o");
        Assert.Contains("No errors", lint.StandardOutput);
    }

    private const string Hello32Source = """
        bits 32
        section .data
        msg: db "hi32", 10
        section .text
        global _start
        _start:
          mov eax, 4
          mov ebx, 1
          mov ecx, msg
          mov edx, 5
          int 0x80
          mov eax, 1
          mov ebx, 7
          int 0x80

        """;

    /// <summary>ELF32 hello: identical to nasm's, and ld -m elf_i386 links it into the same program as
    /// nasm's object. (This machine has no IA32 emulation to run it, so the executables are compared.)</summary>
    [RequiresToolsFact("nasm", "readelf", "ld")]
    public void Hello32_MatchesNasmAndLinks()
    {
        var b = new ModuleBuilder("t.asm", 32);
        b.Section(".data", Data, 4).Label("msg").Ascii("hi32\n");
        b.Section(".text", Text, 16).Global("_start").Label("_start")
            .Hex("b804000000 bb01000000 b9").Ref(RelocationType.Abs32, "msg")
            .Hex("ba05000000 cd80 b801000000 bb07000000 cd80");

        using var dir = new TempDirectory();
        byte[] nasm = Tools.Nasm(dir, Hello32Source, "elf32");
        byte[] ours = ElfObjectWriter.Write(b.Module);
        Tools.AssertSameElf(dir, nasm, ours);
        Tools.Run(dir, "ld", "-m", "elf_i386", "-o", "nasm32", "nasm.o");
        Tools.Run(dir, "ld", "-m", "elf_i386", "-o", "ours32", "ours.o");
        Tools.AssertSameBytes(File.ReadAllBytes(dir.File("nasm32")), File.ReadAllBytes(dir.File("ours32")));
        var code = Tools.Run(dir, "objdump", "-d", "ours32").StandardOutput;
        Assert.Contains("int    $0x80", code);
    }

    [Fact]
    public void Elf32_UnmappableRelocation_IsADiagnostic()
    {
        var b = new ModuleBuilder("t.asm", 32);
        b.Section(".text", Text, 16).Extern("ext").Ref(RelocationType.Abs64, "ext");
        var error = Assert.Throws<DiagnosticException>(() => ElfObjectWriter.Write(b.Module));
        Assert.Contains("Abs64", error.Message);
        Assert.StartsWith("t.asm", error.Diagnostic.ToString());
    }

    [Fact]
    public void Output_IsDeterministic()
    {
        byte[] first = ElfObjectWriter.Write(Hello64().Module);
        byte[] second = ElfObjectWriter.Write(Hello64().Module);
        Assert.Equal(first, second);
    }
}
