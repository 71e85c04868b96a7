namespace Nas64.Assembler.Tests.Language;

/// <summary>A brace group where an operand's expression wants a value: nasm's scanner names it ("`q' is not a valid
/// decorator with braces", "invalid decorator token inside braces") before the parser's "expression syntax error".</summary>
public sealed class BraceOperandTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db {q}")]
    [InlineData("db 1, {q}")]
    [InlineData("db {q}, {r}")]
    [InlineData("db { q }")]
    [InlineData("dd 2, { q }")]
    [InlineData("dd 1+{q}")]
    [InlineData("resb {q}")]
    [InlineData("x equ {q}")]
    [InlineData("mov eax, [{q}]")]
    [InlineData("add eax, 1+{q}")]
    [InlineData("db {")]
    [InlineData("db 1, {")]
    [InlineData("dd {q")]
    [InlineData("resb {")]
    [InlineData("x equ {")]
    [InlineData("push {")]
    [InlineData("mov eax, 1+{")]
    [InlineData("add eax, [{]")]
    [InlineData("times {")]
    [InlineData("times {q")]
    [InlineData("times 2 db {")]
    public void BraceGroupInAnExpression(string line) => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 300\n");

    /// <summary>A refused brace group starting a `times' count with a word after it: nasm's scanner message, "non-constant
    /// argument supplied to TIMES", "parser: instruction expected" (a number or `(' after it leaves out the second).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("times {q} nop")]
    [InlineData("times {q nop")]
    [InlineData("times { nop")]
    [InlineData("times {} nop")]
    [InlineData("times {q} db 1")]
    [InlineData("label: times {q} nop")]
    [InlineData("times {q} 5")]
    [InlineData("times {q} (1)")]
    [InlineData("times {q}")]
    [InlineData("times {q}, nop")]
    public void BraceGroupAsTimesCount(string line) => NasmComparison.AssertSameErrors($"db 1\n{line}\ndb 300\n");

    /// <summary>A brace group after a data item is one token to nasm's scanner: a decorator is dropped as the one stray
    /// token nasm's data loop allows, anything else is the scanner's error alone.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("db a{b}")]
    [InlineData("db 1{b}")]
    [InlineData("dd 1{a,b}")]
    [InlineData("db 1{")]
    [InlineData("db 1 {z} 2")]
    [InlineData("db 1 {z}{z}")]
    public void BraceGroupAfterADataItem(string line) => NasmComparison.AssertSameErrors($"a: db 1\n{line}\ndb 2\n", "elf64");

    [RequiresToolsTheory("nasm")]
    [InlineData("db 1 {z}, 2")]
    [InlineData("db 1{1to8}")]
    [InlineData("dw 2 {rn-sae}")]
    public void DecoratorAfterADataItem(string line) => NasmComparison.AssertSameElf($"db 1\n{line}\ndb 2\n");

    /// <summary>Where the instruction goes after a label, nasm's scanner reads the brace group first; an encoding prefix
    /// there is one (`x {vex} nop').</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("x {a}")]
    [InlineData("x: {a}")]
    [InlineData("x {a,b}")]
    [InlineData("x {")]
    [InlineData("x {vex} nop")]
    [InlineData("struc s\nendstruc\nistruc s\niend {a}")]
    [InlineData("use16 {a}")]
    public void BraceGroupAfterALabel(string line) => NasmComparison.AssertSameErrors($"{line}\nnop\n", "elf64");

    /// <summary>Decorators as nasm's parse_braces takes them: opmask, {z} and {1toN} after an operand, rounding and {sae}
    /// only as an operand of their own (which must start with one), a second opmask an error; words in any case.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {rn-sae}{sae}")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {RN-SAE}{rz-sae}")]
    [InlineData("vaddps zmm1{k1}{k2}, zmm2, zmm3")]
    [InlineData("vaddps zmm1{k1}{rn-sae}, zmm2, zmm3")]
    [InlineData("vaddps zmm1, zmm2, zmm3{rn-sae}")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {z}")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {k1}")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {foo}")]
    [InlineData("vaddps zmm1{k1}{q}, zmm2, zmm3")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {rn-sae}{q}")]
    [InlineData("vaddps zmm1{k1, zmm2, zmm3")]
    [InlineData("mov eax, 1{a}")]
    [InlineData("mov eax{a}, 1")]
    public void MisplacedDecorators(string line) => NasmComparison.AssertSameErrors($"{line}\nnop\n", "elf64");

    [RequiresToolsTheory("nasm")]
    [InlineData("vaddps zmm1{K1}{Z}, zmm2, [rax]{1TO16}")]
    [InlineData("vaddps zmm1{z}{z}, zmm2, zmm3")]
    [InlineData("vaddps zmm1, zmm2, [rax]{1to16}{1to16}")]
    [InlineData("vaddps zmm1{k1}{z}, zmm2, zmm3, {rd-sae}")]
    [InlineData("vaddps zmm1, zmm2, zmm3, {RZ-SAE}")]
    // Decorators after a rounding operand are nasm's to drop: no {z} or mask on zmm3.
    [InlineData("vaddps zmm1, zmm2, zmm3, {rn-sae}{z}")]
    [InlineData("vaddps zmm1{k3}, zmm2, zmm3, {rn-sae}{k1}")]
    public void DecoratorsNasmTakes(string line) => NasmComparison.AssertSameElf($"{line}\n");
}
