namespace Nas64.Assembler.Tests.Language;

/// <summary>Every __?floatN?__() function as integer data, and NASM refusing them (integers) as dt/do data.</summary>
public sealed class FloatFunctionTests
{
    [RequiresToolsFact("nasm")]
    public void EveryFloatFunction() => NasmComparison.AssertSameBin("""
        dw __?float16?__(1.5), __?bfloat16?__(1.5)
        db __?float8?__(1.5)
        dd __?float32?__(-0.0), __?float32?__(1e10)
        dq __?float64?__(1.25), __?float80m?__(1.5), __?float128l?__(1.5), __?float128h?__(1.5)
        dw __?float80e?__(1.5), __float80e__(-3.0)
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("dt __?float80m?__(1.5)")]
    [InlineData("dt __?float32?__(1.5)")]
    [InlineData("do __?float128l?__(1.5)")]
    public void FloatFunctionsAreIntegersForWideData(string line) => NasmComparison.AssertSameErrors("db 0\n" + line + "\ndb 1\n");
}
