namespace Nas64.Assembler.Tests.Language;

/// <summary>Local labels, ..@ labels, equ, orphan labels and redefinitions.</summary>
public sealed class LabelTests
{
    [RequiresToolsFact("nasm")]
    public void LocalLabelsBelongToTheLastNonLocalLabel() => NasmComparison.AssertSameBin("""
        bits 64
        main:
        .loop: jmp .loop
          jmp main.loop
        .x: db 1
        other:
        .loop: jmp .loop
          jmp main.loop
          jmp main.x
        ..@foo: jmp ..@foo
        .after: jmp other.after
          dq .after, ..@foo
        """);

    [RequiresToolsFact("nasm")]
    public void EquDoesNotStartALocalScope() => NasmComparison.AssertSameElf("""
        a:
        b equ 5
        .x: db 2
          dd a.x, b
        c equ a.x + 1
        """);

    [RequiresToolsFact("nasm")]
    public void ForwardEqu() => NasmComparison.AssertSameBin("""
          dd x, y, z
        x equ y * 2
        y equ z + 1
        z equ end - start
        start: db 1, 2, 3
        end:
        """);

    [RequiresToolsFact("nasm")]
    public void IdentifierCharactersAndDollarEscapes()
    {
        const string source = """
            ..@early: db 1
            $mov: db 2
            a?b: db 3
            @x: dw $mov, a?b, @x, ..@early
            x#y~z: db 4
            _: db 5
            ?q: db 6
              dw x#y~z, _, ?q
              times f2 - f1 db 0xcc
            f1: db 1, 2
            f2:
            """;
        NasmComparison.AssertSameBin(source);
        NasmComparison.AssertSameElf(source);
    }

    [RequiresToolsFact("nasm")]
    public void OrphanLabelWarning() => NasmComparison.AssertSameBin("""
        foo
          db 1
        bar:
        """);

    [RequiresToolsFact("nasm")]
    public void LabelRedefinitionIsAnError() => NasmComparison.AssertSameErrors("""
        a: db 1
        a: db 2
        """);

    [RequiresToolsFact("nasm")]
    public void EquRedefinitionIsAnError() => NasmComparison.AssertSameErrors("""
        x equ 1
        x equ 2
        """);
}
