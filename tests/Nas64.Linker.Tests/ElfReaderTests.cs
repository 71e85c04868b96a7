using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;

namespace Nas64.Linker.Tests;

/// <summary>The ELF and archive readers against objects from nasm, GNU as and ar, and against corruption.</summary>
public sealed class ElfReaderTests
{
    [RequiresToolsFact("nasm", "readelf")]
    public void ReadsWhatReadelfSees()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("m", """
            bits 64
            global f, buf
            extern g
            section .text
            f:  call g
                lea rax, [rel local]
                ret
            section .data
            local: dq f
            section .bss
            buf: resb 100
            """);
        var module = ElfReader.Read(obj, File.ReadAllBytes(obj));
        var text = module.FindSection(".text")!;
        var data = module.FindSection(".data")!;
        var bss = module.FindSection(".bss")!;
        Assert.True(text.IsExecutable && !text.IsWritable);
        Assert.True(bss.IsNoBits);
        Assert.Equal(100UL, bss.Size);
        Assert.Equal(16UL, text.Alignment);
        Assert.Equal(13, text.Data.Length);
        string relocs = ExternalTool.RunChecked("readelf", "-r", "-W", obj).StandardOutput;
        var types = relocs.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 2 && f[2].StartsWith("R_X86_64_")).Select(f => f[2]).ToList();
        Assert.Equal(["R_X86_64_PC32", "R_X86_64_PC32", "R_X86_64_64"], types);
        Assert.Equal(RelocationType.Pc32, text.Relocations[0].Type);
        Assert.Equal("g", text.Relocations[0].Symbol.Name);
        Assert.False(text.Relocations[0].Symbol.IsDefined);
        Assert.Equal(-4, text.Relocations[0].Addend);
        Assert.Equal(RelocationType.Pc32, text.Relocations[1].Type);
        Assert.Equal(SymbolType.Section, text.Relocations[1].Symbol.Type);
        Assert.Same(data, text.Relocations[1].Symbol.Section);
        Assert.Equal(RelocationType.Abs64, Assert.Single(data.Relocations).Type);
        var buf = module.FindSymbol("buf")!;
        Assert.Same(bss, buf.Section);
        Assert.Equal(SymbolBinding.Global, buf.Binding);
    }

    [RequiresToolsFact("as")]
    public void ReadsComdatSignatureAndCommon()
    {
        using var h = new LinkHarness();
        string obj = h.Gas("c", """
            .section .text.inl,"axG",@progbits,inl,comdat
            .globl inl
            inl: ret
            .comm shared,24,8
            .section .rodata.str1.1,"aMS",@progbits,1
            .string "hi"
            """);
        var module = ElfReader.Read(obj, File.ReadAllBytes(obj));
        Assert.Equal("inl", module.FindSection(".text.inl")!.GroupSignature);
        var common = module.FindSymbol("shared")!;
        Assert.True(common.IsCommon);
        Assert.Equal(24UL, common.Size);
        Assert.Equal(8UL, common.Value);
        var strings = module.FindSection(".rodata.str1.1")!;
        Assert.Equal(SectionFlags.Merge | SectionFlags.Strings, strings.Flags & (SectionFlags.Merge | SectionFlags.Strings));
        Assert.Equal(1UL, strings.EntrySize);
    }

    [RequiresToolsFact("nasm")]
    public void EveryTruncationIsADiagnostic()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("m", "global f\nextern g\nsection .text\nf: call g\nsection .data\ndq f\n");
        byte[] bytes = File.ReadAllBytes(obj);
        int rejected = 0;
        for (int length = 0; length < bytes.Length; length++)
        {
            try
            {
                ElfReader.Read("m.o", bytes.AsMemory(0, length));
                Assert.True(length >= ElfConstants.Elf64HeaderSize, $"accepted {length} bytes");
            }
            catch (DiagnosticException e)
            {
                Assert.Equal("m.o", e.Diagnostic.Location.File);
                Assert.True(e.Diagnostic.Location.Offset >= 0);
                rejected++;
            }
        }
        Assert.True(rejected > bytes.Length * 3 / 4, $"only {rejected} of {bytes.Length} truncations rejected");
    }

    [RequiresToolsFact("nasm")]
    public void CorruptBytesGiveDiagnosticsNotCrashes()
    {
        using var h = new LinkHarness();
        string obj = h.Nasm("m", "global f\nextern g\nsection .text\nf: call g\nlea rax, [rel x]\nsection .data\nx: dq f\n");
        byte[] original = File.ReadAllBytes(obj);
        var random = new Random(1234);
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            for (int k = random.Next(1, 4); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try { ElfReader.Read("m.o", bytes); }
            catch (DiagnosticException) { }
        }
    }

    [RequiresToolsFact("nasm", "ar")]
    public void ArchiveMembersAndIndex()
    {
        using var h = new LinkHarness();
        string a = h.Nasm("a_member_with_a_long_name", "global alpha\nsection .text\nalpha: ret\n");
        string b = h.Nasm("b", "global beta, gamma\nsection .text\nbeta: ret\ngamma: ret\n");
        string lib = h.Archive("lib.a", a, b);
        var archive = ArchiveReader.Open("lib.a", File.ReadAllBytes(lib));
        Assert.Equal(["a_member_with_a_long_name.o", "b.o"], archive.Members.Select(m => m.Name));
        Assert.True(archive.HasSymbolIndex);
        Assert.Contains(new ArchiveReader.IndexEntry("gamma", 1), archive.Symbols);
        Assert.Contains(new ArchiveReader.IndexEntry("alpha", 0), archive.Symbols);
        var module = archive.ReadMember(1);
        Assert.Equal("lib.a(b.o)", module.DisplayName);
        Assert.NotNull(module.FindSymbol("beta"));

        byte[] bytes = File.ReadAllBytes(lib);
        for (int length = 8; length < bytes.Length; length += 7)
        {
            try { ArchiveReader.Open("lib.a", bytes.AsMemory(0, length)); }
            catch (DiagnosticException e) { Assert.Equal("lib.a", e.Diagnostic.Location.File); }
        }
    }
}
