using Microsoft.CodeAnalysis;

namespace Nas64.Syscalls.Generator;

/// <summary>The stable diagnostic IDs of [Syscall] declarations (NSYS001…), shared by the analyzer and the tests.</summary>
public static class SyscallDiagnostics
{
    private const string Category = "Nas64.Syscalls";

    /// <summary>The method must be <c>static partial</c>, non-generic, without a body.</summary>
    public static readonly DiagnosticDescriptor InvalidMethodShape = Error(
        "NSYS001", "Invalid [Syscall] method", "Method '{0}' marked [Syscall] must be 'static partial' with no body and no type parameters ({1})");

    /// <summary>Every type containing the method must be partial.</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "NSYS002", "Containing type not partial", "Type '{0}' contains a [Syscall] method and must be declared 'partial'");

    /// <summary>The name or number names no x86-64 system call.</summary>
    public static readonly DiagnosticDescriptor UnknownSyscall = Error(
        "NSYS003", "Unknown system call", "'{0}' is not a Linux x86-64 system call");

    /// <summary>The kernel arguments after expansion do not match the kernel's prototype.</summary>
    public static readonly DiagnosticDescriptor ArgumentCountMismatch = Error(
        "NSYS004", "Wrong number of arguments", "System call '{0}' takes {1} argument(s) but '{2}' passes {3} (a span counts as two: pointer and length)");

    /// <summary>A parameter type cannot be passed to the kernel.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "NSYS005", "Unsupported parameter type", "Parameter '{0}' of type '{1}' cannot be passed to a system call: {2}");

    /// <summary>The return type cannot carry the kernel's result.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "NSYS006", "Unsupported return type", "Return type '{0}' of '{1}' is not supported: {2}");

    /// <summary>The kernel takes at most six arguments.</summary>
    public static readonly DiagnosticDescriptor TooManyArguments = Error(
        "NSYS007", "Too many arguments", "'{0}' passes {1} arguments; a system call takes at most 6 (a span counts as two)");

    /// <summary>The generated code needs pointers.</summary>
    public static readonly DiagnosticDescriptor UnsafeBlocksRequired = Error(
        "NSYS008", "AllowUnsafeBlocks required", "[Syscall] methods need unsafe code: set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project");

    /// <summary>A call without GC transition must never block.</summary>
    public static readonly DiagnosticDescriptor BlockingWithoutTransition = new(
        "NSYS009", "[SuppressGCTransition] on a blocking system call",
        "System call '{0}' can block; with [SuppressGCTransition] a blocked call stalls garbage collection in every thread",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>The table says the kernel has no entry point: the call always fails with ENOSYS.</summary>
    public static readonly DiagnosticDescriptor NotImplemented = new(
        "NSYS010", "System call not implemented",
        "System call '{0}' is not implemented by Linux x86-64 and always returns -ENOSYS",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
