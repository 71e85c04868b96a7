namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Lines of the same text share one parsed form (Parser): each must still assemble as if it were alone — its own
/// local-label scope, mode, address and line number in messages — compared with nasm.
/// </summary>
public sealed class RepeatedLineTests
{
    [RequiresToolsFact("nasm")]
    public void ALocalLabelNamesTheLabelOfItsOwnScope() => NasmComparison.AssertSameBin("""
        bits 64
        first:
          jmp .x
          dq .x
          nop
        .x: ret
        second:
          jmp .x
          dq .x
          times 300 nop
        .x: ret
          jmp .x
          dq .x
        """);

    [RequiresToolsFact("nasm")]
    public void TheSameLineInEachModeAndAtEachAddress() => NasmComparison.AssertSameBin("""
        bits 16
          mov ax, [bx+si+4]
          jmp near $+3
          dw $
          push 300
        bits 32
          mov ax, [bx+si+4]
          jmp near $+3
          dw $
          push 300
          mov eax, [esp+8]
        bits 64
          mov eax, [esp+8]
          jmp near $+3
          dw $
          push 300
          jmp target
          times 200 db 0
          jmp target
        target:
          jmp target
          mov eax, [rel target]
          mov eax, [target]
          default rel
          mov eax, [target]
          default abs
          mov eax, [target]
        """);

    [RequiresToolsFact("nasm")]
    public void ARepeatedBadLineIsReportedAtEachOfItsLines()
    {
        NasmComparison.AssertSameErrors("""
              mov [rax], 1
              nop
              mov [rax], 1
              mov eax, undefined
              mov eax, undefined
            """, "elf64");
        NasmComparison.AssertSameErrors("""
              mov eax, [ebx
              nop
              mov eax, [ebx
            """, "elf64");
    }

    [RequiresToolsFact("nasm")]
    public void ARepeatedLineWithAWarningWarnsAtEachOfItsLines() => NasmComparison.AssertSameElf("""
        bits 32
          o16 push 5
          nop
          o16 push 5
          add al, 300
          add al, 300
        """, "elf32");
}
