using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Runs the preprocessor on a thread of its own, handing its lines over in batches, so that preprocessing and
/// parsing overlap on a machine with two cores. Everything the caller sees is in the sequential order: the
/// preprocessor's diagnostics go into the caller's bag just before the line that followed them, and a
/// <c>[warning …]</c> line changes the caller's warning policy when the caller reaches it, not when it is preprocessed.
/// </summary>
public static class PreprocessorPipeline
{
    private const int BatchSize = 256;

    /// <summary>Below this much source the thread's start costs more than the overlap gains (hello: +1 ms, mostly
    /// system time); a small file that expands a great deal still runs sequentially, as before.</summary>
    private const int MinimumSourceLength = 64 * 1024;

    /// <summary>Worth a thread: more than one core, a source of some size, and no listing (a listing records the
    /// preprocessor's lines and the diagnostics in one stream, which stays sequential).</summary>
    public static bool Applies(AssemblerOptions options, string source) =>
        options.Listing is null && Environment.ProcessorCount > 1 && source.Length >= MinimumSourceLength;

    /// <summary>One thing the preprocessor produced, in order: a line, or a diagnostic made before the next line.</summary>
    private readonly record struct Entry(PreprocessedLine Line, Diagnostic? Diagnostic);

    /// <summary>The preprocessed lines of <paramref name="source"/>; <paramref name="limitExceeded"/> is set once they are all read.</summary>
    /// <param name="idle">Called while the next batch is not ready yet, instead of waiting for it, as long as it finds
    /// work to do (returns true): the caller's own work on the lines it already has overlaps the preprocessor's.</param>
    public static IEnumerable<PreprocessedLine> Run(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics, StrongBox<bool> limitExceeded,
        Func<bool>? idle = null)
    {
        // Unclassified here (no policy): the caller's bag classifies each diagnostic when it is handed over.
        var own = new DiagnosticBag();
        var queue = new BlockingCollection<List<Entry>>(boundedCapacity: 16);
        var batch = new List<Entry>(BatchSize);
        var spent = new ConcurrentBag<List<Entry>>();   // batches the parser is done with, refilled instead of new ones (asmback)
        own.Added += d => batch.Add(new Entry(default, d));
        ExceptionDispatchInfo? failure = null;
        var buffers = new LineBuffers();
        var preprocessor = new Preprocessor(options, own) { LineBuffers = buffers };
        // The same large stack as the command's own thread (Program.cs): --limit-eval nesting recurses deeply.
        var worker = new Thread(() =>
        {
            try
            {
                foreach (var line in preprocessor.Run(sourcePath, source))
                {
                    batch.Add(new Entry(line, null));
                    if (batch.Count >= BatchSize)
                    {
                        queue.Add(batch);
                        batch = spent.TryTake(out var reused) ? reused : new List<Entry>(BatchSize);
                    }
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.Add(batch);
                queue.CompleteAdding();
            }
        }, maxStackSize: 512 * 1024 * 1024)
        { IsBackground = true, Name = "nas64 preprocessor" };
        worker.Start();
        try
        {
            while (true)
            {
                if (!queue.TryTake(out var entries))
                {
                    if (idle is not null && idle()) continue;
                    if (!queue.TryTake(out entries, Timeout.Infinite)) break;
                }
                // Indexed, each entry read in place: the list's enumerator copied every entry (a line and its location)
                // into itself and out again on the parser's thread (g100k: −14 M instructions on the main thread).
                for (int k = 0; k < entries.Count; k++)
                {
                    if (CollectionsMarshal.AsSpan(entries)[k].Diagnostic is { } diagnostic)
                    {
                        diagnostics.Add(diagnostic);
                        continue;
                    }
                    var line = CollectionsMarshal.AsSpan(entries)[k].Line;
                    if (diagnostics.Warnings is { } warnings && line.Chars.Span.TrimStart().StartsWith('['))
                        Preprocessor.ApplyWarningDirective(warnings, line.Text);
                    yield return line;
                    buffers.Consumed();
                }
                buffers.Recycle();
                entries.Clear();
                spent.Add(entries);
            }
        }
        finally
        {
            // A caller that stops early leaves the worker blocked on a full queue: drain it so the thread ends.
            while (!queue.IsCompleted) queue.TryTake(out _, 100);
            worker.Join();
        }
        failure?.Throw();
        limitExceeded.Value = preprocessor.LimitExceeded;
    }
}
