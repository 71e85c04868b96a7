using Nas64.Assembler.Preprocessor;
using Nas64.Assembler.Syntax;
using Nas64.Objects;
using Nas64.Objects.Dwarf;

namespace Nas64.Assembler.Passes;

/// <summary>-g: the emitting pass feeds each statement's source position to a <see cref="LineTable"/>;
/// after the last pass the DWARF sections are built from it.</summary>
public sealed partial class Assembler
{
    /// <summary>The line sink of the emitting pass; null without -g.</summary>
    private readonly LineTable? _lines;

    /// <summary>Records where the bytes a statement just wrote came from (and what a label's data says, see
    /// <see cref="NoteDataLabel"/>). A line produced by a macro is
    /// attributed to its line in the macro's body (NASM's choice), others to their own line.</summary>
    /// <param name="lengthBefore">The length of <paramref name="sectionBefore"/> before the statement; -1 when
    /// the statement began in absolute space.</param>
    private void RecordLine(Statement statement, Section? sectionBefore, int lengthBefore)
    {
        NoteDataLabel(statement);
        var location = LocationOf(statement, _statementIndex);
        if (_absolute || lengthBefore < 0 || _section is not { } section) return;
        // A statement that switched sections wrote nothing; one that opened the default .text did from 0.
        int start = section == sectionBefore ? lengthBefore : sectionBefore is null ? 0 : -1;
        if (start < 0 || section.Data.Length <= start) return;
        if (location.Context is ExpansionContext expansion)
            _lines!.Record(section, (ulong)start, expansion.File, expansion.Line);
        else
            _lines!.Record(section, (ulong)start, location.File, location.Line);
    }

    /// <summary>The last label defined in a section (NASM's <c>lastsym</c>), and the sizes given to labels by the data after them.</summary>
    private AssemblySymbol? _lastLabel;
    private readonly Dictionary<AssemblySymbol, int> _dataSizes = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// NASM's -g symbol typing for ELF: the first data or reservation after a local label (possibly
    /// after instructions) makes it STT_OBJECT with the size of one unit (db 1, dw 2, dd 4, dq 8,
    /// dt 10, do 16, dy 32, dz 64). Globals, absolute labels and labels with a declared type are left alone.
    /// </summary>
    private void NoteDataLabel(Statement statement)
    {
        switch (statement)
        {
            case LabelStatement { Binding: AssemblySymbol symbol }:
                if (!_absolute) _lastLabel = symbol;
                return;
            case TimesStatement times:
                // `times 0' assembles nothing and types nothing (istruc's `at' pads that way).
                if (_offset != _lineStart) NoteDataLabel(times.Body);
                return;
            case AlignStatement align:
                if (align.Fill is not null) NoteDataLabel(align.Fill);
                else if (align.Reserve) NoteDataSize(1);
                return;
            case DataStatement data:
                NoteDataSize(data.UnitSize);
                return;
            case ReserveStatement reserve:
                NoteDataSize(reserve.UnitSize);
                return;
        }
    }

    private void NoteDataSize(int unit)
    {
        if (_lastLabel is { } label) _dataSizes.TryAdd(label, unit);
    }

    /// <summary>Applies <see cref="NoteDataLabel"/>'s types once the module's symbols exist.</summary>
    private void ApplyDataTypes()
    {
        foreach (var (symbol, size) in _dataSizes)
        {
            if (symbol.IsGlobal || symbol.IsExtern || symbol.IsCommon || symbol.Type != SymbolType.NoType) continue;
            if (symbol.ObjectSymbol is not { Section: not null } obj) continue;
            obj.Type = SymbolType.Object;
            obj.Size = (ulong)size;
        }
    }

    private void AddDebugSections()
    {
        ApplyDataTypes();
        string directory = _options.CompilationDirectory ?? Environment.CurrentDirectory;
        if (!directory.EndsWith("/", StringComparison.Ordinal)) directory += "/";
        DwarfWriter.AddSections(_module, _lines!, directory, "nas64");
    }
}
