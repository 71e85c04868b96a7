using System;
using System.Collections.Generic;
using System.IO;

namespace Nas64.Syscalls.Model;

/// <summary>The Linux x86-64 syscall table, loaded once from the embedded TSV.</summary>
public sealed class SyscallTable
{
    private const string ResourceName = "Nas64.Syscalls.Model.syscalls-x86_64.tsv";

    private static readonly Lazy<SyscallTable> LazyX64 = new(Load);

    private readonly Dictionary<int, SyscallInfo> _byNumber = new();
    private readonly Dictionary<string, SyscallInfo> _byNormalizedName = new(StringComparer.Ordinal);
    private readonly List<SyscallInfo> _all = new();

    private SyscallTable()
    {
    }

    /// <summary>The 64-bit ABI table (x32 rows excluded).</summary>
    public static SyscallTable X64 => LazyX64.Value;

    /// <summary>Every row, sorted by number.</summary>
    public IReadOnlyList<SyscallInfo> All => _all;

    /// <summary>Finds a call by number; null when the table has no such row.</summary>
    public SyscallInfo? FindByNumber(int number) => _byNumber.TryGetValue(number, out SyscallInfo? info) ? info : null;

    /// <summary>Finds a call by name, ignoring case and underscores, so <c>ClockGettime</c> finds <c>clock_gettime</c>.</summary>
    public SyscallInfo? FindByName(string name) =>
        _byNormalizedName.TryGetValue(Normalize(name), out SyscallInfo? info) ? info : null;

    /// <summary>Lower-cases and drops underscores: the key under which method names and kernel names meet.</summary>
    public static string Normalize(string name)
    {
        var chars = new char[name.Length];
        int length = 0;
        foreach (char c in name)
        {
            if (c != '_') chars[length++] = char.ToLowerInvariant(c);
        }
        return new string(chars, 0, length);
    }

    private static SyscallTable Load()
    {
        using Stream stream = typeof(SyscallTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"missing embedded resource {ResourceName}");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Parses the TSV: number, name, entry_point, nargs, strace_flags, params, source_note.</summary>
    public static SyscallTable Parse(TextReader reader)
    {
        var table = new SyscallTable();
        string? header = reader.ReadLine();
        if (header is null || !header.StartsWith("number\t", StringComparison.Ordinal))
            throw new InvalidDataException("syscall table: missing header line");
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            string[] columns = line.Split('\t');
            if (columns.Length < 7) throw new InvalidDataException($"syscall table: short row '{line}'");
            var info = new SyscallInfo(
                int.Parse(columns[0], System.Globalization.CultureInfo.InvariantCulture),
                columns[1],
                columns[2],
                ArgumentCount(columns[3], columns[5]),
                columns[6].Contains("noreturn"));
            table._all.Add(info);
            table._byNumber.Add(info.Number, info);
            table._byNormalizedName.Add(Normalize(info.Name), info);
        }
        return table;
    }

    // The kernel prototype decides (preadv takes pos_l and pos_h as two); strace's count fills gaps.
    private static int? ArgumentCount(string nargs, string parameters)
    {
        if (parameters == "void") return 0;
        if (parameters.Length != 0) return parameters.Split(';').Length;
        if (nargs.Length != 0) return int.Parse(nargs, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
