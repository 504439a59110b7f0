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

    /// <summary>The length the row scratch of <see cref="ReachedColumns"/> and <see cref="ClippedExcess"/> needs: a row
    /// block's most rows, rounded up to 16.</summary>
    public int MaxRows { get; }

    /// <summary>
    /// Per row block, the output each byte of a row string belongs to (−1: padding), when every output's 8 columns fill
    /// one byte in weight-bit order — offset columns, 8-bit weights, crossbars of whole bytes; else null, and
    /// <see cref="ClippedExcess"/> does not apply.
    /// </summary>
    private readonly int[][]? _byteOutput;

    /// <summary>Whether <see cref="ClippedExcess"/> applies to this layer (see <see cref="_byteOutput"/>; an AVX-512BW machine).</summary>
    public bool CountsClipping => _byteOutput is not null;

    private RowMasks(CrossbarGeometry g, ulong[][][] cells)
    {
        if (g.CellBits != 1) throw new ArgumentException("row masks need 1-bit cells", nameof(g));
        int wpb = g.WordsPerBlock;
        Words = new int[g.RowBlocks];
        _rows = new ulong[g.RowBlocks][];
        _all = new ulong[g.RowBlocks][];
        _allCount = new int[g.RowBlocks][];
        MaxRows = (g.RowCount.Max() + 15) & ~15;
        for (int rb = 0; rb < g.RowBlocks; rb++)
        {
            int bits = 0;
            for (int b = 0; b < g.CrossbarsInRowBlock; b++) { var (c0, c1) = g.Block(rb, b); bits += WeightPlanes.Padded(c1 - c0); }
            int words = Words[rb] = (bits + 64 * ChunkWords - 1) / (64 * ChunkWords) * ChunkWords;
            var rows = _rows[rb] = new ulong[(g.RowCount[rb] + 1) * words]; // and a row of no cells, ClippedExcess's padding
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
        _byteOutput = ByteOutputs(g);
    }

    private static int[][]? ByteOutputs(CrossbarGeometry g)
    {
        if (g.Polarity != 1 || g.Slices != 8 || g.Diagonal || !Avx512BW.IsSupported || g.RowCount.Max() > 255) return null;
        var map = new int[g.RowBlocks][];
        for (int rb = 0; rb < g.RowBlocks; rb++)
        {
            var list = new List<int>();
            for (int b = 0; b < g.CrossbarsInRowBlock; b++)
            {
                var (c0, c1) = g.Block(rb, b);
                if (c0 % 8 != 0 || (c1 - c0) % 8 != 0) return null;
                int padded = WeightPlanes.Padded(c1 - c0);
                for (int q = 0; q < padded / 8; q++) list.Add(8 * q < c1 - c0 ? (c0 + 8 * q) / 8 : -1);
            }
            map[rb] = [.. list];
        }
        return map;
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
        int words = Words[rb], n = DrivenRows(xs, words, rowScratch);
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

    /// <summary>
    /// For a read of row block <paramref name="rb"/> whose driven rows (<paramref name="xs"/>) outnumber a unit-LSB
    /// ADC's top code <paramref name="amax"/> (<see cref="CountsClipping"/> layers): every column's partial sum counted
    /// at once in bit-sliced form — per 512 columns, counter planes that each driven row's string is added to — then what
    /// clipping takes off, (ps − amax)⁺, summed per output with its column's significance 2^j and shifted by
    /// <paramref name="shift"/> into <paramref name="excess"/> (per output). Returns the non-zero and the clipped
    /// conversions: the integers <see cref="PopcountKernels.OneBitOffsetExcess"/> gives crossbar by crossbar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int NonZero, int Clipped) ClippedExcess(int rb, ReadOnlySpan<ulong> xs, int amax, Span<int> rowScratch, Span<long> excess, int shift)
    {
        var map = _byteOutput?[rb] ?? throw new InvalidOperationException("this layer's outputs do not fill whole bytes");
        int words = Words[rb], n = DrivenRows(xs, words, rowScratch);
        int planesUsed = 32 - BitOperations.LeadingZeroCount((uint)n); // a partial sum is at most n
        for (int i = n; i < ((n + 15) & ~15); i++) rowScratch[i] = _rows[rb].Length - words; // the row of no cells
        ref int at = ref MemoryMarshal.GetReference(rowScratch);
        ref ulong rows = ref MemoryMarshal.GetArrayDataReference(_rows[rb]);
        Span<Vector512<ulong>> planes = stackalloc Vector512<ulong>[8];
        Span<ushort> perByte = stackalloc ushort[64];
        int nonZero = 0, clipped = 0;
        for (int k = 0; k < words; k += ChunkWords)
        {
            // Harley–Seal: carry-save adders take the rows 16 at a time into the counts' low four planes; each group's
            // sixteens then ripple into the high four (a count is below 2^8).
            Vector512<ulong> ones = default, twos = default, fours = default, eights = default, p4 = default, p5 = default, p6 = default, p7 = default;
            for (int i = 0; i < n; i += 16)
            {
                var twosA = Csa(ref ones, Row(ref rows, ref at, i + 0, k), Row(ref rows, ref at, i + 1, k));
                var twosB = Csa(ref ones, Row(ref rows, ref at, i + 2, k), Row(ref rows, ref at, i + 3, k));
                var foursA = Csa(ref twos, twosA, twosB);
                twosA = Csa(ref ones, Row(ref rows, ref at, i + 4, k), Row(ref rows, ref at, i + 5, k));
                twosB = Csa(ref ones, Row(ref rows, ref at, i + 6, k), Row(ref rows, ref at, i + 7, k));
                var foursB = Csa(ref twos, twosA, twosB);
                var eightsA = Csa(ref fours, foursA, foursB);
                twosA = Csa(ref ones, Row(ref rows, ref at, i + 8, k), Row(ref rows, ref at, i + 9, k));
                twosB = Csa(ref ones, Row(ref rows, ref at, i + 10, k), Row(ref rows, ref at, i + 11, k));
                foursA = Csa(ref twos, twosA, twosB);
                twosA = Csa(ref ones, Row(ref rows, ref at, i + 12, k), Row(ref rows, ref at, i + 13, k));
                twosB = Csa(ref ones, Row(ref rows, ref at, i + 14, k), Row(ref rows, ref at, i + 15, k));
                foursB = Csa(ref twos, twosA, twosB);
                var eightsB = Csa(ref fours, foursA, foursB);
                var carry = Csa(ref eights, eightsA, eightsB);
                var t = p4 & carry; p4 ^= carry; carry = t;
                t = p5 & carry; p5 ^= carry; carry = t;
                t = p6 & carry; p6 ^= carry; carry = t;
                p7 ^= carry;
            }
            planes[0] = ones; planes[1] = twos; planes[2] = fours; planes[3] = eights;
            planes[4] = p4; planes[5] = p5; planes[6] = p6; planes[7] = p7;
            // Non-zero: any plane set; clipped: count > amax, compared plane by plane from the top.
            Vector512<ulong> any = default, over = default, equal = Vector512<ulong>.AllBitsSet;
            for (int p = planesUsed - 1; p >= 0; p--)
            {
                any |= planes[p];
                if ((amax >> p & 1) == 0) { over |= equal & planes[p]; equal &= ~planes[p]; }
                else equal &= planes[p];
            }
            nonZero += PopCount(any.GetLower()) + PopCount(any.GetUpper());
            if (over == Vector512<ulong>.Zero) continue;
            clipped += PopCount(over.GetLower()) + PopCount(over.GetUpper());
            // Per byte (one output, bit j = its column of significance 2^j): Σ_p 2^p·byte(plane_p ∧ over) − amax·byte(over),
            // at most 255·255 in 16 bits.
            var (lo, hi) = Vector512.Widen(over.AsByte());
            var eLo = -(lo * (ushort)amax);
            var eHi = -(hi * (ushort)amax);
            for (int p = 0; p < planesUsed; p++)
            {
                var (pl, ph) = Vector512.Widen((planes[p] & over).AsByte());
                eLo += pl << p;
                eHi += ph << p;
            }
            eLo.StoreUnsafe(ref MemoryMarshal.GetReference(perByte));
            eHi.StoreUnsafe(ref MemoryMarshal.GetReference(perByte), 32);
            for (ulong bytes = (~Vector512.Equals(over.AsByte(), Vector512<byte>.Zero)).ExtractMostSignificantBits(); bytes != 0; bytes &= bytes - 1)
            {
                int q = BitOperations.TrailingZeroCount(bytes);
                excess[map[k * 8 + q]] += (long)perByte[q] << shift;
            }
        }
        return (nonZero, clipped);
    }

    /// <summary>Where each row a read drives (<paramref name="xs"/>' set bits) starts in its block's row strings; returns how many.</summary>
    private static int DrivenRows(ReadOnlySpan<ulong> xs, int words, Span<int> rowScratch)
    {
        int n = 0;
        for (int w = 0; w < xs.Length; w++)
            for (ulong left = xs[w]; left != 0; left &= left - 1)
                rowScratch[n++] = (w * 64 + BitOperations.TrailingZeroCount(left)) * words;
        return n;
    }

    /// <summary>Driven row <paramref name="i"/>'s string from word <paramref name="k"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Row(ref ulong rows, ref int at, int i, int k) => Vector512.LoadUnsafe(ref rows, (nuint)(Unsafe.Add(ref at, i) + k));

    /// <summary>A carry-save adder: <paramref name="sum"/> ← sum ⊕ a ⊕ b, bit by bit; returns the carries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Csa(ref Vector512<ulong> sum, Vector512<ulong> a, Vector512<ulong> b)
    {
        var u = sum ^ a;
        var carry = (sum & a) | (u & b);
        sum = u ^ b;
        return carry;
    }

    private static int PopCount(Vector256<ulong> v) =>
        BitOperations.PopCount(v.GetElement(0)) + BitOperations.PopCount(v.GetElement(1))
        + BitOperations.PopCount(v.GetElement(2)) + BitOperations.PopCount(v.GetElement(3));

    /// <summary>Rows ORed between two comparisons with the whole union (a power of 2; a comparison costs about one row).</summary>
    private const int RowsPerCheck = 4;
}
