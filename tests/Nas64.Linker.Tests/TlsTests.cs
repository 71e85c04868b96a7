namespace Nas64.Linker.Tests;

/// <summary>
/// Thread-local storage in a static executable: every access model gcc emits (local-exec,
/// initial-exec, general- and local-dynamic) is turned into local-exec, and the program, which sets
/// up %fs itself from PT_TLS, must behave as the one GNU ld links.
/// </summary>
public sealed class TlsTests
{
    private const string Start = """
        typedef struct { unsigned char ident[16]; unsigned short type, machine; unsigned version;
                         unsigned long entry, phoff, shoff; unsigned flags;
                         unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } Ehdr;
        typedef struct { unsigned type, flags; unsigned long offset, vaddr, paddr, filesz, memsz, align; } Phdr;
        extern const Ehdr __ehdr_start;
        static unsigned long block[512] __attribute__((aligned(64)));
        long sys3(long n, long a, long b, long c)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }
        void put(const char *s) { long n = 0; while (s[n]) n++; sys3(1, 1, (long)s, n); }
        static void setup_tls(void)
        {
            const Phdr *ph = (const Phdr *)((const char *)&__ehdr_start + __ehdr_start.phoff);
            for (int i = 0; i < __ehdr_start.phnum; i++) {
                if (ph[i].type != 7) continue;
                unsigned long align = ph[i].align ? ph[i].align : 1;
                unsigned long size = (ph[i].memsz + align - 1) & -align;
                volatile char *tp = (char *)block + 2048;
                volatile char *start = tp - size;
                const volatile char *image = (const char *)ph[i].vaddr;
                for (unsigned long k = 0; k < ph[i].memsz; k++) start[k] = k < ph[i].filesz ? image[k] : 0;
                *(volatile char **)tp = (char *)tp;
                sys3(158, 0x1002, (long)tp, 0);
            }
        }
        int run(void);
        __attribute__((noreturn)) void _start(void)
        {
            setup_tls();
            sys3(60, run(), 0, 0);
            __builtin_unreachable();
        }
        """;

    private const string Data = """
        __thread long counter = 40;
        __thread char name[8] = "tls\n";
        __thread long zeroed[4];
        __thread int defined_here = 7;
        int read_defined_here(void) { return defined_here; }
        """;

    private const string User = """
        void put(const char *s);
        extern __thread long counter;
        extern __thread char name[8];
        extern __thread long zeroed[4];
        static __thread int local_a = 3, local_b;
        int read_defined_here(void);
        __attribute__((noinline)) int locals(void) { local_b += local_a; return local_b + local_a; }
        int run(void)
        {
            zeroed[2] += 2;
            counter += zeroed[2];
            put(name);
            name[0] = 'T';
            put(name);
            return (int)counter + locals() + read_defined_here();
        }
        """;

    [RequiresToolsTheory("gcc", "ld", "readelf", "eu-elflint")]
    [InlineData("-fno-pic")]
    [InlineData("-fPIE")]
    [InlineData("-fPIC")]
    [InlineData("-fPIC -mtls-dialect=gnu2")]
    public void ThreadLocalsMatchLd(string flags)
    {
        using var h = new LinkHarness();
        string[] split = [.. flags.Split(' '), "-fno-tree-loop-distribute-patterns"];
        string start = h.Gcc("start", Start, split);
        string data = h.Gcc("data", Data, split);
        string user = h.Gcc("user", User, split);
        var result = h.LinkBothAndCompare(start, data, user);
        Assert.Equal("tls\nTls\n", result.StandardOutput);
        Assert.Equal(42 + 6 + 7, result.ExitCode);
        Assert.Contains(" TLS ", ExternalTool.RunChecked("readelf", "-l", "-W", h.File("ours")).StandardOutput);
    }
}
