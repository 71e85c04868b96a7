using System.Buffers.Binary;
using System.Text;

namespace Nas64.Fuzz;

/// <summary>Mutation-based input generation from a seed corpus: byte flips and interesting values, range
/// deletion/duplication/insertion, splices between corpus entries, and (for source) insertion of NASM tokens
/// and lines. Everything derives from one <see cref="Random"/>, so a seed reproduces a run.</summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> corpus, bool text)
{
    /// <summary>Directives, operators and pathological fragments spliced into source.</summary>
    private static readonly string[] Tokens =
    [
        "%macro m 0-*\n", "%macro r 1\nr %1\n%endmacro\n", "%endmacro\n", "%imacro", "%rmacro", "%unmacro m 0-*\n",
        "%rep 4000000000\n", "%rep 3\n", "%rep -1\n", "%endrep\n", "%exitrep\n", "%exitmacro\n", "%rotate 1\n",
        "%if 1\n", "%if 0\n", "%else\n", "%elif 1\n", "%endif\n", "%ifdef X\n", "%ifmacro m\n", "%ifctx c\n", "%ifidn a,b\n",
        "%ifnum 1\n", "%ifstr 'a'\n", "%iftoken x\n", "%ifempty\n", "%ifn 0\n", "%ifenv HOME\n",
        "%push c\n", "%pop\n", "%repl d\n", "%$x", "%$$y", "%define X X X\n", "%xdefine Y Y Y Y\n", "%define F(a) F(a) a\n",
        "%assign i i+1\n", "%assign i 1/0\n", "%undef X\n", "%defstr s ", "%deftok t ", "%strlen l ", "%substr s 'abc' 2,1\n",
        "%strcat c 'a','b'\n", "%line 5+2 other.asm\n", "%error e\n", "%warning w\n", "%fatal f\n", "%pragma x\n",
        "%use altreg\n", "%local x:dword\n", "%arg y:qword\n", "%stacksize flat64\n", "%clear\n", "%depend \"x\"\n",
        "%include \"fuzz.asm\"\n", "%include \"/dev/zero\"\n", "incbin \"fuzz.asm\"\n", "incbin \"/dev/zero\"\n",
        "incbin \"fuzz.asm\", 2, 3\n", "incbin \"/\"\n", "%%l", "%1", "%0", "%-1", "%+1", "%00", "%{1}", "%{-1:2}", "%[", "%+",
        "%?", "%??", "%*?", "%!HOME", "%%", "%", "{", "}", "(", ")", "[", "]", "\"", "'", "`", "\\", "\\\n", "\0", ";", ",",
        ":", "$", "$$", "<<", ">>", ">>>", "//", "%%", "**", "~", "!", "&&", "||", "^^", "?", "==", "<=>", "rel ", "abs ",
        "qword ", "dword ", "word ", "byte ", "tword ", "oword ", "yword ", "zword ", "short ", "near ", "far ", "strict ",
        "section .data\n", "section .bss nobits align=4096\n", "section .text exec\n", "segment x\n", "bits 16\n",
        "bits 32\n", "bits 64\n", "use16\n", "align 4096\n", "alignb 16\n", "resb 1<<40\n", "resq 0x7fffffffffffffff\n",
        "times 4000000000 db 0\n", "times -1 nop\n", "times 1<<31 nop\n", "times ($-$$) db 0\n", "db 'x'\n", "dw 1,2\n",
        "dd 1.5\n", "dq 1.5e308\n", "dt 1e4932\n", "do 1\n", "dy 1\n", "dz 1\n", "ddq 1\n", "db `\\u{10ffff}`\n",
        "jmp short $+200\n", "jmp l\n", "l:\n", ".l:\n", "..@x:\n", "call far [rax]\n", "org 0x100\n", "org -1\n",
        "struc s\n", "endstruc\n", "istruc s\n", "at s.a, db 1\n", "iend\n", "absolute 0\n", "equ ", "e equ e+1\n",
        "global x\n", "extern y\n", "common c 8:4096\n", "static z\n", "default rel\n", "cpu 8086\n", "float daz\n",
        "__?utf16?__('a')", "__?utf32le?__(", "__?float32?__(1.0)", "__?float80m?__(", "__?LINE?__", "__?FILE?__",
        "__?BITS?__", "__?PASS?__", "seg ", " wrt ..gotpcrel", " wrt ..plt", "mov rax, [rax+rbx*8+0x7fffffff]\n",
        "mov eax, [ebx+esi*3]\n", "lea rax, [rel x]\n", "vaddps zmm0{k1}{z}, zmm1, [rax]{1to16}\n", "lock rep movsb\n",
        "a: times (b-a)&1 nop\njmp b\nb:\n", "x: times ((y-x) % 2) * 128 nop\njz y\ny:\n", "\xff\xfe", "\r\n", "\t",
        "%if\n", "%elif\n", "%macro\n", "%rep\n", "%define\n", "%assign\n", "%strlen\n", "%substr\n", "%xdefine\n",
        "%[x%+y]", "%defalias a b\n", "%ifdefalias a\n", "%aliases off\n", "%iffile \"fuzz.asm\"\n", "%ifusable", "%ifusing",
        "%cond(1,2,3)", "%eval(1+1)", "%sel(2,a,b)", "%str(x)", "%strcat(a,b)", "%strlen('ab')", "%substr('ab',1)",
        "%num(5,2,16)", "%tok('a')", "%count(a,b)", "%isdef(x)", "%abs(-1)", "%hex(1)", "%map(m,1)", "%null()",
    ];

    private static readonly long[] Interesting =
    [
        0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000, 0x7fffffffffffffff, long.MinValue, 40, 64, 0x40, 0x1000,
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "255", "256", "65536", "4294967295", "4294967296", "1000000000", "4000000000", "9223372036854775807",
        "18446744073709551616", "99999999999999999999999", "0x8000000000000000", "1e4932", "0.5", "1_000", "0q777", "0b2",
    ];

    public byte[] Next()
    {
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        int count = 1 + random.Next(random.Next(2) == 0 ? 2 : 8);
        for (int i = 0; i < count; i++) Mutate(data);
        if (data.Count > 1 << 20) data.RemoveRange(1 << 20, data.Count - (1 << 20));
        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        int kinds = text ? 14 : 10;
        switch (random.Next(kinds))
        {
            case 0:
                if (data.Count > 0) data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                if (data.Count > 0) data[random.Next(data.Count)] = (byte)Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                if (data.Count > 0)
                {
                    int start = random.Next(data.Count);
                    data.RemoveRange(start, random.Next(Math.Min(data.Count - start, 64) + 1));
                }
                break;
            case 3:
                {
                    var bytes = new byte[1 + random.Next(16)];
                    random.NextBytes(bytes);
                    data.InsertRange(random.Next(data.Count + 1), bytes);
                }
                break;
            case 4:
                if (data.Count > 0)
                {
                    int start = random.Next(data.Count);
                    int length = random.Next(Math.Min(data.Count - start, 256) + 1);
                    var chunk = data.GetRange(start, length);
                    data.InsertRange(random.Next(data.Count + 1), chunk);
                }
                break;
            case 5:
            case 6:
                {
                    // A little-endian integer field: the ELF/ar headers' offsets, sizes, counts and indices.
                    int width = 1 << (1 + random.Next(3));
                    if (data.Count < width) break;
                    int at = random.Next(data.Count - width + 1);
                    if (!text && random.Next(2) == 0) at &= ~(width - 1);
                    long value = Interesting[random.Next(Interesting.Length)];
                    if (random.Next(4) == 0) value += random.Next(-8, 9);
                    Span<byte> field = stackalloc byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(field, value);
                    for (int k = 0; k < width; k++) data[at + k] = field[k];
                }
                break;
            case 7:
                {
                    // Splice: our head, another entry's tail.
                    var other = corpus[random.Next(corpus.Count)];
                    int cut = random.Next(data.Count + 1);
                    int from = random.Next(other.Length + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    data.AddRange(other.AsSpan(from).ToArray());
                }
                break;
            case 8:
                if (data.Count > 0)
                {
                    int at = random.Next(data.Count);
                    data[at] = (byte)(data[at] + random.Next(-4, 5));
                }
                break;
            case 9:
                if (data.Count > 1)
                {
                    int a = random.Next(data.Count), b = random.Next(data.Count);
                    (data[a], data[b]) = (data[b], data[a]);
                }
                break;
            case 10:
            case 11:
                Insert(data, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]), atLineStart: random.Next(2) == 0);
                break;
            case 12:
                {
                    // A whole line of another entry.
                    var other = corpus[random.Next(corpus.Count)];
                    var lines = Encoding.UTF8.GetString(other).Split('\n');
                    Insert(data, Encoding.UTF8.GetBytes(lines[random.Next(lines.Length)] + "\n"), atLineStart: true);
                }
                break;
            default:
                ReplaceNumber(data);
                break;
        }
    }

    private void Insert(List<byte> data, byte[] bytes, bool atLineStart)
    {
        int at = random.Next(data.Count + 1);
        if (atLineStart)
        {
            while (at > 0 && data[at - 1] != '\n') at--;
        }
        data.InsertRange(at, bytes);
    }

    private void ReplaceNumber(List<byte> data)
    {
        if (data.Count == 0) return;
        int at = random.Next(data.Count);
        int start = -1;
        for (int k = 0; k < data.Count; k++)
        {
            int i = (at + k) % data.Count;
            if (data[i] is >= (byte)'0' and <= (byte)'9') { start = i; break; }
        }
        var number = Encoding.ASCII.GetBytes(Numbers[random.Next(Numbers.Length)]);
        if (start < 0) { data.InsertRange(at, number); return; }
        int end = start;
        while (end < data.Count && (char.IsAsciiLetterOrDigit((char)data[end]) || data[end] == '_')) end++;
        data.RemoveRange(start, end - start);
        data.InsertRange(start, number);
    }
}
