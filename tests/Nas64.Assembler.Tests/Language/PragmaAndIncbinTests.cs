namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// `%pragma preproc sane_empty_expansion' (nasm 2.16's switch off its legacy rules for empty macro arguments) and
/// incbin's critical offset and length, compared with nasm's bytes and messages.
/// </summary>
public sealed class PragmaAndIncbinTests
{
    private const string OneParameter = "%macro m 1\ndb %1+0\n%endmacro\n%define e\nm e\ndb 2\n";
    private const string TrailingComma = "%macro m 1\ndb %1 1\n%endmacro\nm 1,\n";
    private const string TwoParameters = "%macro m 2\ndb %1, %2\n%endmacro\nm 1,\n";
    private const string Defaulted = "%macro m 0-1 7\ndb %1\n%endmacro\n%define e\nm e\n";

    public static TheoryData<string, string> Accepted => new()
    {
        { "", OneParameter }, { "", TrailingComma }, { "", TwoParameters }, { "", Defaulted },
        { "%pragma preproc sane_empty_expansion\n", OneParameter },
        { "%pragma preproc sane_empty_expansion\n", TwoParameters },
        { "%pragma preproc sane_empty_expansion\n", Defaulted },
        { "%pragma preproc sane_empty_expansion yes\n", OneParameter },
        { "%pragma preproc sane_empty_expansion 1+1\n", OneParameter },
        { "%pragma preproc sane_empty_expansion false\n", OneParameter },
        { "%pragma preproc sane_empty_expansion 0\n", TwoParameters },
        { "%pragma preproc sane_empty_expansion off\n%pragma preproc sane_empty_expansion on\n", OneParameter },
        { "%pragma preproc sane_empty_expansion on\n%pragma preproc sane_empty_expansion no\n", OneParameter },
        { "%pragma preproc other\n", OneParameter },
    };

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(Accepted))]
    public void SaneEmptyExpansionAsNasm(string pragma, string source) => NasmComparison.AssertSameBin(pragma + source);

    [RequiresToolsTheory("nasm")]
    [InlineData("%pragma preproc sane_empty_expansion\n" + TrailingComma)]
    [InlineData("%pragma preproc sane_empty_expansion x\n" + OneParameter)]
    [InlineData("%pragma preproc sane_empty_expansion x\n" + TwoParameters)]
    [InlineData("%pragma preproc sane_empty_expansion 1+\n" + OneParameter)]
    public void SaneEmptyExpansionErrorsAsNasm(string source) => NasmComparison.AssertSameErrors(source);

    private static readonly Dictionary<string, byte[]> Blob = new() { ["blob.bin"] = [1, 2, 3, 4, 5] };

    /// <summary>incbin's offset and length are critical: a name defined further down is "not defined before use".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("incbin \"blob.bin\", 0, n\nn equ 2")]
    [InlineData("incbin \"blob.bin\", n\nn equ 2")]
    [InlineData("incbin \"blob.bin\", 0, n\nn: nop")]
    [InlineData("incbin \"blob.bin\", x, n\nn equ 2")]
    [InlineData("incbin \"blob.bin\", 1, m")]
    [InlineData("nop\nincbin \"blob.bin\", 0, n\nn equ 2\nmov eax, q")]
    public void IncbinValuesDefinedLaterAsNasm(string source) => NasmComparison.AssertSameErrors(source + "\n", "bin", Blob);

    [RequiresToolsFact("nasm")]
    public void IncbinValuesDefinedBeforeAsNasm() => NasmComparison.AssertSameBin("n equ 2\nincbin \"blob.bin\", 1, n\n", Blob);
}
