using System.Globalization;
using Nas64.EndToEnd.Tests.Stubs;

namespace Nas64.EndToEnd.Tests.SyscallInventory;

/// <summary>`nas64 syscalls` on code nas64 did not write in full: glibc, i386 objects, stub archives.</summary>
public sealed class ForeignBinaryTests
{
    private const string I386Header = "/usr/include/x86_64-linux-gnu/asm/unistd_32.h";

    [RequiresToolsFact("strace", "gcc")]
    public void Static_glibc_program_has_a_site_for_every_syscall_strace_records()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hello.c"), "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        ExternalTool.RunChecked("gcc", "-static", "-O2", dir.File("hello.c"), "-o", dir.File("hello"));
        var traced = InventoryTool.Traced(dir.File("hello"), dir.File("run.log"), 0);
        var sites = InventoryTool.Sites(dir.Path, dir.File("hello"));
        Assert.Superset(traced, InventoryTool.Names(sites));
        Assert.Contains(sites, s => s.Location.StartsWith("_exit+", StringComparison.OrdinalIgnoreCase) && s.Name == "exit_group");
    }

    [RequiresToolsFact("nasm", "objdump")]
    public void I386_int_0x80_and_sysenter_sites_carry_the_i386_numbers()
    {
        Assert.True(File.Exists(I386Header), $"{I386Header} missing: install it with `apt-get install linux-libc-dev`");
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(I386Header))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 3 && words[0] == "#define" && words[1].StartsWith("__NR_", StringComparison.Ordinal))
                numbers[words[1][5..]] = long.Parse(words[2], CultureInfo.InvariantCulture);
        }
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("prog.asm"), $"""
                    bits 32
                    global _start
                    section .text
            _start: mov eax, {numbers["write"]}
                    mov ebx, 1
                    int 0x80
                    mov eax, {numbers["getpid"]}
                    sysenter
                    mov eax, {numbers["exit"]}
                    xor ebx, ebx
                    int 0x80
            """);
        ExternalTool.RunChecked("nasm", "-f", "elf32", dir.File("prog.asm"), "-o", dir.File("prog.o"));
        var sites = InventoryTool.Sites(dir.Path, dir.File("prog.o"));
        Assert.Equal(["int 0x80", "sysenter", "int 0x80"], sites.Select(s => s.Instruction));
        Assert.Equal([numbers["write"], numbers["getpid"], numbers["exit"]], sites.Select(s => s.Number!.Value));

        var objdump = new List<ulong>();
        foreach (string line in ExternalTool.RunChecked("objdump", "-d", dir.File("prog.o")).StandardOutput.Split('\n'))
        {
            string code = line.TrimEnd();
            if (code.EndsWith("\tint    $0x80", StringComparison.Ordinal) || code.EndsWith("\tsysenter", StringComparison.Ordinal))
                objdump.Add(ulong.Parse(line[..line.IndexOf(':')].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        Assert.Equal(objdump, sites.Select(s => s.Address));
    }

    [RequiresToolsFact("objdump")]
    public void Every_stub_of_an_archive_makes_the_number_objdump_sees_in_eax()
    {
        using var dir = new TempDirectory();
        StubsTool.Nas64Checked(dir.Path, "stubs", "--all", "-o", "libsys.a");
        var expected = StubsTool.NumbersInEax(dir.File("libsys.a"));
        var sites = InventoryTool.Sites(dir.Path, dir.File("libsys.a"));
        Assert.Equal(expected.Count, sites.Count);
        foreach (var site in sites)
        {
            string symbol = site.Location[..site.Location.IndexOf('+')];
            Assert.Equal((long)expected[symbol], site.Number);
        }
    }
}
