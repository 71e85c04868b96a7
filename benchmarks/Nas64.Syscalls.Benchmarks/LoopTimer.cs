using System.Diagnostics;
using System.Globalization;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>
/// `--loop [rounds] [syscalls per round]`: the same routes timed by plain loops, also under NativeAOT, where
/// BenchmarkDotNet's in-process toolchain (Reflection.Emit) cannot run. The routes of a group and its C floors (native/syscall-floor.c, in process)
/// run round-robin, one loop each per round with the starting route rotating, so on a shared machine they all see the
/// same load; each reports its best and median round, timed by the same Stopwatch (CLOCK_MONOTONIC). Rounds are short
/// (about 2 ms) and many, so that on a loaded machine the best of them still found the CPU undisturbed.
/// </summary>
internal static unsafe class LoopTimer
{
    private const int DefaultRounds = 201;
    private const int DefaultSyscalls = 2_000;
    private const int EmptyCallsPerSyscall = 100;

    private sealed class Route(string name, Action<int> loop)
    {
        public string Name { get; } = name;
        public Action<int> Loop { get; } = loop;
        public List<double> Samples { get; } = [];
        public double Best => Samples.Min();
        public double Median => Samples.Order().ElementAt(Samples.Count / 2);
    }

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultRounds;
        int syscalls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : DefaultSyscalls;
        var write = new WriteBenchmarks();
        var empty = new EmptyCallBenchmarks();
        write.Setup();
        empty.Setup();
        string runtime = System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";
        Console.WriteLine($"{runtime}, {rounds} interleaved rounds; load average {LoadAverage()}");

        // Each lambda is the loop a route is timed by, called once per round. The loops call the routes directly, with
        // their arguments in locals, so the loop bodies are alike and no benchmark object is touched per call.
        var stubPointer = GetPidBenchmarks.StubPointer;
        int fd = write.Fd;
        byte* buffer = write.Buffer;
        const int length = WriteBenchmarks.Length;
        Measure("getpid", syscalls, rounds, vsFloors: true,
            new("C floor: inline syscall", n => Native.FloorGetPid(n)),
            new("C floor: call to a syscall function", n => Native.FloorGetPidCall(n)),
            new("[Syscall, SuppressGCTransition] stub", n => { for (int i = 0; i < n; i++) Linux.GetPid(); }),
            new("[Syscall] stub", n => { for (int i = 0; i < n; i++) Linux.GetPidWithTransition(); }),
            new("same stub bytes, function pointer, SuppressGCTransition", n => { var stub = stubPointer; for (int i = 0; i < n; i++) stub(); }),
            new("[LibraryImport] libc", n => { for (int i = 0; i < n; i++) Libc.LibraryImportGetPid(); }),
            new("[LibraryImport, SuppressGCTransition] libc", n => { for (int i = 0; i < n; i++) Libc.LibraryImportGetPidNoTransition(); }),
            new("[DllImport] libc", n => { for (int i = 0; i < n; i++) Libc.DllImportGetPid(); }),
            new("Tmds.LibC", n => { for (int i = 0; i < n; i++) Tmds.Linux.LibC.getpid(); }));
        Measure("write 64 bytes to /dev/null", syscalls, rounds, vsFloors: true,
            new("C floor: inline syscall", n => Native.FloorWrite(n, fd, buffer, length)),
            new("C floor: call to a syscall function", n => Native.FloorWriteCall(n, fd, buffer, length)),
            new("[Syscall] stub", n => { int f = fd; byte* b = buffer; for (int i = 0; i < n; i++) Linux.Write(f, b, length); }),
            new("[Syscall, SuppressGCTransition] stub", n => { int f = fd; byte* b = buffer; for (int i = 0; i < n; i++) Linux.WriteNoTransition(f, b, length); }),
            new("[LibraryImport] libc", n => { int f = fd; byte* b = buffer; for (int i = 0; i < n; i++) Libc.LibraryImportWrite(f, b, length); }),
            new("[DllImport] libc", n => { int f = fd; byte* b = buffer; for (int i = 0; i < n; i++) Libc.DllImportWrite(f, b, length); }),
            new("Tmds.LibC", n => { int f = fd; byte* b = buffer; for (int i = 0; i < n; i++) Tmds.Linux.LibC.write(f, b, length); }));
        Measure("the call without the syscall", syscalls * EmptyCallsPerSyscall, rounds, vsFloors: false,
            new("function pointer to empty C function, SuppressGCTransition", n => { for (int i = 0; i < n; i++) empty.FunctionPointerNoTransition(); }),
            new("empty stub as generated, SuppressGCTransition", n => { for (int i = 0; i < n; i++) empty.EmptyStubNoTransition(); }),
            new("function pointer to empty C function", n => { for (int i = 0; i < n; i++) empty.FunctionPointer(); }),
            new("empty stub as generated", n => { for (int i = 0; i < n; i++) empty.EmptyStub_(); }),
            new("[LibraryImport, SuppressGCTransition] empty C function", n => { for (int i = 0; i < n; i++) empty.LibraryImportNoTransition(); }));
        write.Cleanup();
        Console.WriteLine($"load average {LoadAverage()}");
        return 0;
    }

    /// <param name="vsFloors">Compare with the group's first two routes, the C floors, in percent; else with the
    /// first route in nanoseconds.</param>
    private static void Measure(string title, int calls, int rounds, bool vsFloors, params Route[] routes)
    {
        for (int warmUp = 0; warmUp < 2; warmUp++)
        {
            foreach (Route route in routes) route.Loop(calls);
        }
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < routes.Length; k++)
            {
                Route route = routes[(k + round) % routes.Length];
                long start = Stopwatch.GetTimestamp();
                route.Loop(calls);
                route.Samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{title} ({rounds} rounds of {calls:N0} calls), ns per call:");
        Console.WriteLine();
        Console.WriteLine(vsFloors
            ? "| Route | Best | Median | Best vs inline floor | Best vs call floor |\n| --- | ---: | ---: | ---: | ---: |"
            : $"| Route | Best | Median | Best − first row |\n| --- | ---: | ---: | ---: |");
        foreach (Route route in routes)
        {
            string comparison = vsFloors
                ? $"{Percent(route.Best, routes[0].Best)} | {Percent(route.Best, routes[1].Best)}"
                : $"{route.Best - routes[0].Best:+0.00;−0.00;0.00}";
            Console.WriteLine($"| {route.Name} | {route.Best:F2} | {route.Median:F2} | {comparison} |");
        }
    }

    private static string Percent(double value, double reference) =>
        (value / reference - 1).ToString("+0.0%;−0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
