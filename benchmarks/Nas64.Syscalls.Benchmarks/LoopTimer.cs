using System.Diagnostics;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>
/// `--loop`: the same routes timed by plain loops (best of 7 rounds, as the C floor is), for a NativeAOT build,
/// where BenchmarkDotNet's in-process toolchain (Reflection.Emit) cannot run.
/// </summary>
internal static unsafe class LoopTimer
{
    private const int Rounds = 7;

    public static int Run()
    {
        var getPid = new GetPidBenchmarks();
        var write = new WriteBenchmarks();
        var empty = new EmptyCallBenchmarks();
        write.Setup();
        empty.Setup();
        Console.WriteLine($"runtime: {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT")}");

        const int syscalls = 200_000;
        Report("getpid  [Syscall, SuppressGCTransition] stub", syscalls, n => { for (int i = 0; i < n; i++) getPid.StubNoTransition(); });
        Report("getpid  [Syscall] stub", syscalls, n => { for (int i = 0; i < n; i++) getPid.Stub(); });
        Report("getpid  [LibraryImport] libc", syscalls, n => { for (int i = 0; i < n; i++) getPid.LibraryImport(); });
        Report("getpid  [LibraryImport, SuppressGCTransition] libc", syscalls, n => { for (int i = 0; i < n; i++) getPid.LibraryImportNoTransition(); });
        Report("getpid  [DllImport] libc", syscalls, n => { for (int i = 0; i < n; i++) getPid.DllImport(); });
        Report("getpid  Tmds.LibC", syscalls, n => { for (int i = 0; i < n; i++) getPid.TmdsLibC(); });
        Report("write   [Syscall] stub", syscalls, n => { for (int i = 0; i < n; i++) write.Stub(); });
        Report("write   [Syscall, SuppressGCTransition] stub", syscalls, n => { for (int i = 0; i < n; i++) write.StubNoTransition(); });
        Report("write   [LibraryImport] libc", syscalls, n => { for (int i = 0; i < n; i++) write.LibraryImport(); });
        Report("write   [DllImport] libc", syscalls, n => { for (int i = 0; i < n; i++) write.DllImport(); });
        Report("write   Tmds.LibC", syscalls, n => { for (int i = 0; i < n; i++) write.TmdsLibC(); });

        const int calls = 20_000_000;
        Report("empty   function pointer, SuppressGCTransition", calls, n => { for (int i = 0; i < n; i++) empty.FunctionPointerNoTransition(); });
        Report("empty   stub as generated, SuppressGCTransition", calls, n => { for (int i = 0; i < n; i++) empty.EmptyStubNoTransition(); });
        Report("empty   function pointer", calls, n => { for (int i = 0; i < n; i++) empty.FunctionPointer(); });
        Report("empty   stub as generated", calls, n => { for (int i = 0; i < n; i++) empty.EmptyStub_(); });
        Report("empty   [LibraryImport, SuppressGCTransition]", calls, n => { for (int i = 0; i < n; i++) empty.LibraryImportNoTransition(); });
        write.Cleanup();
        return 0;
    }

    // One delegate call per round, not per call: the loop inside the lambda is what is timed.
    private static void Report(string name, int calls, Action<int> loop)
    {
        loop(calls / 10);
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            loop(calls);
            double perCall = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
            best = Math.Min(best, perCall);
        }
        Console.WriteLine($"{name,-55} {best,9:F2} ns/call (best of {Rounds} x {calls})");
    }
}
