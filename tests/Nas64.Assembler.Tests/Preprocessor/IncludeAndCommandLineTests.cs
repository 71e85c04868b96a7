using Nas64.Assembler.Passes;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>%include with -I and -P, -D/-U defines, %pathsearch/%depend and __?FILE?__: bytes from nasm.</summary>
public sealed class IncludeAndCommandLineTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["inc/consts.inc"] = "%define FROM_INCLUDE 0x11\nconst_label: db __?LINE?__\n",
        ["pre.inc"] = "%define PRE 0x22\n",
        ["local.inc"] = "%macro emit 1\n  db %1\n%endmacro\n",
    };

    [RequiresToolsFact("nasm")]
    public void IncludeSearchPathsAndPreInclude()
    {
        const string source = """
            bits 64
            %include "consts.inc"
            %include 'local.inc'
            emit FROM_INCLUDE
            db PRE
            %pathsearch found "local.inc"
            %depend "local.inc"
            %strlen n found
            db n > 0
            db __?LINE?__
            """;
        var nasm = NasmComparison.NasmBin(source, ["-Iinc/", "-Ppre.inc"], Files);
        var ours = NasmComparison.OursBin(source, new AssemblerOptions { IncludePaths = ["inc"], PreIncludes = ["pre.inc"] }, Files);
        NasmComparison.AssertSameBytes(nasm, ours);
    }

    [RequiresToolsFact("nasm")]
    public void CommandLineDefinesAndUndefines()
    {
        const string source = """
            bits 64
            %ifdef GONE
              db 0xff
            %endif
            db VALUE, FLAG + 1
            """;
        var nasm = NasmComparison.NasmBin(source, ["-DVALUE=5", "-DFLAG", "-DGONE", "-UGONE"]);
        var ours = NasmComparison.OursBin(source, new AssemblerOptions { Defines = ["VALUE=5", "FLAG", "GONE"], Undefines = ["GONE"] });
        NasmComparison.AssertSameBytes(nasm, ours);
    }

    [Fact]
    public void DependenciesListIncludesAndDependNames()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.inc"), "db 1\n");
        var diagnostics = new DiagnosticBag();
        var pp = new Assembler.Preprocessor.Preprocessor(new AssemblerOptions(), diagnostics);
        var lines = pp.Run(temp.File("main.asm"), "%include \"a.inc\"\n%depend \"extra.bin\"\ndb 2\n").ToList();
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Items));
        Assert.Equal([temp.File("a.inc"), "extra.bin"], pp.Dependencies);
        Assert.Equal(["db 1", "db 2"], lines.Select(l => l.Text));
        Assert.Equal(1, lines[0].Location.Line);
        Assert.Equal(temp.File("a.inc"), lines[0].Location.File);
        Assert.Equal(3, lines[1].Location.Line);
    }

    [RequiresToolsFact("nasm")]
    public void DependencyListEqualsNasmMakeDependencies()
    {
        const string source = "bits 64\n%include \"consts.inc\"\n%include \"local.inc\"\n%depend \"data.bin\"\n%include \"local.inc\"\ndb FROM_INCLUDE\n";
        using var temp = new TempDirectory();
        foreach (var (name, text) in Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.File(name))!);
            File.WriteAllText(temp.File(name), text);
        }
        File.WriteAllText(temp.File("test.asm"), source);
        var nasm = ExternalTool.Run("nasm", ["-M", "-Iinc/", "-Ppre.inc", "test.asm"], temp.Path);
        Assert.True(nasm.ExitCode == 0, nasm.StandardError);
        // "test : test.asm pre.inc inc/consts.inc …": the names after the source.
        var expected = nasm.StandardOutput.Split([' ', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries)[3..];
        var diagnostics = new DiagnosticBag();
        var options = new AssemblerOptions { IncludePaths = [temp.File("inc") + "/"], PreIncludes = [temp.File("pre.inc")] };
        var ours = Assembler.Preprocessor.Preprocessor.ListDependencies(temp.File("test.asm"), source, options, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Items));
        Assert.Equal(expected, ours.Select(p => Path.IsPathRooted(p) ? Path.GetRelativePath(temp.Path, p) : p));
    }

    [Fact]
    public void MissingIncludeIsAnErrorAtTheDirective()
    {
        var diagnostics = new DiagnosticBag();
        Passes.Assembler.Parse("main.asm", "nop\n%include \"no-such-file.inc\"\n", diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(new SourceLocation("main.asm", 2), error.Location with { Context = null });
        Assert.Contains("no-such-file.inc", error.Message);
    }
}
