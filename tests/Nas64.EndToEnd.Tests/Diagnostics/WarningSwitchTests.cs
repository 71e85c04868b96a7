using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nas64.EndToEnd.Tests.Diagnostics;

/// <summary>
/// NASM's warning switches, -Z and exit statuses, compared with what nasm 2.16 prints and returns for the
/// same source and switches; and the JSON and colored forms of the same diagnostics.
///
/// Known difference: when a warning made an error stops nasm after its first pass, nasm does not print the
/// warnings of its final pass (%warning, data bounds, zeroing); nas64 prints them. The cases below avoid it.
/// </summary>
public sealed partial class WarningSwitchTests
{
    private const string Mixed = """
        %warning hi there
        %macro d 1
        %endmacro
         d
        foo
         db 300
        """;

    private const string Orphans = """
        foo
        bar:
        baz
        """;

    private const string Directives = """
        foo
        [warning -label-orphan]
        bar
        [warning push]
        [warning +label-orphan]
        baz
        [warning pop]
        qux
        [warning *label-orphan]
        quux
            db 300
        [warning -number-overflow]
            db 301
        """;

    public static TheoryData<string, string> Cases() => new()
    {
        { Mixed, "" },
        { Mixed, "-w-orphan-labels -w-macro-params" },
        { Mixed, "-w-label-orphan -w-pp-macro-params-multi -w-user" },
        { Mixed, "-w-all" },
        { Mixed, "-Wno-label-orphan -Wno-user" },
        { Mixed, "-w+error=label-orphan -w-label-orphan" },
        { Mixed, "-w+error=user" },
        { Orphans, "-Werror=label-orphan" },
        { Orphans, "-w+error=label-orphan" },
        { Orphans, "-w+error=orphan-labels" },
        { Orphans, "-Werror" },
        { Orphans, "-w+error" },
        { Orphans, "-Werror -w-label-orphan" },
        { Directives, "" },
        { "mov eax, ebx\n", "" },
        { "mov eax, ebx, ecx\n", "" },
    };

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(Cases))]
    public void WarningsAndExitStatusAreNasms(string source, string switches)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("w.asm"), source);
        string[] arguments = ["-f", "bin", .. switches.Split(' ', StringSplitOptions.RemoveEmptyEntries), "w.asm"];
        var nasm = ExternalTool.Run("nasm", [.. arguments, "-o", "nasm.bin"], dir.Path);
        var ours = Nas64Command.Run(dir.Path, [.. arguments, "-o", "ours.bin"]);
        Assert.Equal(nasm.StandardError, ours.StandardError);
        Assert.Equal(nasm.ExitCode, ours.ExitCode);
        Assert.Equal(File.Exists(dir.File("nasm.bin")), File.Exists(dir.File("ours.bin")));
    }

    [RequiresToolsTheory("nasm")]
    [InlineData(Mixed, "")]
    [InlineData(Orphans, "-Werror")]
    [InlineData("nop\n", "")]
    public void ErrorFileIsNasms(string source, string switches)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("w.asm"), source);
        string[] arguments = ["-f", "bin", .. switches.Split(' ', StringSplitOptions.RemoveEmptyEntries), "w.asm"];
        var nasm = ExternalTool.Run("nasm", [.. arguments, "-Znasm.err", "-o", "nasm.bin"], dir.Path);
        var ours = Nas64Command.Run(dir.Path, [.. arguments, "-Z", "ours.err", "-o", "ours.bin"]);
        Assert.Equal(nasm.ExitCode, ours.ExitCode);
        Assert.Equal("", ours.StandardError);
        Assert.Equal(File.ReadAllText(dir.File("nasm.err")), File.ReadAllText(dir.File("ours.err")));
    }

    /// <summary>Each JSON object carries what nasm's line says: file, line, severity, message, warning class.</summary>
    [RequiresToolsFact("nasm")]
    public void JsonDiagnosticsCarryNasmsFields()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("w.asm"), Mixed + "\nmov eax, ebx, ecx\n");
        var nasm = ExternalTool.Run("nasm", ["-f", "bin", "w.asm", "-o", "nasm.bin"], dir.Path);
        var ours = Nas64Command.Run(dir.Path, ["-f", "bin", "--diagnostics-format=json", "w.asm", "-o", "ours.bin"]);
        Assert.Equal(nasm.ExitCode, ours.ExitCode);
        string[] expected = nasm.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] actual = ours.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var m = NasmLine().Match(expected[i]);
            Assert.True(m.Success, expected[i]);
            using var json = JsonDocument.Parse(actual[i]);
            var root = json.RootElement;
            Assert.Equal(m.Groups["file"].Value, root.GetProperty("file").GetString());
            Assert.Equal(int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("line").GetInt32());
            Assert.Equal(m.Groups["severity"].Value, root.GetProperty("severity").GetString());
            Assert.Equal(m.Groups["message"].Value, root.GetProperty("message").GetString());
            if (m.Groups["warning"].Success) Assert.Equal(m.Groups["warning"].Value, root.GetProperty("warning").GetString());
            else Assert.False(root.TryGetProperty("warning", out _));
        }
    }

    /// <summary>--color=always wraps nasm's text in ANSI colors (error red, warning magenta); without it, piped output is plain.</summary>
    [RequiresToolsFact("nasm")]
    public void ColorsWrapNasmsText()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("w.asm"), Mixed + "\nmov eax, ebx, ecx\n");
        var nasm = ExternalTool.Run("nasm", ["-f", "bin", "w.asm", "-o", "nasm.bin"], dir.Path);
        var colored = Nas64Command.Run(dir.Path, ["-f", "bin", "--color=always", "w.asm", "-o", "ours.bin"]);
        Assert.Contains("\u001b[1;31merror:", colored.StandardError);
        Assert.Contains("\u001b[1;35mwarning:", colored.StandardError);
        Assert.Equal(nasm.StandardError, AnsiEscape().Replace(colored.StandardError, ""));
        var piped = Nas64Command.Run(dir.Path, ["-f", "bin", "w.asm", "-o", "ours.bin"]);
        Assert.Equal(nasm.StandardError, piped.StandardError);
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>\d+): (?<severity>\w+): (?<message>.*?)(?: \[-w\+(?:error=)?(?<warning>[a-z-]+)\])?$")]
    private static partial Regex NasmLine();

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
