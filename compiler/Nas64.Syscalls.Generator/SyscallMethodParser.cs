using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Nas64.Syscalls.Model;

namespace Nas64.Syscalls.Generator;

/// <summary>
/// Validates one [Syscall] declaration and builds its model. The generator and the analyzer both run it:
/// the generator keeps the model, the analyzer keeps the diagnostics. A declaration whose shape allows an
/// implementation gets a model even with errors (<see cref="SyscallMethodModel.HasErrors"/>): its throwing body
/// spares the user a bare CS8795, which would stop the compiler from running the analyzer at all.
/// </summary>
internal sealed class SyscallMethodParser
{
    public const string AttributeName = "Nas64.Syscalls.SyscallAttribute";
    private const string SuppressGCTransitionName = "System.Runtime.InteropServices.SuppressGCTransitionAttribute";
    private const int MaxKernelArguments = 6;

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly List<Diagnostic>? _diagnostics;
    private bool _hasError;
    private bool _cannotImplement;

    private SyscallMethodParser(List<Diagnostic>? diagnostics) => _diagnostics = diagnostics;

    /// <summary>The model of <paramref name="syntax"/>, or null when no implementation can be written; problems go to <paramref name="diagnostics"/>.</summary>
    public static SyscallMethodModel? Parse(
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        AttributeData attribute,
        bool allowUnsafe,
        List<Diagnostic>? diagnostics) =>
        new SyscallMethodParser(diagnostics).Run(method, syntax, attribute, allowUnsafe);

    private SyscallMethodModel? Run(IMethodSymbol method, MethodDeclarationSyntax syntax, AttributeData attribute, bool allowUnsafe)
    {
        Location methodLocation = syntax.Identifier.GetLocation();
        if (!allowUnsafe) Report(SyscallDiagnostics.UnsafeBlocksRequired, methodLocation);
        CheckShape(method, syntax, methodLocation);
        EquatableArray<ContainingTypeModel> containingTypes = ContainingTypes(syntax);

        bool throwOnError = NamedBool(attribute, "ThrowOnError");
        bool retryOnInterrupt = NamedBool(attribute, "RetryOnInterrupt");
        SyscallInfo? syscall = ResolveSyscall(method, attribute, methodLocation);
        AttributeData? suppress = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == SuppressGCTransitionName);

        var parameters = new ParameterModel[method.Parameters.Length];
        int kernelArguments = 0;
        bool parametersValid = true;
        for (int i = 0; i < parameters.Length; i++)
        {
            ParameterModel? parameter = ParseParameter(method.Parameters[i], syntax.ParameterList.Parameters[i]);
            parameters[i] = parameter;
            if (parameter.Kind == ArgumentKind.Unsupported)
            {
                parametersValid = false;
                continue;
            }
            kernelArguments += parameter.Kind == ArgumentKind.Span ? 2 : 1;
        }

        (ReturnKind returnKind, string returnCast) = ParseReturn(method, syntax, throwOnError || syscall?.IsNoReturn == true);

        if (parametersValid && kernelArguments > MaxKernelArguments)
            Report(SyscallDiagnostics.TooManyArguments, methodLocation, method.Name, kernelArguments);
        else if (parametersValid && syscall?.ArgumentCount is int expected && expected != kernelArguments)
            Report(SyscallDiagnostics.ArgumentCountMismatch, methodLocation, syscall.Name, expected, method.Name, kernelArguments);

        if (syscall is not null && suppress is not null && syscall.CanBlock)
            Report(SyscallDiagnostics.BlockingWithoutTransition, AttributeLocation(suppress) ?? methodLocation, syscall.Name);
        if (syscall is not null && !syscall.IsImplemented)
            Report(SyscallDiagnostics.NotImplemented, AttributeLocation(attribute) ?? methodLocation, syscall.Name);

        if (_cannotImplement) return null;
        return new SyscallMethodModel(
            method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString(),
            containingTypes,
            method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            Modifiers(syntax),
            method.ReturnType.ToDisplayString(TypeFormat),
            returnKind,
            returnCast,
            syntax.Identifier.Text,
            new EquatableArray<ParameterModel>(parameters),
            syscall?.Number ?? -1,
            syscall?.Name ?? "",
            throwOnError,
            retryOnInterrupt,
            suppress is not null,
            _hasError || syscall is null);
    }

    private void CheckShape(IMethodSymbol method, MethodDeclarationSyntax syntax, Location location)
    {
        var problems = new List<string>();
        if (!method.IsStatic) problems.Add("it is not static");
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) problems.Add("it is not partial");
        if (syntax.Body is not null || syntax.ExpressionBody is not null) problems.Add("it has a body");
        if (method.IsGenericMethod) problems.Add("it is generic");
        if (problems.Count == 0) return;
        Report(SyscallDiagnostics.InvalidMethodShape, location, method.Name, string.Join(", ", problems));
        _cannotImplement = true;
    }

    private EquatableArray<ContainingTypeModel> ContainingTypes(MethodDeclarationSyntax syntax)
    {
        var types = new List<ContainingTypeModel>();
        for (SyntaxNode? node = syntax.Parent; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(SyscallDiagnostics.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.Text);
                _cannotImplement = true;
            }
            string keyword = type is RecordDeclarationSyntax record && record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword)
                ? "record struct"
                : type.Keyword.Text;
            types.Insert(0, new ContainingTypeModel(keyword, type.Identifier.Text, type.TypeParameterList?.ToString() ?? ""));
        }
        return new EquatableArray<ContainingTypeModel>(types.ToArray());
    }

    private SyscallInfo? ResolveSyscall(IMethodSymbol method, AttributeData attribute, Location methodLocation)
    {
        SyscallTable table = SyscallTable.X64;
        if (attribute.ConstructorArguments.Length == 0)
        {
            SyscallInfo? byMethodName = table.FindByName(method.Name);
            if (byMethodName is null) Report(SyscallDiagnostics.UnknownSyscall, methodLocation, method.Name);
            return byMethodName;
        }

        TypedConstant argument = attribute.ConstructorArguments[0];
        Location location = ArgumentLocation(attribute) ?? methodLocation;
        SyscallInfo? found = argument.Value switch
        {
            string name => table.FindByName(name),
            int number => table.FindByNumber(number),
            _ => null,
        };
        if (found is null) Report(SyscallDiagnostics.UnknownSyscall, location, argument.Value?.ToString() ?? "null");
        return found;
    }

    private ParameterModel ParseParameter(IParameterSymbol parameter, ParameterSyntax syntax)
    {
        string modifiers = string.Concat(syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.ThisKeyword)).Select(m => m.Text + " "));
        string type = parameter.Type.ToDisplayString(TypeFormat);
        string name = syntax.Identifier.Text;
        string local = "__" + parameter.Name;
        const string supported = "use an integer, enum, pointer, bool, string, Span<T> or ReadOnlySpan<T> of an unmanaged T, or ref/out/in of an unmanaged T";

        ArgumentKind? kind = null;
        string cast = "";
        string element = "";
        string reason = supported;
        ITypeSymbol t = parameter.Type;
        if (parameter.RefKind != RefKind.None)
        {
            if (t.IsUnmanagedType && !t.IsRefLikeType) kind = ArgumentKind.Reference;
            else reason = "ref, out and in need an unmanaged type (it becomes a pointer)";
            element = type;
        }
        else if (t.SpecialType == SpecialType.System_String) kind = ArgumentKind.String;
        else if (t.SpecialType == SpecialType.System_Boolean) kind = ArgumentKind.Boolean;
        else if (t.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) kind = ArgumentKind.Pointer;
        else if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            kind = ArgumentKind.Integer;
            cast = underlying.ToDisplayString(TypeFormat);
        }
        else if (IsInteger(t)) kind = ArgumentKind.Integer;
        else if (IsSpan(t, out ITypeSymbol? elementType))
        {
            if (elementType!.IsUnmanagedType) kind = ArgumentKind.Span;
            else reason = "a span's element type must be unmanaged";
            element = elementType.ToDisplayString(TypeFormat);
        }

        if (kind is null)
        {
            Report(SyscallDiagnostics.UnsupportedParameterType, syntax.GetLocation(), parameter.Name, parameter.Type.ToDisplayString(), reason);
            kind = ArgumentKind.Unsupported;
        }
        return new ParameterModel(modifiers, type, name, local, kind.Value, cast, element);
    }

    private (ReturnKind Kind, string Cast) ParseReturn(IMethodSymbol method, MethodDeclarationSyntax syntax, bool voidAllowed)
    {
        ITypeSymbol t = method.ReturnType;
        Location location = syntax.ReturnType.GetLocation();
        string reason = "return an integer type, an enum or a pointer";
        if (method.ReturnsByRef || method.ReturnsByRefReadonly) reason = "ref returns cannot carry the kernel's result";
        else if (t.SpecialType == SpecialType.System_Void)
        {
            if (voidAllowed) return (ReturnKind.Void, "");
            reason = "void drops the kernel's result; return an integer or set ThrowOnError = true";
        }
        else if (IsInteger(t)) return (ReturnKind.Integer, t.ToDisplayString(TypeFormat));
        else if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            return (ReturnKind.Enum, underlying.ToDisplayString(TypeFormat));
        else if (t.TypeKind == TypeKind.Pointer) return (ReturnKind.Pointer, "");

        Report(SyscallDiagnostics.UnsupportedReturnType, location, t.ToDisplayString(), method.Name, reason);
        return (ReturnKind.Unsupported, "");
    }

    private static bool IsInteger(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
        SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    private static bool IsSpan(ITypeSymbol type, out ITypeSymbol? element)
    {
        element = null;
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named) return false;
        string name = named.ConstructedFrom.ToDisplayString();
        if (name != "System.Span<T>" && name != "System.ReadOnlySpan<T>") return false;
        element = named.TypeArguments[0];
        return true;
    }

    private static string Modifiers(MethodDeclarationSyntax syntax)
    {
        var kept = new List<string>();
        foreach (SyntaxToken modifier in syntax.Modifiers)
        {
            if (modifier.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword
                or SyntaxKind.InternalKeyword or SyntaxKind.NewKeyword or SyntaxKind.StaticKeyword or SyntaxKind.UnsafeKeyword)
                kept.Add(modifier.Text);
        }
        kept.Add("partial");
        return string.Join(" ", kept);
    }

    private static bool NamedBool(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is bool value) return value;
        }
        return false;
    }

    private static Location? AttributeLocation(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

    private static Location? ArgumentLocation(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
            ? syntax.ArgumentList.Arguments[0].GetLocation()
            : null;

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) _hasError = true;
        _diagnostics?.Add(Diagnostic.Create(descriptor, location, arguments));
    }
}
