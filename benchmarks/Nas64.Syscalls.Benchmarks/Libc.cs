using System.Runtime.InteropServices;

namespace Nas64.Syscalls.Benchmarks;

/// <summary>The libc routes the stubs compete with: source-generated LibraryImport and runtime-marshalled DllImport.</summary>
internal static unsafe partial class Libc
{
    private const string Name = "libc";

    [LibraryImport(Name, EntryPoint = "getpid")]
    public static partial int LibraryImportGetPid();

    [LibraryImport(Name, EntryPoint = "getpid"), SuppressGCTransition]
    public static partial int LibraryImportGetPidNoTransition();

    [DllImport(Name, EntryPoint = "getpid")]
    public static extern int DllImportGetPid();

    [LibraryImport(Name, EntryPoint = "write")]
    public static partial nint LibraryImportWrite(int fd, byte* data, nuint count);

    [DllImport(Name, EntryPoint = "write")]
    public static extern nint DllImportWrite(int fd, byte* data, nuint count);

    [LibraryImport(Native.Library, EntryPoint = "nas64_empty"), SuppressGCTransition]
    public static partial void LibraryImportEmptyNoTransition();
}
