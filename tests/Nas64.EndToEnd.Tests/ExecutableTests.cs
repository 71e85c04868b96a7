using System.Buffers.Binary;

namespace Nas64.EndToEnd.Tests;

/// <summary>The default output: a static ELF64 executable that needs no libc and no second tool.</summary>
public sealed class ExecutableTests
{
    [Fact]
    public void HelloRunsAndPrints()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello"));
        var run = ExternalTool.Run(dir.File("hello"), []);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Hello, world!\n", run.StandardOutput);
    }

    [Fact]
    public void OutputDefaultsToTheInputNameWithoutAsm()
    {
        using var dir = new TempDirectory();
        File.Copy(Nas64Command.Sample("hello/hello.asm"), dir.File("hello.asm"));
        Nas64Command.RunChecked(dir.Path, "hello.asm");
        Assert.True(File.Exists(dir.File("hello")), "nas64 hello.asm should write ./hello");
        Assert.Equal("Hello, world!\n", ExternalTool.Run(dir.File("hello"), []).StandardOutput);
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", "hello.asm");
        Assert.True(File.Exists(dir.File("hello.o")), "nas64 -f elf64 hello.asm should write ./hello.o");
    }

    [RequiresToolsFact("readelf")]
    public void HelloIsStaticEtExecWithoutInterpreterOrDynamicSection()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello"));
        byte[] image = File.ReadAllBytes(dir.File("hello"));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(16)));   // e_type = ET_EXEC
        Assert.Equal(62, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(18)));  // e_machine = EM_X86_64
        string headers = ExternalTool.RunChecked("readelf", "-lW", dir.File("hello")).StandardOutput;
        Assert.DoesNotContain("INTERP", headers);
        Assert.DoesNotContain("DYNAMIC", headers);
        Assert.Contains("GNU_STACK", headers);
        // No segment is both writable and executable.
        foreach (string line in headers.Split('\n'))
            if (line.TrimStart().StartsWith("LOAD", StringComparison.Ordinal))
                Assert.False(line.Contains(" RWE", StringComparison.Ordinal) || line.Contains("RWE"), line);
        string dynamic = ExternalTool.RunChecked("readelf", "-dW", dir.File("hello")).StandardOutput;
        Assert.Contains("no dynamic section", dynamic);
    }

    [RequiresToolsFact("strace")]
    public void HelloMakesExactlyWriteAndExit()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello"));
        var trace = ExternalTool.RunChecked("strace", "-f", "-qq", "-o", dir.File("trace"), dir.File("hello"));
        Assert.Equal("Hello, world!\n", trace.StandardOutput);
        var calls = File.ReadAllLines(dir.File("trace"))
            .Select(l => l.Contains(' ') && char.IsAsciiDigit(l[0]) ? l[(l.IndexOf(' ') + 1)..].TrimStart() : l)
            .Select(l => l[..l.IndexOf('(')])
            .ToList();
        // strace records the execve that starts the program, then the program's own calls.
        Assert.Equal(["execve", "write", "exit"], calls);
    }

    [RequiresToolsFact("ld")]
    public void GnuLdLinksOurObjectIntoAWorkingProgram()
    {
        using var dir = new TempDirectory();
        Nas64Command.RunChecked(dir.Path, "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        ExternalTool.RunChecked("ld", "-o", dir.File("hello"), dir.File("hello.o"));
        var run = ExternalTool.Run(dir.File("hello"), []);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Hello, world!\n", run.StandardOutput);
    }

    /// <summary>`nas64 hello.asm --tiny` is nas64 link --tiny in memory: the executable is byte for byte the one linked
    /// from nasm's object with --tiny, it prints what nasm + ld's hello prints, and --tiny is refused for objects.</summary>
    [RequiresToolsFact("nasm", "ld")]
    public void TinyDirectExecutableIsTheLinkersTinyOutput()
    {
        using var dir = new TempDirectory();
        string source = Nas64Command.Sample("hello/hello.asm");
        ExternalTool.RunChecked("nasm", "-f", "elf64", source, "-o", dir.File("nasm.o"));
        ExternalTool.RunChecked("ld", "-o", dir.File("ld-hello"), dir.File("nasm.o"));
        Nas64Command.RunChecked(dir.Path, "link", "--tiny", "-s", dir.File("nasm.o"), "-o", dir.File("linked"));
        Nas64Command.RunChecked(dir.Path, source, "--tiny", "-s", "-o", dir.File("direct"));
        Assert.Equal(File.ReadAllBytes(dir.File("linked")), File.ReadAllBytes(dir.File("direct")));
        var expected = ExternalTool.Run(dir.File("ld-hello"), []);
        var run = ExternalTool.Run(dir.File("direct"), []);
        Assert.Equal(expected.StandardOutput, run.StandardOutput);
        Assert.Equal(expected.ExitCode, run.ExitCode);
        var refused = Nas64Command.Run(dir.Path, "-f", "elf64", source, "--tiny", "-o", dir.File("tiny.o"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--tiny shapes executables", refused.StandardError);
        Assert.False(File.Exists(dir.File("tiny.o")));
    }

    [RequiresToolsFact("nasm", "ld")]
    public void SeveralSourcesAndANasmObjectLinkIntoOneExecutable()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("main.asm"), """
            global _start
            extern print, message, length
            section .text
            _start: mov rsi, message
                    mov edx, length
                    call print
                    mov eax, 60
                    mov edi, 7
                    syscall
            """);
        File.WriteAllText(dir.File("print.asm"), """
            global print
            section .text
            print:  mov eax, 1
                    mov edi, 1
                    syscall
                    ret
            """);
        File.WriteAllText(dir.File("data.asm"), """
            global message, length
            section .rodata
            message: db "linked", 10
            length equ $ - message
            """);
        ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("data.asm"), "-o", dir.File("data.o"));
        Nas64Command.RunChecked(dir.Path, "main.asm", "print.asm", "data.o", "-o", dir.File("prog"));
        var run = ExternalTool.Run(dir.File("prog"), []);
        Assert.Equal(7, run.ExitCode);
        Assert.Equal("linked\n", run.StandardOutput);
    }

    [Fact]
    public async Task WritingToAFifoKeepsTheFifo()
    {
        // -o /dev/null and friends: a special file is written in place, never renamed over.
        using var dir = new TempDirectory();
        string fifo = dir.File("pipe");
        ExternalTool.RunChecked("mkfifo", fifo);
        using var reader = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [fifo]) { RedirectStandardOutput = true })!;
        var copied = new MemoryStream();
        var copy = reader.StandardOutput.BaseStream.CopyToAsync(copied);
        Nas64Command.RunChecked(dir.Path, Nas64Command.Sample("hello/hello.asm"), "-o", fifo);
        await copy.WaitAsync(TimeSpan.FromSeconds(10));
        await reader.WaitForExitAsync();
        Assert.Equal("fifo", ExternalTool.RunChecked("stat", "-c", "%F", fifo).StandardOutput.Trim());
        Assert.Equal((byte)0x7f, copied.ToArray()[0]);   // the executable went through the pipe
    }

    [RequiresToolsFact("nasm")]
    public void LinkCommandLinksNasmObjects()
    {
        using var dir = new TempDirectory();
        ExternalTool.RunChecked("nasm", "-f", "elf64", Nas64Command.Sample("hello/hello.asm"), "-o", dir.File("hello.o"));
        Nas64Command.RunChecked(dir.Path, "link", "hello.o", "-o", "hello");
        var run = ExternalTool.Run(dir.File("hello"), []);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Hello, world!\n", run.StandardOutput);
    }
}
