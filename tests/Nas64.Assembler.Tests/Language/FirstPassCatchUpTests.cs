namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// With the preprocessor on a thread of its own (sources of 64 KiB and more), the first pass runs over the lines parsed so
/// far whenever the preprocessor's next batch is not ready, which macro-heavy source makes the common case. What it reports
/// must still come out where nasm puts it: after parsing, in line order with the parser's messages when the first pass
/// fails, and `[warning]' lines must take effect at their line for it as for the parser.
/// </summary>
public sealed class FirstPassCatchUpTests
{
    /// <summary>2000 calls of <paramref name="round"/> (the macro `round', with the round's number), after a comment block
    /// that brings the source to 64 KiB, where the preprocessor thread starts (PreprocessorPipeline).</summary>
    private static string Rounds(string round) =>
        string.Concat(Enumerable.Repeat("; padding: the preprocessor thread starts at 64 KiB of source\n", 1200)) + round + "\n" + """
        %assign i 0
        %rep 2000
        round i
        %assign i i+1
        %endrep

        """;

    /// <summary>Each round, made by a macro (the lines the first pass catches up with): a label alone (an every-pass warning,
    /// switched off for one of them), a TIMES count defined later (a first-pass error), a line that does not parse, and a
    /// directive the first pass refuses. 2000 rounds are far more lines than the hand-over batches between the threads hold.</summary>
    [RequiresToolsFact("nasm")]
    public void FailedFirstPassMessagesKeepNasmsOrder() => NasmComparison.AssertSameErrors(Rounds("""
        %macro round 1
        foo%1
        times later%1 db 0
        mov eax, 1.5
        [warning -label-orphan]
        bar%1
        [warning +label-orphan]
        bits 17
        later%1 equ 1
        %endmacro
        """));

    /// <summary>Rounds that assemble: forward references (unknown to the first pass), data that warns in the final pass, and
    /// `[warning]' switches around both kinds of warning, with a push and pop.</summary>
    [RequiresToolsFact("nasm")]
    public void AssembledRoundsKeepNasmsBytesAndMessages() => NasmComparison.AssertSameBin(Rounds("""
        %macro round 1
        start%1:
        jmp end%1
        %warning round %1
        [warning push]
        [warning -number-overflow]
        db 300
        label%1
        [warning pop]
        dw 70000
        times 3 nop
        align 4
        mov eax, end%1 - start%1
        end%1:
        %endmacro
        """));
}
