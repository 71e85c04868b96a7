using System.CommandLine;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;
using Nas64.Syscalls.Model;

namespace Nas64.Cli;

/// <summary>
/// `nas64 stubs`: the [Syscall] declarations of C# files as C-callable functions for static programs with
/// no .NET at run time. Each stub takes the System V ABI (rdi, rsi, rdx, rcx, r8, r9) and makes the
/// syscall (rcx moves to r10): <c>mov eax, nr; mov r10, rcx; syscall; ret</c>, the same bytes the
/// generator maps at run time. The files are only parsed (no compilation, no references), so the
/// syscall must be named by the method, a string, <c>Sys.X</c> or a number literal.
/// </summary>
public static class StubsCommand
{
    /// <summary>One stub to write: the global function name and the syscall it makes.</summary>
    public readonly record struct StubDeclaration(string Name, SyscallInfo Syscall, SourceLocation Location);

    public static Command Build()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "C# files with [Syscall] declarations", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("-o", "--output") { Description = "Output: an ELF object (.o), or an ar archive (.a) with one member per stub", Required = true };
        var all = new Option<bool>("--all") { Description = "A stub sys_<name> for every x86-64 syscall in the table" };

        var command = new Command("stubs",
            "Write the [Syscall] declarations of C# files as global functions (System V ABI in, syscall out).\n\n" +
            "Examples:\n" +
            "  nas64 stubs Linux.cs -o linux.o     one function per [Syscall] method, named after the method\n" +
            "  nas64 stubs --all -o libsys.a      sys_write, sys_getpid, … one archive member each")
        {
            inputs, output, all,
        };
        command.SetAction(result => Run(result.GetValue(inputs) ?? [], result.GetValue(all), result.GetValue(output)!));
        return command;
    }

    private static int Run(string[] inputs, bool all, string outputPath)
    {
        if (inputs.Length == 0 && !all) return Driver.Fail("stubs: no input files (give C# files, or --all)");
        var diagnostics = new DiagnosticBag();
        var stubs = new List<StubDeclaration>();
        foreach (string input in inputs)
        {
            string? text = ReadFile(input, diagnostics);
            if (text is not null) stubs.AddRange(FindDeclarations(input, text, diagnostics));
        }
        if (all)
        {
            foreach (SyscallInfo syscall in SyscallTable.X64.All)
                stubs.Add(new StubDeclaration("sys_" + syscall.Name, syscall, SourceLocation.None));
        }
        stubs = RemoveDuplicates(stubs, diagnostics);
        if (diagnostics.HasErrors) return Driver.Report(diagnostics);

        byte[] bytes = outputPath.EndsWith(".a", StringComparison.Ordinal)
            ? WriteArchive(stubs)
            : ElfObjectWriter.Write(BuildModule(Path.GetFileName(inputs.Length > 0 ? inputs[0] : outputPath), stubs));
        Driver.Report(diagnostics);
        return Driver.WriteOutput(outputPath, bytes, executable: false);
    }

    private static string? ReadFile(string path, DiagnosticBag diagnostics)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => e.Message,
            };
            diagnostics.Error(new SourceLocation(path, 0), $"unable to read: {reason}");
            return null;
        }
    }

    /// <summary>The [Syscall] methods of one C# file, resolved against the table; problems go to <paramref name="diagnostics"/>.</summary>
    public static List<StubDeclaration> FindDeclarations(string path, string text, DiagnosticBag diagnostics)
    {
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path);
        var found = new List<StubDeclaration>();
        int errorsBefore = diagnostics.ErrorCount;
        foreach (var parseError in tree.GetDiagnostics())
        {
            if (parseError.Severity == DiagnosticSeverity.Error)
                diagnostics.Error(At(path, parseError.Location), $"{parseError.Id}: {parseError.GetMessage(CultureInfo.InvariantCulture)}");
        }
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            AttributeSyntax? attribute = FindSyscallAttribute(method);
            if (attribute is null) continue;
            SyscallInfo? syscall = Resolve(path, method, attribute, diagnostics);
            if (syscall is not null) found.Add(new StubDeclaration(method.Identifier.Text, syscall, At(path, method.Identifier.GetLocation())));
        }
        if (found.Count == 0 && diagnostics.ErrorCount == errorsBefore)
            diagnostics.Error(new SourceLocation(path, 0), "no [Syscall] declarations");
        return found;
    }

    private static SourceLocation At(string path, Location location) =>
        new(path, location.GetLineSpan().StartLinePosition.Line + 1);

    /// <summary>[Syscall], [SyscallAttribute], [Nas64.Syscalls.Syscall] or [global::…]: the rightmost name decides, as it must without binding.</summary>
    private static AttributeSyntax? FindSyscallAttribute(MethodDeclarationSyntax method)
    {
        foreach (var list in method.AttributeLists)
        {
            if (list.Target is not null && !list.Target.Identifier.IsKind(SyntaxKind.MethodKeyword)) continue;
            foreach (var attribute in list.Attributes)
            {
                string name = RightmostName(attribute.Name);
                if (name is "Syscall" or "SyscallAttribute") return attribute;
            }
        }
        return null;
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.Text,
        SimpleNameSyntax simple => simple.Identifier.Text,
        _ => "",
    };

    /// <summary>The generator's rules on syntax alone: no argument → the method name; a string, a number, <c>Sys.X</c> or <c>(Sys)n</c>.</summary>
    private static SyscallInfo? Resolve(string path, MethodDeclarationSyntax method, AttributeSyntax attribute, DiagnosticBag diagnostics)
    {
        SyscallTable table = SyscallTable.X64;
        AttributeArgumentSyntax? argument = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
        if (argument is null)
        {
            SyscallInfo? byMethodName = table.FindByName(method.Identifier.Text);
            if (byMethodName is null)
                diagnostics.Error(At(path, method.Identifier.GetLocation()), $"unknown syscall `{method.Identifier.Text}' (from the method name); name one with [Syscall(\"name\")]");
            return byMethodName;
        }

        SourceLocation location = At(path, argument.GetLocation());
        ExpressionSyntax expression = Unwrap(argument.Expression);
        SyscallInfo? found;
        string shown;
        switch (expression)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal:
                shown = (string)literal.Token.Value!;
                found = table.FindByName(shown);
                break;
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } number:
                shown = number.Token.Text;
                found = number.Token.Value is int value ? table.FindByNumber(value) : null;
                break;
            case CastExpressionSyntax { Expression: LiteralExpressionSyntax { Token.Value: int castValue } } cast when IsSysType(cast.Type):
                shown = castValue.ToString(CultureInfo.InvariantCulture);
                found = table.FindByNumber(castValue);
                break;
            case MemberAccessExpressionSyntax member when IsSysType(member.Expression):
                shown = "Sys." + member.Name.Identifier.Text;
                found = table.FindByName(member.Name.Identifier.Text);
                break;
            default:
                diagnostics.Error(location, $"cannot resolve `{argument.Expression}' without compiling (method {method.Identifier.Text}): use the method name, a string, a number or Sys.X");
                return null;
        }
        if (found is null) diagnostics.Error(location, $"unknown syscall `{shown}' (method {method.Identifier.Text})");
        return found;
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
        return expression;
    }

    /// <summary>Sys, Nas64.Syscalls.Sys or global::Nas64.Syscalls.Sys.</summary>
    private static bool IsSysType(SyntaxNode node) => node switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.Text == "Sys",
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text == "Sys",
        MemberAccessExpressionSyntax member => member.Name.Identifier.Text == "Sys",
        _ => false,
    };

    /// <summary>One stub per name: the same name for the same syscall (a declaration seen twice) is kept once; for two syscalls it is an error.</summary>
    private static List<StubDeclaration> RemoveDuplicates(List<StubDeclaration> stubs, DiagnosticBag diagnostics)
    {
        var byName = new Dictionary<string, StubDeclaration>(StringComparer.Ordinal);
        var kept = new List<StubDeclaration>(stubs.Count);
        foreach (var stub in stubs)
        {
            if (!byName.TryGetValue(stub.Name, out var first))
            {
                byName.Add(stub.Name, stub);
                kept.Add(stub);
            }
            else if (first.Syscall.Number != stub.Syscall.Number)
            {
                diagnostics.Error(stub.Location, $"`{stub.Name}' makes syscall {stub.Syscall.Name}, but {first.Location} already names `{stub.Name}' for {first.Syscall.Name}");
            }
        }
        return kept;
    }

    /// <summary>One .text section holding every stub, each 16-byte aligned, each a sized global function.</summary>
    public static ObjectModule BuildModule(string sourceName, IReadOnlyList<StubDeclaration> stubs)
    {
        var module = new ObjectModule(sourceName);
        var text = module.AddSection(new Section(".text", SectionFlags.Alloc | SectionFlags.Execute, StubEncoder.StubAlignment));
        var numbers = new int[stubs.Count];
        for (int i = 0; i < stubs.Count; i++) numbers[i] = stubs[i].Syscall.Number;
        byte[] code = StubEncoder.EncodeTable(numbers, out int[] offsets);
        text.Data.Write(code);
        for (int i = 0; i < stubs.Count; i++)
        {
            var symbol = module.GetOrAddSymbol(stubs[i].Name);
            symbol.Binding = SymbolBinding.Global;
            symbol.Type = SymbolType.Function;
            symbol.Section = text;
            symbol.Value = (ulong)offsets[i];
            symbol.Size = (ulong)StubEncoder.Encode(stubs[i].Syscall.Number).Length;
        }
        return module;
    }

    /// <summary>One member per stub, so a static link pulls only the stubs a program calls.</summary>
    private static byte[] WriteArchive(List<StubDeclaration> stubs)
    {
        var members = new List<(string Name, byte[] Bytes)>(stubs.Count);
        foreach (var stub in stubs)
        {
            string memberName = stub.Name + ".o";
            members.Add((memberName, ElfObjectWriter.Write(BuildModule(memberName, [stub]))));
        }
        return ArchiveWriter.Write(members);
    }
}
