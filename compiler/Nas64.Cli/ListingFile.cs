using Nas64.Assembler.Listing;

namespace Nas64.Cli;

/// <summary>-l FILE: collects the listing of the first source while it is assembled, then writes it (also when
/// the source has errors, as nasm does: the errors are in it).</summary>
internal sealed class ListingFile
{
    private readonly string? _path;
    private readonly ListingRecorder? _recorder;

    private ListingFile(string? path, ListingRecorder? recorder)
    {
        _path = path;
        _recorder = recorder;
    }

    public static ListingFile Start(AssembleRequest request, DiagnosticBag diagnostics) =>
        request.ListingFile is null
            ? new ListingFile(null, null)
            : new ListingFile(request.ListingFile, new ListingRecorder(new ListingOptions().With(request.ListingFlags), diagnostics));

    /// <summary>What the assembler records into (AssemblerOptions.Listing); null without -l.</summary>
    public ListingRecorder? Recorder => _recorder;

    /// <summary>Writes the listing; 0, or 1 when the file cannot be written.</summary>
    public int Finish() =>
        _recorder is null ? 0 : Driver.WriteOutput(_path!, System.Text.Encoding.UTF8.GetBytes(ListingWriter.Write(_recorder)), executable: false);
}
