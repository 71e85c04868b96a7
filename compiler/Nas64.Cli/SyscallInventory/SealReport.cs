using System.Globalization;
using System.Text;
using Nas64.Linker.Seccomp;
using Nas64.Linker.SyscallInventory;
using Nas64.Syscalls.Model;

namespace Nas64.Cli.SyscallInventory;

/// <summary>
/// What the seccomp filter of a sealed executable (`nas64 link --seccomp`) lets through, found by running the
/// filter on every x86-64 syscall number, and how the inventory's sites fare against it.
/// </summary>
public static class SealReport
{
    /// <summary>The names the filter allows for x86-64 (in number order).</summary>
    public static List<string> AllowedNames(SeccompSeal seal)
    {
        var names = new List<string>();
        foreach (SyscallInfo info in SyscallTable.X64.All)
        {
            if (SeccompFilter.Evaluate(seal.Filter, SeccompFilter.AuditArchX86_64, (uint)info.Number) == SeccompFilter.RetAllow) names.Add(info.Name);
        }
        return names;
    }

    public static string Text(SeccompSeal seal, IReadOnlyList<SyscallSite> sites)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"seccomp filter: {seal.Filter.Count} BPF instructions at 0x{seal.FilterAddress:x}, installed by the prologue at 0x{seal.PrologueAddress:x} (0x{seal.PrologueSize:x} bytes)\n");
        text.Append("  allows: ").AppendJoin(' ', AllowedNames(seal)).Append('\n');
        text.Append("  any other syscall: ").Append(Action(seal, SeccompFilter.AuditArchX86_64, SeccompFilter.X32SyscallBit - 1))
            .Append("; x32 numbers: ").Append(Action(seal, SeccompFilter.AuditArchX86_64, SeccompFilter.X32SyscallBit))
            .Append("; another architecture (int 0x80): ").Append(Action(seal, SeccompFilter.AuditArchI386, 1)).Append('\n');
        var prologue = new SortedSet<string>(StringComparer.Ordinal);
        var stopped = new List<string>();
        foreach (SyscallSite site in sites)
        {
            if (seal.InPrologue(site.Address))
            {
                prologue.Add(site.Name ?? "?");
                continue;
            }
            if (site.Abi == "i386" || site.Number is not long number || number is < 0 or > uint.MaxValue
                || SeccompFilter.Evaluate(seal.Filter, SeccompFilter.AuditArchX86_64, (uint)number) != SeccompFilter.RetAllow)
                stopped.Add($"0x{site.Address:x} ({site.Name ?? "unknown"})");
        }
        if (prologue.Count > 0)
            text.Append("  the prologue's own sites (").AppendJoin(", ", prologue).Append(") run before the filter is installed\n");
        text.Append("  sites the filter stops: ").Append(stopped.Count == 0 ? "(none)" : string.Join(", ", stopped)).Append('\n');
        return text.ToString();
    }

    private static string Action(SeccompSeal seal, uint arch, uint number) =>
        SeccompFilter.Evaluate(seal.Filter, arch, number) is uint action ? SeccompFilter.DescribeAction(action) : "(not a filter nas64 reads)";
}
