using Nas64.Assembler.Preprocessor;
using Nas64.Objects;
using Nas64.Objects.Dwarf;

namespace Nas64.Assembler.Passes;

/// <summary>-g: the emitting pass feeds each statement's source position to a <see cref="LineTable"/>;
/// after the last pass the DWARF sections are built from it.</summary>
public sealed partial class Assembler
{
    /// <summary>The line sink of the emitting pass; null without -g.</summary>
    private readonly LineTable? _lines;

    /// <summary>Records where the bytes a statement just wrote came from. A line produced by a macro is
    /// attributed to its line in the macro's body (NASM's choice), others to their own line.</summary>
    /// <param name="lengthBefore">The length of <paramref name="sectionBefore"/> before the statement; -1 when
    /// the statement began in absolute space.</param>
    private void RecordLine(SourceLocation location, Section? sectionBefore, int lengthBefore)
    {
        if (_absolute || lengthBefore < 0 || _section is not { } section) return;
        // A statement that switched sections wrote nothing; one that opened the default .text did from 0.
        int start = section == sectionBefore ? lengthBefore : sectionBefore is null ? 0 : -1;
        if (start < 0 || section.Data.Length <= start) return;
        if (location.Context is ExpansionContext expansion)
            _lines!.Record(section, (ulong)start, expansion.File, expansion.Line);
        else
            _lines!.Record(section, (ulong)start, location.File, location.Line);
    }

    private void AddDebugSections()
    {
        string directory = _options.CompilationDirectory ?? Environment.CurrentDirectory;
        if (!directory.EndsWith("/", StringComparison.Ordinal)) directory += "/";
        DwarfWriter.AddSections(_module, _lines!, directory, "nas64");
    }
}
