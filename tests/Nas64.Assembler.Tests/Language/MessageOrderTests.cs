namespace Nas64.Assembler.Tests.Language;

/// <summary>nasm prints preprocessor and parser messages (%warning, %error, label-orphan) in its final pass, in line
/// order with the assembler's warnings, and not at all when an earlier pass fails: the same order and the same
/// omissions from nas64.</summary>
public sealed class MessageOrderTests
{
    [RequiresToolsFact("nasm")]
    public void WarningsComeInLineOrder() => NasmComparison.AssertSameBin("""
        db 300
        %warning first
        foo
        dd 1e39
        %warning second
        bar
        db 1, 256
        baz
        """);

    [RequiresToolsFact("nasm")]
    public void ErrorDirectiveComesInLineOrder() => NasmComparison.AssertSameErrors("""
        db 300
        %error bad
        %warning after
        x
        db 1.5e400
        """);

    [RequiresToolsFact("nasm")]
    public void FirstPassErrorsHideFinalPassWarnings() => NasmComparison.AssertSameErrors("""
        %warning hidden
        foo bar baz
        %error hidden too
        """);

    [RequiresToolsFact("nasm")]
    public void FinalPassErrorsComeAfterEarlierWarnings() => NasmComparison.AssertSameErrors("""
        %warning hi
        db 300
        mov eax, [undefined_symbol]
        %warning later
        """);
}
