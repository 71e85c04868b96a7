using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Nas64.Syscalls.Generator;

/// <summary>Reports the problems of [Syscall] declarations, running the generator's own checks (as LibraryImport does).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyscallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        SyscallDiagnostics.InvalidMethodShape,
        SyscallDiagnostics.TypeNotPartial,
        SyscallDiagnostics.UnknownSyscall,
        SyscallDiagnostics.ArgumentCountMismatch,
        SyscallDiagnostics.UnsupportedParameterType,
        SyscallDiagnostics.UnsupportedReturnType,
        SyscallDiagnostics.TooManyArguments,
        SyscallDiagnostics.UnsafeBlocksRequired,
        SyscallDiagnostics.BlockingWithoutTransition,
        SyscallDiagnostics.NotImplemented);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? attributeType = start.Compilation.GetTypeByMetadataName(SyscallMethodParser.AttributeName);
            if (attributeType is null) return;
            bool allowUnsafe = start.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: true };
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, attributeType, allowUnsafe), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol attributeType, bool allowUnsafe)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null) return;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
            SyntaxNode? attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken);
            MethodDeclarationSyntax? declaration = attributeSyntax?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (declaration is null) return;
            var diagnostics = new List<Diagnostic>();
            SyscallMethodParser.Parse(method, declaration, attribute, allowUnsafe, diagnostics);
            foreach (Diagnostic diagnostic in diagnostics) context.ReportDiagnostic(diagnostic);
            return;
        }
    }
}
