using System.Runtime.InteropServices;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>
/// The C floors of native/syscall-floor.c, built into the benchmark's native library: each call runs a whole loop of
/// <c>calls</c> syscalls in C, so the routes and the floors are timed by the same clock in the same process.
/// </summary>
internal static unsafe partial class Native
{
    public const string Library = "nas64native";

    /// <summary>The floor issue 6 names: the syscall instruction inline in a C loop.</summary>
    [LibraryImport(Library, EntryPoint = "nas64_floor_getpid")]
    public static partial void FloorGetPid(nint calls);

    /// <summary>A C loop calling a function that makes the syscall: the floor for any route that is called.</summary>
    [LibraryImport(Library, EntryPoint = "nas64_floor_getpid_call")]
    public static partial void FloorGetPidCall(nint calls);

    [LibraryImport(Library, EntryPoint = "nas64_floor_write")]
    public static partial void FloorWrite(nint calls, nint fd, byte* data, nint count);

    [LibraryImport(Library, EntryPoint = "nas64_floor_write_call")]
    public static partial void FloorWriteCall(nint calls, nint fd, byte* data, nint count);
}
