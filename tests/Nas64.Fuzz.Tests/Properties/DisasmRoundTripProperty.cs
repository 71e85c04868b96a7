using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Nas64.Assembler.Passes;
using Nas64.Cli;
using Nas64.Cli.Disassembly;
using Nas64.EndToEnd.Tests.Disassembly;
using Nas64.Objects;
using Nas64.Objects.Elf;

namespace Nas64.Fuzz.Tests.Properties;

/// <summary>
/// Property: a random valid program (instructions from the encoding corpus, labels, jumps and calls to them, data with
/// random values, times, align, pointers between the sections) assembled by nasm, disassembled by `nas64 disasm` and
/// reassembled by nas64 gives nasm's section bytes and relocations back; nas64 assembling the program itself gives
/// them too. FsCheck shrinks a failure to the fewest items.
/// </summary>
public sealed class DisasmRoundTripProperty
{
    /// <summary>One line (or a few) of the program. Label references are indexes taken modulo the labels left, so a
    /// shrunk program still assembles.</summary>
    public sealed record Item(bool Data, int Kind, int Corpus, long Value, int Target)
    {
        public override string ToString() => $"{(Data ? "data" : "code")}:{Kind}:{Corpus}:{Value}:{Target}";
    }

    private static readonly Lazy<string[]> Instructions = new(LoadCorpus);

    /// <summary>The corpus lines both nasm and nas64 take in 64-bit mode (the others are 16/32-bit only).</summary>
    private static string[] LoadCorpus()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "encoding-corpus.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != ';').Distinct().ToList();
        using var dir = new TempDirectory();
        for (int round = 0; round < 10; round++)
        {
            string source = "bits 64\n" + string.Join('\n', lines) + "\n";
            File.WriteAllText(dir.File("corpus.asm"), source);
            var rejected = new HashSet<int>();
            var result = ExternalTool.Run("nasm", ["-f", "elf64", "corpus.asm", "-o", "corpus.o"], dir.Path);
            foreach (string line in result.StandardError.Split('\n'))
                if (line.StartsWith("corpus.asm:", StringComparison.Ordinal) && line.Contains(": error:", StringComparison.Ordinal)
                    && int.TryParse(line.Split(':')[1], out int number)) rejected.Add(number - 2);
            var diagnostics = new DiagnosticBag();
            BigStack.Run(() => Nas64.Assembler.Passes.Assembler.Assemble(dir.File("corpus.asm"), source, new AssemblerOptions(), diagnostics));
            foreach (var diagnostic in diagnostics.Items)
                if (diagnostic.Severity >= Severity.Error && diagnostic.Location.Line >= 2) rejected.Add(diagnostic.Location.Line - 2);
            if (rejected.Count == 0 && result.ExitCode == 0) return [.. lines];
            lines = [.. lines.Where((_, i) => !rejected.Contains(i))];
        }
        throw new InvalidOperationException("the corpus does not settle to lines nasm and nas64 both take");
    }

    private static Gen<Item> ItemGen() =>
        from data in Gen.Frequency((3, Gen.Constant(false)), (2, Gen.Constant(true)))
        from kind in Gen.Choose(0, 7)
        from corpus in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(int.MinValue, int.MaxValue).Select(v => (long)v * 7919)
        from target in Gen.Choose(0, 1000)
        select new Item(data, kind, corpus, value, target);

    public static string Render(Item[] items)
    {
        string[] corpus = Instructions.Value;
        var text = new StringBuilder("bits 64\ndefault rel\nglobal start\nsection .text\nstart:\n");
        var data = new StringBuilder("section .data\nd_first: dq 0\n");
        int codeLabels = items.Count(i => !i.Data) + 1, dataLabels = items.Count(i => i.Data) + 1;
        string Code(int target) => target % codeLabels == 0 ? "start" : $"c{target % codeLabels}";
        string DataLabel(int target) => target % dataLabels == 0 ? "d_first" : $"d{target % dataLabels}";
        int c = 0, d = 0;
        foreach (var item in items)
        {
            if (item.Data)
            {
                data.Append($"d{++d}:\n");
                data.AppendLine((item.Kind % 8) switch
                {
                    0 => $"db {item.Value & 0xff}, {(item.Value >> 8) & 0xff}",
                    1 => $"dw {item.Value & 0xffff}",
                    2 => $"dd {item.Value & 0xffffffff}",
                    3 => $"dq {item.Value}",
                    4 => $"times {item.Target % 9} db {item.Value & 0xff}",
                    5 => $"align {1 << (item.Target % 5)}, db 0",
                    6 => $"dq {Code(item.Target)}",
                    _ => $"dd {DataLabel(item.Target)} - d_first",
                });
                continue;
            }
            text.Append($"c{++c}:\n");
            text.AppendLine((item.Kind % 8) switch
            {
                0 or 1 or 2 => corpus[item.Corpus % corpus.Length],
                3 => $"jmp {Code(item.Target)}",
                4 => $"{(item.Value % 3 == 0 ? "call" : item.Value % 3 == 1 ? "jnz" : "jl")} {Code(item.Target)}",
                5 => $"lea rax, [{DataLabel(item.Target)}]",
                6 => $"times {item.Target % 5} nop",
                _ => $"align {1 << (item.Target % 5)}",
            });
        }
        return text.Append(data).ToString();
    }

    /// <summary>The item as an empty `times 0` line (null when it already is one).</summary>
    private static Item? Blank(Item item)
    {
        var blank = new Item(item.Data, item.Data ? 4 : 6, 0, 0, 0);
        return item == blank ? null : blank;
    }

    private static void AssertRoundTrips(Item[] items)
    {
        string source = Render(items);
        try
        {
            AssertRoundTrips(source);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nprogram:\n{source}");
        }
    }

    private static void AssertRoundTrips(string source)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("p.asm"), source);
        ExternalTool.RunChecked("nasm", "-f", "elf64", dir.File("p.asm"), "-o", dir.File("p.o"));
        byte[] nasmBytes = File.ReadAllBytes(dir.File("p.o"));
        var expected = ElfReader.Read(dir.File("p.o"), nasmBytes);

        var direct = Assemble(dir.File("p.asm"), source);
        string listing = DisasmCommand.Disassemble(ImageLoader.LoadElf(dir.File("p.o"), nasmBytes));
        var again = Assemble(dir.File("again.asm"), listing);
        foreach (string section in new[] { ".text", ".data" })
        {
            ObjectComparison.AssertSameSection(expected, direct, section);
            ObjectComparison.AssertSameSection(expected, again, section);
        }
        Assert.Equal(GlobalSymbols(expected), GlobalSymbols(again));
    }

    /// <summary>nas64 in-process to an ELF64 object, read back as the linker reads it.</summary>
    private static ObjectModule Assemble(string path, string source)
    {
        var diagnostics = new DiagnosticBag();
        var module = BigStack.Run(() => Nas64.Assembler.Passes.Assembler.Assemble(path, source, new AssemblerOptions(), diagnostics));
        Assert.True(module is not null && !diagnostics.HasErrors, $"nas64 rejected:\n{string.Join('\n', diagnostics.Items)}\n{source}");
        return ElfReader.Read(path, ElfObjectWriter.Write(module!));
    }

    private static List<(string, string?, ulong)> GlobalSymbols(ObjectModule module) =>
        [.. module.Symbols.Where(s => s.Binding == SymbolBinding.Global).Select(s => (s.Name, s.Section?.Name, s.Value)).Order()];

    [RequiresToolsFact("nasm")]
    public void DisassemblyReassemblesToTheSameObject()
    {
        var arbitrary = Arb.From(Gen.ArrayOf(ItemGen()), items => PropertyRuns.Shrink(items, Blank));
        Check.One(PropertyRuns.Config(100), Prop.ForAll(arbitrary, AssertRoundTrips));
    }
}
