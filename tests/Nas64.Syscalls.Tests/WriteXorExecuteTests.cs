namespace Nas64.Syscalls.Tests;

/// <summary>No page is ever writable and executable: checked in /proc/self/maps after stubs are mapped.</summary>
public sealed class WriteXorExecuteTests
{
    [Fact]
    public void NoMappingIsBothWritableAndExecutable()
    {
        Assert.Equal(Environment.ProcessId, Linux.GetPid());
        List<ProcMaps> offenders = ProcMaps.Read().Where(m => m.IsWritableAndExecutable).ToList();
        Assert.True(offenders.Count == 0, "w+x mappings:\n" + string.Join("\n", offenders.Select(m => m.Line)));
    }

    [Fact]
    public void MappedStubPagesAreReadExecuteOnly()
    {
        byte[] ret = [0xC3];
        nint address = StubMemory.MapExecutable(ret);
        ProcMaps page = Assert.Single(ProcMaps.Read(), m => m.Start <= address && address < m.End);
        Assert.StartsWith("r-x", page.Permissions);
    }
}
