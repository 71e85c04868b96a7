using BenchmarkDotNet.Attributes;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>getpid: the cheapest real syscall, so the route's own cost shows most.</summary>
public class GetPidBenchmarks
{
    [Benchmark(Baseline = true, Description = "[Syscall, SuppressGCTransition] stub")]
    public int StubNoTransition() => Linux.GetPid();

    [Benchmark(Description = "[Syscall] stub")]
    public int Stub() => Linux.GetPidWithTransition();

    [Benchmark(Description = "[LibraryImport] libc")]
    public int LibraryImport() => Libc.LibraryImportGetPid();

    [Benchmark(Description = "[LibraryImport, SuppressGCTransition] libc")]
    public int LibraryImportNoTransition() => Libc.LibraryImportGetPidNoTransition();

    [Benchmark(Description = "[DllImport] libc")]
    public int DllImport() => Libc.DllImportGetPid();

    [Benchmark(Description = "Tmds.LibC")]
    public int TmdsLibC() => Tmds.Linux.LibC.getpid();
}
