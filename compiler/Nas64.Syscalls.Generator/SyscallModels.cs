namespace Nas64.Syscalls.Generator;

/// <summary>How a parameter becomes kernel arguments.</summary>
internal enum ArgumentKind
{
    /// <summary>An integer, enum or native integer, widened to a register (<see cref="ParameterModel.CastType"/> first for enums).</summary>
    Integer,
    /// <summary><c>bool</c> as 0 or 1.</summary>
    Boolean,
    /// <summary>A pointer, passed as its address.</summary>
    Pointer,
    /// <summary><c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c>: two arguments, a pointer and the element count.</summary>
    Span,
    /// <summary><c>string</c> as a pointer to NUL-terminated UTF-8.</summary>
    String,
    /// <summary><c>ref</c>/<c>out</c>/<c>in</c> of an unmanaged type, passed as a pointer.</summary>
    Reference,
    /// <summary>Not passable (an analyzer error); the generated body only throws.</summary>
    Unsupported,
}

/// <summary>How the kernel's result becomes the method's return value.</summary>
internal enum ReturnKind
{
    Void,
    Integer,
    Enum,
    Pointer,
    /// <summary>Not returnable (an analyzer error); the generated body only throws.</summary>
    Unsupported,
}

/// <summary>One enclosing type declaration, outermost first, as the generated partial must repeat it.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name, string TypeParameters);

/// <summary>One parameter: its signature text and how it is passed.</summary>
internal sealed record ParameterModel(
    string Modifiers,
    string Type,
    string Name,
    string LocalName,
    ArgumentKind Kind,
    string CastType,
    string ElementType);

/// <summary>Everything the generator needs to write one [Syscall] method; value-equatable for caching.</summary>
internal sealed record SyscallMethodModel(
    string Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeKey,
    string Modifiers,
    string ReturnType,
    ReturnKind ReturnKind,
    string ReturnCastType,
    string Name,
    EquatableArray<ParameterModel> Parameters,
    int SyscallNumber,
    string SyscallName,
    bool ThrowOnError,
    bool RetryOnInterrupt,
    bool SuppressGCTransition,
    bool HasErrors);

/// <summary>All [Syscall] methods of one type: one generated file and one stub table.</summary>
internal sealed record SyscallTypeModel(
    bool AllowUnsafe,
    string Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeKey,
    EquatableArray<SyscallMethodModel> Methods);
