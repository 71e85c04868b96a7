using System.Runtime.InteropServices;

namespace Nas64.Objects;

/// <summary>
/// Writes an output file so that it appears whole or not at all: the bytes go to a temporary file
/// beside the target, which is renamed over it only when writing succeeded. A target that exists
/// and is not a regular file (-o /dev/null, a FIFO, /dev/stdout) is written in place: renaming over
/// it would replace the device with a file.
/// </summary>
public static partial class OutputFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; executable sets mode 0755.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool executable = false)
    {
        if (IsSpecialFile(path))
        {
            using var special = new FileStream(path, FileMode.Open, FileAccess.Write);
            special.Write(bytes);
            return;
        }
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = executable
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                      | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                      | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private const uint FileTypeMask = 0xf000;      // S_IFMT
    private const uint RegularFile = 0x8000;       // S_IFREG
    private const int StatModeOffset = 24;         // st_mode in x86-64 struct stat

    /// <summary>True when <paramref name="path"/> exists and is a device, FIFO or socket.</summary>
    private static bool IsSpecialFile(string path)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(path)) return false;
        Span<byte> stat = stackalloc byte[256];
        if (Stat(path, stat) != 0) return false;
        uint mode = BitConverter.ToUInt32(stat[StatModeOffset..]);
        return (mode & FileTypeMask) != RegularFile;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, Span<byte> buffer);
}
