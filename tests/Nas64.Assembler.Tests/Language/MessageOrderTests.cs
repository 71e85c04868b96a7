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

    /// <summary>A first pass that fails (a line that does not parse, a label redefined with another value, `bits 32'
    /// under `cpu 286' is not one: that is a final-pass error) stops nasm there: its every-pass warnings (label-orphan,
    /// pp-macro-params-multi) come in line order with its errors, final-pass ones and final-pass errors never.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("db 300\nfoo\nmov eax, 1.5\nbar\ndb 300\nresb 1\n%warning hi\nmov eax, undefined_symbol")]
    [InlineData("foo\ntimes x db 0\nbar\nx equ 3\ndb 300")]
    [InlineData("%macro m 1\n%endmacro\nm\nmov eax, 1.5\nm\ndw 1.5e99999\ndb 1")]
    [InlineData("%macro m 1\n%endmacro\nm\nmov eax, undefined_symbol\nm\ndb 300")]
    [InlineData("x: nop\nx: nop\nfoo\ndb 300\nmov eax, undefined_symbol")]
    [InlineData("dd ..start\n..start: nop")]
    [InlineData("%error hidden\nfoo\nmov eax, 1.5\nbar")]
    public void FailedFirstPassMessages(string source) => NasmComparison.AssertSameErrors(source + "\n");

    /// <summary>nasm takes a second definition of a label at the value it already has.</summary>
    [RequiresToolsFact("nasm")]
    public void RedefinitionWithTheSameValue() => NasmComparison.AssertSameBin("""
        x:
        x:
        y equ 1
        y equ 1
        z:
        z equ $
        dd x, y, z
        """);
}
