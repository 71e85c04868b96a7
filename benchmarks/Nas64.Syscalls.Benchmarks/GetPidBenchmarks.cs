using BenchmarkDotNet.Attributes;
using Nas64.Syscalls.Model;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>getpid: the cheapest real syscall, so the route's own cost shows most.</summary>
[MinColumn, MedianColumn]
public unsafe class GetPidBenchmarks
{
    /// <summary>Syscalls per invocation of a C floor benchmark: one P/Invoke into a C loop, whose cost this amortizes.</summary>
    public const int FloorCalls = 1000;

    /// <summary>The generator's getpid stub, mapped as generated code maps it but called through a plain function
    /// pointer: what the generated method adds over the bare call to the same bytes.</summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<nint> StubPointer =
        (delegate* unmanaged[SuppressGCTransition]<nint>)StubMemory.MapExecutable(StubEncoder.Encode((int)Sys.Getpid));

    private readonly delegate* unmanaged[SuppressGCTransition]<nint> _stubInField = StubPointer;

    [Benchmark(Baseline = true, Description = "[Syscall, SuppressGCTransition] stub")]
    public int StubNoTransition() => Linux.GetPid();

    [Benchmark(Description = "[Syscall] stub")]
    public int Stub() => Linux.GetPidWithTransition();

    [Benchmark(Description = "same stub bytes, function pointer, SuppressGCTransition")]
    public nint StubInField() => _stubInField();

    [Benchmark(Description = "[LibraryImport] libc")]
    public int LibraryImport() => Libc.LibraryImportGetPid();

    [Benchmark(Description = "[LibraryImport, SuppressGCTransition] libc")]
    public int LibraryImportNoTransition() => Libc.LibraryImportGetPidNoTransition();

    [Benchmark(Description = "[DllImport] libc")]
    public int DllImport() => Libc.DllImportGetPid();

    [Benchmark(Description = "Tmds.LibC")]
    public int TmdsLibC() => Tmds.Linux.LibC.getpid();

    [Benchmark(OperationsPerInvoke = FloorCalls, Description = "C floor: inline syscall")]
    public void CFloor() => Native.FloorGetPid(FloorCalls);

    [Benchmark(OperationsPerInvoke = FloorCalls, Description = "C floor: call to a syscall function")]
    public void CFloorCall() => Native.FloorGetPidCall(FloorCalls);
}
