namespace Nas64.Linker.Tests;

/// <summary>Freestanding C from gcc in each code model, linked by nas64 and by GNU ld -static.</summary>
public sealed class CProgramTests
{
    public static TheoryData<string> CodeModels => new()
    {
        "-fno-pic -no-pie",
        "-fPIE",
        "-fPIC",
        "-fno-pic -mcmodel=kernel",
        "-fPIC -mcmodel=large",
        "-fno-pic -mcmodel=medium",
        "-fPIC -fno-plt",
    };

    private const string Start = """
        static long sys3(long n, long a, long b, long c)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }
        void put(const char *s)
        {
            long n = 0;
            while (s[n]) n++;
            sys3(1, 1, (long)s, n);
        }
        int run(void);
        __attribute__((noreturn)) void _start(void)
        {
            int status = run();
            sys3(60, status, 0, 0);
            __builtin_unreachable();
        }
        """;

    private const string Program = """
        void put(const char *s);
        static const char *const names[] = { "zero\n", "one\n", "two\n", "three\n" };
        int counter;                         /* common or .bss */
        static int zeroed[64];
        long initialized = 40;
        char buffer[32];
        typedef int (*op)(int, int);
        static int add(int a, int b) { return a + b; }
        static int sub(int a, int b) { return a - b; }
        static int mul(int a, int b) { return a * b; }
        op ops[] = { add, sub, mul };
        __attribute__((noinline)) const char *classify(int x)
        {
            switch (x) {
            case 0: return "case zero\n";
            case 1: return "case one\n";
            case 2: return "case two\n";
            case 3: return "case three\n";
            case 4: return "case four\n";
            case 5: return "case five\n";
            case 6: return "case six\n";
            default: return "case other\n";
            }
        }
        static void utoa(unsigned long v, char *out)
        {
            char tmp[24]; int n = 0;
            do { tmp[n++] = '0' + v % 10; v /= 10; } while (v);
            while (n) *out++ = tmp[--n];
            *out++ = '\n'; *out = 0;
        }
        int run(void)
        {
            for (int i = 0; i < 4; i++) put(names[i]);
            for (int i = 0; i < 9; i++) put(classify(i));
            for (int i = 0; i < 3; i++) { utoa(ops[i](7, 3), buffer); put(buffer); }
            for (int i = 0; i < 64; i++) { zeroed[i] += i; counter += zeroed[i]; }
            utoa(counter + initialized, buffer);
            put(buffer);
            put("the same string\n");
            return (counter + initialized) & 0x7f;
        }
        """;

    [RequiresToolsTheory("gcc", "ld", "readelf", "eu-elflint")]
    [InlineData("-fno-pic -O0")]
    [InlineData("-fPIE -Os")]
    [InlineData("-fPIC -O3 -funroll-loops")]
    public void OptimizationLevelsMatchLd(string flags) => FreestandingProgramMatchesLd(flags);

    [RequiresToolsTheory("gcc", "ld", "readelf", "eu-elflint")]
    [InlineData("-fno-pic")]
    [InlineData("-fPIE")]
    [InlineData("-fPIC")]
    public void FunctionSectionsWithGcMatchLd(string flags)
    {
        using var h = new LinkHarness();
        string[] split = [.. flags.Split(' '), "-ffunction-sections", "-fdata-sections"];
        string start = h.Gcc("start", Start, split);
        string program = h.Gcc("program", Program + "\nint unused_function(void) { return ops[0](1, 2); }\n", split);
        string ours = h.Link("ours", [start, program], new LinkOptions { GcSections = true });
        string gnu = h.File("gnu");
        ExternalTool.RunChecked("ld", "-static", "--gc-sections", "-o", gnu, start, program);
        var expected = LinkHarness.Run(gnu);
        var actual = LinkHarness.Run(ours);
        Assert.Equal(expected.StandardOutput, actual.StandardOutput);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.DoesNotContain("unused_function", ExternalTool.RunChecked("nm", ours).StandardOutput);
        Assert.DoesNotContain("unused_function", ExternalTool.RunChecked("nm", gnu).StandardOutput);
    }

    [RequiresToolsTheory("gcc", "ld", "readelf", "eu-elflint")]
    [MemberData(nameof(CodeModels))]
    public void FreestandingProgramMatchesLd(string flags)
    {
        using var h = new LinkHarness();
        string[] split = flags.Split(' ');
        string start = h.Gcc("start", Start, split);
        string program = h.Gcc("program", Program, [.. split, "-fcommon"]);
        string more = h.Gcc("more", "void put(const char *s); void more(void) { put(\"the same string\\n\"); }", split);
        var result = h.LinkBothAndCompare(start, program, more);
        Assert.Contains("case other\n", result.StandardOutput);
        Assert.Contains("21\n", result.StandardOutput);
    }
}
