using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary><c>%use linux</c>: the numbers must be the kernel's (cross-checked against the syscall table
/// used by nasm-assembled code written with literal numbers from the kernel headers).</summary>
public sealed class LinuxPackageTests
{
    [RequiresToolsFact("nasm")]
    public void SyscallErrnoAndFlagNamesHaveTheKernelValues()
    {
        const string ours = """
            bits 64
            %use linux
            mov eax, SYS_write
            mov eax, SYS_exit_group
            mov eax, SYS_openat
            dd ENOENT, EAGAIN, EWOULDBLOCK
            dd O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC
            dd PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
            """;
        // Values from /usr/include/asm/unistd_64.h, asm-generic/errno*.h, asm-generic/fcntl.h and mman-common.h.
        const string literal = """
            bits 64
            mov eax, 1
            mov eax, 231
            mov eax, 257
            dd 2, 11, 11
            dd 2 | 0o100 | 0o1000 | 0o2000000
            dd 1 | 2, 2 | 0x20
            """;
        NasmComparison.AssertSameBytes(NasmComparison.NasmBin(literal), NasmComparison.OursBin(ours));
    }

    [Fact]
    public void KernelHeaderAgreesWithGeneratedSyscallNumbers()
    {
        const string header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
        if (!File.Exists(header)) return;
        var expected = new Dictionary<string, string>();
        foreach (string line in File.ReadLines(header))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] == "#define" && parts[1].StartsWith("__NR_", StringComparison.Ordinal))
                expected["SYS_" + parts[1][5..]] = parts[2];
        }
        var diagnostics = new DiagnosticBag();
        var pp = new Assembler.Preprocessor.Preprocessor(new Passes.AssemblerOptions(), diagnostics);
        string source = "%use linux\n" + string.Join('\n', expected.Keys.Select(k => $"%ifdef {k}\nvalue_of_{k} {k}\n%endif"));
        foreach (var line in pp.Run("t.asm", source))
        {
            var parts = line.Text.Split(' ');
            Assert.Equal(expected[parts[0]["value_of_".Length..]], parts[1]);
        }
        Assert.False(diagnostics.HasErrors);
    }
}
