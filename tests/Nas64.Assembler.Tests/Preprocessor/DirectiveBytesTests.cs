using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>Each preprocessor feature in a small program assembled by nasm -f bin and by nas64: same bytes.</summary>
public sealed class DirectiveBytesTests
{
    public static TheoryData<string> CaseNames => [.. PreprocessorCases.All.Keys];

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(CaseNames))]
    public void SameBytesAsNasm(string name)
    {
        string source = "bits 64\n" + PreprocessorCases.All[name];
        NasmComparison.AssertSameBytes(NasmComparison.NasmBin(source), NasmComparison.OursBin(source));
    }
}
