using System.Text.RegularExpressions;

namespace Nas64.EndToEnd.Tests.Debugging;

/// <summary>
/// -g / -F dwarf: line tables compared with nasm -g -F dwarf's (readelf's decoded rows), and gdb driven
/// in batch mode over executables from each path (nas64 -g; nas64 -f elf64 -g + ld; + nas64 link),
/// its transcript checked line by line and against the transcript of nasm's object linked by ld.
/// </summary>
public sealed partial class DebugInfoTests
{
    /// <summary>A program whose lines come from the main file, an %include'd function and a macro
    /// defined in another include; exits with status 42.</summary>
    private static TempDirectory Program()
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("macros.inc"), """
            %macro exit 1
                    mov edi, %1
                    mov eax, 60
                    syscall
            %endmacro

            """);
        File.WriteAllText(dir.File("double.asm"), """
            ; doubles edi into eax, plus two
                    global double:function (double.end - double)

            double:
                    mov eax, edi
                    add eax, eax
                    add eax, 2
                    ret
            .end:

            """);
        File.WriteAllText(dir.File("main.asm"), """
            %include "macros.inc"
                    section .text
                    global _start
            _start:
                    mov edi, 20
                    call double
                    mov ebx, eax
                    exit ebx
            %include "double.asm"

            """);
        return dir;
    }

    /// <summary>Nested macros, %rep, times, data among code, a second code section, a label-only line.</summary>
    private const string Layout = """
        %macro twice 1
                add %1, %1
                add %1, %1
        %endmacro
        %macro outer 1
                nop
                twice %1
                nop
        %endmacro
                section .text
        f:
                outer eax
        %rep 2
                inc eax
        %endrep
                times 2 nop
        .end:
                db 0x90
                section .init exec
        g:      ret
                section .data
        d:      dd 1
                section .text
                ret

        """;

    private const string GdbScript = """
        break main.asm:6
        run
        step
        bt
        info symbol $pc
        next
        next
        next
        step
        next
        continue

        """;

    [RequiresToolsTheory("nasm", "readelf", "eu-elflint")]
    [InlineData("elf64")]
    [InlineData("elf32")]
    public void LineRowsAreNasms(string format)
    {
        using var dir = Program();
        File.WriteAllText(dir.File("layout.asm"), (format == "elf32" ? "bits 32\n" : "") + Layout);
        foreach (string source in new[] { "main.asm", "layout.asm" })
        {
            ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", format, "-g", "-F", "dwarf", source, "-o", "nasm.o");
            Nas64Command.RunChecked(dir.Path, "-f", format, "-g", source, "-o", "ours.o");
            var nasm = ExternalTool.RunCheckedIn(dir.Path, "readelf", "--debug-dump=decodedline", "nasm.o");
            var ours = ExternalTool.RunCheckedIn(dir.Path, "readelf", "--debug-dump=decodedline", "ours.o");
            Assert.Contains(source, ours.StandardOutput);
            Assert.Equal(nasm.StandardOutput.Replace("nasm.o", "ours.o"), ours.StandardOutput);
            AssertReadelfClean(dir.Path, "ours.o");
            ExternalTool.RunCheckedIn(dir.Path, "eu-elflint", "--strict", "ours.o");
        }
    }

    [RequiresToolsFact("nasm", "readelf")]
    public void MacroLinesAreAttributedToTheMacroBodyAndIncludesToTheirFile()
    {
        using var dir = Program();
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "-g", "main.asm", "-o", "ours.o");
        var rows = DecodedRows(ExternalTool.RunCheckedIn(dir.Path, "readelf", "--debug-dump=decodedline", "ours.o").StandardOutput);
        // mov edi,20 (5 bytes), call (5), mov ebx,eax (2), then exit's body lines 2-4, then double.asm 5-8.
        Assert.Equal(
        [
            ("main.asm", 5, 0x0), ("main.asm", 6, 0x5), ("main.asm", 7, 0xa), ("macros.inc", 2, 0xc), ("macros.inc", 3, 0xe),
            ("macros.inc", 4, 0x13), ("double.asm", 5, 0x15), ("double.asm", 6, 0x17), ("double.asm", 7, 0x19), ("double.asm", 8, 0x1c),
        ], rows);
    }

    /// <summary>NASM 2.16 emits no row when only the file changes (an include's line 2 followed by the
    /// main file's line 2): its table then puts that code on the include's line. We keep the row, so
    /// gdb shows the right line.</summary>
    [RequiresToolsFact("nasm", "readelf")]
    public void ARowWhereOnlyTheFileChangesIsKeptWhereNasmDropsIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("one.inc"), "        nop\n        nop\n");
        File.WriteAllText(dir.File("main.asm"), "%include \"one.inc\"\n        ret\n");
        ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", "elf64", "-g", "main.asm", "-o", "nasm.o");
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "-g", "main.asm", "-o", "ours.o");
        var nasm = DecodedRows(ExternalTool.RunCheckedIn(dir.Path, "readelf", "--debug-dump=decodedline", "nasm.o").StandardOutput);
        var ours = DecodedRows(ExternalTool.RunCheckedIn(dir.Path, "readelf", "--debug-dump=decodedline", "ours.o").StandardOutput);
        // nasm: one.inc:1 is dropped too (its line equals the sequence's initial line 1, in file 1 = main.asm).
        Assert.Equal([("one.inc", 2, 1)], nasm);
        Assert.Equal([("one.inc", 1, 0), ("one.inc", 2, 1), ("main.asm", 2, 2)], ours);
    }

    [RequiresToolsFact("nasm", "ld", "gdb", "eu-elflint", "readelf")]
    public void GdbStopsStepsAndNamesFramesInEveryExecutable()
    {
        using var dir = Program();
        File.WriteAllText(dir.File("script.gdb"), GdbScript);
        ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", "elf64", "-g", "-F", "dwarf", "main.asm", "-o", "nasm.o");
        ExternalTool.RunCheckedIn(dir.Path, "ld", "-o", "nasm-ld", "nasm.o");
        string expected = Normalize(Gdb(dir.Path, "nasm-ld"));

        Nas64Command.RunChecked(dir.Path, "-g", "main.asm", "-o", "direct");
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "-g", "main.asm", "-o", "ours.o");
        ExternalTool.RunCheckedIn(dir.Path, "ld", "-o", "ours-ld", "ours.o");
        Nas64Command.RunChecked(dir.Path, "link", "ours.o", "-o", "ours-link");
        Nas64Command.RunChecked(dir.Path, "link", "nasm.o", "-o", "nasm-link");
        foreach (string exe in new[] { "direct", "ours-ld", "ours-link", "nasm-link" })
        {
            string transcript = Gdb(dir.Path, exe);
            string[] lines = transcript.Split('\n');
            Assert.Matches(@"^Breakpoint 1 at 0x[0-9a-f]+: file main\.asm, line 6\.$", lines[0]);
            Assert.Contains("Breakpoint 1, _start () at main.asm:6", transcript);
            Assert.Contains("double () at double.asm:5", transcript);                // step into the %include'd function
            Assert.Contains("#0  double () at double.asm:5", transcript);            // bt names both labels
            Assert.Matches(@"#1  0x[0-9a-f]+ in _start \(\) at main\.asm:6", transcript);
            Assert.Contains("double in section .text", transcript);                  // info symbol
            Assert.Contains("6\t        add eax, eax", transcript);                  // next, next
            Assert.Contains("7\t        add eax, 2", transcript);
            Assert.Contains("_start () at main.asm:7", transcript);                  // step out of ret
            Assert.Contains("2\t        mov edi, %1", transcript);                   // next into the macro body
            Assert.Contains("exited with code 052", transcript);
            Assert.Equal(expected, Normalize(transcript).Replace(exe, "nasm-ld"));
            // ld's own output fails eu-elflint (its __bss_start, _edata, _end lie past the sections); ours must pass.
            if (exe != "ours-ld") ExternalTool.RunCheckedIn(dir.Path, "eu-elflint", "--strict", exe);
            AssertReadelfClean(dir.Path, exe);
        }
    }

    /// <summary>32-bit: nas64 -f elf32 -g linked by ld -m elf_i386; gdb's line look-ups as for nasm's object.</summary>
    [RequiresToolsFact("nasm", "ld", "gdb", "eu-elflint")]
    public void GdbReadsElf32Objects()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("exit32.inc"), """
            %macro exit 1
                    mov ebx, %1
                    mov eax, 1
                    int 0x80
            %endmacro

            """);
        File.WriteAllText(dir.File("main.asm"), """
            %include "exit32.inc"
                    section .text
                    global _start
            _start:
                    mov eax, 20
                    call twice
                    exit eax
            twice:
                    add eax, eax
                    add eax, 2
                    ret

            """);
        // Without running it (the sandbox may not execute 32-bit programs): gdb maps lines to addresses and back.
        File.WriteAllText(dir.File("script.gdb"), "info line main.asm:6\ninfo line main.asm:9\ninfo line exit32.inc:4\ninfo line *twice\ninfo symbol twice\n");
        ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", "elf32", "-g", "main.asm", "-o", "nasm.o");
        ExternalTool.RunCheckedIn(dir.Path, "ld", "-m", "elf_i386", "-o", "nasm-ld", "nasm.o");
        Nas64Command.RunChecked(dir.Path, "-f", "elf32", "-g", "main.asm", "-o", "ours.o");
        ExternalTool.RunCheckedIn(dir.Path, "eu-elflint", "--strict", "ours.o");
        ExternalTool.RunCheckedIn(dir.Path, "ld", "-m", "elf_i386", "-o", "ours-ld", "ours.o");
        string transcript = Gdb(dir.Path, "ours-ld");
        Assert.Matches(@"Line 6 of ""main\.asm"" starts at address 0x[0-9a-f]+ <_start\+5> and ends at 0x[0-9a-f]+ <_start\+10>\.", transcript);
        Assert.Matches(@"Line 9 of ""main\.asm"" starts at address 0x[0-9a-f]+ <twice> and ends at 0x[0-9a-f]+ <twice\+2>\.", transcript);
        Assert.Matches(@"Line 4 of ""exit32\.inc"" starts at address 0x[0-9a-f]+ <_start\+17> and ends at 0x[0-9a-f]+ <twice>\.", transcript);
        Assert.Contains("twice in section .text", transcript);
        Assert.Equal(Normalize(Gdb(dir.Path, "nasm-ld")), Normalize(transcript).Replace("ours-ld", "nasm-ld"));
    }

    [RequiresToolsFact("gcc", "gdb", "readelf")]
    public void LinkingKeepsEveryObjectsDebugInformation()
    {
        using var dir = Program();
        File.WriteAllText(dir.File("twice.c"), "static int calls;\nint twice(int x)\n{\n    calls++;\n    return 2 * x;\n}\n");
        File.WriteAllText(dir.File("start.asm"), """
                    section .text
                    global _start
                    extern twice
            _start:
                    mov edi, 21
                    call twice
                    mov edi, eax
                    mov eax, 60
                    syscall

            """);
        ExternalTool.RunCheckedIn(dir.Path, "gcc", "-g", "-O0", "-ffreestanding", "-fno-pic", "-c", "twice.c", "-o", "twice.o");
        Nas64Command.RunChecked(dir.Path, "-g", "start.asm", "twice.o", "-o", "mixed");
        AssertReadelfClean(dir.Path, "mixed");
        var gdb = ExternalTool.RunCheckedIn(dir.Path, "gdb", "-batch", "-nx", "-ex", "break twice", "-ex", "run", "-ex", "bt",
            "-ex", "next", "-ex", "next", "-ex", "print x", "-ex", "continue", "mixed").StandardOutput;
        Assert.Matches(@"#0  twice \(x=21\) at twice\.c:4", gdb);
        Assert.Matches(@"#1  0x[0-9a-f]+ in _start \(\) at start\.asm:6", gdb);
        Assert.Contains("5\t    return 2 * x;", gdb);
        Assert.Contains("$1 = 21", gdb);
        Assert.Contains("exited with code 052", gdb);
    }

    [RequiresToolsFact("readelf")]
    public void StripDropsDebugSections()
    {
        using var dir = Program();
        Nas64Command.RunChecked(dir.Path, "-g", "main.asm", "-o", "kept");
        Nas64Command.RunChecked(dir.Path, "-g", "-s", "main.asm", "-o", "stripped");
        Assert.Contains(".debug_line", ExternalTool.RunCheckedIn(dir.Path, "readelf", "-S", "kept").StandardOutput);
        Assert.DoesNotContain(".debug", ExternalTool.RunCheckedIn(dir.Path, "readelf", "-S", "stripped").StandardOutput);
    }

    /// <summary>With -g NASM types a local label by the first data after it (OBJECT, one unit's size);
    /// declared types and sizes (<c>global f:function (f.end - f)</c>) stay as written.</summary>
    private const string TypedSymbols = """
                global h, k:function, m:data, f:function (f.end - f)
                section .text
        f:      nop
                ret
        .end:
        t:      nop
                dd 0
        g       equ 5
                dw 0
        k:      db 1
                section .data
        h:      dd 1
        m:      dq 2
        n:      times 3 db 0
        o:      dt 1.5
        q:      dd 0
        r:      dd 1.5
        u:      align 8
                dw 1
        struc pt
        .x:     resd 1
        .y:     resd 1
        endstruc
        v:      istruc pt
                at pt.x, dd 1
                iend
                section .bss
        w:      rest 1
        x:      reso 1
        y:      resy 1
        z:      resz 1
        zz:     alignb 16
                resd 1
                section .text
        w2:     db 1
                nop
                db 2
                section .data
        w3:
                section .text
                dw 3

        """;

    [RequiresToolsTheory("nasm", "readelf")]
    [InlineData("elf64")]
    [InlineData("elf32")]
    public void SymbolTypesAndSizesAreNasms(string format)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("typed.asm"), TypedSymbols);
        ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", format, "-g", "typed.asm", "-o", "nasm.o");
        Nas64Command.RunChecked(dir.Path, "-f", format, "-g", "typed.asm", "-o", "ours.o");
        // Value, size, type, binding, visibility, section and name of every named symbol, in order.
        List<string> Symbols(string file) => [.. ExternalTool.RunCheckedIn(dir.Path, "readelf", "-sW", file).StandardOutput
            .Split('\n').Where(l => l.Contains(": ", StringComparison.Ordinal) && !l.Contains("SECTION", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':') + 1)..].Trim())];
        var ours = Symbols("ours.o");
        Assert.Contains(ours, l => l.EndsWith("OBJECT  LOCAL  DEFAULT    2 o", StringComparison.Ordinal) && l.Contains(" 10 "));
        Assert.Contains(ours, l => l.EndsWith("FUNC    GLOBAL DEFAULT    1 f", StringComparison.Ordinal) && l.Contains(" 2 "));
        Assert.Equal(Symbols("nasm.o"), ours);
    }

    [RequiresToolsFact("nasm", "readelf")]
    public void DebugSwitchesAnswerAsNasmDoes()
    {
        using var dir = Program();
        File.WriteAllText(dir.File("boot.asm"), "bits 16\nmov ax, 1\n");
        // -g with -f bin is ignored: the same bytes as without it.
        ExternalTool.RunCheckedIn(dir.Path, "nasm", "-f", "bin", "-g", "boot.asm", "-o", "nasm.bin");
        Nas64Command.RunChecked(dir.Path, "-f", "bin", "-g", "boot.asm", "-o", "ours.bin");
        Assert.Equal(File.ReadAllBytes(dir.File("nasm.bin")), File.ReadAllBytes(dir.File("ours.bin")));

        // -F dwarf with bin, an unknown format: nasm refuses both, and so do we, writing nothing.
        foreach (string[] arguments in new[] { new[] { "-f", "bin", "-F", "dwarf", "boot.asm" }, ["-f", "elf64", "-F", "foo", "main.asm"] })
        {
            var nasm = ExternalTool.Run("nasm", [.. arguments, "-o", "nasm.out"], dir.Path);
            var ours = Nas64Command.Run(dir.Path, [.. arguments, "-o", "ours.out"]);
            Assert.NotEqual(0, nasm.ExitCode);
            Assert.Equal(1, ours.ExitCode);
            string nasmMessage = nasm.StandardError.Split('\n')[0].Replace("nasm: fatal: ", "");
            Assert.Equal($"nas64: error: {nasmMessage}", ours.StandardError.Trim());
            Assert.False(File.Exists(dir.File("ours.out")));
        }

        // stabs: nasm writes it; we say plainly that we do not.
        var stabs = Nas64Command.Run(dir.Path, "-f", "elf64", "-g", "-F", "stabs", "main.asm", "-o", "stabs.o");
        Assert.Equal(1, stabs.ExitCode);
        Assert.Contains("`stabs' is not supported", stabs.StandardError);

        // -F dwarf alone implies -g, as in nasm; -Fdwarf is the same switch.
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "-Fdwarf", "main.asm", "-o", "implied.o");
        Assert.Contains(".debug_info", ExternalTool.RunCheckedIn(dir.Path, "readelf", "-S", "implied.o").StandardOutput);
    }

    private static string Gdb(string directory, string exe) =>
        ExternalTool.RunCheckedIn(directory, "gdb", "-batch", "-nx", "-x", "script.gdb", exe).StandardOutput;

    /// <summary>Addresses and process ids differ between linkers and runs; the rest must not.</summary>
    private static string Normalize(string transcript) =>
        ProcessId().Replace(Address().Replace(transcript, "0x?"), "process ?");

    [GeneratedRegex("0x[0-9a-f]+")]
    private static partial Regex Address();

    [GeneratedRegex(@"process \d+")]
    private static partial Regex ProcessId();

    /// <summary>readelf decodes every debug section without a warning or an error.</summary>
    private static void AssertReadelfClean(string directory, string file)
    {
        var result = ExternalTool.RunCheckedIn(directory, "readelf", "--debug-dump=line,info,abbrev,aranges,ranges", file);
        Assert.Equal("", result.StandardError);
        Assert.DoesNotContain("Warning", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>(file, line, address) rows of readelf --debug-dump=decodedline.</summary>
    private static List<(string File, int Line, int Address)> DecodedRows(string output)
    {
        var rows = new List<(string, int, int)>();
        foreach (Match m in Row().Matches(output))
            rows.Add((m.Groups[1].Value, int.Parse(m.Groups[2].Value), Convert.ToInt32(m.Groups[3].Value, 16)));
        return rows;
    }

    [GeneratedRegex(@"^(\S+)\s+(\d+)\s+(?:0x)?([0-9a-f]+)\s", RegexOptions.Multiline)]
    private static partial Regex Row();
}
