using System.Diagnostics;
using System.Security.Cryptography;

namespace Nas64.Fuzz;

/// <summary>
/// <c>Nas64.Fuzz fuzz asm|elf [--iterations N] [--seed S] [--corpus DIR] [--crashes DIR] [--timeout SECONDS]</c>:
/// N mutated inputs from the seed corpus, each run in-process; an escaping exception, an internal error or a
/// diagnostic without a location is saved to the crash folder, an input running past the timeout is saved and
/// ends the run (a thread cannot be stopped) with status 2. Seeds come from corpus/COMPONENT; crashes/COMPONENT holds
/// every reproducer found so far (fixed), which the replay test runs but which are no seeds (several are slow by design).
/// <c>Nas64.Fuzz replay asm|elf DIR…</c>: runs every file once (every assembler output format) and lists failures.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Deep expressions recurse up to --limit-eval levels, as in the nas64 command (which also runs on such a thread).
        int status = 0;
        var worker = new Thread(() => status = Run(args), maxStackSize: 512 * 1024 * 1024);
        worker.Start();
        worker.Join();
        return status;
    }

    private static int Run(string[] args)
    {
        if (args.Length < 2 || !FuzzTargets.Components.Contains(args[1]) || args[0] is not ("fuzz" or "replay"))
        {
            Console.Error.WriteLine("usage: Nas64.Fuzz fuzz asm|elf [--iterations N] [--seed S] [--corpus DIR] [--crashes DIR] [--timeout SECONDS] [--max-seconds S]");
            Console.Error.WriteLine("       Nas64.Fuzz replay asm|elf DIR...");
            return 64;
        }
        string component = args[1];
        string work = Directory.CreateTempSubdirectory("nas64-fuzz-").FullName;
        try
        {
            // incbin/%include of "fuzz.asm" find a small file beside the fuzzed source.
            File.WriteAllText(Path.Combine(work, "fuzz.asm"), "db 1, 2, 3\n");
            return args[0] == "replay" ? Replay(component, args[2..], work) : Fuzz(component, args[2..], work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Replay(string component, string[] folders, string work)
    {
        int failures = 0, count = 0;
        foreach (string folder in folders)
        {
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                byte[] input = File.ReadAllBytes(file);
                int variants = component == "asm" ? 4 : 1;
                for (int variant = 0; variant < variants; variant++)
                {
                    count++;
                    if (FuzzTargets.Run(component, input, variant, work) is { } failure)
                    {
                        failures++;
                        Console.WriteLine($"{file} (variant {variant}): {failure}");
                    }
                }
            }
        }
        Console.WriteLine($"replayed {count} runs, {failures} failures");
        return failures == 0 ? 0 : 1;
    }

    private static int Fuzz(string component, string[] args, string work)
    {
        long iterations = 100_000;
        int seed = 1;
        double timeout = 10;
        double maxSeconds = double.PositiveInfinity;
        string corpusFolder = Path.Combine(AppContext.BaseDirectory, "corpus", component);
        string crashes = "fuzz-crashes";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--iterations": iterations = long.Parse(args[i + 1]); break;
                case "--seed": seed = int.Parse(args[i + 1]); break;
                case "--corpus": corpusFolder = args[i + 1]; break;
                case "--crashes": crashes = args[i + 1]; break;
                case "--max-seconds": maxSeconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--timeout": timeout = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 64;
            }
        }
        var corpus = Directory.GetFiles(corpusFolder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).Where(b => b.Length > 0).ToList();
        if (corpus.Count == 0) { Console.Error.WriteLine($"no seed inputs in {corpusFolder}"); return 64; }
        Directory.CreateDirectory(crashes);
        var random = new Random(seed);
        var mutator = new Mutator(random, corpus, text: component == "asm");
        var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
        string extension = component == "asm" ? ".asm" : ".bin";

        byte[] current = [];
        long started = Stopwatch.GetTimestamp();
        long iteration = -1;
        // A hang is an input that has used more than the timeout of CPU time (the process is single-threaded), or six
        // times it of wall time (blocked): a starved process on a busy machine is not reported.
        var watchdog = new Thread(() =>
        {
            long seen = -2;
            TimeSpan cpuAtStart = TimeSpan.Zero;
            long wallAtStart = 0;
            using var self = Process.GetCurrentProcess();
            while (true)
            {
                Thread.Sleep(200);
                long now = Volatile.Read(ref iteration);
                self.Refresh();
                if (now != seen)
                {
                    seen = now;
                    cpuAtStart = self.TotalProcessorTime;
                    wallAtStart = Stopwatch.GetTimestamp();
                    continue;
                }
                double cpu = (self.TotalProcessorTime - cpuAtStart).TotalSeconds;
                double wall = Stopwatch.GetElapsedTime(wallAtStart).TotalSeconds;
                if (cpu <= timeout && wall <= 6 * timeout) continue;
                string path = Save(crashes, "hang-" + component, extension, Volatile.Read(ref current), $"no result after {cpu:F1} s CPU, {wall:F1} s wall");
                Console.WriteLine($"HANG at input {now}: saved {path}");
                Console.Out.Flush();
                Environment.Exit(2);
            }
        }) { IsBackground = true };
        watchdog.Start();

        long failures = 0;
        long lastReport = started;
        long done = 0;
        for (long n = 0; n < iterations; n++, done++)
        {
            if (Stopwatch.GetElapsedTime(started).TotalSeconds >= maxSeconds) break;
            byte[] input = mutator.Next();
            int variant = random.Next(8);
            Volatile.Write(ref current, input);
            Volatile.Write(ref iteration, n);
            string? failure = FuzzTargets.Run(component, input, variant, work);
            if (failure is not null)
            {
                failures++;
                string signature = Signature(failure);
                int seen = signatures.GetValueOrDefault(signature);
                signatures[signature] = seen + 1;
                if (seen == 0)
                {
                    string path = Save(crashes, component, extension, input, $"variant {variant}\n{failure}");
                    Console.WriteLine($"CRASH at input {n} (variant {variant}): {failure.Split('\n')[0]}\n  saved {path}");
                }
            }
            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 60)
            {
                lastReport = Stopwatch.GetTimestamp();
                var elapsed = Stopwatch.GetElapsedTime(started);
                Console.WriteLine($"{n + 1} inputs, {failures} failing ({signatures.Count} distinct), {(n + 1) / elapsed.TotalSeconds:F0}/s");
            }
        }
        Volatile.Write(ref iteration, -1);
        var total = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"{component}: {done} inputs (seed {seed}) in {total.TotalSeconds:F0} s, {done / total.TotalSeconds:F0}/s: "
            + $"{failures} failing, {signatures.Count} distinct, 0 hangs");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The exception type and the first frame inside nas64, or the message of a located-less diagnostic.</summary>
    private static string Signature(string failure)
    {
        var lines = failure.Split('\n');
        string frame = lines.Skip(1).FirstOrDefault(l => l.Contains("Nas64.", StringComparison.Ordinal) && !l.Contains("Nas64.Fuzz", StringComparison.Ordinal)) ?? "";
        string head = lines[0].StartsWith("diagnostic without location", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(lines[0], "`[^']*'|[0-9]+", "_")
            : lines[0].Split(':')[0];
        return head + "|" + frame.Trim();
    }

    private static string Save(string folder, string prefix, string extension, byte[] input, string why)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(input))[..12];
        string path = Path.Combine(folder, $"{prefix}-{hash}{extension}");
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", why + "\n");
        return path;
    }
}
