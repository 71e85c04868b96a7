namespace Nas64.Objects.Dwarf;

/// <summary>One row of a DWARF line table: the code at <see cref="Offset"/> in <see cref="Section"/>
/// comes from line <see cref="Line"/> of <see cref="File"/>.</summary>
public readonly record struct LineRow(Section Section, ulong Offset, string File, int Line);

/// <summary>
/// Source positions of the bytes an assembler writes, collected while it emits them: a row each time
/// the (file, line) changes within a section, as NASM's <c>-g -F dwarf</c> records them. Rows are kept
/// only for executable sections (NASM's rule: line numbers describe code).
/// </summary>
public sealed class LineTable
{
    private readonly Dictionary<Section, List<LineRow>> _rowsBySection = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _fileNumbers = new(StringComparer.Ordinal);

    /// <summary>Executable sections with rows, in the order their first row was recorded.</summary>
    public List<Section> Sections { get; } = [];

    /// <summary>Source files in the order first seen; DWARF file number = index + 1.</summary>
    public List<string> Files { get; } = [];

    public IReadOnlyList<LineRow> RowsOf(Section section) => _rowsBySection.TryGetValue(section, out var rows) ? rows : [];

    /// <summary>The DWARF file number (from 1) of <paramref name="file"/>, registering it if new.</summary>
    public int FileNumber(string file)
    {
        if (_fileNumbers.TryGetValue(file, out int number)) return number;
        Files.Add(file);
        number = Files.Count;
        _fileNumbers.Add(file, number);
        return number;
    }

    /// <summary>Bytes from <paramref name="offset"/> in <paramref name="section"/> come from file:line.
    /// A row repeating the previous row's position is dropped, and so is a row for a non-executable section.</summary>
    public void Record(Section section, ulong offset, string file, int line)
    {
        if (!section.IsExecutable || section.IsNoBits) return;
        FileNumber(file);
        if (!_rowsBySection.TryGetValue(section, out var rows))
        {
            rows = [];
            _rowsBySection.Add(section, rows);
            Sections.Add(section);
        }
        if (rows.Count > 0 && rows[^1].Line == line && rows[^1].File == file) return;
        rows.Add(new LineRow(section, offset, file, line));
    }
}
