using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Nas64.Syscalls.Generator;

/// <summary>
/// Writes the bodies of <c>[Syscall] static partial</c> methods: attribute → value-equatable model → source,
/// one file per declaring type. <see cref="SyscallAnalyzer"/> reports problems; a declaration with errors gets a throwing body.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SyscallGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        public const string Methods = "SyscallMethods";
        public const string ValidMethods = "ValidSyscallMethods";
        public const string AllowUnsafe = "AllowUnsafe";
        public const string Types = "SyscallTypes";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SyscallMethodModel?> methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SyscallMethodParser.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (context, _) => SyscallMethodParser.Parse(
                    (IMethodSymbol)context.TargetSymbol,
                    (MethodDeclarationSyntax)context.TargetNode,
                    context.Attributes[0],
                    allowUnsafe: true,
                    diagnostics: null))
            .WithTrackingName(Steps.Methods);

        IncrementalValuesProvider<SyscallMethodModel> valid = methods
            .Where(static method => method is not null)
            .Select(static (method, _) => method!)
            .WithTrackingName(Steps.ValidMethods);

        IncrementalValueProvider<bool> allowUnsafe = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
            .WithTrackingName(Steps.AllowUnsafe);

        IncrementalValuesProvider<SyscallTypeModel> types = valid.Collect()
            .Combine(allowUnsafe)
            .SelectMany(static (input, _) => GroupByType(input.Left, allowUnsafe: input.Right))
            .WithTrackingName(Steps.Types);

        context.RegisterSourceOutput(types, static (output, type) =>
            output.AddSource(SyscallSourceWriter.HintName(type), SyscallSourceWriter.Write(type)));
    }

    private static ImmutableArray<SyscallTypeModel> GroupByType(ImmutableArray<SyscallMethodModel> methods, bool allowUnsafe)
    {
        var order = new List<string>();
        var byType = new Dictionary<string, List<SyscallMethodModel>>();
        foreach (SyscallMethodModel method in methods)
        {
            if (!byType.TryGetValue(method.TypeKey, out List<SyscallMethodModel>? list))
            {
                byType.Add(method.TypeKey, list = new List<SyscallMethodModel>());
                order.Add(method.TypeKey);
            }
            list.Add(method);
        }

        ImmutableArray<SyscallTypeModel>.Builder types = ImmutableArray.CreateBuilder<SyscallTypeModel>(order.Count);
        foreach (string key in order)
        {
            List<SyscallMethodModel> list = byType[key];
            SyscallMethodModel first = list[0];
            types.Add(new SyscallTypeModel(allowUnsafe, first.Namespace, first.ContainingTypes, key, new EquatableArray<SyscallMethodModel>(list.ToArray())));
        }
        return types.MoveToImmutable();
    }
}
