using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>write of 64 bytes to /dev/null: a syscall with arguments that does a little work in the kernel.</summary>
[MinColumn, MedianColumn]
public unsafe class WriteBenchmarks
{
    public const int Length = 64;
    private SafeFileHandle? _devNull;
    private int _fd;
    private byte* _buffer;

    /// <summary>/dev/null, open for writing after <see cref="Setup"/>.</summary>
    public int Fd => _fd;

    /// <summary><see cref="Length"/> zero bytes.</summary>
    public byte* Buffer => _buffer;

    [GlobalSetup]
    public void Setup()
    {
        _devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        _fd = (int)_devNull.DangerousGetHandle();
        _buffer = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _devNull?.Dispose();
        System.Runtime.InteropServices.NativeMemory.Free(_buffer);
    }

    [Benchmark(Baseline = true, Description = "[Syscall] stub")]
    public nint Stub() => Linux.Write(_fd, _buffer, Length);

    [Benchmark(Description = "[Syscall, SuppressGCTransition] stub")]
    public nint StubNoTransition() => Linux.WriteNoTransition(_fd, _buffer, Length);

    [Benchmark(Description = "[LibraryImport] libc")]
    public nint LibraryImport() => Libc.LibraryImportWrite(_fd, _buffer, Length);

    [Benchmark(Description = "[DllImport] libc")]
    public nint DllImport() => Libc.DllImportWrite(_fd, _buffer, Length);

    [Benchmark(Description = "Tmds.LibC")]
    public nint TmdsLibC() => (nint)Tmds.Linux.LibC.write(_fd, _buffer, Length);

    [Benchmark(OperationsPerInvoke = GetPidBenchmarks.FloorCalls, Description = "C floor: inline syscall")]
    public void CFloor() => Native.FloorWrite(GetPidBenchmarks.FloorCalls, _fd, _buffer, Length);

    [Benchmark(OperationsPerInvoke = GetPidBenchmarks.FloorCalls, Description = "C floor: call to a syscall function")]
    public void CFloorCall() => Native.FloorWriteCall(GetPidBenchmarks.FloorCalls, _fd, _buffer, Length);
}
