namespace Nas64.Assembler.Tests.Language;

/// <summary>nasm's data loop ends at a `)' (its end of a DUP list) where an operand starts or after an operand (and the
/// one stray token it drops there): the rest of the line is ignored, and a list ended before any operand is db-empty.</summary>
public sealed class DataListEndTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db )")]
    [InlineData("db ))")]
    [InlineData("db ) 1")]
    [InlineData("db ), 5")]
    [InlineData("dq )")]
    [InlineData("x: db )")]
    [InlineData("db 1, ))")]
    [InlineData("db 1, ) 2")]
    [InlineData("db 1 ) 2")]
    [InlineData("db 1 ), 2")]
    [InlineData("db 1 2 ) 3")]
    [InlineData("db \"a\" ) 2")]
    [InlineData("db \"a\" 2 ) 3")]
    [InlineData("db ? ) 2")]
    [InlineData("db 1.5 ) 2")]
    [InlineData("db -1.5 ) 2")]
    [InlineData("db (1) 2")]
    public void RightParenEndsTheList(string line) => NasmComparison.AssertSameBin(line + "\ndb 7\n");
}
