using System.Collections.Concurrent;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// The text of the lines the preprocessor's thread hands over without a string each (<see cref="PreprocessorPipeline"/>):
/// every line (<see cref="Preprocessor"/>'s InternLine: the parser shares what it parsed by the text) is copied into chunks
/// that the parser's thread gives back once it has parsed every line in them. gen_asm 100k made a string of each of its
/// 100,000 lines (7.8 MB that died young); in chunks it takes 6 of them (2.484 -> 2.465 G instructions).
/// The preprocessor's thread passes every line it hands out through <see cref="Add(ReadOnlySpan{char})"/> or
/// <see cref="Add(string)"/>; the parser's thread calls <see cref="Consumed"/> for every line and then <see cref="Recycle"/>.
/// Lines are parsed in the order they are added, so a chunk is free once as many lines as were added up to its end are.
/// </summary>
internal sealed class LineBuffers
{
    private const int ChunkSize = 16 * 1024;   // characters (32 KB, far below the large object heap's threshold)
    private const int LongestLine = ChunkSize / 4;   // a longer line is a string of its own

    private char[] _chunk = new char[ChunkSize];
    private int _used;
    private long _added;      // lines handed out so far (the preprocessor's thread's)
    private long _consumed;   // lines parsed (the parser's thread's)

    /// <summary>Chunks filled, each with the count of lines added up to its end.</summary>
    private readonly ConcurrentQueue<(char[] Chunk, long Through)> _filled = new();
    private readonly ConcurrentQueue<char[]> _free = new();

    /// <summary>A line handed out as a string (a shared one).</summary>
    public ReadOnlyMemory<char> Add(string line)
    {
        _added++;
        return line.AsMemory();
    }

    /// <summary>A copy of <paramref name="text"/>, valid until the parser's thread has consumed it and recycled its chunk.</summary>
    public ReadOnlyMemory<char> Add(ReadOnlySpan<char> text)
    {
        if (text.Length > LongestLine) return Add(text.ToString());
        if (_used + text.Length > ChunkSize)
        {
            _filled.Enqueue((_chunk, _added));
            _chunk = _free.TryDequeue(out var reused) ? reused : new char[ChunkSize];
            _used = 0;
        }
        text.CopyTo(_chunk.AsSpan(_used));
        var chars = new ReadOnlyMemory<char>(_chunk, _used, text.Length);
        _used += text.Length;
        _added++;
        return chars;
    }

    /// <summary>A line handed out without characters here (<see cref="TokenLines"/>).</summary>
    public void Skip() => _added++;

    /// <summary>Counts a line as parsed (once the parser is done with it).</summary>
    public void Consumed() => _consumed++;

    /// <summary>Gives back the chunks whose lines are all parsed.</summary>
    public void Recycle()
    {
        while (_filled.TryPeek(out var filled) && filled.Through <= _consumed)
        {
            _filled.TryDequeue(out _);
            _free.Enqueue(filled.Chunk);
        }
    }
}
