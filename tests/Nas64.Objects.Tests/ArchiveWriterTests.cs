using Nas64.Objects.Archive;

namespace Nas64.Objects.Tests;

/// <summary><see cref="ArchiveWriter"/> against GNU <c>ar rcsD</c>, <c>nm -s</c> and <c>ld</c>.</summary>
public sealed class ArchiveWriterTests
{
    private const string WriteSource = """
        global print
        global print_len:data
        common scratch 16:8
        extern unused
        section .text
        print:
          mov eax, 1
          mov edi, 1
          syscall
          ret
        section .data
        print_len: dd 0
        local: dd 1

        """;

    private const string ExitSource = """
        global quit
        global weakling:weak
        section .text
        quit:
          mov eax, 60
          syscall
        weakling: ret

        """;

    private const string Exit32Source = """
        bits 32
        global quit32
        section .text
        quit32: int 0x80

        """;

    private const string MainSource = """
        extern print
        extern quit
        global _start
        section .data
        msg: db "from archive", 10
        section .text
        _start:
          lea rsi, [rel msg]
          mov edx, 13
          call print
          mov edi, 5
          call quit

        """;

    [RequiresToolsFact("nasm", "ar")]
    public void Archive_MatchesArRcsD()
    {
        using var dir = new TempDirectory();
        var members = new List<(string, byte[])>
        {
            ("write.o", Tools.Nasm(dir, WriteSource, "elf64", "write.asm")),
            ("a_rather_long_member_name.o", Tools.Nasm(dir, ExitSource, "elf64", "exit.asm")),
            ("exactly15chars.", Tools.Nasm(dir, Exit32Source, "elf32", "exit32.asm")),
            ("notes.txt", "odd\n!"u8.ToArray()),
            ("another_long_member_name.o", Tools.Nasm(dir, ExitSource, "elf64", "exit.asm")),
        };
        foreach (var (name, bytes) in members) File.WriteAllBytes(dir.File(name), bytes);
        var arguments = new List<string> { "rcsD", "lib.a" };
        foreach (var (name, _) in members) arguments.Add(name);
        Tools.Run(dir, "ar", [.. arguments]);

        byte[] ours = ArchiveWriter.Write(members);
        Tools.AssertSameBytes(File.ReadAllBytes(dir.File("lib.a")), ours);
    }

    [RequiresToolsFact("nasm", "ar")]
    public void ArchiveWithoutObjects_HasNoSymbolTable_LikeAr()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("readme"), "hello");
        Tools.Run(dir, "ar", "rcsD", "lib.a", "readme");
        byte[] ours = ArchiveWriter.Write([("readme", "hello"u8.ToArray())]);
        Tools.AssertSameBytes(File.ReadAllBytes(dir.File("lib.a")), ours);
    }

    [RequiresToolsFact("nasm", "nm", "ld")]
    public void Archive_IndexIsReadByNmAndLd()
    {
        using var dir = new TempDirectory();
        byte[] write = Tools.Nasm(dir, WriteSource, "elf64", "write.asm");
        byte[] exit = Tools.Nasm(dir, ExitSource, "elf64", "exit.asm");
        Tools.Nasm(dir, MainSource, "elf64", "main.asm");
        File.WriteAllBytes(dir.File("libsys.a"), ArchiveWriter.Write([("write.o", write), ("a_rather_long_member_name.o", exit)]));

        string index = Tools.Run(dir, "nm", "-s", "libsys.a").StandardOutput;
        Assert.Contains("print in write.o", index);
        Assert.Contains("scratch in write.o", index);
        Assert.Contains("weakling in a_rather_long_member_name.o", index);
        Assert.DoesNotContain("local in", index);
        Assert.DoesNotContain("unused in", index);

        Tools.Run(dir, "ld", "-o", "main", "main.asm.nasm-out", "libsys.a");
        var run = ExternalTool.Run(dir.File("main"), []);
        Assert.Equal("from archive\n", run.StandardOutput);
        Assert.Equal(5, run.ExitCode);
    }
}
