using System.Globalization;
using Nas64.Linker.SyscallInventory;
using Nas64.Objects;
using Nas64.Syscalls.Model;

namespace Nas64.Linker.Seccomp;

/// <summary>
/// <c>--seccomp</c>: link the program as asked, take the syscall inventory of that executable (every syscall site
/// and the constant number reaching it), then link again with <see cref="SeccompPrologue"/>'s module as the entry,
/// its filter allowing exactly those numbers, the <c>--seccomp-allow</c> names, exit and exit_group. A site whose
/// number is not a constant stops the link unless <c>--seccomp-allow</c> is given (the user then names what it makes);
/// an i386 site (int 0x80, sysenter) always does, since the filter admits only x86-64 syscalls.
/// </summary>
internal static class SeccompSealing
{
    public static byte[]? Link(IReadOnlyList<LinkInput> inputs, LinkOptions options, SeccompOptions seccomp, DiagnosticBag diagnostics)
    {
        string output = options.OutputPath;
        if (Passes.SymbolResolution.IsNumber(options.Entry, out _))
        {
            diagnostics.Error(new SourceLocation(output, 0), $"--seccomp needs an entry symbol to jump to after sealing, not the address {options.Entry}");
            return null;
        }
        var numbers = new SortedSet<int>();
        foreach (string name in seccomp.Allow)
        {
            SyscallInfo? info = SyscallTable.X64.FindByName(name);
            if (info is null) diagnostics.Error(SourceLocation.None, $"--seccomp-allow: `{name}' is not an x86-64 syscall name");
            else numbers.Add(info.Number);
        }
        if (diagnostics.HasErrors) return null;

        // The program as it would be without the seal, with its symbols, so the inventory sees its functions and stubs.
        var firstPass = new DiagnosticBag { Warnings = diagnostics.Warnings };
        byte[]? plain = Linker.Link(inputs, options with { Seccomp = null, StripSymbols = false, Tiny = false, MapFile = null, PassTimes = null }, firstPass);
        if (plain is null || firstPass.HasErrors)
        {
            foreach (Diagnostic diagnostic in firstPass.Items) diagnostics.Add(diagnostic);
            return null;
        }
        CodeImage image = ExecutableImageReader.Read(output, plain);
        if (!image.Symbols.Any(s => s.Name == options.Entry))
        {
            diagnostics.Error(new SourceLocation(output, 0), $"--seccomp: the entry symbol `{options.Entry}' is not defined in code, so the sealed entry has nowhere to jump");
            return null;
        }
        List<SyscallSite> sites = SyscallSiteAnalyzer.Analyze(image);
        foreach (SyscallSite site in sites)
        {
            string where = $"syscall site at 0x{site.Address:x} ({site.Location})";
            if (site.Abi == "i386")
                diagnostics.Error(new SourceLocation(output, 0), $"--seccomp: {where} is an i386 `{site.Instruction}'; the filter admits x86-64 syscalls only and would kill the program there");
            else if (site.Number is not long number)
            {
                if (seccomp.Allow.Count == 0)
                    diagnostics.Error(new SourceLocation(output, 0), $"--seccomp: the number reaching the {where} is not a constant; name the syscalls it can make with --seccomp-allow=NAME,…");
            }
            else if (number is < 0 or >= SeccompFilter.X32SyscallBit)
                diagnostics.Error(new SourceLocation(output, 0), $"--seccomp: the {where} makes syscall {number.ToString(CultureInfo.InvariantCulture)}, which no x86-64 filter can allow");
            else numbers.Add((int)number);
        }
        if (diagnostics.HasErrors) return null;

        var filter = SeccompFilter.Build(numbers, seccomp.Mode);
        if (filter.Count > SeccompFilter.MaxInstructions)
        {
            diagnostics.Error(new SourceLocation(output, 0), $"--seccomp: the filter has {filter.Count} instructions, more than the kernel's {SeccompFilter.MaxInstructions}");
            return null;
        }
        var module = SeccompPrologue.CreateModule(options.Entry, filter);
        return Linker.Link([.. inputs, LinkInput.FromModule(module)], options with { Seccomp = null, Entry = SeccompPrologue.EntrySymbol }, diagnostics);
    }
}
