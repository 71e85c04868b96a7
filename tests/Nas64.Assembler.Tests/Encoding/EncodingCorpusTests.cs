using System.Text;

namespace Nas64.Assembler.Tests.Encoding;

/// <summary>
/// The instruction-form corpus (data/encoding-corpus.txt, from bench/gen_enc_corpus.py, plus the
/// hand-written data/encoding-extra.txt, and data/encoding-extra64.txt in 64-bit code) assembled by
/// nasm and by nas64, slot by slot, in 64-, 32- and 16-bit code, with -Ox (the default), -O0 and -O1: same bytes, and
/// a line nasm rejects must be rejected by us too. Remaining differences are listed in data/encoding-known-mismatches.txt.
/// </summary>
public sealed class EncodingCorpusTests
{
    private const string Corpus = "encoding-corpus.txt";
    private const string Extra = "encoding-extra.txt";
    private const string Extra64 = "encoding-extra64.txt";
    private const string KnownList = "encoding-known-mismatches.txt";

    [RequiresToolsTheory("nasm")]
    [InlineData(64, true)]
    [InlineData(32, true)]
    [InlineData(16, true)]
    [InlineData(64, false)]
    [InlineData(32, false)]
    [InlineData(16, false)]
    [InlineData(64, true, true)]
    [InlineData(32, true, true)]
    [InlineData(16, true, true)]
    public void CorpusEncodesAsNasmDoes(int bits, bool optimize, bool minimal = false)
    {
        var lines = bits == 64 ? TestData.Lines(Corpus, Extra, Extra64) : TestData.Lines(Corpus, Extra);
        var nasm = SlotAssembly.Nasm(lines, bits, optimize, minimal);
        var ours = SlotAssembly.Ours(lines, bits, optimize, minimal);
        string mode = KnownMismatches.Mode(bits, optimize, minimal);

        var actual = new List<string>();
        int matching = 0, bothRejected = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var (n, o) = (nasm[i], ours[i]);
            if (n.Rejected && o.Rejected) { bothRejected++; continue; }
            if (!n.Rejected && !o.Rejected && n.Bytes.AsSpan().SequenceEqual(o.Bytes)) { matching++; continue; }
            actual.Add(KnownMismatches.Format(bits, lines[i], n, o, optimize, minimal));
        }

        var known = KnownMismatches.Load(TestData.PathOf(KnownList), mode);
        var added = actual.Where(a => !known.Contains(a)).ToList();
        var fixedOnes = known.Where(k => !actual.Contains(k)).ToList();
        string dump = Path.Combine(Path.GetTempPath(), $"nas64-encoding-mismatches-{mode}.txt");
        File.WriteAllLines(dump, actual);

        var message = new StringBuilder();
        message.Append($"{mode}: {lines.Count} lines, {matching} match, {bothRejected} rejected by both, ")
            .Append($"{actual.Count} differ ({known.Count} known); all current differences written to {dump}\n");
        if (added.Count > 0)
        {
            message.Append($"{added.Count} new differences (bits, line, nasm, ours):\n");
            foreach (string a in added) message.Append("  ").Append(a).Append('\n');
        }
        if (fixedOnes.Count > 0)
        {
            message.Append($"{fixedOnes.Count} known differences no longer occur; remove them from {KnownList}:\n");
            foreach (string f in fixedOnes) message.Append("  ").Append(f).Append('\n');
        }
        Assert.True(added.Count == 0 && fixedOnes.Count == 0, message.ToString());
    }
}
