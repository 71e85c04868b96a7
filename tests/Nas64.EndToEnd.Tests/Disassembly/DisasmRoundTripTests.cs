using System.Globalization;

namespace Nas64.EndToEnd.Tests.Disassembly;

/// <summary>`nas64 disasm`: the source it writes assembles back (with nas64) to the bytes and relocations
/// that nasm, ld and gcc produced.</summary>
public sealed class DisasmRoundTripTests
{
    private static void Disassemble(TempDirectory dir, string input, string output, params string[] options) =>
        Nas64Command.RunChecked(dir.Path, ["disasm", input, "-o", output, .. options]);

    /// <summary>Instruction and directive lines of a listing, without comments (so a db fallback's comment does not count).</summary>
    private static List<string> CodeLines(string source)
    {
        var lines = new List<string>();
        foreach (string line in source.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != ';') lines.Add(trimmed);
        }
        return lines;
    }

    [RequiresToolsFact("nasm")]
    public void HelloObjectFromNasmRoundTrips()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        Disassemble(dir, dir.File("hello.o"), dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", dir.File("again.asm"), "-o", dir.File("again.o"));
        var original = ObjectComparison.Read(dir.File("hello.o"));
        var again = ObjectComparison.Read(dir.File("again.o"));
        ObjectComparison.AssertSameSection(original, again, ".text");
        ObjectComparison.AssertSameSection(original, again, ".data");
        string source = File.ReadAllText(dir.File("again.asm"));
        var lines = CodeLines(source);
        Assert.Contains("global _start", lines);
        Assert.Contains("_start:", lines);
        Assert.Contains("syscall", lines);
        Assert.Contains("mov rsi, msg", lines);
    }

    [RequiresToolsFact("nasm", "ld", "objcopy", "readelf")]
    public void HelloExecutableTextRoundTrips()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        ExternalTool.RunChecked("ld", dir.File("hello.o"), "-o", dir.File("hello"));
        ExternalTool.RunChecked("objcopy", "-O", "binary", "-j", ".text", dir.File("hello"), dir.File("text.bin"));
        Disassemble(dir, dir.File("hello"), dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "bin", dir.File("again.asm"), "-o", dir.File("again.bin"));

        ulong text = SectionAddress(dir.File("hello"), ".text");
        ulong origin = LowestAllocAddress(dir.File("hello"));
        byte[] expected = File.ReadAllBytes(dir.File("text.bin"));
        byte[] flat = File.ReadAllBytes(dir.File("again.bin"));
        int at = (int)(text - origin);
        Assert.True(flat.Length >= at + expected.Length, $"flat output too short: {flat.Length} bytes");
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(flat.AsSpan(at, expected.Length)));
    }

    [RequiresToolsFact("nasm")]
    public void BootSectorAsFlat16BitRoundTrips()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "bin", Nas64Command.Sample("boot/boot.asm"), "-o", dir.File("boot.bin"));
        Disassemble(dir, dir.File("boot.bin"), dir.File("again.asm"), "--bits", "16", "--org", "0x7c00");
        Nas64Command.RunChecked(dir.Path, "-f", "bin", dir.File("again.asm"), "-o", dir.File("again.bin"));
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(dir.File("boot.bin"))), Convert.ToHexString(File.ReadAllBytes(dir.File("again.bin"))));
        Assert.Contains("bits 16", File.ReadAllText(dir.File("again.asm")));
    }

    private const string RelocationsSource = """
        bits 64
        extern printf, counter
        global main:function, table
        section .text
        main:
            push rbx
            lea rdi, [rel message]
            xor eax, eax
            call printf wrt ..plt
            mov rax, [rel counter]
            mov rcx, [rel table + 8]
            mov edx, message
            mov rsi, table
            add dword [rel scratch + 4], 100
            cmp byte [rbx + 1], 0
            jne .later
            jmp near .later
        .later:
            call helper
            pop rbx
            ret
        helper:
            mov ecx, 1000
        .loop:
            dec ecx
            jnz .loop
            ret
        section .data
        table: dq helper, main + 8, counter
            dd message
        message: db "hi %d", 10, 0
        section .rodata
        pointers: dq table + 16
        section .bss
        scratch: resb 64
        """;

    [RequiresToolsFact("nasm")]
    public void NasmObjectWithRelocationsRoundTrips()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("relocs.asm"), RelocationsSource);
        ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("relocs.asm"), "-o", dir.File("relocs.o"));
        Disassemble(dir, dir.File("relocs.o"), dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", dir.File("again.asm"), "-o", dir.File("again.o"));
        var original = ObjectComparison.Read(dir.File("relocs.o"));
        var again = ObjectComparison.Read(dir.File("again.o"));
        foreach (string section in new[] { ".text", ".data", ".rodata" }) ObjectComparison.AssertSameSection(original, again, section);
        Assert.Equal(original.FindSection(".bss")!.Size, again.FindSection(".bss")!.Size);
        string source = File.ReadAllText(dir.File("again.asm"));
        var lines = CodeLines(source);
        Assert.Contains("call printf wrt ..plt", lines);
        Assert.Contains("extern printf", lines);
        Assert.Contains("mov rax, [rel counter]", lines);
        Assert.Contains("dq helper", lines);
        Assert.Contains("resb 64", lines);
    }

    [RequiresToolsFact("nasm")]
    public void NasmElf32ObjectRoundTrips()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("r32.asm"), """
            bits 32
            extern puts
            global start
            section .text
            start:
                push message
                call puts
                add esp, 4
                mov eax, [value]
                jmp start
            section .data
            message: db "x", 0
            value: dd message
            """);
        ExternalTool.RunChecked("nasm", "-f", "elf32", dir.File("r32.asm"), "-o", dir.File("r32.o"));
        Disassemble(dir, dir.File("r32.o"), dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "elf32", dir.File("again.asm"), "-o", dir.File("again.o"));
        var original = ObjectComparison.Read(dir.File("r32.o"));
        var again = ObjectComparison.Read(dir.File("again.o"));
        ObjectComparison.AssertSameSection(original, again, ".text");
        ObjectComparison.AssertSameSection(original, again, ".data");
    }

    private const string CSource = """
        extern int printf(const char *, ...);
        extern void use(int (*)(int));
        static int twice(int x) { return x * 2; }
        int square(int x) { return x * x; }
        int counter;
        static int table[4] = {1, 2, 3, 4};
        int pick(int k, int v) {
          switch (k) {
          case 0: return v + 1;
          case 1: return v * 3;
          case 2: return twice(v);
          case 3: return square(v) + table[v & 3];
          case 4: printf("four %d\n", v); return 4;
          case 5: use(square); use(twice); return counter++;
          case 6: return v - 7;
          default: return -1;
          }
        }
        """;

    [RequiresToolsTheory("gcc")]
    [InlineData("-fno-pic")]
    [InlineData("-fPIE")]
    public void GccObjectTextAndRelocationsRoundTrip(string picOption)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("pick.c"), CSource);
        ExternalTool.RunChecked("gcc", "-c", "-O2", "-ffreestanding", picOption, dir.File("pick.c"), "-o", dir.File("pick.o"));
        Disassemble(dir, dir.File("pick.o"), dir.File("again.asm"));
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", dir.File("again.asm"), "-o", dir.File("again.o"));
        var original = ObjectComparison.Read(dir.File("pick.o"));
        var again = ObjectComparison.Read(dir.File("again.o"));
        ObjectComparison.AssertSameSection(original, again, ".text");
        foreach (var section in original.Sections)
            if (section.Name.StartsWith(".text.", StringComparison.Ordinal)) ObjectComparison.AssertSameSection(original, again, section.Name);
    }

    [RequiresToolsFact("gcc", "nasm")]
    public void GccObjectDisassemblyAlsoAssemblesWithNasm()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("pick.c"), CSource);
        ExternalTool.RunChecked("gcc", "-c", "-O2", "-ffreestanding", dir.File("pick.c"), "-o", dir.File("pick.o"));
        Disassemble(dir, dir.File("pick.o"), dir.File("again.asm"));
        ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("again.asm"), "-o", dir.File("again.o"));
        ObjectComparison.AssertSameSection(ObjectComparison.Read(dir.File("pick.o")), ObjectComparison.Read(dir.File("again.o")), ".text");
    }

    private static ulong SectionAddress(string file, string name)
    {
        foreach (string line in ExternalTool.RunChecked("readelf", "-SW", file).StandardOutput.Split('\n'))
        {
            var fields = line.Replace("[ ", "[", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1] == name) return ulong.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no {name} in {file}");
    }

    private static ulong LowestAllocAddress(string file)
    {
        ulong lowest = ulong.MaxValue;
        foreach (string line in ExternalTool.RunChecked("readelf", "-SW", file).StandardOutput.Split('\n'))
        {
            var fields = line.Replace("[ ", "[", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 7 && fields[0].StartsWith('[') && fields[7].Contains('A', StringComparison.Ordinal) && fields[2] is "PROGBITS" or "NOBITS"
                && ulong.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong address) && address != 0)
                lowest = Math.Min(lowest, address);
        }
        return lowest;
    }
}
