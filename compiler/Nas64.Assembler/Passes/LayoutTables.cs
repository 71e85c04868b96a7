using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>
    /// A statement's size for the layout passes and the mode it holds for, in 4 bytes (one per statement: a large
    /// program has hundreds of thousands): the size shifted left by 2, or'ed with 1, 2 or 3 for 16-, 32- or 64-bit code;
    /// 0 while the statement must be processed. A size past <see cref="MaxSize"/> is not kept (the statement is then
    /// processed each pass, which gives the same layout).
    /// </summary>
    internal readonly struct LayoutSize
    {
        public const int MaxSize = int.MaxValue >> 2;

        private readonly int _packed;

        /// <param name="size">The size, or -1 to process the statement.</param>
        public LayoutSize(int size, int bits)
        {
            int mode = bits switch { 16 => 1, 32 => 2, 64 => 3, _ => 0 };
            _packed = size is >= 0 and <= MaxSize && mode != 0 ? size << 2 | mode : 0;
        }

        /// <summary>The size, -1 when the statement must be processed.</summary>
        public int Size => _packed == 0 ? -1 : _packed >> 2;

        /// <summary>The mode the size holds for (16, 32 or 64), 0 when there is no size.</summary>
        public int Bits => (_packed & 3) switch { 1 => 16, 2 => 32, 3 => 64, _ => 0 };

        public void Deconstruct(out int size, out int bits)
        {
            size = Size;
            bits = Bits;
        }
    }

    /// <summary>
    /// Which label statements a layout pass defines without visiting them (their symbol is known from an earlier pass):
    /// a bit per statement, the symbol being the statement's <see cref="LabelStatement.Binding"/>, which no longer
    /// changes once the bit is set (the statement is not processed again before the emitting pass).
    /// </summary>
    internal sealed class LaidOutLabels(List<Statement> statements, int count)
    {
        private ulong[] _bits = new ulong[(count + 63) / 64];

        /// <summary>Makes room for statements [0, <paramref name="count"/>) (a first pass catching up with the parser
        /// meets them as they are parsed).</summary>
        public void EnsureCapacity(int count)
        {
            if (count > 64 * _bits.Length) Array.Resize(ref _bits, Math.Max(2 * _bits.Length, (count + 63) / 64));
        }

        public AssemblySymbol? this[int index]
        {
            get => (_bits[index >> 6] & (1UL << index)) != 0 ? (AssemblySymbol)((LabelStatement)statements[index]).Binding! : null;
            set
            {
                System.Diagnostics.Debug.Assert(value is not null && ReferenceEquals(((LabelStatement)statements[index]).Binding, value));
                _bits[index >> 6] |= 1UL << index;
            }
        }
    }
}
