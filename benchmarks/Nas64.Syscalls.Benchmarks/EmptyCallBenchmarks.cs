using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>The call without the syscall: a one-byte stub (<c>ret</c>) reached exactly as generated code reaches
/// its stubs, against a function pointer to an empty function gcc compiled into a shared library.</summary>
[MinColumn, MedianColumn]
public unsafe class EmptyCallBenchmarks
{
    private nint _library;
    private delegate* unmanaged[SuppressGCTransition]<void> _emptyNoTransition;
    private delegate* unmanaged<void> _empty;

    [GlobalSetup]
    public void Setup()
    {
        _library = NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "libnas64native.so"));
        nint export = NativeLibrary.GetExport(_library, "nas64_empty");
        _emptyNoTransition = (delegate* unmanaged[SuppressGCTransition]<void>)export;
        _empty = (delegate* unmanaged<void>)export;
    }

    [Benchmark(Baseline = true, Description = "function pointer to empty C function, SuppressGCTransition")]
    public void FunctionPointerNoTransition() => _emptyNoTransition();

    [Benchmark(Description = "empty stub as generated, SuppressGCTransition")]
    public void EmptyStubNoTransition() => ((delegate* unmanaged[Cdecl, SuppressGCTransition]<nint>)EmptyStub.Address)();

    [Benchmark(Description = "function pointer to empty C function")]
    public void FunctionPointer() => _empty();

    [Benchmark(Description = "empty stub as generated")]
    public void EmptyStub_() => ((delegate* unmanaged<nint>)EmptyStub.Address)();

    [Benchmark(Description = "[LibraryImport, SuppressGCTransition] empty C function")]
    public void LibraryImportNoTransition() => Libc.LibraryImportEmptyNoTransition();
}

/// <summary>What the generator writes for a type's stubs (a static readonly address mapped W^X by
/// <see cref="StubMemory"/>), holding a single <c>ret</c> instead of a syscall.</summary>
internal static class EmptyStub
{
    internal static readonly nint Address = StubMemory.MapExecutable([0xC3]);
}
