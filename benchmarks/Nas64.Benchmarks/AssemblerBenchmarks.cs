using System.Text;
using BenchmarkDotNet.Attributes;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Benchmarks;

/// <summary>The assembler's inner loops on a generated 10,000-line program: tokenizing, and the
/// whole assembly (parse, passes, encoding) to an object module.</summary>
[MemoryDiagnoser]
public class AssemblerBenchmarks
{
    private string _source = "";
    private string[] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        text.AppendLine("section .text");
        string[] body =
        [
            "        mov     rax, [rbx+rcx*8+16]",
            "        add     eax, 1000",
            "        lea     rsi, [rel table]",
            "        cmp     rdx, 127",
            "        jne     .skip",
            "        vaddps  ymm1, ymm2, [rdi+64]",
            "        call    helper",
            ".skip:  xor     ecx, ecx",
            "        shl     r9, 3",
            "        ret",
        ];
        for (int f = 0; f < 1000; f++)
        {
            text.AppendLine($"f{f}:");
            foreach (string line in body) text.AppendLine(line);
        }
        text.AppendLine("helper: ret");
        text.AppendLine("section .data");
        text.AppendLine("table: times 64 dq 0");
        _source = text.ToString();
        _lines = _source.Split('\n');
    }

    [Benchmark]
    public int Tokenize()
    {
        int tokens = 0;
        foreach (string line in _lines) tokens += Lexer.Tokenize(line, out _).Count;
        return tokens;
    }

    [Benchmark]
    public ObjectModule? Assemble() =>
        Nas64.Assembler.Passes.Assembler.Assemble("bench.asm", _source, new AssemblerOptions(), new DiagnosticBag());
}
