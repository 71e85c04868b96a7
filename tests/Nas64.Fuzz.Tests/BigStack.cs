namespace Nas64.Fuzz.Tests;

/// <summary>Runs code on a thread with the nas64 command's stack size (deep expressions recurse up to --limit-eval levels).</summary>
internal static class BigStack
{
    public static T Run<T>(Func<T> action)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = action(); }
            catch (Exception e) { error = e; }
        }, maxStackSize: 512 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("failed on the large-stack thread", error);
        return result;
    }
}
