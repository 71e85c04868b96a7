namespace Nas64.EndToEnd.Tests;

/// <summary>
/// nas64's -f elf64 objects against every linker: the corpus in Linkers/ (every relocation and symbol
/// kind NASM writes for x86-64, each checked by the program at run time) and the hello sample are
/// assembled by nas64 and by nasm, linked by GNU ld, ld.lld, mold and nas64 link, and must run right.
/// The objects mean what nasm's mean, and readelf and eu-elflint find nothing in them.
/// </summary>
public sealed class ThirdPartyLinkerTests
{
    private static readonly string[] Checks =
    [
        "wrt ..plt", "wrt ..got (rel)", "wrt ..gotpc, wrt ..gotoff", "wrt ..got (absolute)", "wrt ..sym", "wrt ..gottpoff",
        "weak undefined", "weak definition", "hidden", "common", "data pointers", "sizes",
    ];

    private static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "Linkers", name);

    public static TheoryData<string> Linkers => new() { "ld", "ld.lld", "mold", "nas64" };

    [RequiresToolsTheory("nasm", "ld", "ld.lld", "mold", "readelf", "eu-elflint")]
    [MemberData(nameof(Linkers))]
    public void CorpusLinksAndRuns(string linker)
    {
        using var dir = new TempDirectory();
        string[] ours = [Assemble(dir, "main"), Assemble(dir, "lib")];
        string[] nasm = [Nasm(dir, "main"), Nasm(dir, "lib")];
        string program = Link(dir, linker, "prog", ours);
        string reference = Link(dir, linker, "prog-nasm", nasm);

        var run = ExternalTool.Run(program, []);
        Assert.Equal(string.Concat(Checks.Select(c => c + " ok\n")), run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
        var expected = ExternalTool.Run(reference, []);
        Assert.Equal(expected.StandardOutput, run.StandardOutput);
        AssertCleanOrAsNasms(linker, program, reference);
    }

    [RequiresToolsTheory("nasm", "ld", "ld.lld", "mold", "readelf", "eu-elflint")]
    [MemberData(nameof(Linkers))]
    public void HelloSampleLinksAndRuns(string linker)
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello-nasm.o"));
        string program = Link(dir, linker, "hello", [dir.File("hello.o")]);
        var run = ExternalTool.Run(program, []);
        Assert.Equal("Hello, world!\n", run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
        AssertCleanOrAsNasms(linker, program, Link(dir, linker, "hello-nasm", [dir.File("hello-nasm.o")]));
    }

    /// <summary>Section contents, relocations (offset, type, symbol, addend) and symbols (value, size,
    /// type, binding, visibility, section, name) equal nasm's; nas64 only adds .note.GNU-stack.</summary>
    [RequiresToolsFact("nasm", "readelf", "eu-elflint", "objdump")]
    public void CorpusObjectsMeanWhatNasmsMeanAndLintClean()
    {
        using var dir = new TempDirectory();
        foreach (string name in new[] { "main", "lib" })
        {
            string ours = Assemble(dir, name), nasm = Nasm(dir, name);
            Assert.Equal(Relocations(nasm), Relocations(ours));
            Assert.Equal(Symbols(nasm), Symbols(ours));
            Assert.Equal(Contents(nasm), Contents(ours));
            var readelf = ExternalTool.RunChecked("readelf", "-a", "-W", ours);
            Assert.Equal("", readelf.StandardError);
            var lint = ExternalTool.Run("eu-elflint", ["--gnu-ld", ours]);
            Assert.True(lint.ExitCode == 0 && lint.StandardOutput.Contains("No errors"), $"eu-elflint {name}.o:\n{lint.StandardOutput}{lint.StandardError}");
        }
    }

    private static string Assemble(TempDirectory dir, string name)
    {
        string obj = dir.File(name + ".o");
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", Corpus(name + ".asm"), "-o", obj);
        return obj;
    }

    private static string Nasm(TempDirectory dir, string name)
    {
        string obj = dir.File(name + "-nasm.o");
        ExternalTool.RunChecked("nasm", "-f", "elf64", Corpus(name + ".asm"), "-o", obj);
        return obj;
    }

    private static string Link(TempDirectory dir, string linker, string output, string[] objects)
    {
        string path = dir.File(output);
        if (linker == "nas64") Nas64Command.RunChecked(dir.Path, ["link", .. objects, "-o", path]);
        else ExternalTool.RunChecked(linker, ["-static", "-o", path, .. objects]);
        return path;
    }

    /// <summary>readelf reads the executable without a complaint; eu-elflint finds nothing in what ld and
    /// nas64 link, and in what lld and mold link it reports exactly what it reports for nasm's objects
    /// (it does not know lld's page-rounded PT_GNU_RELRO or mold's .relro_padding).</summary>
    private static void AssertCleanOrAsNasms(string linker, string program, string reference)
    {
        var readelf = ExternalTool.RunChecked("readelf", "-a", "-W", program);
        Assert.Equal("", readelf.StandardError);
        var lint = ExternalTool.Run("eu-elflint", ["--gnu-ld", program]);
        if (linker is "ld" or "nas64")
            Assert.True(lint.ExitCode == 0, $"eu-elflint:\n{lint.StandardOutput}{lint.StandardError}");
        var expected = ExternalTool.Run("eu-elflint", ["--gnu-ld", reference]);
        Assert.Equal(expected.StandardOutput.Replace(reference, program), lint.StandardOutput);
    }

    private static List<string> Relocations(string obj)
    {
        var rows = new List<string>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-r", "-W", obj).StandardOutput.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 4 && f[2].StartsWith("R_X86_64_", StringComparison.Ordinal))
                rows.Add(string.Join(' ', [f[0], .. f[2..]]));   // without r_info's symbol index
            else if (line.StartsWith("Relocation section", StringComparison.Ordinal))
                rows.Add(line[..line.IndexOf(" at offset", StringComparison.Ordinal)]);
        }
        return rows;
    }

    private static List<string> Symbols(string obj)
    {
        var rows = new List<string>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-s", "-W", obj).StandardOutput.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8 || !f[0].EndsWith(':') || line.Contains(".note.GNU-stack")) continue;
            rows.Add(string.Join(' ', f[1..]));   // without the symbol's index
        }
        return rows;
    }

    private static string Contents(string obj)
    {
        string dump = ExternalTool.RunChecked("objdump", "-s", obj).StandardOutput;
        return dump[dump.IndexOf("Contents", StringComparison.Ordinal)..];
    }
}
