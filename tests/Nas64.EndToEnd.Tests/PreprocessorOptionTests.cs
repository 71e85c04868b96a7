namespace Nas64.EndToEnd.Tests;

/// <summary>NASM's preprocessor switches on the command line: -D, -U, -I, -P, -E, -M, -MT, -MD;
/// each compared with what nasm prints or assembles for the same command.</summary>
public sealed class PreprocessorOptionTests
{
    private static TempDirectory Project()
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("inc"));
        File.WriteAllText(dir.File("inc/config.inc"), "%define WIDTH 8\n");
        File.WriteAllText(dir.File("pre.inc"), "%define GREETING 'hi'\n");
        File.WriteAllBytes(dir.File("inc/data.bin"), [1, 2, 3]);   // found through -I, as the include is
        File.WriteAllText(dir.File("main.asm"), """
            %include "config.inc"
            %ifdef FAST
                mov eax, WIDTH * 2
            %else
                mov eax, WIDTH
            %endif
            %ifndef DROPPED
                db GREETING, LEVEL
            %endif
            incbin "data.bin", 1
            """);
        return dir;
    }

    [RequiresToolsFact("nasm")]
    public void DefinesIncludesAndPreIncludesAssembleAsNasm()
    {
        using var dir = Project();
        string[] common = ["-f", "bin", "-Iinc/", "-Ppre.inc", "-DFAST", "-DLEVEL=3", "-DDROPPED", "-UDROPPED", "main.asm"];
        ExternalTool.RunCheckedIn(dir.Path, "nasm", [.. common, "-o", dir.File("nasm.bin")]);
        Nas64Command.RunChecked(dir.Path, [.. common, "-o", "ours.bin"]);
        Assert.Equal(File.ReadAllBytes(dir.File("nasm.bin")), File.ReadAllBytes(dir.File("ours.bin")));
    }

    [RequiresToolsFact("nasm")]
    public void MakeDependenciesAreNasms()
    {
        using var dir = Project();
        foreach (string[] extra in new[] { new[] { "-M" }, ["-M", "-MT", "deps-target"] })
        {
            string[] arguments = ["-f", "elf64", "-Iinc/", "-Ppre.inc", "-DLEVEL=1", .. extra, "main.asm"];
            var nasm = ExternalTool.RunCheckedIn(dir.Path, "nasm", arguments);
            var ours = Nas64Command.RunChecked(dir.Path, arguments);
            Assert.Equal(nasm.StandardOutput, ours.StandardOutput);
        }
    }

    [RequiresToolsFact("nasm")]
    public void PreprocessOnlyPrintsWhatNasmPrints()
    {
        using var dir = Project();
        string[] arguments = ["-E", "-Iinc/", "-DFAST", "-DLEVEL=2", "main.asm"];
        var nasm = ExternalTool.RunCheckedIn(dir.Path, "nasm", arguments);
        var ours = Nas64Command.RunChecked(dir.Path, arguments);
        Assert.Equal(nasm.StandardOutput, ours.StandardOutput);
    }
}
