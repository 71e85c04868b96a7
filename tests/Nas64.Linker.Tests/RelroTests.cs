namespace Nas64.Linker.Tests;

/// <summary>
/// PT_GNU_RELRO: data written only before the program runs (init/fini arrays, .data.rel.ro, .got) is
/// covered by a PT_GNU_RELRO that a start-up routine can mprotect read-only, as ld -static marks it.
/// The program applies it itself (what glibc's static start-up does) and must then behave as ld's.
/// </summary>
public sealed class RelroTests
{
    private const string Start = """
        typedef struct { unsigned char ident[16]; unsigned short type, machine; unsigned version;
                         unsigned long entry, phoff, shoff; unsigned flags;
                         unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } Ehdr;
        typedef struct { unsigned type, flags; unsigned long offset, vaddr, paddr, filesz, memsz, align; } Phdr;
        extern const Ehdr __ehdr_start;
        extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
        long sys3(long n, long a, long b, long c)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }
        void put(const char *s) { long n = 0; while (s[n]) n++; sys3(1, 1, (long)s, n); }
        /* mprotect(PT_GNU_RELRO, PROT_READ), rounded to pages as glibc's _dl_protect_relro does. */
        static long protect_relro(void)
        {
            const Phdr *ph = (const Phdr *)((const char *)&__ehdr_start + __ehdr_start.phoff);
            for (int i = 0; i < __ehdr_start.phnum; i++) {
                if (ph[i].type != 0x6474e552) continue;
                unsigned long start = ph[i].vaddr & -4096UL, end = (ph[i].vaddr + ph[i].memsz) & -4096UL;
                return end > start ? sys3(10, start, end - start, 1) : -1;
            }
            return -2;
        }
        int run(int write_relro);
        __attribute__((noreturn)) void _start(void)
        {
            for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) (*f)();
            long protected = protect_relro();
            put(protected == 0 ? "relro protected\n" : "no relro\n");
            sys3(60, run(1), 0, 0);
            __builtin_unreachable();
        }
        """;

    private const string Program = """
        void put(const char *s);
        static int started;
        __attribute__((constructor)) static void init(void) { started = 1; }
        static void hello(void) { put("hello\n"); }
        static void bye(void) { put("bye\n"); }
        void (*const table[])(void) = { hello, bye };   /* -fPIC: .data.rel.ro */
        extern int shared_counter;                      /* -fPIC: through the GOT */
        int shared_counter = 4;
        long data = 30;
        int run(int write_relro)
        {
            table[0]();
            table[1]();
            data += shared_counter + started;
            put(started ? "constructor ran\n" : "constructor missing\n");
            if (write_relro) *(void (*volatile *)(void))&table[0] = bye;   /* read-only now: SIGSEGV */
            return (int)data;
        }
        """;

    [RequiresToolsFact("gcc", "ld", "readelf", "eu-elflint")]
    public void RelroDataIsProtectableAndBehavesAsLd()
    {
        using var h = new LinkHarness();
        // Unrelaxable GOTPCREL keeps a .got in both links (GOTPCRELX would become lea).
        string start = h.Gcc("start", Start, "-fPIC", "-Wa,-mrelax-relocations=no");
        string program = h.Gcc("program", Program, "-fPIC", "-Wa,-mrelax-relocations=no");
        var result = h.LinkBothAndCompare(start, program);
        // The write into .data.rel.ro after mprotect faults in both executables: SIGSEGV.
        Assert.Equal("relro protected\nhello\nbye\nconstructor ran\n", result.StandardOutput);
        Assert.Equal(128 + 11, result.ExitCode);

        var ours = Segments(h.File("ours"));
        var relro = Assert.Single(ours, s => s.Type == "GNU_RELRO");
        var sections = Sections(h.File("ours"));
        foreach (string name in new[] { ".init_array", ".data.rel.ro", ".got" })
        {
            var (address, size) = sections[name];
            Assert.True(relro.Address <= address && address + size <= relro.Address + relro.MemorySize, $"{name} outside PT_GNU_RELRO");
        }
        var (dataAddress, _) = sections[".data"];
        Assert.True(dataAddress >= relro.Address + relro.MemorySize, ".data inside PT_GNU_RELRO");
        Assert.Equal(0UL, (relro.Address + relro.MemorySize) % 4096);
        Assert.Contains(Segments(h.File("gnu")), s => s.Type == "GNU_RELRO");
    }

    [RequiresToolsFact("nasm", "ld", "readelf", "eu-elflint")]
    public void NoRelroDataNoRelroSegment()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("plain", "global _start\nsection .text\n_start: mov eax, 60\nmov edi, [rel x]\nsyscall\nsection .data\nx: dd 3\n");
        Assert.Equal(3, h.LinkBothAndCompare(obj).ExitCode);
        Assert.DoesNotContain(Segments(h.File("ours")), s => s.Type == "GNU_RELRO");
        Assert.DoesNotContain(Segments(h.File("gnu")), s => s.Type == "GNU_RELRO");
    }

    private sealed record ProgramHeader(string Type, ulong Address, ulong MemorySize);

    private static List<ProgramHeader> Segments(string path)
    {
        var list = new List<ProgramHeader>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-l", "-W", path).StandardOutput.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 8 && f[1].StartsWith("0x", StringComparison.Ordinal))
                list.Add(new ProgramHeader(f[0], Convert.ToUInt64(f[2], 16), Convert.ToUInt64(f[5], 16)));
        }
        return list;
    }

    private static Dictionary<string, (ulong Address, ulong Size)> Sections(string path)
    {
        var map = new Dictionary<string, (ulong, ulong)>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-S", "-W", path).StandardOutput.Split('\n'))
        {
            int close = line.IndexOf(']');
            if (!line.TrimStart().StartsWith('[') || close < 0) continue;
            string[] f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 5 && f[0].StartsWith('.')) map[f[0]] = (Convert.ToUInt64(f[2], 16), Convert.ToUInt64(f[4], 16));
        }
        return map;
    }
}
