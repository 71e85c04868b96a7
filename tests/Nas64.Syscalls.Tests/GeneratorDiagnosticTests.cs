using Microsoft.CodeAnalysis;

namespace Nas64.Syscalls.Tests;

/// <summary>Snippets that must draw one diagnostic, at the place marked <c>[|…|]</c>.</summary>
public sealed class GeneratorDiagnosticTests
{
    private const string Prelude = """
        using System;
        using System.Runtime.InteropServices;
        using Nas64.Syscalls;

        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "NSYS001", "static partial class L { [Syscall] public static int [|GetPid|]() => 0; }" },
        { "NSYS001", "partial class L { [Syscall] public partial int [|GetPid|](); }" },
        { "NSYS001", "static partial class L { [Syscall] public static partial int [|GetPid|]<T>(); }" },
        { "NSYS002", "static class [|L|] { [Syscall] public static partial int GetPid(); }" },
        { "NSYS002", "class [|Outer|] { static partial class L { [Syscall] public static partial int GetPid(); } }" },
        { "NSYS003", "static partial class L { [Syscall] public static partial int [|Frobnicate|](); }" },
        { "NSYS003", "static partial class L { [Syscall([|\"no_such_call\"|])] public static partial int X(); }" },
        { "NSYS003", "static partial class L { [Syscall([|9999|])] public static partial int X(); }" },
        { "NSYS004", "static partial class L { [Syscall] public static partial int [|Close|](); }" },
        { "NSYS004", "static partial class L { [Syscall] public static partial nint [|Write|](int fd, ReadOnlySpan<byte> data, int extra); }" },
        { "NSYS005", "static partial class L { [Syscall] public static partial int Close([|object fd|]); }" },
        { "NSYS005", "static partial class L { [Syscall] public static partial nint Write(int fd, [|ReadOnlySpan<string> data|]); }" },
        { "NSYS005", "static partial class L { [Syscall] public static partial int Close([|char fd|]); }" },
        { "NSYS006", "static partial class L { [Syscall] public static partial [|string|] GetPid(); }" },
        { "NSYS006", "static partial class L { [Syscall] public static partial [|void|] Close(int fd); }" },
        { "NSYS007", "static partial class L { [Syscall(\"mmap\")] public static partial nint [|Map|](ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, int d); }" },
        { "NSYS009", "static partial class L { [Syscall, [|SuppressGCTransition|]] public static partial nint Read(int fd, Span<byte> buffer); }" },
        { "NSYS010", "static partial class L { [[|Syscall(\"tuxcall\")|]] public static partial int Tux(int a, int b, int c); }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeclarationDrawsDiagnosticAtMarkedPlace(string id, string marked)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = GeneratorHarness.Unmark(Prelude + marked);
        AssertSingle(id, span, GeneratorHarness.Compile(allowUnsafe: true, source));
    }

    [Fact]
    public void MissingAllowUnsafeBlocksIsReportedAtTheMethod()
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = GeneratorHarness.Unmark(
            Prelude + "static partial class L { [Syscall] public static partial int [|GetPid|](); }");
        AssertSingle("NSYS008", span, GeneratorHarness.Compile(allowUnsafe: false, source));
    }

    [Theory]
    [InlineData(true, "[Syscall] public static partial int Frobnicate(object o, out string s); [Syscall] public static partial string Close(int fd); [Syscall] public static partial void Dup(int fd);")]
    [InlineData(false, "[Syscall] public static partial int GetPid(); [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);")]
    public void DeclarationsWithErrorsGetAThrowingBodySoTheCompilerRunsTheAnalyzer(bool allowUnsafe, string members)
    {
        // csc skips analyzers when the compilation has errors: a missing body (CS8795) would hide every NSYS error.
        var compilation = GeneratorHarness.Compile(allowUnsafe, Prelude + "static partial class L { " + members + " }");
        (Compilation output, GeneratorDriverRunResult result) = GeneratorHarness.Generate(compilation);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("throw new global::System.InvalidOperationException", result.GeneratedTrees.Single().ToString());
        Assert.NotEmpty(GeneratorHarness.Analyze(output).Where(d => d.Id.StartsWith("NSYS", StringComparison.Ordinal)));
    }

    private static void AssertSingle(string id, Microsoft.CodeAnalysis.Text.TextSpan span, Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation)
    {
        (Compilation output, _) = GeneratorHarness.Generate(compilation);
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Analyze(output));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Snippet0.cs", diagnostic.Location.SourceTree?.FilePath);
    }
}
