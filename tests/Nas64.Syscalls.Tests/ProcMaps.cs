using System.Globalization;

namespace Nas64.Syscalls.Tests;

/// <summary>One line of /proc/self/maps: the kernel's own account of the process's mappings.</summary>
internal sealed record ProcMaps(nint Start, nint End, string Permissions, string Line)
{
    public static List<ProcMaps> Read()
    {
        var maps = new List<ProcMaps>();
        foreach (string line in File.ReadAllLines("/proc/self/maps"))
        {
            string[] fields = line.Split(' ', 3);
            string[] range = fields[0].Split('-');
            maps.Add(new ProcMaps(
                (nint)long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                (nint)long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                fields[1],
                line));
        }
        return maps;
    }

    public bool IsWritableAndExecutable => Permissions[1] == 'w' && Permissions[2] == 'x';
}
