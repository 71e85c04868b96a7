namespace Nas64.Fuzz.Tests;

/// <summary>Every saved fuzz input (the seed corpus and each crash or hang ever found, see docs/limits.md) runs through
/// its component again: no exception may escape and every diagnostic must name a file and a line or offset.</summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in new[] { "corpus", "crashes" })
            foreach (string component in FuzzTargets.Components)
            {
                string path = Path.Combine(AppContext.BaseDirectory, folder, component);
                if (!Directory.Exists(path)) continue;
                foreach (string file in Directory.GetFiles(path).Order(StringComparer.Ordinal))
                    data.Add(component, Path.Combine(folder, component, Path.GetFileName(file)));
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void InputIsHandledCleanly(string component, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, file));
        using var work = new TempDirectory();
        File.WriteAllText(work.File("fuzz.asm"), "db 1, 2, 3\n");
        int variants = component == "asm" ? 8 : 1;
        for (int variant = 0; variant < variants; variant++)
        {
            int v = variant;
            var started = System.Diagnostics.Stopwatch.StartNew();
            string? failure = BigStack.Run(() => FuzzTargets.Run(component, input, v, work.Path));
            Assert.True(failure is null, $"{component}/{file} variant {variant}: {failure}");
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"{component}/{file} variant {variant} took {started.Elapsed}");
        }
    }
}
