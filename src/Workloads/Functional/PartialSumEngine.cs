using System.Runtime.CompilerServices;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Computes every crossbar partial sum of one layer on real data — per input vector, input slice, crossbar and
/// physical column — with bit-packed AND + popcount, applies the chip's readout (ADC, binary or ternary PSQ)
/// and measures what the hardware does: row activations, conversions or comparator decisions, non-zero
/// outputs per read, ADC clipping, and the SQNR of the reconstructed layer output against exact integer
/// arithmetic. See docs/COMPILER.md for the semantics.
/// <para>Work is split into chunks of input vectors (and of row blocks when a layer has few vectors) fixed by
/// the layer alone, and every cross-chunk sum is an integer sum, so results are bit-identical for any thread
/// count.</para>
/// </summary>
public static class PartialSumEngine
{
    /// <summary>Input vectors used to calibrate PSQ scale factors (evenly spaced over the layer's vectors).</summary>
    public const int CalibrationVectors = 128;

    private const int VectorChunks = 64;
    private const int RowBlockChunksForFewVectors = 16;
    private const int FewVectors = 16;

    /// <summary>Runs the layer. <paramref name="maxThreads"/> ≤ 0 uses every core.</summary>
    public static PartialSumResult Run(CrossbarLayerInput input, int maxThreads = 0)
    {
        var parallel = Threads.Options(maxThreads);
        var layer = PrepareLayer(input, parallel, input.ScaleFactors);
        var g = layer.Geometry;
        var t = input.Target;
        CheckActivations(layer, input.Activations);
        var cells = layer.Cells;
        var centreMul = layer.CentreMul;
        bool psq = t.Readout != ReadoutKind.Adc;
        int[]? codes = layer.Codes, thresholds = layer.Thresholds;
        double step = layer.Step;
        var adc = layer.Adc;
        var image = g.Image(input.Activations);
        // Cells from a cache serve many compiles: their row strings are worth building once (RowMasks), a one-off compile's are not.
        var masks = layer.Int8Weights is not null && input.Weighted is not null ? RowMasks.Of(g, cells) : null;
        if (psq && codes is null)
        {
            var sumAbs = Calibrate(g, image, cells, centreMul, parallel, adc: false, out int calVectors);
            (codes, thresholds, step) = ScaleFactors(sumAbs, calVectors, t.ScaleFactorBits);
        }
        if (layer.NeedsCalibration && !psq)
            adc = AdcTransfer.Build(AdcTransfer.LsbFor(Calibrate(g, image, cells, centreMul, parallel, adc: true, out _).Max(), t.AdcBits), t.AdcBits);
        bool scaled = psq || adc is not null;
        if (adc is not null) step = adc.Lsb;

        int V = g.Vectors, S = g.InputSlices, K = g.ReadoutColumns, C = g.Outputs;
        // Work items balance threads. One thread needs no balance: its items span every row block and FewVectors vectors,
        // whose exact sums are then computed together (ExactDot.LayerSums), each output's weights read once for them all.
        bool one = parallel.MaxDegreeOfParallelism == 1;
        int vecChunks = one ? (V + FewVectors - 1) / FewVectors : Math.Min(V, VectorChunks);
        int rbChunks = !one && V < FewVectors ? Math.Min(g.RowBlocks, RowBlockChunksForFewVectors) : 1;
        int items = vecChunks * rbChunks;
        var ideal = new long[(long)V * C];
        var hatA = scaled ? new long[(long)V * C] : [];
        var hatB2 = new long[(long)V * C];
        ushort[][]? nonZeroPerRead = null;
        if (psq)
        {
            nonZeroPerRead = new ushort[g.RowBlocks * g.CrossbarsInRowBlock][];
            for (int i = 0; i < nonZeroPerRead.Length; i++) nonZeroPerRead[i] = new ushort[(long)V * S];
        }
        var rowActs = new long[items];
        var nonZeros = new long[items];
        var clips = new long[items];
        // Readouts (ADC conversions or comparator decisions) of one read of each row block, and per item a histogram of
        // readouts by the rows the read drove (the column resistance of a read depends on it: docs/MODELS.md §7.4).
        var readoutsPerRead = new long[g.RowBlocks];
        for (int rb = 0; rb < g.RowBlocks; rb++)
            for (int b = 0; b < g.CrossbarsInRowBlock; b++)
            {
                var (s0, s1) = g.Block(rb, b);
                readoutsPerRead[rb] += psq ? (s1 - s0) / g.Polarity : s1 - s0;
            }
        var driven = new long[items][];

        // Scratch buffers are per thread (the work items a thread runs reuse them); every sum stays per item.
        Parallel.For(0, items, parallel, () => (Scratch?)null, (item, _, scratch) =>
        {
            int vc = item / rbChunks, rc = item % rbChunks;
            int v0 = (int)((long)V * vc / vecChunks), v1 = (int)((long)V * (vc + 1) / vecChunks);
            int rb0 = g.RowBlocks * rc / rbChunks, rb1 = g.RowBlocks * (rc + 1) / rbChunks;
            scratch ??= new Scratch(g);
            var w = new Worker(g, image, cells, centreMul, t, codes, thresholds, adc, nonZeroPerRead,
                ideal, hatA, hatB2, shared: rbChunks > 1, scratch) { ReadoutsPerRead = readoutsPerRead, ByDrivenRows = driven[item] = new long[t.CrossbarRows + 1], Int8Weights = layer.Int8Weights, Masks = masks };
            w.Run(v0, v1, rb0, rb1);
            rowActs[item] = w.RowActivations;
            nonZeros[item] = w.NonZero;
            clips[item] = w.Clipped;
            return scratch;
        }, _ => { });

        double signal = 0, noise = 0;
        for (long i = 0; i < ideal.Length; i++)
        {
            double r = PartialSumResult.Reconstructed(hatB2[i], scaled ? hatA[i] : 0, step);
            double y = ideal[i], e = y - r;
            signal += y * y;
            noise += e * e;
        }
        double sqnr = noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);

        var map = input.Mapping;
        long readoutPerReadSet = readoutsPerRead.Sum();
        var byDrivenRows = new long[t.CrossbarRows + 1];
        foreach (var h in driven) for (int k = 0; k < h.Length; k++) byDrivenRows[k] += h[k];
        long physicalPerReadSet = 0;
        for (int rb = 0; rb < g.RowBlocks; rb++) physicalPerReadSet += g.ColCount[rb];
        var counts = new LayerCounts(
            CrossbarReads: map.CrossbarReads,
            RowActivations: rowActs.Sum(),
            ColumnReads: (long)V * S * readoutPerReadSet,
            NonZeroOutputs: nonZeros.Sum(),
            AdcClipped: clips.Sum(),
            OutputElements: (long)V * C);
        return new PartialSumResult
        {
            Ideal = ideal, HatA = hatA, HatB2 = hatB2, Counts = counts, NonZeroPerRead = nonZeroPerRead, SqnrDb = sqnr,
            ScaleStep = step, ScaleCodes = codes, PartialSums = (long)V * S * physicalPerReadSet, ReadoutsByDrivenRows = byDrivenRows,
        };
    }

    /// <summary>
    /// Whether <see cref="Worker"/> may take a layer's exact sums from integer dot products (<see cref="Worker.RunExactDot"/>):
    /// an ADC with unit LSB over 1-bit cells driven by a 1-bit DAC, a dense layer, inputs of at most 8 bits (the worker
    /// checks that their byte map exists); its weights must then fit <see cref="PaddedInt8"/> too.
    /// </summary>
    private static bool ExactDotApplies(CrossbarGeometry g, MappingTarget t) =>
        t.Readout == ReadoutKind.Adc && t.AdcRange == AdcRange.Unit && g.CellBits == 1 && g.DacBits == 1 && !g.Diagonal && g.InputBits <= 8;

    /// <summary>
    /// The layer's weights one byte each, per output over <see cref="ExactDot.PaddedRows"/> rows (at most 2^20), for the
    /// exact sums' dot products; null when they do not fit an int8 or that layout.
    /// </summary>
    private static sbyte[]? PaddedInt8(CrossbarGeometry g, Quantization.WeightCodes weights)
    {
        int rp = ExactDot.PaddedRows(g);
        if (rp > 1 << 20 || (long)g.Outputs * rp > Array.MaxLength || !weights.Compact().IsInt8(out var bytes))
            return null;
        var w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(bytes.Span);
        var padded = new sbyte[g.Outputs * rp];
        for (int o = 0; o < g.Outputs; o++)
            for (int rb = 0; rb < g.RowBlocks; rb++)
                w.Slice(o * g.Rows + g.RowStart[rb], g.RowCount[rb]).CopyTo(padded.AsSpan(o * rp + rb * g.WordsPerBlock * 64));
        return padded;
    }

    /// <summary>
    /// Over the calibration vectors, one parallel task per row block (each owns its keys): Σ|P2| per (row block, input
    /// slice, readout column) for binary/ternary readout, or (<paramref name="adc"/>) the largest physical-column partial
    /// sum per row block.
    /// </summary>
    private static long[] Calibrate(CrossbarGeometry g, InputImage image, ulong[][][] cells, int[] centreMul,
        ParallelOptions parallel, bool adc, out int calVectors)
    {
        int V = g.Vectors, S = g.InputSlices, K = g.ReadoutColumns;
        int n = Math.Min(V, CalibrationVectors);
        calVectors = n;
        var sumAbs = new long[adc ? g.RowBlocks : (long)g.RowBlocks * S * K];
        Parallel.For(0, g.RowBlocks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rb) =>
        {
            var x = new ulong[g.InputBits * g.WordsPerBlock];
            Span<long> rowSum = stackalloc long[1];
            var ps = new int[WeightPlanes.Padded(g.ColCount[rb])];
            for (int i = 0; i < n; i++)
            {
                int v = (int)((long)i * V / n);
                g.PackInputs(image, v, rb, rb + 1, x, rowSum);
                for (int s = 0; s < S; s++)
                {
                    int nx = SliceSum(g, x, s, out _);
                    if (nx == 0) continue; // every P2 and every partial sum is 0
                    var keys = adc ? default : sumAbs.AsSpan((int)(((long)rb * S + s) * K), K);
                    for (int b = 0; b < g.CrossbarsInRowBlock; b++)
                    {
                        var (c0, c1) = g.Block(rb, b);
                        var psB = ps.AsSpan(0, WeightPlanes.Padded(c1 - c0));
                        PopcountKernels.Compute(cells[rb][b], x, s, g, rb, psB);
                        int k0 = c0 / g.Polarity, cols = (c1 - c0) / g.Polarity;
                        if (adc)
                            foreach (int p in psB[..(c1 - c0)]) sumAbs[rb] = Math.Max(sumAbs[rb], p);
                        else if (g.Polarity == 2) ColumnReadout.SumAbs<DifferentialPairs>(psB, k0, cols, centreMul, nx, keys);
                        else ColumnReadout.SumAbs<OffsetColumns>(psB, k0, cols, centreMul, nx, keys);
                    }
                }
            }
        });
        return sumAbs;
    }

    /// <summary>
    /// The weight side of a layer, built once and reused for many inputs (<see cref="Reconstruct(PreparedCrossbarLayer, ushort[], float[], double)"/>,
    /// <see cref="CalibrationSums(PreparedCrossbarLayer, ushort[])"/>): geometry, every crossbar's bit planes and, for
    /// binary/ternary readout with <paramref name="scaleFactors"/> given, the codes and thresholds.
    /// <paramref name="input"/>'s activations are not read.
    /// </summary>
    public static PreparedCrossbarLayer Prepare(CrossbarLayerInput input, ScaleFactorSet? scaleFactors, int maxThreads = 1) =>
        PrepareLayer(input, Threads.Options(maxThreads), scaleFactors);

    private static PreparedCrossbarLayer PrepareLayer(CrossbarLayerInput input, ParallelOptions parallel, ScaleFactorSet? scaleFactors)
    {
        var g = new CrossbarGeometry(input);
        var centreMul = new int[g.ReadoutColumns];
        for (int k = 0; k < centreMul.Length; k++) centreMul[k] = (1 << g.Encoding.SliceBits(k % g.Slices)) - 1;
        var t = input.Target;
        var adc = t.Readout == ReadoutKind.Adc && t.AdcRange == AdcRange.Full
            ? AdcTransfer.Build(AdcTransfer.LsbFor(AdcTransfer.FullScale(t), t.AdcBits), t.AdcBits) : null;
        // Weights from a cache were checked when they were built.
        LayerWeights Build()
        {
            var weights = input.Weights;
            int qmax = g.Encoding.MaxMagnitude;
            if (weights.FirstOutside(qmax) is var bad and >= 0) throw new ArgumentException($"weight {weights[bad]} outside ±{qmax}", nameof(input));
            return new LayerWeights(WeightPlanes.Build(g, weights, parallel), () => PaddedInt8(g, weights));
        }
        var built = input.Weighted is { } source ? source(g, Build) : Build();
        var layer = new PreparedCrossbarLayer(g, t, built.Cells, centreMul, null, null, 0, adc) { Int8Weights = ExactDotApplies(g, t) ? built.Int8 : null };
        return t.Readout != ReadoutKind.Adc && scaleFactors is { } given ? WithScaleFactors(layer, given) : layer;
    }

    /// <summary><paramref name="layer"/> with binary/ternary scale factors fixed (its bit planes are shared, not rebuilt).</summary>
    public static PreparedCrossbarLayer WithScaleFactors(PreparedCrossbarLayer layer, ScaleFactorSet scaleFactors)
    {
        var g = layer.Geometry;
        if (scaleFactors.Codes.Length != g.RowBlocks * g.InputSlices * g.ReadoutColumns)
            throw new ArgumentException($"{scaleFactors.Codes.Length} scale-factor codes, the layer has {g.RowBlocks * g.InputSlices * g.ReadoutColumns} keys", nameof(scaleFactors));
        return new PreparedCrossbarLayer(g, layer.Target, layer.Cells, layer.CentreMul, scaleFactors.Codes, Thresholds(scaleFactors.Codes, scaleFactors.Step), scaleFactors.Step, null);
    }

    /// <summary><paramref name="layer"/> (an ADC layer with a calibrated range) with its LSB fixed, in partial-sum units
    /// (<see cref="AdcLsbFrom"/>); its bit planes are shared, not rebuilt.</summary>
    public static PreparedCrossbarLayer WithAdcLsb(PreparedCrossbarLayer layer, double lsb)
    {
        var t = layer.Target;
        if (t.Readout != ReadoutKind.Adc || t.AdcRange != AdcRange.Calibrated)
            throw new InvalidOperationException($"only an ADC layer with a calibrated range takes an LSB (this one: {t.Readout}, {t.AdcRange})");
        return new PreparedCrossbarLayer(layer.Geometry, t, layer.Cells, layer.CentreMul, null, null, 0, AdcTransfer.Build(lsb, t.AdcBits));
    }

    /// <summary>The largest physical-column partial sum over the layer's calibration vectors for this input, on the calling
    /// thread — to calibrate an ADC's range over several inputs (<see cref="AdcLsbFrom"/>, then <see cref="WithAdcLsb"/>).</summary>
    public static long CalibrationMax(PreparedCrossbarLayer layer, ushort[] activations)
    {
        CheckActivations(layer, activations);
        return Calibrate(layer.Geometry, layer.Geometry.Image(activations), layer.Cells, layer.CentreMul, new ParallelOptions { MaxDegreeOfParallelism = 1 }, adc: true, out _).Max();
    }

    /// <summary>A calibrated ADC's LSB: the largest partial sum seen on the top code, at least one unit (<see cref="AdcRange.Calibrated"/>).</summary>
    public static double AdcLsbFrom(long largestPartialSum, int adcBits) => AdcTransfer.LsbFor(largestPartialSum, adcBits);

    private static void CheckActivations(PreparedCrossbarLayer layer, ushort[] activations)
    {
        var g = layer.Geometry;
        int maxInput = Math.Min((1 << g.InputBits) - 1, ushort.MaxValue);
        if (activations.AsSpan().IndexOfAnyExceptInRange((ushort)0, (ushort)maxInput) is var i and >= 0)
            throw new ArgumentException($"activation {activations[i]} exceeds {g.InputBits} bits", nameof(activations));
    }

    /// <summary>
    /// The chip's reconstructed outputs of a prepared layer for one input, on the calling thread, as <see cref="Run"/>
    /// computes them (the same integers and doubles): <paramref name="y"/>[o · V + v] = readout × <paramref name="scale"/>
    /// (channel-major, as the next layer reads it), and Σ ideal² and Σ (ideal − readout)² over every output.
    /// No per-read counts are kept. Binary/ternary layers need their scale factors given to <see cref="Prepare(CrossbarLayerInput, ScaleFactorSet?, int)"/>.
    /// </summary>
    public static void Reconstruct(PreparedCrossbarLayer layer, ushort[] activations, float[] y, double scale, out double signal, out double noise)
    {
        var output = Reconstruct(layer, activations, y, scale, exact: true);
        signal = output.Signal;
        noise = output.Noise;
    }

    /// <summary>The chip's reconstructed outputs as <see cref="Reconstruct(PreparedCrossbarLayer, ushort[], float[], double, out double, out double)"/>
    /// gives them, without the exact sums (no SQNR): the same <paramref name="y"/>, for less work — across all vectors at once in
    /// bit-plane arithmetic where <see cref="BitSlicedLayer"/> covers the layer, else vector by vector.</summary>
    public static void Reconstruct(PreparedCrossbarLayer layer, ushort[] activations, float[] y, double scale) =>
        Reconstruct(layer, [activations], [y], scale);

    /// <summary>
    /// <see cref="Reconstruct(PreparedCrossbarLayer, ushort[], float[], double)"/> for several inputs at once:
    /// <paramref name="ys"/>[i] for <paramref name="activations"/>[i], the same floats as one by one. Where
    /// <see cref="BitSlicedLayer"/> covers the layer and the inputs fill at least 256 lanes, all of them go through it together.
    /// </summary>
    public static void Reconstruct(PreparedCrossbarLayer layer, ushort[][] activations, float[][] ys, double scale)
    {
        if (ys.Length != activations.Length) throw new ArgumentException($"{ys.Length} outputs for {activations.Length} inputs", nameof(ys));
        if (layer.BitSliced is { } plan && plan.Layout(activations.Length).LaneWords > 1)
        {
            foreach (var a in activations) CheckActivations(layer, a);
            foreach (var y in ys)
                if (y.Length != layer.Outputs) throw new ArgumentException($"{y.Length} outputs, the layer has {layer.Outputs}", nameof(ys));
            BitSlicedLayer.Reconstruct(layer, plan, activations, ys, scale);
            return;
        }
        if (layer.Int8Weights is { } w && layer.Geometry.HasByteImage && ExactDot.Batches(layer.Geometry))
        {
            // The exact sums of every input at once: the layer's weights are read once per group of inputs, not once per vector.
            foreach (var a in activations) CheckActivations(layer, a);
            var images = activations.Select(layer.Geometry.Image).ToArray();
            var sums = activations.Select(_ => new int[layer.Outputs]).ToArray();
            ExactDot.LayerSums(layer.Geometry, images, 0, layer.Geometry.Vectors, w, sums, ExactScratch ??= new());
            for (int i = 0; i < activations.Length; i++) Reconstruct(layer, activations[i], ys[i], scale, exact: false, sums[i], images[i]);
            return;
        }
        for (int i = 0; i < activations.Length; i++) Reconstruct(layer, activations[i], ys[i], scale, exact: false);
    }

    [ThreadStatic] private static ExactDot.LayerScratch? ExactScratch;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DirectOutput Reconstruct(PreparedCrossbarLayer layer, ushort[] activations, float[] y, double scale, bool exact, int[]? exactSums = null, InputImage? image = null)
    {
        var g = layer.Geometry;
        var t = layer.Target;
        bool psq = t.Readout != ReadoutKind.Adc;
        if (layer.NeedsCalibration)
            throw new InvalidOperationException(psq ? "a binary/ternary layer needs its scale factors for Reconstruct" : "an ADC layer with a calibrated range needs its LSB for Reconstruct");
        CheckActivations(layer, activations);
        if (y.Length != layer.Outputs) throw new ArgumentException($"{y.Length} outputs, the layer has {layer.Outputs}", nameof(y));
        // One worker over every vector and row block: every sum is an integer sum, so this equals Run's chunked result; each
        // vector's outputs are reconstructed as soon as its row blocks are summed (no layer-sized integer arrays).
        var output = new DirectOutput(y, g.Vectors, psq || layer.Adc is not null ? layer.Adc?.Lsb ?? layer.Step : 0, scale, exact);
        new Worker(g, image ?? g.Image(activations), layer.Cells, layer.CentreMul, t, layer.Codes, layer.Thresholds, layer.Adc, null, [], [], [], shared: false, new Scratch(g))
            { Direct = output, Exact = exact, Int8Weights = layer.Int8Weights, ExactSums = exactSums, CountNonZero = false }
            .Run(0, g.Vectors, 0, g.RowBlocks);
        return output;
    }

    /// <summary>
    /// Where <see cref="Reconstruct(PreparedCrossbarLayer, ushort[], float[], double)"/>'s worker puts a finished output: readout r = ½·b2 + step·a, y[o · V + v] = r × scale,
    /// and, when <paramref name="exact"/>, Σ ideal², Σ (ideal − r)² in vector-then-output order (<see cref="Run"/>'s order).
    /// </summary>
    private sealed class DirectOutput(float[] y, int vectors, double step, double scale, bool exact)
    {
        public double Signal, Noise;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int v, int o, long ideal, long a, long b2)
        {
            double r = PartialSumResult.Reconstructed(b2, a, step);
            y[o * vectors + v] = (float)(r * scale);
            if (!exact) return;
            double id = ideal, e = id - r;
            Signal += id * id;
            Noise += e * e;
        }
    }

    /// <summary>
    /// Σ|P2| per (row block, input slice, readout column) over the layer's calibration vectors for this input (binary/
    /// ternary readout), and the number of vectors summed, on the calling thread — to calibrate α over several inputs
    /// (<see cref="ScaleFactorsFrom"/>) and then run them with fixed scale factors (<see cref="WithScaleFactors"/>).
    /// </summary>
    public static (long[] SumAbs, int Vectors) CalibrationSums(PreparedCrossbarLayer layer, ushort[] activations)
    {
        CheckActivations(layer, activations);
        var sums = Calibrate(layer.Geometry, layer.Geometry.Image(activations), layer.Cells, layer.CentreMul, new ParallelOptions { MaxDegreeOfParallelism = 1 }, adc: false, out int n);
        return (sums, n);
    }

    /// <summary>Scale factors from Σ|P2| over <paramref name="vectors"/> calibration vectors, as the engine's own calibration does.</summary>
    public static ScaleFactorSet ScaleFactorsFrom(long[] sumAbs, long vectors, int bits)
    {
        var (codes, _, step) = ScaleFactors(sumAbs, vectors, bits);
        return new ScaleFactorSet(codes, step);
    }

    /// <summary>Scale factors from real α values (partial-sum units; a learned α): step = max α/(2^bits − 1), code = round(α/step).</summary>
    public static ScaleFactorSet ScaleFactorsFromAlpha(ReadOnlySpan<float> alpha, int bits)
    {
        int levels = (1 << bits) - 1;
        double max = 0;
        foreach (float a in alpha) max = Math.Max(max, a);
        double step = max == 0 ? 1.0 : max / levels;
        var codes = new int[alpha.Length];
        for (int i = 0; i < codes.Length; i++)
            codes[i] = (int)Math.Min(levels, Math.Round(alpha[i] / step, MidpointRounding.AwayFromZero));
        return new ScaleFactorSet(codes, step);
    }

    private static int[] Thresholds(int[] codes, double step)
    {
        var thr = new int[codes.Length];
        for (int i = 0; i < codes.Length; i++) thr[i] = (int)Math.Floor(codes[i] * step) + 1;
        return thr;
    }

    /// <summary>
    /// α = 2·mean |p| = Σ|P2| / n per key (the PSQ reference code's initialisation, 2·mean|ps|/√Qp with Qp = 1:
    /// docs/research hcim.md §6.4); one code step per layer, step = max α / (2^bits − 1); code = round(α / step);
    /// ternary threshold on P2 = ⌊code·step⌋ + 1.
    /// </summary>
    private static (int[] Codes, int[] Thresholds, double Step) ScaleFactors(long[] sumAbs, long n, int bits)
    {
        long max = 0;
        foreach (var s in sumAbs) max = Math.Max(max, s);
        int levels = (1 << bits) - 1;
        double maxAlpha = (double)max / n;
        double step = max == 0 ? 1.0 : maxAlpha / levels;
        var codes = new int[sumAbs.Length];
        var thr = new int[sumAbs.Length];
        for (int i = 0; i < sumAbs.Length; i++)
        {
            double alpha = (double)sumAbs[i] / n;
            codes[i] = (int)Math.Min(levels, Math.Round(alpha / step, MidpointRounding.AwayFromZero));
            thr[i] = (int)Math.Floor(codes[i] * step) + 1;
        }
        return (codes, thr, step);
    }

    /// <summary>Σ of input slice <paramref name="s"/>'s values over a row block, and the rows where it is non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SliceSum(CrossbarGeometry g, ReadOnlySpan<ulong> x, int s, out int activeRows)
    {
        int wpb = g.WordsPerBlock, d = g.DacBits, first = s * d, bits = Math.Min(d, g.InputBits - first);
        int sum = 0;
        if (bits == 1)
        {
            for (int w = 0; w < wpb; w++) sum += System.Numerics.BitOperations.PopCount(x[first * wpb + w]);
            activeRows = sum;
            return sum;
        }
        activeRows = 0;
        for (int w = 0; w < wpb; w++)
        {
            ulong any = 0;
            for (int di = 0; di < bits; di++)
            {
                ulong word = x[(first + di) * wpb + w];
                any |= word;
                sum += System.Numerics.BitOperations.PopCount(word) << di;
            }
            activeRows += System.Numerics.BitOperations.PopCount(any);
        }
        return sum;
    }

    /// <summary>
    /// A worker's buffers, sized for any range of the layer's vectors and row blocks; one per thread, reused by the work
    /// items it runs. Between items the int sums are as a worker leaves them, flushed to 0; the rest is cleared or
    /// overwritten before it is read.
    /// </summary>
    private sealed class Scratch(CrossbarGeometry g)
    {
        public readonly ulong[] Inputs = new ulong[g.RowBlocks * g.InputBits * g.WordsPerBlock];
        public readonly long[] RowSums = new long[g.RowBlocks];
        public readonly int[] Ps = new int[WeightPlanes.Padded(g.ColCount.Max())];
        /// <summary>Per vector, the layer's long sums per readout column: exact, and the readout's (codes a, or b2: twice the unit-LSB ADC codes).</summary>
        public readonly long[] IdK = new long[g.ReadoutColumns], HatK = new long[g.ReadoutColumns];
        /// <summary>Per crossbar, the exact and readout sums over a group of slices, as ints.</summary>
        public readonly int[] IdB = new int[WeightPlanes.Padded(g.ColCount.Max())], HatB = new int[WeightPlanes.Padded(g.ColCount.Max())];
        /// <summary><see cref="Worker.RunExactDot"/>: a vector's input bytes per row block and word, and one row block's as shorts.</summary>
        public readonly byte[] RowBytes = new byte[g.RowBlocks * g.WordsPerBlock * 64];
        public readonly short[] X16 = new short[g.WordsPerBlock * 64];
        /// <summary><see cref="Worker.RunExactDot"/>: a work item's exact sums (o · vectors + v), computed for all its vectors at once.</summary>
        public int[] ItemSums = [];
        public readonly ExactDot.LayerScratch Exact = new();
        /// <summary><see cref="RowMasks.ReachedColumns"/>' driven rows.</summary>
        public int[] DrivenRows = [];
        /// <summary><see cref="Worker.RunExactDot"/>'s block of vectors: their input bit planes, rows driven per (row block,
        /// slice) and the slices that drive more rows than the ADC's top code, what clipping took off per readout column, and
        /// their dot products' lanes (when not computed for the item at once).</summary>
        public ulong[] BlockInputs = [];
        public int[] BlockDriven = [];
        public int[] BlockClipping = [];
        public long[] BlockExcess = [];
        public long[] BlockOutputExcess = [];
        public int[] BlockLanes = [];

        /// <summary><paramref name="buffer"/>'s first <paramref name="n"/> elements, grown first if shorter.</summary>
        public Span<T> Grow<T>(ref T[] buffer, int n)
        {
            if (buffer.Length < n) buffer = new T[n];
            return buffer.AsSpan(0, n);
        }
    }

    /// <summary>One work item: a range of input vectors × a range of row blocks, on a thread's scratch.</summary>
    private sealed class Worker(CrossbarGeometry g, InputImage image, ulong[][][] cells, int[] centreMul, MappingTarget t,
        int[]? codes, int[]? thresholds, AdcTransfer? adc, ushort[][]? nonZeroPerRead, long[] ideal, long[] hatA, long[] hatB2, bool shared,
        Scratch scratch)
    {
        public long RowActivations, NonZero, Clipped;
        /// <summary>Readouts of one read per row block, and the histogram of readouts by driven rows to add to (both or neither).</summary>
        public long[]? ReadoutsPerRead, ByDrivenRows;
        /// <summary>Set when the worker covers every row block: outputs go here instead of the layer arrays.</summary>
        public DirectOutput? Direct;
        /// <summary>Whether the exact (ideal) sums are kept; without them the ideal outputs are 0.</summary>
        public bool Exact = true;
        /// <summary>The layer's weights one byte each (<see cref="PaddedInt8"/>), when its exact sums come from dot products (<see cref="RunExactDot"/>).</summary>
        public sbyte[]? Int8Weights;
        /// <summary>With <see cref="Int8Weights"/>: the exact sums of the vectors <see cref="Run"/> is given, already computed
        /// (<see cref="ExactDot.LayerSums"/>); else the worker computes them.</summary>
        public int[]? ExactSums;
        /// <summary>Whether <see cref="NonZero"/> is wanted; <see cref="RunExactDot"/> counts it in extra work for reads that cannot clip.</summary>
        public bool CountNonZero = true;
        /// <summary>With <see cref="Int8Weights"/>: the cells by row, to count the columns a read that cannot clip reaches from
        /// its driven rows; null to test every column (<see cref="PopcountKernels.NonZeroColumns"/>).</summary>
        public RowMasks? Masks;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int v0, int v1, int rb0, int rb1)
        {
            if (Int8Weights is { } int8 && image.Padded is not null) // the bytes RunExactDot reads (a Vector256 machine)
            {
                RunExactDot(v0, v1, rb0, rb1, int8);
                return;
            }
            int S = g.InputSlices, K = g.ReadoutColumns, C = g.Outputs, J = g.Slices;
            var x = scratch.Inputs;
            var rowSums = scratch.RowSums;
            var ps = scratch.Ps;
            // Per vector, the layer's long sums: exact, and the readout's (ADC with unit LSB: b2, twice its codes; else the codes a).
            var idK = Exact ? scratch.IdK : [];
            var hatK = scratch.HatK;
            // Per crossbar, the same sums over a group of slices in ints (ColumnReadout.SlicesPerFlush), added to the longs after it.
            var idB = Exact ? scratch.IdB : [];
            var hatB = scratch.HatB;
            int amax = t.Readout == ReadoutKind.Adc ? (1 << t.AdcBits) - 1 : 0;
            long largestCode = t.Readout == ReadoutKind.Adc ? (1L << t.AdcBits) - 1 : (1L << t.ScaleFactorBits) - 1;
            int group = ColumnReadout.SlicesPerFlush((long)g.RowCount.Max() * ((1 << g.CellBits) - 1) * ((1 << g.DacBits) - 1), largestCode, g.DacBits);
            bool diff = g.Polarity == 2;
            int xbarsPerRb = g.CrossbarsInRowBlock;
            long offset = 1L << (g.Encoding.WeightBits - 1);

            Span<int> nxs = stackalloc int[S];
            Span<int> actives = stackalloc int[S];
            int wordsIn = g.InputBits * g.WordsPerBlock;
            for (int v = v0; v < v1; v++)
            {
                Array.Clear(idK); Array.Clear(hatK);
                g.PackInputs(image, v, rb0, rb1, x, rowSums);
                for (int rb = rb0; rb < rb1; rb++)
                {
                    var xb = x.AsSpan((rb - rb0) * wordsIn, wordsIn);
                    for (int s = 0; s < S; s++)
                    {
                        nxs[s] = PartialSumEngine.SliceSum(g, xb, s, out actives[s]);
                        RowActivations += (long)actives[s] * xbarsPerRb;
                        if (ByDrivenRows is { } h) h[actives[s]] += ReadoutsPerRead![rb];
                    }
                    for (int b = 0; b < xbarsPerRb; b++)
                    {
                        var (c0, c1) = g.Block(rb, b);
                        var cellsB = cells[rb][b];
                        var psB = ps.AsSpan(0, WeightPlanes.Padded(c1 - c0));
                        int k0 = c0 / g.Polarity, cols = (c1 - c0) / g.Polarity;
                        int xbar = g.CrossbarIndex(rb, b);
                        int baseSd = 0, nextGroup = group;
                        bool held = false; // the int sums hold slices not yet added to the longs
                        for (int s = 0; s < S; s++)
                        {
                            if (s == nextGroup)
                            {
                                if (held) Flush(idB, hatB, cols, idK, hatK, k0, baseSd);
                                held = false;
                                baseSd = s * g.DacBits;
                                nextGroup += group;
                            }
                            // No row driven: every partial sum is 0, so ADC codes and ternary q are 0; binary still answers.
                            if (actives[s] == 0 && t.Readout != ReadoutKind.Binary) continue;
                            if (actives[s] == 0) psB.Clear();
                            else PopcountKernels.Compute(cellsB, xb, s, g, rb, psB);
                            int sd = s * g.DacBits - baseSd, nx = nxs[s];
                            int tb = (int)(((long)rb * S + s) * K);
                            int nz;
                            switch (t.Readout)
                            {
                                case ReadoutKind.Adc when adc is not null:
                                    nz = diff ? ColumnReadout.AdcScaled<DifferentialPairs>(psB, cols, sd, adc, idB, hatB, ref Clipped)
                                              : ColumnReadout.AdcScaled<OffsetColumns>(psB, cols, sd, adc, idB, hatB, ref Clipped);
                                    break;
                                case ReadoutKind.Adc:
                                    nz = diff ? ColumnReadout.Adc<DifferentialPairs>(psB, cols, sd, amax, idB, hatB, ref Clipped)
                                              : ColumnReadout.Adc<OffsetColumns>(psB, cols, sd, amax, idB, hatB, ref Clipped);
                                    break;
                                case ReadoutKind.Ternary:
                                    nz = diff ? ColumnReadout.Ternary<DifferentialPairs>(psB, k0, cols, sd, thresholds.AsSpan(tb, K), codes.AsSpan(tb, K), centreMul, nx, idB, hatB)
                                              : ColumnReadout.Ternary<OffsetColumns>(psB, k0, cols, sd, thresholds.AsSpan(tb, K), codes.AsSpan(tb, K), centreMul, nx, idB, hatB);
                                    break;
                                default:
                                    nz = diff ? ColumnReadout.Binary<DifferentialPairs>(psB, k0, cols, sd, codes.AsSpan(tb, K), centreMul, nx, idB, hatB)
                                              : ColumnReadout.Binary<OffsetColumns>(psB, k0, cols, sd, codes.AsSpan(tb, K), centreMul, nx, idB, hatB);
                                    break;
                            }
                            held = true;
                            NonZero += nz;
                            if (nonZeroPerRead is not null) nonZeroPerRead[xbar][(long)v * S + s] = (ushort)nz;
                        }
                        if (held) Flush(idB, hatB, cols, idK, hatK, k0, baseSd);
                    }
                }
                Finish(v, rb0, rb1, rowSums, idK, hatK, C, J, offset);
            }
        }

        /// <summary>
        /// <see cref="Run"/> for an ADC with unit LSB over 1-bit cells and a 1-bit DAC (<see cref="ExactDotApplies"/>). A
        /// column's partial sum is at most the rows its read drives, so a read that drives at most the ADC's top code cannot
        /// clip: its codes are its exact partial sums, and only its non-zero columns are counted. A read that drives more
        /// computes its partial sums and keeps what clipping takes off (<see cref="ColumnReadout.AdcExcess{TP}"/>). The exact
        /// sums are integer dot products of the inputs and weights per row block; the readout is exact − excess. The
        /// integers are those of the bit-serial loop, which the tests hold this to.
        /// <para>Vectors go in blocks of <see cref="FewVectors"/>: each crossbar's cells are read for the whole block (they
        /// stay in the L1 cache), not once per vector — a VGG16 layer's cells are megabytes.</para>
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunExactDot(int v0, int v1, int rb0, int rb1, ReadOnlySpan<sbyte> weights)
        {
            int S = g.InputSlices, C = g.Outputs, J = g.Slices, wpb = g.WordsPerBlock, rp = ExactDot.PaddedRows(g);
            int nrb = rb1 - rb0, wordsIn = g.InputBits * wpb, block = Math.Min(FewVectors, v1 - v0);
            var x = scratch.Grow(ref scratch.BlockInputs, block * nrb * wordsIn);
            var rowSums = scratch.RowSums;
            var ps = scratch.Ps;
            var exB = scratch.HatB; // per crossbar and vector: what clipping took off, over a group of slices, in ints
            int K = g.ReadoutColumns;
            var exK = scratch.Grow(ref scratch.BlockExcess, block * K); // per vector of the block and readout column: the same, in longs
            var actives = scratch.Grow(ref scratch.BlockDriven, block * nrb * S);
            var clipping = scratch.Grow(ref scratch.BlockClipping, block * nrb); // per vector and row block: its slices that drive more than amax rows
            var bytes = scratch.RowBytes;
            var x16 = scratch.X16;
            int amax = (1 << t.AdcBits) - 1;
            int group = ColumnReadout.SlicesPerFlush(g.RowCount.Max(), amax, 1);
            bool diff = g.Polarity == 2;
            int xbarsPerRb = g.CrossbarsInRowBlock;
            // A read that cannot clip only counts the columns it reaches: from its driven rows' strings, or column by column.
            var masks = CountNonZero ? Masks : null;
            if (masks is not null && scratch.DrivenRows.Length < masks.MaxRows) scratch.DrivenRows = new int[masks.MaxRows];
            bool countEach = CountNonZero && masks is null; // a read that cannot clip has its reached columns counted crossbar by crossbar
            // Reads that may clip, counted a row block at a time in bit-sliced form (RowMasks.ClippedExcess): their excess per output.
            bool bitSliced = masks is not null && masks.CountsClipping;
            var exO = bitSliced ? scratch.Grow(ref scratch.BlockOutputExcess, block * C) : [];
            var sums = ExactSums;
            if (sums is null && rb0 == 0 && rb1 == g.RowBlocks && v1 - v0 > 1 && ExactDot.Batches(g))
            {
                // Every row block of several vectors: their exact sums at once, each output's weights read once for all of them.
                if (scratch.ItemSums.Length < C * (v1 - v0)) scratch.ItemSums = new int[C * (v1 - v0)];
                sums = scratch.ItemSums;
                ExactDot.LayerSums(g, [image], v0, v1, weights, [sums], scratch.Exact);
            }
            // Else each vector's dot products, in lanes (ExactDot.Lanes ints per output).
            var lanes = sums is null ? scratch.Grow(ref scratch.BlockLanes, block * C * ExactDot.Lanes) : [];
            for (int a = v0; a < v1; a += block)
            {
                int n = Math.Min(block, v1 - a);
                exK[..(n * K)].Clear();
                exO.Clear();
                if (sums is null) lanes[..(n * C * ExactDot.Lanes)].Clear();
                for (int i = 0; i < n; i++)
                {
                    var xv = x.Slice(i * nrb * wordsIn, nrb * wordsIn);
                    g.PackInputs(image, a + i, rb0, rb1, xv, rowSums, sums is null ? bytes : default);
                    for (int rb = rb0; rb < rb1; rb++)
                    {
                        var xb = xv.Slice((rb - rb0) * wordsIn, wordsIn);
                        int count = g.RowCount[rb], used = (count + 63) >> 6;
                        var act = actives.Slice((i * nrb + rb - rb0) * S, S);
                        int clips = 0;
                        for (int s = 0; s < S; s++)
                        {
                            PartialSumEngine.SliceSum(g, xb, s, out act[s]);
                            if (act[s] > amax && bitSliced)
                            {
                                var (nz, cl) = masks!.ClippedExcess(rb, xb.Slice(s * wpb, used), amax, scratch.DrivenRows, exO.Slice(i * C, C), s);
                                NonZero += nz;
                                Clipped += cl;
                            }
                            else if (act[s] > amax) clips |= 1 << s;
                            RowActivations += (long)act[s] * xbarsPerRb;
                            if (ByDrivenRows is { } h) h[act[s]] += ReadoutsPerRead![rb];
                            if (masks is not null && act[s] > 0 && act[s] <= amax)
                                NonZero += masks.ReachedColumns(rb, xb.Slice(s * wpb, used), scratch.DrivenRows);
                        }
                        clipping[i * nrb + rb - rb0] = clips;
                        if (sums is null && rowSums[rb - rb0] != 0)
                        {
                            ExactDot.Widen(bytes.AsSpan((rb - rb0) * wpb * 64, wpb * 64), x16); // zeros past the block's rows
                            ExactDot.Accumulate(x16, weights[(rb * wpb * 64)..], rp, count, lanes.Slice(i * C * ExactDot.Lanes), C);
                        }
                    }
                }
                for (int rb = rb0; rb < rb1; rb++)
                {
                    int count = g.RowCount[rb], used = (count + 63) >> 6;
                    bool fused = !diff && PopcountKernels.FusedExcessApplies(g, rb);
                    for (int b = 0; b < xbarsPerRb; b++)
                    {
                        var (c0, c1) = g.Block(rb, b);
                        var cellsB = cells[rb][b];
                        int padded = WeightPlanes.Padded(c1 - c0);
                        var psB = ps.AsSpan(0, padded);
                        int k0 = c0 / g.Polarity, cols = (c1 - c0) / g.Polarity;
                        for (int i = 0; i < n; i++)
                        {
                            var xb = x.Slice((i * nrb + rb - rb0) * wordsIn, wordsIn);
                            var act = actives.Slice((i * nrb + rb - rb0) * S, S);
                            if (clipping[i * nrb + rb - rb0] == 0 && !countEach) continue; // no read of this vector here can clip
                            var ex = exK.Slice(i * K, K);
                            int baseSd = 0, nextGroup = group;
                            bool held = false; // the int sums hold excess not yet added to the longs
                            for (int s = 0; s < S; s++)
                            {
                                if (s == nextGroup)
                                {
                                    if (held) ColumnReadout.Flush(exB, cols, ex, k0, baseSd);
                                    held = false;
                                    baseSd = s;
                                    nextGroup += group;
                                }
                                int driven = act[s];
                                if (driven == 0) continue;
                                if (driven <= amax) // its codes are its partial sums: only the columns it reaches are counted
                                {
                                    if (countEach) NonZero += PopcountKernels.NonZeroColumns(cellsB, xb.Slice(s * wpb, used), wpb, padded);
                                    continue;
                                }
                                long clippedBefore = Clipped;
                                if (fused) NonZero += PopcountKernels.OneBitOffsetExcess(cellsB, xb.Slice(s * wpb, used), wpb, padded, amax, s - baseSd, exB, ref Clipped);
                                else
                                {
                                    PopcountKernels.Compute(cellsB, xb, s, g, rb, psB);
                                    NonZero += diff ? ColumnReadout.AdcExcess<DifferentialPairs>(psB, cols, s - baseSd, amax, exB, ref Clipped)
                                                    : ColumnReadout.AdcExcess<OffsetColumns>(psB, cols, s - baseSd, amax, exB, ref Clipped);
                                }
                                held |= Clipped != clippedBefore;
                            }
                            if (held) ColumnReadout.Flush(exB, cols, ex, k0, baseSd);
                        }
                    }
                }
                for (int i = 0; i < n; i++)
                {
                    int v = a + i;
                    for (int o = 0; o < C; o++)
                    {
                        long excess = 0, y = sums is not null ? sums[o * (v1 - v0) + v - v0] : ExactDot.Total(lanes.Slice((i * C + o) * ExactDot.Lanes, ExactDot.Lanes));
                        for (int j = 0; j < J; j++) excess += exK[i * K + o * J + j] << j;
                        if (bitSliced) excess += exO[i * C + o];
                        Put(v, o, y, 0, 2 * (y - excess), scaled: false);
                    }
                }
            }
        }

        /// <summary>Adds a crossbar's int sums (slices from significance <paramref name="shift"/> on) to the vector's long sums and clears them.</summary>
        private void Flush(int[] idB, int[] hatB, int cols, long[] idK, long[] hatK, int k0, int shift)
        {
            if (Exact) ColumnReadout.Flush(idB, cols, idK, k0, shift);
            ColumnReadout.Flush(hatB, cols, hatK, k0, shift);
        }

        /// <summary>Joins a vector's weight slices per output, removes the offset term, and adds into the layer arrays.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Finish(int v, int rb0, int rb1, long[] rowSums, long[] idK, long[] hatK, int C, int J, long offset)
        {
            bool isOffset = g.Polarity == 1;
            bool psq = t.Readout != ReadoutKind.Adc, scaled = psq || adc is not null;
            long denseSum = 0;
            if (isOffset && !g.Diagonal) foreach (var s in rowSums.AsSpan(0, rb1 - rb0)) denseSum += s;
            int oFirst = 0, oLast = C;
            if (g.Diagonal) { oFirst = rb0 * g.DiagonalChannels; oLast = rb1 * g.DiagonalChannels; }
            for (int o = oFirst; o < oLast; o++)
            {
                long y = 0, hat = 0;
                for (int j = 0; j < J; j++)
                {
                    int sh = j * g.CellBits, k = o * J + j;
                    if (Exact) y += idK[k] << sh;
                    hat += hatK[k] << sh;
                }
                long a = scaled ? hat : 0, b2 = scaled ? 0 : hat; // codes a (scaled readouts), or b2 (unit-LSB ADC: twice its codes)
                if (isOffset)
                {
                    long inSum = g.Diagonal ? rowSums[o / g.DiagonalChannels - rb0] : denseSum;
                    y -= offset * inSum;
                    // ADC: the digital side subtracts 2^(B−1)·Σx. PSQ: the comparators were centred on the
                    // reference column, whose (2^B − 1)/2 · Σx comes back digitally: net −Σx/2.
                    b2 -= psq ? inSum : 2 * offset * inSum;
                }
                Put(v, o, y, a, b2, scaled);
            }
        }

        /// <summary>Output o of vector v: its exact sum y, readout codes a (scaled readouts) or b2 (twice a unit-LSB ADC's codes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Put(int v, int o, long y, long a, long b2, bool scaled)
        {
            if (Direct is { } direct)
            {
                direct.Put(v, o, y, scaled ? a : 0, b2);
                return;
            }
            long i = (long)v * g.Outputs + o;
            if (shared)
            {
                Interlocked.Add(ref ideal[i], y);
                if (scaled) Interlocked.Add(ref hatA[i], a);
                Interlocked.Add(ref hatB2[i], b2);
            }
            else
            {
                ideal[i] += y;
                if (scaled) hatA[i] += a;
                hatB2[i] += b2;
            }
        }
    }
}
