using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Nas64.Assembler.Passes;
using Nas64.Linker;
using Nas64.Objects;
using Nas64.Objects.Archive;
using Nas64.Objects.Elf;

namespace Nas64.Fuzz.Tests.Properties;

/// <summary>
/// Property: the same objects linked by `nas64 link` in any order give an equivalent executable. A start file calls a
/// function in each of N generated modules (each reads a neighbour module's data, keeps a sum in its own .bss, and
/// one of them may sit in an archive); two orders are linked. Both executables print and exit as GNU ld's link of
/// the same objects does, their symbols (name, section, size) are the ones ld gives, and their segments have the same
/// sizes (every section is padded to 16 bytes, so no order can change the padding).
/// </summary>
public sealed class LinkOrderProperty
{
    public sealed record Module(int Value, int DataPad, int BssSize, string Message);

    public sealed record Program(Module[] Modules, bool LastInArchive, int[] Order)
    {
        public override string ToString() =>
            $"{string.Join(" | ", Modules.Select(m => $"{m.Value},{m.DataPad},{m.BssSize},\"{m.Message}\""))} archive={LastInArchive} order={string.Join(',', Order)}";
    }

    private static Gen<Module> ModuleGen() =>
        from value in Gen.Choose(0, 1000)
        from pad in Gen.Choose(0, 40)
        from bss in Gen.Choose(1, 5000)
        from message in Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789 ".ToCharArray()), n))
        select new Module(value, pad, bss, new string(message));

    private static Gen<Program> ProgramGen() =>
        from count in Gen.Choose(1, 4)
        from modules in Gen.ArrayOf(ModuleGen(), count)
        from archive in Gen.Elements(false, true)
        from order in Gen.Shuffle(Enumerable.Range(0, count + 1))
        select new Program(modules, archive && count > 1, order);

    private static IEnumerable<Program> Shrink(Program program)
    {
        if (program.LastInArchive) yield return program with { LastInArchive = false };
        if (program.Modules.Length <= 1) yield break;
        for (int i = 0; i < program.Modules.Length; i++)
        {
            int[] order = [.. program.Order.Where(o => o != i + 1).Select(o => o > i + 1 ? o - 1 : o)];
            yield return new Program([.. program.Modules[..i], .. program.Modules[(i + 1)..]], program.LastInArchive, order);
        }
    }

    /// <summary>Module i (1-based) defines f{i}, v{i} (.data), m{i} (.rodata) and b{i} (.bss) and reads its neighbour's v.</summary>
    private static string ModuleSource(Module[] modules, int i)
    {
        var module = modules[i - 1];
        int next = i % modules.Length + 1;
        return $"""
            bits 64
            default rel
            global f{i}:function (f{i}.end - f{i}), v{i}:data 4, m{i}:data {module.Message.Length + 1}, b{i}:data {module.BssSize}
            extern v{next}, m{next}
            section .text
            f{i}:
                mov eax, [v{next}]
                add eax, {module.Value}
                add [b{i}], eax
                mov eax, [b{i}]
                lea rsi, [m{i}]
                mov edx, {module.Message.Length + 1}
                push rax
                mov eax, 1
                mov edi, 1
                syscall
                pop rax
                ret
            .end:
                align 16
            section .data align=16
                times {module.DataPad} db {i}
            v{i}: dd {module.Value * 3 + i}
                align 16, db 0
            section .rodata align=16
            m{i}: db "{module.Message}", 10
                align 16, db 0
            section .bss align=16
            b{i}: resb {module.BssSize}
                alignb 16
            """;
    }

    private static string StartSource(int count)
    {
        var text = new StringBuilder("bits 64\nglobal _start:function (_start.end - _start)\n");
        for (int i = 1; i <= count; i++) text.Append($"extern f{i}\n");
        text.Append("section .text\n_start:\n    xor ebx, ebx\n");
        for (int i = 1; i <= count; i++) text.Append($"    call f{i}\n    add ebx, eax\n");
        text.Append("    mov edi, ebx\n    and edi, 0xff\n    mov eax, 60\n    syscall\n.end:\n    align 16\n");
        return text.ToString();
    }

    private static byte[] Assemble(string name, string source)
    {
        var diagnostics = new DiagnosticBag();
        var module = Nas64.Assembler.Passes.Assembler.Assemble(name, source, new AssemblerOptions(), diagnostics);
        Assert.True(module is not null && !diagnostics.HasErrors, $"nas64 rejected {name}:\n{string.Join('\n', diagnostics.Items)}\n{source}");
        return ElfObjectWriter.Write(module!);
    }

    private static void AssertOrderDoesNotMatter(Program program)
    {
        using var dir = new TempDirectory();
        int count = program.Modules.Length;
        // Input 0 is the start file, input i the module i; with an archive, the last module is its member, linked last.
        var files = new string[count + 1];
        files[0] = dir.File("start.o");
        File.WriteAllBytes(files[0], Assemble("start.asm", StartSource(count)));
        for (int i = 1; i <= count; i++)
        {
            files[i] = dir.File($"m{i}.o");
            File.WriteAllBytes(files[i], Assemble($"m{i}.asm", ModuleSource(program.Modules, i)));
        }
        string? archive = null;
        if (program.LastInArchive)
        {
            archive = dir.File("lib.a");
            File.WriteAllBytes(archive, ArchiveWriter.Write([($"m{count}.o", File.ReadAllBytes(files[count]))]));
        }
        List<string> Inputs(IEnumerable<int> order) =>
            [.. order.Where(o => archive is null || o != count).Select(o => files[o]), .. archive is null ? Array.Empty<string>() : [archive]];

        string gnu = dir.File("gnu");
        ExternalTool.RunChecked("ld", ["-static", "-o", gnu, .. Inputs(Enumerable.Range(0, count + 1))]);
        var expected = ExternalTool.Run(gnu, []);
        var expectedSymbols = Symbols(gnu, count);

        var segmentSizes = new List<string>();
        foreach (var (name, order) in new[] { ("first", Enumerable.Range(0, count + 1).ToArray()), ("second", program.Order) })
        {
            var diagnostics = new DiagnosticBag();
            byte[]? image = Nas64.Linker.Linker.Link([.. Inputs(order).Select(LinkInput.FromFile)], new LinkOptions(), diagnostics);
            Assert.True(image is not null, $"nas64 link failed ({name} order):\n{string.Join('\n', diagnostics.Items)}");
            string path = dir.File(name);
            OutputFile.Write(path, image, executable: true);
            var run = ExternalTool.Run(path, []);
            Assert.Equal(expected.StandardOutput, run.StandardOutput);
            Assert.Equal(expected.ExitCode, run.ExitCode);
            Assert.Equal(expectedSymbols, Symbols(path, count));
            segmentSizes.Add(SegmentSizes(path));
        }
        Assert.Equal(segmentSizes[0], segmentSizes[1]);
    }

    /// <summary>The generated symbols as (name, section, size), from readelf.</summary>
    private static List<string> Symbols(string path, int count)
    {
        var sections = new Dictionary<string, string>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-SW", path).StandardOutput.Split('\n'))
        {
            var fields = line.Replace("[ ", "[", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && fields[0].StartsWith('[') && fields[0].EndsWith(']')) sections[fields[0].Trim('[', ']')] = fields[1];
        }
        var names = new HashSet<string> { "_start" };
        for (int i = 1; i <= count; i++) names.UnionWith([$"f{i}", $"v{i}", $"m{i}", $"b{i}"]);
        var symbols = new List<string>();
        foreach (string line in ExternalTool.RunChecked("readelf", "-sW", path).StandardOutput.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 8 && names.Contains(fields[7]))
                symbols.Add($"{fields[7]} {sections.GetValueOrDefault(fields[6], fields[6])} {fields[2]}");
        }
        symbols.Sort(StringComparer.Ordinal);
        Assert.Equal(names.Count, symbols.Count);
        return symbols;
    }

    /// <summary>File and memory size of the PT_LOAD segments, summed per permission set.</summary>
    private static string SegmentSizes(string path)
    {
        var sizes = new SortedDictionary<string, (long File, long Memory)>(StringComparer.Ordinal);
        foreach (string line in ExternalTool.RunChecked("readelf", "-lW", path).StandardOutput.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || fields[0] != "LOAD") continue;
            string flags = string.Join("", fields[6..^1]);
            long file = long.Parse(fields[4].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            long memory = long.Parse(fields[5].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var (f, m) = sizes.GetValueOrDefault(flags);
            sizes[flags] = (f + file, m + memory);
        }
        return string.Join("; ", sizes.Select(s => $"{s.Key} {s.Value.File:x}/{s.Value.Memory:x}"));
    }

    [RequiresToolsFact("ld", "readelf")]
    public void LinkOrderGivesAnEquivalentExecutable()
    {
        Check.One(PropertyRuns.Config(60), Prop.ForAll(Arb.From(ProgramGen(), Shrink), AssertOrderDoesNotMatter));
    }
}
