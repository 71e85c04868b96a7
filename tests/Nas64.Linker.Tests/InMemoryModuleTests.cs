using Nas64.Objects;

namespace Nas64.Linker.Tests;

/// <summary>Modules built in memory (as the assembler hands them over) link without any file.</summary>
public sealed class InMemoryModuleTests
{
    /// <summary>_start: lea rsi,[rel msg]; mov eax,1; mov edi,1; mov edx,len; syscall; mov eax,60; mov edi,[rel status]; syscall
    /// — bytes and relocation offsets as nasm encodes them.</summary>
    private static ObjectModule Program()
    {
        var module = new ObjectModule("mem.asm");
        var text = module.AddSection(new Section(".text", SectionFlags.Alloc | SectionFlags.Execute, 16));
        var rodata = module.AddSection(new Section(".rodata", SectionFlags.Alloc, 4));
        var data = module.AddSection(new Section(".data", SectionFlags.Alloc | SectionFlags.Write, 4));
        text.Data.Write([0x48, 0x8d, 0x35, 0, 0, 0, 0]);            // lea rsi, [rel msg]
        text.Data.Write([0xb8, 1, 0, 0, 0, 0xbf, 1, 0, 0, 0]);      // mov eax, 1; mov edi, 1
        text.Data.Write([0xba, 3, 0, 0, 0, 0x0f, 0x05]);            // mov edx, 3; syscall
        text.Data.Write([0xb8, 60, 0, 0, 0]);                       // mov eax, 60
        text.Data.Write([0x8b, 0x3d, 0, 0, 0, 0, 0x0f, 0x05]);      // mov edi, [rel status]; syscall
        rodata.Data.Write("hi\n"u8);
        data.Data.WriteUInt32(33);
        var start = module.GetOrAddSymbol("_start");
        start.Binding = SymbolBinding.Global;
        start.Section = text;
        var status = module.GetOrAddSymbol("status");
        status.Section = data;
        text.Relocations.Add(new Relocation(3, RelocationType.Pc32, module.GetSectionSymbol(rodata), -4));
        text.Relocations.Add(new Relocation(31, RelocationType.Pc32, status, -4));
        return module;
    }

    [RequiresToolsFact("readelf", "eu-elflint")]
    public void ModuleLinksAndRuns()
    {
        using var h = new LinkHarness();
        var diagnostics = new DiagnosticBag();
        byte[]? image = Linker.Link([LinkInput.FromModule(Program())], new LinkOptions(), diagnostics);
        Assert.True(image is not null, string.Join("\n", diagnostics.Items));
        string path = h.File("mem");
        OutputFile.Write(path, image, executable: true);
        var result = LinkHarness.Run(path);
        Assert.Equal("hi\n", result.StandardOutput);
        Assert.Equal(33, result.ExitCode);
        ExecutableChecks.Verify(path);
    }

    [Fact]
    public void OutputIsDeterministic()
    {
        byte[]? first = Linker.Link([LinkInput.FromModule(Program())], new LinkOptions(), new DiagnosticBag());
        byte[]? second = Linker.Link([LinkInput.FromModule(Program())], new LinkOptions(), new DiagnosticBag());
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [RequiresToolsFact("readelf", "eu-elflint")]
    public void MissingEntryWarnsAndUsesTextStart()
    {
        using var h = new LinkHarness();
        var module = Program();
        module.FindSymbol("_start")!.Binding = SymbolBinding.Local;
        var diagnostics = new DiagnosticBag();
        byte[]? image = Linker.Link([LinkInput.FromModule(module)], new LinkOptions(), diagnostics);
        Assert.NotNull(image);
        string path = h.File("noentry");
        OutputFile.Write(path, image, executable: true);
        string sections = ExternalTool.RunChecked("readelf", "-S", "-W", path).StandardOutput;
        string textLine = sections.Split('\n').Single(l => l.Contains(" .text "));
        string[] fields = textLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ulong textAddress = Convert.ToUInt64(fields[Array.IndexOf(fields, ".text") + 2], 16);
        var warning = Assert.Single(diagnostics.Items);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal($"cannot find entry symbol _start; defaulting to 0x{textAddress:x}", warning.Message);
        Assert.Contains($"Entry point address:               0x{textAddress:x}", ExternalTool.RunChecked("readelf", "-h", path).StandardOutput);
        Assert.Equal(33, LinkHarness.Run(path).ExitCode);
        ExecutableChecks.Verify(path);
    }
}
