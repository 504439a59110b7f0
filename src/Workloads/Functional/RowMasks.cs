using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimSim.Workloads.Functional;

/// <summary>
/// A layer's 1-bit cells by row: per row block, each row's set cells over every crossbar of the block as one bit string
/// (crossbar b's column i at bit offset_b + i, offset_b the padded columns of the crossbars before it). The columns a read
/// reaches (a non-zero partial sum) are then the union of its driven rows' strings: for a read that drives few rows,
/// far less work than testing every column against the read's input words (<see cref="PopcountKernels.NonZeroColumns"/>).
/// Built once per set of cell planes and kept as long as they live (cached planes serve many compiles).
/// </summary>
internal sealed class RowMasks
{
    private static readonly ConditionalWeakTable<ulong[][][], RowMasks> Built = new();
    private readonly ulong[][] _rows;
    /// <summary>Per row block, the union of every row's string (the columns any read can reach), and its set bits per
    /// chunk of <see cref="ChunkWords"/> words.</summary>
    private readonly ulong[][] _all;
    private readonly int[][] _allCount;

    /// <summary>Words of one row's string in row block rb (a multiple of <see cref="ChunkWords"/>).</summary>
    public int[] Words { get; }

    /// <summary>Words <see cref="ReachedColumns"/> ORs at once: one 512-bit vector (two 256-bit ones without AVX-512).</summary>
    private const int ChunkWords = 8;

    /// <summary>Most rows of a row block: the length <see cref="ReachedColumns"/>' row scratch needs.</summary>
    public int MaxRows { get; }

    private RowMasks(CrossbarGeometry g, ulong[][][] cells)
    {
        if (g.CellBits != 1) throw new ArgumentException("row masks need 1-bit cells", nameof(g));
        int wpb = g.WordsPerBlock;
        Words = new int[g.RowBlocks];
        _rows = new ulong[g.RowBlocks][];
        _all = new ulong[g.RowBlocks][];
        _allCount = new int[g.RowBlocks][];
        MaxRows = g.RowCount.Max();
        for (int rb = 0; rb < g.RowBlocks; rb++)
        {
            int bits = 0;
            for (int b = 0; b < g.CrossbarsInRowBlock; b++) { var (c0, c1) = g.Block(rb, b); bits += WeightPlanes.Padded(c1 - c0); }
            int words = Words[rb] = (bits + 64 * ChunkWords - 1) / (64 * ChunkWords) * ChunkWords;
            var rows = _rows[rb] = new ulong[g.RowCount[rb] * words];
            var bytes = MemoryMarshal.AsBytes(rows.AsSpan());
            int offset = 0; // in bits, a multiple of 8
            for (int b = 0; b < g.CrossbarsInRowBlock; b++)
            {
                var (c0, c1) = g.Block(rb, b);
                int padded = WeightPlanes.Padded(c1 - c0);
                var xbar = cells[rb][b];
                // Each group of 8 columns and 64-row word: row r's 8 cells make one byte of row r's string.
                for (int group = 0; group < padded / 8; group++)
                    for (int w = 0; w < wpb; w++)
                    {
                        int at = WeightPlanes.Index(group * 8, 0, w, 1, wpb);
                        for (int j = 0; j < 8; j++) // rows 8j .. 8j + 7: an 8 × 8 bit block, transposed
                        {
                            ulong m = 0;
                            for (int k = 0; k < 8; k++) m |= ((xbar[at + k] >> (8 * j)) & 0xFF) << (8 * k);
                            if (m == 0) continue;
                            m = Transpose8(m);
                            for (; m != 0; m &= ~(0xFFUL << (BitOperations.TrailingZeroCount(m) & ~7))) // rows past the block's have no cells
                            {
                                int i = BitOperations.TrailingZeroCount(m) >> 3;
                                bytes[(w * 64 + 8 * j + i) * words * 8 + (offset >> 3) + group] = (byte)(m >> (8 * i));
                            }
                        }
                    }
                offset += padded;
            }
            var all = _all[rb] = new ulong[words];
            for (int r = 0; r < g.RowCount[rb]; r++)
                for (int k = 0; k < words; k++) all[k] |= rows[r * words + k];
            var counts = _allCount[rb] = new int[words / ChunkWords];
            for (int k = 0; k < words; k++) counts[k / ChunkWords] += BitOperations.PopCount(all[k]);
        }
    }

    /// <summary>An 8 × 8 bit matrix (byte i = row i, bit j = column j) transposed (Hacker's Delight §7-3).</summary>
    private static ulong Transpose8(ulong x)
    {
        ulong t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        return x ^ t ^ (t << 28);
    }

    /// <summary>The row masks of <paramref name="cells"/> (1-bit cells laid out for <paramref name="g"/>), built on first use.</summary>
    public static RowMasks Of(CrossbarGeometry g, ulong[][][] cells) => Built.GetValue(cells, c => new RowMasks(g, c));

    /// <summary>
    /// The columns of row block <paramref name="rb"/> that a read with input words <paramref name="xs"/> reaches: the
    /// set bits of the union of its driven rows' strings, <see cref="ChunkWords"/> words at a time in registers
    /// (<paramref name="rowScratch"/>: at least <see cref="MaxRows"/> ints). Every few rows a chunk's union is compared
    /// with the block's whole union there: once it holds every column any row can reach (with random weights, after a
    /// dozen rows or so), the rows left cannot add one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ReachedColumns(int rb, ReadOnlySpan<ulong> xs, Span<int> rowScratch)
    {
        int words = Words[rb], n = 0;
        for (int w = 0; w < xs.Length; w++)
            for (ulong left = xs[w]; left != 0; left &= left - 1)
                rowScratch[n++] = (w * 64 + BitOperations.TrailingZeroCount(left)) * words;
        ref int at = ref MemoryMarshal.GetReference(rowScratch);
        ref ulong rows = ref MemoryMarshal.GetArrayDataReference(_rows[rb]);
        ref ulong all = ref MemoryMarshal.GetArrayDataReference(_all[rb]);
        var chunkCounts = _allCount[rb];
        int count = 0;
        for (int k = 0, c = 0; k < words; k += ChunkWords, c++)
        {
            if (Avx512F.IsSupported) // not Vector512.IsHardwareAccelerated: see PopcountKernels.NonZeroColumns
            {
                var whole = Vector512.LoadUnsafe(ref all, (nuint)k);
                var a = Vector512<ulong>.Zero;
                int i = 0;
                for (; i < n; i++)
                {
                    a |= Vector512.LoadUnsafe(ref rows, (nuint)(Unsafe.Add(ref at, i) + k));
                    if ((i & (RowsPerCheck - 1)) == RowsPerCheck - 1 && a == whole) break;
                }
                count += i < n ? chunkCounts[c] : PopCount(a.GetLower()) + PopCount(a.GetUpper());
            }
            else
            {
                var wholeLo = Vector256.LoadUnsafe(ref all, (nuint)k);
                var wholeHi = Vector256.LoadUnsafe(ref all, (nuint)k + 4);
                Vector256<ulong> lo = default, hi = default;
                int i = 0;
                for (; i < n; i++)
                {
                    int r = Unsafe.Add(ref at, i) + k;
                    lo |= Vector256.LoadUnsafe(ref rows, (nuint)r);
                    hi |= Vector256.LoadUnsafe(ref rows, (nuint)r + 4);
                    if ((i & (RowsPerCheck - 1)) == RowsPerCheck - 1 && lo == wholeLo && hi == wholeHi) break;
                }
                count += i < n ? chunkCounts[c] : PopCount(lo) + PopCount(hi);
            }
        }
        return count;
    }

    private static int PopCount(Vector256<ulong> v) =>
        BitOperations.PopCount(v.GetElement(0)) + BitOperations.PopCount(v.GetElement(1))
        + BitOperations.PopCount(v.GetElement(2)) + BitOperations.PopCount(v.GetElement(3));

    /// <summary>Rows ORed between two comparisons with the whole union (a power of 2; a comparison costs about one row).</summary>
    private const int RowsPerCheck = 4;
}
