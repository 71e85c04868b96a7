using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>The statement the first pass processes for a line of a <see cref="SharedInstructionRun"/>, reused from line
    /// to line: most such lines join a <see cref="FixedInstructionRun"/>, so they need no statement of their own.</summary>
    private InstructionStatement? _sharedLine;

    /// <summary>What to process at statement index <paramref name="index"/>: the line itself, as <see cref="_sharedLine"/>,
    /// for a line of a parser's run.</summary>
    private Statement LineToProcess(Statement statement, int index) =>
        statement is SharedInstructionRun shared ? _sharedLine = shared.StatementAt(index, _sharedLine) : statement;

    /// <summary>After the first pass processed <paramref name="statement"/> at <paramref name="index"/>: a line of a parser's
    /// run that did not join the fixed run being collected gets a statement of its own in its place.</summary>
    private void KeepSharedLine(List<Statement> statements, int index, Statement statement)
    {
        if (!ReferenceEquals(statement, _sharedLine) || (_runCount > 0 && index == _runStart + _runCount - 1)) return;
        var own = new InstructionStatement(_sharedLine.Syntax, _sharedLine.Origin, _sharedLine.Line);
        InstructionEncoder.MoveLayoutCache(_sharedLine, own);
        statements[index] = own;
    }
}
