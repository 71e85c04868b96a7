using System.Globalization;
using System.Text;
using System.Text.Json;
using Nas64.Linker.Seccomp;
using Nas64.Linker.SyscallInventory;
using Nas64.Syscalls.Model;

namespace Nas64.Cli.SyscallInventory;

/// <summary>
/// What the seccomp filter of a sealed executable (`nas64 link --seccomp`) lets through, found by running the
/// filter on every x86-64 syscall number, and how the inventory's sites fare against it.
/// </summary>
public sealed class SealReport
{
    private SealReport(SeccompSeal seal) => Seal = seal;

    public SeccompSeal Seal { get; }

    /// <summary>The x86-64 syscalls the filter allows, in number order.</summary>
    public List<string> Allowed { get; } = [];

    /// <summary>The actions for a number outside the set, an x32 number and another architecture's call.</summary>
    public string Otherwise { get; private set; } = "";
    public string X32 { get; private set; } = "";
    public string OtherArchitecture { get; private set; } = "";

    /// <summary>The syscalls of the prologue's own sites, which run before the filter is installed.</summary>
    public SortedSet<string> Prologue { get; } = new(StringComparer.Ordinal);

    /// <summary>Sites outside the prologue whose syscall the filter does not allow (or cannot be known to).</summary>
    public List<SyscallSite> Stopped { get; } = [];

    public static SealReport Of(SeccompSeal seal, IReadOnlyList<SyscallSite> sites)
    {
        var report = new SealReport(seal);
        foreach (SyscallInfo info in SyscallTable.X64.All)
        {
            if (Allows(seal, info.Number)) report.Allowed.Add(info.Name);
        }
        report.Otherwise = Action(seal, SeccompFilter.AuditArchX86_64, SeccompFilter.X32SyscallBit - 1);
        report.X32 = Action(seal, SeccompFilter.AuditArchX86_64, SeccompFilter.X32SyscallBit);
        report.OtherArchitecture = Action(seal, SeccompFilter.AuditArchI386, 1);
        foreach (SyscallSite site in sites)
        {
            if (seal.InPrologue(site.Address)) report.Prologue.Add(site.Name ?? "?");
            else if (site.Abi == "i386" || site.Number is not long number || !Allows(seal, number)) report.Stopped.Add(site);
        }
        return report;
    }

    private static bool Allows(SeccompSeal seal, long number) =>
        number is >= 0 and <= uint.MaxValue && SeccompFilter.Evaluate(seal.Filter, SeccompFilter.AuditArchX86_64, (uint)number) == SeccompFilter.RetAllow;

    private static string Action(SeccompSeal seal, uint arch, uint number) =>
        SeccompFilter.Evaluate(seal.Filter, arch, number) is uint action ? SeccompFilter.DescribeAction(action) : "(not a filter nas64 reads)";

    public string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"seccomp filter: {Seal.Filter.Count} BPF instructions at 0x{Seal.FilterAddress:x}, installed by the prologue at 0x{Seal.PrologueAddress:x} (0x{Seal.PrologueSize:x} bytes)\n");
        text.Append("  allows: ").AppendJoin(' ', Allowed).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"  any other syscall: {Otherwise}; x32 numbers: {X32}; another architecture (int 0x80): {OtherArchitecture}\n");
        if (Prologue.Count > 0)
            text.Append("  the prologue's own sites (").AppendJoin(", ", Prologue).Append(") run before the filter is installed\n");
        text.Append("  sites the filter stops: ")
            .Append(Stopped.Count == 0 ? "(none)" : string.Join(", ", Stopped.Select(s => $"0x{s.Address:x} ({s.Name ?? "unknown"})"))).Append('\n');
        return text.ToString();
    }

    /// <summary>The same, as the "seccomp" member of `nas64 syscalls --format=json`.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("seccomp");
        json.WriteNumber("instructions", Seal.Filter.Count);
        json.WriteNumber("filterAddress", Seal.FilterAddress);
        json.WriteNumber("prologueAddress", Seal.PrologueAddress);
        json.WriteNumber("prologueSize", Seal.PrologueSize);
        json.WriteStartArray("allowed");
        foreach (string name in Allowed) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteString("otherwise", Otherwise);
        json.WriteString("x32", X32);
        json.WriteString("otherArchitecture", OtherArchitecture);
        json.WriteStartArray("prologueSyscalls");
        foreach (string name in Prologue) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("stoppedSites");
        foreach (SyscallSite site in Stopped) json.WriteNumberValue(site.Address);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
