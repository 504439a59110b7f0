using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CimSim.Workloads.Quantization;

namespace CimSim.Workloads.Functional;

/// <summary>
/// The cells of every crossbar as bit planes, one array per crossbar [row block][block in the row block].
/// Columns are in block-local order (<see cref="CrossbarGeometry.LocalColumn"/>) and grouped by 8: the plane
/// for cell bit b, word w of column i is at <c>((i / 8) · cellBits · words + b · words + w) · 8 + i % 8</c>, and
/// bit r of that 64-bit word is bit b of the cell in row 64·w + r of the crossbar. A partial sum is then
/// Σ_b 2^b · Σ_w popcount(inputWord_w AND plane) — and 8 columns' planes for one word load as one vector.
/// </summary>
internal static class WeightPlanes
{
    /// <summary>Padded column count of a crossbar whose block has <paramref name="columns"/> physical columns.</summary>
    public static int Padded(int columns) => (columns + 7) & ~7;

    /// <summary>Index of (column i, cell bit b, word w) in a crossbar's planes.</summary>
    public static int Index(int i, int b, int w, int cellBits, int words) => ((i >> 3) * cellBits * words + b * words + w) * 8 + (i & 7);

    /// <summary>Builds every crossbar's planes, in parallel over row blocks.</summary>
    public static ulong[][][] Build(CrossbarGeometry g, WeightCodes weights, ParallelOptions parallel)
    {
        var planes = new ulong[g.RowBlocks][][];
        int perWeight = g.Encoding.ColumnsPerWeight;
        Parallel.For(0, g.RowBlocks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rb) =>
        {
            int c = g.CellBits, wpb = g.WordsPerBlock, p0 = g.ColStart[rb], pc = g.ColCount[rb];
            int rows = g.RowCount[rb], bits = g.Encoding.SlicedBits;
            var xbars = planes[rb] = new ulong[g.CrossbarsInRowBlock][];
            var blockOf = new int[pc];
            var localOf = new int[pc];
            for (int b = 0; b < xbars.Length; b++)
            {
                var (c0, c1) = g.Block(rb, b);
                xbars[b] = new ulong[Padded(c1 - c0) * c * wpb];
                for (int m = c0; m < c1; m++)
                {
                    blockOf[m - p0] = b;
                    localOf[m - p0] = g.LocalColumn(rb, m);
                }
            }
            var values = new int[64];
            bool diff = g.Polarity == 2;
            int offset = diff ? 0 : 1 << (g.Encoding.WeightBits - 1);
            int oFirst = p0 / perWeight, oLast = (p0 + pc - 1) / perWeight;
            for (int o = oFirst; o <= oLast; o++)
                for (int word = 0; word < wpb; word++)
                {
                    int r0 = g.RowStart[rb] + word * 64, n = Math.Min(64, rows - word * 64);
                    if (n <= 0) break; // a short row block leaves its last words empty
                    if (g.Diagonal) for (int i = 0; i < n; i++) values[i] = g.Weight(weights, o, r0 + i);
                    else weights.CopyTo((long)o * g.Rows + r0, values.AsSpan(0, n));
                    values.AsSpan(n).Clear();
                    ulong neg = diff ? SignBits(values) : 0;
                    // Cells hold |w| (differential) or w + 2^(B−1) (offset); rows past the crossbar's last hold nothing.
                    for (int i = 0; i < n; i++) values[i] = diff ? Math.Abs(values[i]) : values[i] + offset;
                    for (int b = 0; b < bits; b++)
                    {
                        ulong mask = Gather(values, b);
                        if (mask == 0) continue;
                        int j = b / c, cb = b - j * c;
                        int m = (o * g.Slices + j) * g.Polarity - p0;
                        for (int pol = 0; pol < g.Polarity; pol++)
                        {
                            if (m + pol < 0 || m + pol >= pc) continue; // a weight's slices may straddle blocks, never row blocks
                            ulong bitsHere = !diff ? mask : pol == 0 ? mask & ~neg : mask & neg;
                            xbars[blockOf[m + pol]][Index(localOf[m + pol], cb, word, c, wpb)] = bitsHere;
                        }
                    }
                }
        });
        return planes;
    }

    /// <summary>Bit i of the result is bit <paramref name="bit"/> of <paramref name="v"/>[i], for 64 values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Gather(int[] v, int bit)
    {
        ulong r = 0;
        int shift = 31 - bit;
        for (int i = 0; i < 8; i++)
            r |= (ulong)Vector256.ShiftLeft(Vector256.Create(v, i * 8), shift).ExtractMostSignificantBits() << (8 * i);
        return r;
    }

    /// <summary>Bit i of the result is set when <paramref name="v"/>[i] is negative, for 64 values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong SignBits(int[] v)
    {
        ulong r = 0;
        for (int i = 0; i < 8; i++) r |= (ulong)Vector256.Create(v, i * 8).ExtractMostSignificantBits() << (8 * i);
        return r;
    }
}
