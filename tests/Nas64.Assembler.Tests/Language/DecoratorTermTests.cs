namespace Nas64.Assembler.Tests.Language;

/// <summary>A decorator ({z}, {1to4}, {rn-sae}) in a data item or a times count is a term of nasm's evaluator, not a
/// syntax error: the value is "not simple or relocatable", the count "non-constant" (and the line repeats once).</summary>
public sealed class DecoratorTermTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db {z}")]
    [InlineData("db {z} + 1")]
    [InlineData("db 1 + {z}")]
    [InlineData("db ({z})")]
    [InlineData("db {z} 5")]
    [InlineData("db 1, {sae}")]
    [InlineData("dd {rn-sae}")]
    [InlineData("db {1to4}")]
    [InlineData("db {k1}")]
    [InlineData("times {z} nop")]
    [InlineData("times 1+{z} nop")]
    [InlineData("times {z}")]
    [InlineData("times {1to8} db 1")]
    [InlineData("times {z} db {z}")]
    [InlineData("x: times {z} nop")]
    public void DecoratorInAValue(string line)
    {
        NasmComparison.AssertSameErrors(line + "\n", "bin");
        NasmComparison.AssertSameErrors(line + "\n", "elf64");
    }
}
