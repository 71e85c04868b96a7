using System.Globalization;
using System.Text;
using System.Text.Json;
using Nas64.Linker.SyscallInventory;

namespace Nas64.Cli.SyscallInventory;

/// <summary>The inventory as a table for people or as JSON for tools, and its comparison with an strace log.</summary>
public static class InventoryReport
{
    /// <summary>The x86-64 syscall names the sites are known to make (unknown and i386 sites add nothing).</summary>
    public static SortedSet<string> StaticNames(IEnumerable<SyscallSite> sites)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SyscallSite site in sites)
        {
            if (site.Name is not null) names.Add(site.Name);
        }
        return names;
    }

    public static int UnknownCount(IEnumerable<SyscallSite> sites)
    {
        int count = 0;
        foreach (SyscallSite site in sites)
        {
            if (site.Number is null) count++;
        }
        return count;
    }

    public static string Text(string file, IReadOnlyList<SyscallSite> sites)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{file}: {sites.Count} syscall site(s), {UnknownCount(sites)} unknown\n");
        foreach (SyscallSite site in sites)
        {
            string number = site.Number is long n ? n.ToString(CultureInfo.InvariantCulture) : "?";
            string name = site.Number is null ? "unknown" : site.Name ?? (site.Abi == "i386" ? "(i386 ABI)" : "(not in the x86-64 table)");
            string via = site.Via is null ? "" : $" via {site.Via}";
            text.Append(CultureInfo.InvariantCulture,
                $"  0x{site.Address:x8}  {site.Section,-8} {site.Location,-28} {site.Instruction,-9} {number,4}  {name}{via}\n");
        }
        return text.ToString();
    }

    public static string Json(string file, IReadOnlyList<SyscallSite> sites, Comparison? comparison, SealReport? seal = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            json.WriteStartArray("sites");
            foreach (SyscallSite site in sites)
            {
                json.WriteStartObject();
                json.WriteNumber("address", site.Address);
                json.WriteString("section", site.Section);
                json.WriteString("location", site.Location);
                json.WriteString("instruction", site.Instruction);
                json.WriteString("abi", site.Abi);
                if (site.Number is long n) json.WriteNumber("number", n);
                else json.WriteNull("number");
                if (site.Name is null) json.WriteNull("name");
                else json.WriteString("name", site.Name);
                if (site.Via is not null) json.WriteString("via", site.Via);
                json.WriteBoolean("unknown", site.Number is null);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteNames(json, "syscalls", StaticNames(sites));
            json.WriteNumber("unknownSites", UnknownCount(sites));
            seal?.WriteJson(json);
            if (comparison is not null)
            {
                json.WriteStartObject("straceCompare");
                WriteNames(json, "onlyAtRunTime", comparison.OnlyAtRunTime);
                WriteNames(json, "onlyStatic", comparison.OnlyStatic);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNames(Utf8JsonWriter json, string property, IEnumerable<string> names)
    {
        json.WriteStartArray(property);
        foreach (string name in names) json.WriteStringValue(name);
        json.WriteEndArray();
    }

    /// <summary>Syscalls strace saw that no site accounts for, and sites strace never saw taken (execve is the loader's, not the program's).</summary>
    public sealed record Comparison(SortedSet<string> OnlyAtRunTime, SortedSet<string> OnlyStatic)
    {
        public static Comparison Of(SortedSet<string> staticNames, SortedSet<string> runTimeNames)
        {
            var onlyAtRunTime = new SortedSet<string>(runTimeNames, StringComparer.Ordinal);
            onlyAtRunTime.ExceptWith(staticNames);
            onlyAtRunTime.Remove("execve");
            var onlyStatic = new SortedSet<string>(staticNames, StringComparer.Ordinal);
            onlyStatic.ExceptWith(runTimeNames);
            return new Comparison(onlyAtRunTime, onlyStatic);
        }

        public string Text()
        {
            var text = new StringBuilder();
            text.Append("seen at run time, not found statically: ").Append(OnlyAtRunTime.Count == 0 ? "(none)" : string.Join(' ', OnlyAtRunTime)).Append('\n');
            text.Append("found statically, not seen at run time: ").Append(OnlyStatic.Count == 0 ? "(none)" : string.Join(' ', OnlyStatic)).Append('\n');
            return text.ToString();
        }
    }
}
