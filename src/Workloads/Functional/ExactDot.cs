using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Exact integer dot products of one row block's inputs (at most 8 bits, widened to shorts) with one output's int8
/// weights: the exact sums of an ADC layer without its bit-serial reads (<see cref="PartialSumEngine"/>). Pairs of
/// products are added in 32-bit lanes (VPMADDWD); a lane gains at most 2 · 255 · 128 per 32 rows, so a layer of up to
/// 2^20 rows stays below 2^31 (the engine takes this path only then).
/// </summary>
internal static class ExactDot
{
    /// <summary>The inputs <paramref name="bytes"/> as shorts into <paramref name="x16"/> (the same length).</summary>
    public static void Widen(ReadOnlySpan<byte> bytes, Span<short> x16)
    {
        if (x16.Length < bytes.Length) throw new ArgumentException("destination shorter than the inputs", nameof(x16));
        for (int i = 0; i < bytes.Length; i++) x16[i] = bytes[i];
    }

    /// <summary>Lanes of one output's running sum (<see cref="Accumulate"/>): one 512-bit vector of ints.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// For each output o &lt; <paramref name="outputs"/>, adds x16[i] · w[o · <paramref name="stride"/> + i] over
    /// i &lt; <paramref name="count"/> into the <see cref="Lanes"/> ints of lanes[o · Lanes ..] (their total is the running
    /// dot product: <see cref="Total"/>). Every lane holds sums of pairs of products, so a lane gains at most 2 · 255 · 128
    /// per 32 rows. <paramref name="x16"/> must be zero from <paramref name="count"/> to the next multiple of 32; an
    /// output's weights are read that far when the span holds them (they meet zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<short> x16, ReadOnlySpan<sbyte> w, int stride, int count, Span<int> lanes, int outputs)
    {
        if (outputs < 1) return;
        int last = (outputs - 1) * stride;
        int whole = Math.Min((count + 31) & ~31, (w.Length - last) & ~31);
        if (x16.Length < Math.Max(count, whole) || w.Length < last + count || lanes.Length < outputs * Lanes)
            throw new ArgumentException("fewer inputs, weights or lanes than the count");
        ref short x = ref MemoryMarshal.GetReference(x16);
        ref sbyte w0 = ref MemoryMarshal.GetReference(w);
        ref int acc0 = ref MemoryMarshal.GetReference(lanes);
        int o = 0;
        if (Avx512BW.IsSupported)
            for (; o + 4 <= outputs; o += 4) // four outputs per input load
            {
                ref sbyte wr = ref Unsafe.Add(ref w0, o * stride);
                ref int acc = ref Unsafe.Add(ref acc0, o * Lanes);
                var a0 = Vector512.LoadUnsafe(ref acc);
                var a1 = Vector512.LoadUnsafe(ref acc, Lanes);
                var a2 = Vector512.LoadUnsafe(ref acc, 2 * Lanes);
                var a3 = Vector512.LoadUnsafe(ref acc, 3 * Lanes);
                nuint s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1;
                int i = 0;
                for (; i < whole; i += 32)
                {
                    var xi = Vector512.LoadUnsafe(ref x, (nuint)i);
                    a0 += Avx512BW.MultiplyAddAdjacent(xi, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i)));
                    a1 += Avx512BW.MultiplyAddAdjacent(xi, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i + s1)));
                    a2 += Avx512BW.MultiplyAddAdjacent(xi, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i + s2)));
                    a3 += Avx512BW.MultiplyAddAdjacent(xi, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i + s3)));
                }
                a0.StoreUnsafe(ref acc);
                a1.StoreUnsafe(ref acc, Lanes);
                a2.StoreUnsafe(ref acc, 2 * Lanes);
                a3.StoreUnsafe(ref acc, 3 * Lanes);
                for (int k = 0; k < 4; k++)
                {
                    int tail = 0;
                    for (int j = i; j < count; j++) tail += Unsafe.Add(ref x, j) * Unsafe.Add(ref wr, k * stride + j);
                    Unsafe.Add(ref acc, k * Lanes) += tail;
                }
            }
        for (; o < outputs; o++)
        {
            ref sbyte wr = ref Unsafe.Add(ref w0, o * stride);
            ref int acc = ref Unsafe.Add(ref acc0, o * Lanes);
            int i = 0;
            if (Avx512BW.IsSupported)
            {
                var a = Vector512.LoadUnsafe(ref acc);
                for (; i < whole; i += 32)
                    a += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, (nuint)i),
                        Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i)));
                a.StoreUnsafe(ref acc);
            }
            else if (Avx2.IsSupported)
            {
                var a0 = Vector256.LoadUnsafe(ref acc);
                var a1 = Vector256.LoadUnsafe(ref acc, 8);
                for (; i < whole; i += 32)
                {
                    a0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref x, (nuint)i), Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wr, (nuint)i)));
                    a1 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref x, (nuint)(i + 16)), Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wr, (nuint)(i + 16))));
                }
                a0.StoreUnsafe(ref acc);
                a1.StoreUnsafe(ref acc, 8);
            }
            int tail = 0;
            for (; i < count; i++) tail += Unsafe.Add(ref x, i) * Unsafe.Add(ref wr, i);
            acc += tail;
        }
    }

    /// <summary>
    /// Every output's exact sum for input vectors [<paramref name="v0"/>, <paramref name="v1"/>) of each of
    /// <paramref name="images"/> (inputs of one layer): <paramref name="sums"/>[i][o · n + v − v0] = Σ_row x_v[row] · w[o, row]
    /// for image i (n = v1 − v0), with <paramref name="weights"/> laid out
    /// per output over the padded rows of <see cref="CrossbarGeometry.PackInputs"/>'s bytes (row block rb's row r at
    /// rb · WordsPerBlock · 64 + r, 0 past a block's rows; <see cref="PaddedRows"/> per output). Needs each image's byte map
    /// (inputs of at most 8 bits) and at most 2^20 padded rows. Images go in groups whose inputs take ≈ 256 kB as shorts;
    /// within a group, outputs go 16 at a time over every vector, so their weights are read once per group from memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LayerSums(CrossbarGeometry g, IReadOnlyList<InputImage> images, int v0, int v1, ReadOnlySpan<sbyte> weights, int[][] sums, LayerScratch scratch)
    {
        int rp = PaddedRows(g), V = v1 - v0, C = g.Outputs;
        if (rp > 1 << 20 || weights.Length < C * rp || sums.Length < images.Count || v0 < 0 || v1 > g.Vectors || V < 0)
            throw new ArgumentException("weights, vectors or sums do not fit the layer");
        scratch.For(g);
        int perGroup = Math.Max(1, GroupBytes / Math.Max(1, 2 * V * rp));
        const int block = 16;
        Span<int> lanes = stackalloc int[block * Lanes];
        for (int first = 0; first < images.Count; first += perGroup)
        {
            int n = Math.Min(perGroup, images.Count - first);
            var x16 = scratch.Inputs(n * V * rp);
            for (int i = 0; i < n; i++)
            {
                var image = images[first + i];
                if (image.Padded is null) throw new ArgumentException("the exact sums need the inputs' byte map (at most 8 bits)", nameof(images));
                if (sums[first + i].Length < C * V) throw new ArgumentException("sums do not fit the layer", nameof(sums));
                for (int v = 0; v < V; v++)
                {
                    var bytes = scratch.Bytes.AsSpan(0, rp);
                    g.PackInputs(image, v0 + v, 0, g.RowBlocks, [], scratch.RowSums, bytes);
                    Widen(bytes, x16.Slice((i * V + v) * rp, rp));
                }
            }
            for (int o0 = 0; o0 < C; o0 += block)
            {
                int outs = Math.Min(block, C - o0);
                for (int iv = 0; iv < n * V; iv++)
                {
                    lanes.Clear();
                    Accumulate(x16.Slice(iv * rp, rp), weights[(o0 * rp)..], rp, rp, lanes, outs);
                    var to = sums[first + iv / V];
                    for (int o = 0; o < outs; o++) to[(o0 + o) * V + iv % V] = checked((int)Total(lanes.Slice(o * Lanes, Lanes)));
                }
            }
        }
    }

    /// <summary>Bytes of a group of <see cref="LayerSums"/>' inputs as shorts: a quarter of a 1 MB L2 cache.</summary>
    private const int GroupBytes = 256 << 10;

    /// <summary>
    /// Whether <see cref="LayerSums"/> is worth its padded rows and gathered inputs for several vectors of this layer: when
    /// the layer's weights (one byte per output and padded row) exceed a 64 kB L1 data cache, reading them once per vector
    /// costs more (assumption: Cascade Lake's 32 kB L1 per core, doubled for the inputs' and outputs' share).
    /// </summary>
    public static bool Batches(CrossbarGeometry g) => (long)g.Outputs * PaddedRows(g) >= 64 << 10;

    /// <summary>Rows per output of <see cref="LayerSums"/>'s weights: every row block padded to its 64-row words.</summary>
    public static int PaddedRows(CrossbarGeometry g) => g.RowBlocks * g.WordsPerBlock * 64;

    /// <summary><see cref="LayerSums"/>' buffers, grown as needed (one per thread).</summary>
    public sealed class LayerScratch
    {
        private short[] _inputs = [];
        public long[] RowSums = [];
        public byte[] Bytes = [];

        public LayerScratch For(CrossbarGeometry g)
        {
            if (RowSums.Length < g.RowBlocks) RowSums = new long[g.RowBlocks];
            if (Bytes.Length < PaddedRows(g)) Bytes = new byte[PaddedRows(g)];
            return this;
        }

        public Span<short> Inputs(int n)
        {
            if (_inputs.Length < n) _inputs = new short[n];
            return _inputs.AsSpan(0, n);
        }
    }

    /// <summary>The dot product held in <paramref name="lanes"/> (<see cref="Accumulate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Total(ReadOnlySpan<int> lanes)
    {
        if (lanes.Length < Lanes) throw new ArgumentException("fewer than Lanes ints", nameof(lanes));
        if (!Vector256.IsHardwareAccelerated)
        {
            long sum = 0;
            foreach (int v in lanes[..Lanes]) sum += v;
            return sum;
        }
        ref int l = ref MemoryMarshal.GetReference(lanes);
        var (a, b) = Vector256.Widen(Vector256.LoadUnsafe(ref l));
        var (c, d) = Vector256.Widen(Vector256.LoadUnsafe(ref l, 8));
        return Vector256.Sum(a + b + c + d); // in longs: 16 ints cannot overflow them
    }
}
