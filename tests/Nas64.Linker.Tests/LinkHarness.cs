using Nas64.Linker;
using Nas64.Objects;

namespace Nas64.Linker.Tests;

/// <summary>Builds inputs with the outside tools, links with nas64 and with GNU ld, runs both.</summary>
internal sealed class LinkHarness : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string File(string name) => _dir.File(name);

    /// <summary>Assembles NASM source to an ELF64 object; returns its path.</summary>
    public string Nasm(string name, string source)
    {
        string asm = File(name + ".asm"), obj = File(name + ".o");
        System.IO.File.WriteAllText(asm, source);
        ExternalTool.RunChecked("nasm", "-f", "elf64", "-o", obj, asm);
        return obj;
    }

    /// <summary>Assembles GNU as (AT&amp;T) source; returns the object's path.</summary>
    public string Gas(string name, string source)
    {
        string s = File(name + ".s"), obj = File(name + ".o");
        System.IO.File.WriteAllText(s, source);
        ExternalTool.RunChecked("as", "--64", "-o", obj, s);
        return obj;
    }

    /// <summary>Compiles freestanding C; returns the object's path.</summary>
    public string Gcc(string name, string source, params string[] flags)
    {
        string c = File(name + ".c"), obj = File(name + ".o");
        System.IO.File.WriteAllText(c, source);
        string[] args = ["-c", "-ffreestanding", "-nostdlib", "-fno-stack-protector", "-O2", .. flags, "-o", obj, c];
        ExternalTool.RunChecked("gcc", args);
        return obj;
    }

    public string Archive(string name, params string[] objects)
    {
        string path = File(name);
        ExternalTool.RunChecked("ar", ["rcs", path, .. objects]);
        return path;
    }

    /// <summary>Links with nas64; returns the executable's path, or fails with the diagnostics. Every
    /// executable passes <see cref="ExecutableChecks"/> (readelf, eu-elflint --gnu-ld, W^X, GNU_STACK).</summary>
    public string Link(string output, IEnumerable<string> inputs, LinkOptions? options = null)
    {
        var (image, diagnostics) = TryLink(inputs, options);
        Assert.True(image is not null, "nas64 link failed:\n" + string.Join("\n", diagnostics.Items));
        string path = File(output);
        OutputFile.Write(path, image, executable: true);
        ExecutableChecks.Verify(path);
        return path;
    }

    public (byte[]? Image, DiagnosticBag Diagnostics) TryLink(IEnumerable<string> inputs, LinkOptions? options = null)
    {
        var list = new List<LinkInput>();
        foreach (string input in inputs)
            list.Add(input == "(" ? LinkInput.StartGroup : input == ")" ? LinkInput.EndGroup : LinkInput.FromFile(input));
        var diagnostics = new DiagnosticBag();
        return (Linker.Link(list, options ?? new LinkOptions(), diagnostics), diagnostics);
    }

    /// <summary>Links with GNU ld -static; returns the executable's path.</summary>
    public string LinkGnu(string output, params string[] inputs)
    {
        string path = File(output);
        ExternalTool.RunChecked("ld", ["-static", "-o", path, .. inputs]);
        return path;
    }

    public static ProcessResult Run(string executable) => ExternalTool.Run(executable, []);

    /// <summary>Links with both linkers, runs both, and checks that output and exit status agree.</summary>
    public ProcessResult LinkBothAndCompare(params string[] inputs)
    {
        string ours = Link("ours", inputs);
        string gnu = LinkGnu("gnu", inputs);
        var expected = Run(gnu);
        var actual = Run(ours);
        Assert.Equal(expected.StandardOutput, actual.StandardOutput);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        return actual;
    }

    public void Dispose() => _dir.Dispose();
}
