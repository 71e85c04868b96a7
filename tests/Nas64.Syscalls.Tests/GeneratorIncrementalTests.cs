using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Nas64.Syscalls.Generator;

namespace Nas64.Syscalls.Tests;

/// <summary>The generator's tracked steps cache: unrelated edits regenerate nothing, a related edit does.</summary>
public sealed class GeneratorIncrementalTests
{
    private const string Declarations = """
        using System;
        using Nas64.Syscalls;
        static partial class Linux
        {
            [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);
            [Syscall(Sys.Close)] public static partial int Close(int fd);
        }
        """;

    private const string Unrelated = "static class Other { public static int Answer() => 42; }";

    [Fact]
    public void EditingAnUnrelatedFileLeavesEveryStepCached()
    {
        CSharpCompilation first = GeneratorHarness.Compile(true, Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);

        SyntaxTree unrelated = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(unrelated,
            unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Unrelated.Replace("42", "43"))));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();

        foreach (string step in new[] { SyscallGenerator.Steps.Methods, SyscallGenerator.Steps.ValidMethods, SyscallGenerator.Steps.Types })
        {
            IncrementalGeneratorRunStep[] runs = result.TrackedSteps[step].ToArray();
            Assert.NotEmpty(runs);
            Assert.All(runs.SelectMany(run => run.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(run => run.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {output.Reason}"));
    }

    [Fact]
    public void EditingADeclarationRegeneratesItsType()
    {
        CSharpCompilation first = GeneratorHarness.Compile(true, Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);

        SyntaxTree declarations = first.SyntaxTrees.First();
        CSharpCompilation second = first.ReplaceSyntaxTree(declarations,
            declarations.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Declarations.Replace("int Close(int fd)", "long Close(int fd)"))));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[SyscallGenerator.Steps.Types].SelectMany(run => run.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
    }
}
