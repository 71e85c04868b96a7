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

    /// <summary>A batch of lines, and the diagnostics made before the line at their index (before the lines of the source or
    /// body line being processed when they were made, as the sequential preprocessor reports them).</summary>
    private sealed class Batch
    {
        public readonly List<PreprocessedLine> Lines = new(BatchSize + 64);
        public readonly List<(int Before, Diagnostic Diagnostic)> Diagnostics = [];
        public readonly TokenLines Tokens = new();
    }

    /// <summary>The preprocessed lines of <paramref name="source"/>; <paramref name="limitExceeded"/> is set once they are all read.</summary>
    /// <param name="idle">Called while the next batch is not ready yet, instead of waiting for it, as long as it finds
    /// work to do (returns true): the caller's own work on the lines it already has overlaps the preprocessor's.</param>
    public static IEnumerable<PreprocessedLine> Run(string sourcePath, string source, AssemblerOptions options, DiagnosticBag diagnostics, StrongBox<bool> limitExceeded,
        Func<bool>? idle = null)
    {
        // Unclassified here (no policy): the caller's bag classifies each diagnostic when it is handed over.
        var own = new DiagnosticBag();
        var queue = new BlockingCollection<Batch>(boundedCapacity: 16);
        var batch = new Batch();
        var spent = new ConcurrentBag<Batch>();   // batches the parser is done with, refilled instead of new ones (asmback)
        int processed = 0;   // the batch's lines of the source and body lines before the one being processed
        own.Added += d => batch.Diagnostics.Add((processed, d));
        ExceptionDispatchInfo? failure = null;
        var buffers = new LineBuffers();
        var preprocessor = new Preprocessor(options, own) { LineBuffers = buffers };
        // The same large stack as the command's own thread (Program.cs): --limit-eval nesting recurses deeply.
        var worker = new Thread(() =>
        {
            try
            {
                // The preprocessor adds its lines to the batch itself; after each source or body line the batch may go.
                preprocessor.SetPending(batch.Lines, batch.Tokens);
                foreach (var _ in preprocessor.RunInto(batch.Lines, sourcePath, source))
                {
                    processed = batch.Lines.Count;
                    if (processed < BatchSize) continue;
                    queue.Add(batch);
                    batch = spent.TryTake(out var reused) ? reused : new Batch();
                    processed = 0;
                    preprocessor.SetPending(batch.Lines, batch.Tokens);
                }
            }
            catch (Exception e)
            {
                // The lines of the source or body line that failed were never handed out by the sequential preprocessor either.
                batch.Lines.RemoveRange(processed, batch.Lines.Count - processed);
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
                if (!queue.TryTake(out var done))
                {
                    if (idle is not null && idle()) continue;
                    if (!queue.TryTake(out done, Timeout.Infinite)) break;
                }
                var lines = done.Lines;
                var made = done.Diagnostics;
                var tokens = done.Tokens;
                int next = 0, nextTokens = 0;
                // Indexed: the list's enumerator copied every line (and its location) into itself and out again.
                for (int k = 0; k < lines.Count; k++)
                {
                    for (; next < made.Count && made[next].Before <= k; next++) diagnostics.Add(made[next].Diagnostic);
                    var line = lines[k];
                    if (nextTokens < tokens.Lines.Count && tokens.Lines[nextTokens].Line == k) line = line with { Chars = tokens.Text(nextTokens++) };
                    if (diagnostics.Warnings is { } warnings && line.Chars.Span.TrimStart().StartsWith('['))
                        Preprocessor.ApplyWarningDirective(warnings, line.Text);
                    yield return line;
                    buffers.Consumed();
                }
                for (; next < made.Count; next++) diagnostics.Add(made[next].Diagnostic);
                buffers.Recycle();
                lines.Clear();
                made.Clear();
                tokens.Clear();
                spent.Add(done);
            }
        }
        finally
        {
            // A caller that stops early leaves the worker blocked on a full queue: drain it so the thread ends.
            while (!queue.IsCompleted) queue.TryTake(out _, 100);
            worker.Join();
            // The preprocessor's token texts are read no more (it leaves them to the pipeline: see TokenLines).
            TokenTexts.Leave();
        }
        failure?.Throw();
        limitExceeded.Value = preprocessor.LimitExceeded;
    }
}
