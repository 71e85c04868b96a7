using Nas64.Objects.Flat;

namespace Nas64.Cli;

/// <summary>Writes the bin format's map file where [map] asked: standard output (the default), standard error, or a file
/// named relative to the working directory (one that cannot be opened is skipped, as nasm 2.16 does without a word).</summary>
internal static class MapFileOutput
{
    /// <summary>A failed assembly that reached [map FILE]: nasm 2.16 has created the file and leaves it empty.</summary>
    public static void LeaveEmpty(FlatMapRequest? request)
    {
        if (request?.File is not null) Write(request, "");
    }

    public static void Write(FlatMapRequest request, string text)
    {
        if (request.File is null)
        {
            var writer = request.ToStandardError ? Console.Error : Console.Out;
            writer.Write(text);
            writer.Flush();
            return;
        }
        try
        {
            File.WriteAllText(request.File, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
