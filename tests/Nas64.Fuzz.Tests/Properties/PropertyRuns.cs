using FsCheck;

namespace Nas64.Fuzz.Tests.Properties;

/// <summary>How many cases a property runs and from which seed: NAS64_PROPERTY_CASES (default per test) and
/// NAS64_PROPERTY_SEED ("seed,gamma" as FsCheck prints it with a failure, or "random"; default a fixed seed, so a
/// test run is repeatable) for soak runs and replays.</summary>
internal static class PropertyRuns
{
    public static Config Config(int defaultCases)
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("NAS64_PROPERTY_CASES"), out int n) && n > 0 ? n : defaultCases;
        var config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true);
        string setting = Environment.GetEnvironmentVariable("NAS64_PROPERTY_SEED") ?? "20261128,40503";
        if (setting == "random") return config;
        string[] seed = setting.Trim('(', ')', ' ').Split(',');
        if (seed.Length != 2 || !ulong.TryParse(seed[0], out ulong value) || !ulong.TryParse(seed[1], out ulong gamma))
            throw new InvalidOperationException($"NAS64_PROPERTY_SEED: expected seed,gamma or random, not {setting}");
        return config.WithReplay(new Replay(new Rnd(value, gamma), Microsoft.FSharp.Core.FSharpOption<int>.None));
    }

    /// <summary>Shrinks a list: without its first or second half, without one element, then with one element replaced by
    /// <paramref name="blank"/>'s (which keeps the count, so references by index still land where they did).</summary>
    public static IEnumerable<T[]> Shrink<T>(T[] items, Func<T, T?> blank) where T : class
    {
        if (items.Length > 1)
        {
            yield return items[(items.Length / 2)..];
            yield return items[..(items.Length / 2)];
        }
        for (int i = 0; i < items.Length; i++) yield return [.. items[..i], .. items[(i + 1)..]];
        for (int i = 0; i < items.Length; i++)
            if (blank(items[i]) is { } simpler) yield return [.. items[..i], simpler, .. items[(i + 1)..]];
    }
}
