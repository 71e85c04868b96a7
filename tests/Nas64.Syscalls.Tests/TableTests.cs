using System.Text.RegularExpressions;
using Nas64.Syscalls.Model;

namespace Nas64.Syscalls.Tests;

/// <summary>The generated enums and the embedded table against this machine's kernel headers.</summary>
public sealed class TableTests
{
    private const string UnistdHeader = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";

    [Fact]
    public void SysNumbersAgreeWithUnistd64Header()
    {
        int compared = 0;
        foreach (Match match in Regex.Matches(File.ReadAllText(UnistdHeader), @"#define __NR_(\w+) (\d+)"))
        {
            SyscallInfo? info = SyscallTable.X64.FindByName(match.Groups[1].Value);
            Assert.NotNull(info);
            Assert.Equal(int.Parse(match.Groups[2].Value), info.Number);
            Assert.True(Enum.TryParse(Pascal(info.Name), out Sys sys), info.Name);
            Assert.Equal(info.Number, (int)sys);
            compared++;
        }
        Assert.True(compared > 300);
    }

    [Fact]
    public void EveryTableRowHasASysMember()
    {
        Assert.Equal(SyscallTable.X64.All.Count, Enum.GetValues<Sys>().Length);
        foreach (SyscallInfo info in SyscallTable.X64.All)
            Assert.Equal(info.Number, (int)Enum.Parse<Sys>(Pascal(info.Name)));
    }

    [Fact]
    public void ErrnoAgreesWithAsmGenericHeaders()
    {
        int compared = 0;
        foreach (string header in new[] { "/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h" })
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(header), @"#define\s+(E[A-Z0-9]+)\s+(\d+)"))
            {
                Assert.True(Enum.TryParse(match.Groups[1].Value, out Errno errno), match.Groups[1].Value);
                Assert.Equal(int.Parse(match.Groups[2].Value), (int)errno);
                Assert.Equal(match.Groups[1].Value, ErrnoText.Name(errno));
                compared++;
            }
        }
        Assert.True(compared > 120);
        Assert.Equal(Errno.EAGAIN, Errno.EWOULDBLOCK);
    }

    [Fact]
    public void MethodNamesFindKernelNamesIgnoringCaseAndUnderscores()
    {
        Assert.Equal("clock_gettime", SyscallTable.X64.FindByName("ClockGettime")?.Name);
        Assert.Equal(228, SyscallTable.X64.FindByName("clock_gettime")?.Number);
        Assert.Equal("_sysctl", SyscallTable.X64.FindByName("Sysctl")?.Name);
        Assert.Null(SyscallTable.X64.FindByName("frobnicate"));
        Assert.Equal(5, SyscallTable.X64.FindByName("preadv")?.ArgumentCount);
    }

    private static string Pascal(string name) =>
        string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
