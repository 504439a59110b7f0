using CimSim.Workloads.Functional;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Randomness;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class PartialSumEngineTests
{
    private sealed record Case(LayerOp Op, TensorShape Input, int OutChannels, int Kernel, int Stride, int Pad,
        int WeightBits, int InputBits, MappingTarget Target, ushort[] Activations, int[] Weights, Layer Layer)
    {
        public override string ToString() =>
            $"{Op} {Input}->{OutChannels} k{Kernel}s{Stride}p{Pad} w{WeightBits} x{InputBits} {Target.CrossbarRows}x{Target.CrossbarColumns} " +
            $"cell{Target.BitsPerCell} dac{Target.DacBits} {Target.SignedWeights} {Target.Readout} adc{Target.AdcBits} {Target.AdcRange} sf{Target.ScaleFactorBits}";
    }

    private static Case RandomCase(ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
        var op = (LayerOp)Pick(0, 2); // Conv, DepthwiseConv, FullyConnected
        var readout = (ReadoutKind)Pick(0, 2);
        var scheme = (SignedWeightScheme)Pick(0, 1);
        int rows = Pick(0, 2) switch { 0 => 16, 1 => 70, _ => 128 };
        int cols = Pick(0, 1) == 0 ? 12 : 17;
        int cell = Pick(1, 2), dac = Pick(1, 2), wBits = Pick(2, 5);
        int iBits = Pick(0, 5) == 0 ? Pick(9, 10) : Pick(1, 8); // inputs of up to 8 bits are packed 64 rows at a time, wider ones row by row
        var target = new MappingTarget(rows, cols, cell, scheme, 4, 4, 64, wBits, iBits, dac, readout,
            readout == ReadoutKind.Adc ? Pick(2, 5) : 0, readout == ReadoutKind.Adc ? 0 : Pick(3, 8))
        { AdcRange = readout == ReadoutKind.Adc ? (AdcRange)Pick(0, 2) : AdcRange.Unit };
        int k = op == LayerOp.FullyConnected ? 1 : Pick(1, 3);
        int stride = op == LayerOp.FullyConnected ? 1 : Pick(1, 2), pad = op == LayerOp.FullyConnected ? 0 : Pick(0, k / 2);
        var input = new TensorShape(Pick(1, 6), Pick(k, 6), Pick(k, 6));
        int outC = op == LayerOp.DepthwiseConv ? input.Channels : Pick(1, 7);
        var net = Network.Build("t", "custom", input,
            [new LayerSpec("l", op) { OutChannels = outC, KernelSize = k, Stride = stride, Padding = pad }]);
        var layer = net.Layers[0];
        var act = new ushort[input.Elements];
        for (int i = 0; i < act.Length; i++)
            act[i] = Pick(0, 2) == 0 ? (ushort)0 : (ushort)Pick(0, (1 << iBits) - 1); // a third zeros, like ReLU outputs
        int q = (1 << (wBits - 1)) - 1;
        var w = new int[layer.Weights];
        for (int i = 0; i < w.Length; i++) w[i] = Pick(-q, q);
        return new Case(op, input, outC, k, stride, pad, wBits, iBits, target, act, w, layer);
    }

    /// <summary>The engine on <paramref name="c"/>; <paramref name="cachedPlanes"/> hands it its cell planes as a cache
    /// would (the engine then counts reached columns from the cells by row, RowMasks).</summary>
    private static PartialSumResult RunEngine(Case c, int threads, bool cachedPlanes = false) => PartialSumEngine.Run(new CrossbarLayerInput
    {
        Op = c.Op, Input = c.Input, Output = c.Layer.Output, KernelSize = c.Kernel, Stride = c.Stride, Padding = c.Pad,
        Activations = c.Activations, InputBits = c.InputBits, Weights = c.Weights, WeightBits = c.WeightBits,
        Mapping = LayerMapper.Map(c.Layer, c.Target, c.WeightBits, c.InputBits), Target = c.Target,
        Weighted = cachedPlanes ? (_, build) => build() : null,
    }, threads);

    [Test]
    public void AgreesExactlyWithTheNaiveReferenceOnRandomLayers()
    {
        var kinds = new HashSet<string>();
        var ranges = new HashSet<AdcRange>();
        int coarse = 0;
        for (ulong seed = 1; seed <= 150; seed++)
        {
            var c = RandomCase(seed);
            kinds.Add($"{c.Op}/{c.Target.Readout}/{c.Target.SignedWeights}");
            var n = NaivePartialSums.Run(c.Op, c.Input, c.Layer.Output, c.Kernel, c.Stride, c.Pad, c.Activations,
                c.InputBits, c.Weights, c.WeightBits, c.Target);
            // One thread and two: the work items differ (one thread's span every row block), the integers may not.
            foreach (int threads in (int[])[1, 2])
            {
                var e = RunEngine(c, threads);
                string why = $"seed {seed}, {threads} thread(s): {c}";
                Assert.That(e.Ideal, Is.EqualTo(n.Ideal), why);
                Assert.That(e.Readout, Is.EqualTo(n.Readout), why);
                Assert.That(e.Counts.RowActivations, Is.EqualTo(n.RowActivations), why);
                Assert.That(e.Counts.ColumnReads, Is.EqualTo(n.ColumnReads), why);
                Assert.That(e.Counts.NonZeroOutputs, Is.EqualTo(n.NonZero), why);
                Assert.That(e.Counts.AdcClipped, Is.EqualTo(n.Clipped), why);
                Assert.That(e.ScaleCodes, Is.EqualTo(n.Codes), why);
                Assert.That(e.ScaleStep, Is.EqualTo(n.Step), why);
                Assert.That(e.NonZeroPerRead, Is.EqualTo(n.NonZeroPerRead), why);
                Assert.That(e.ReadoutsByDrivenRows, Is.EqualTo(n.ReadoutsByDrivenRows), why);
                Assert.That(e.ReadoutsByDrivenRows.Sum(), Is.EqualTo(e.Counts.ColumnReads), why);
            }
            if (c.Target.Readout == ReadoutKind.Adc) ranges.Add(c.Target.AdcRange);
            if (c.Target.Readout == ReadoutKind.Adc && c.Target.AdcRange != AdcRange.Unit && n.Step > 1) coarse++;
        }
        Assert.That(kinds, Has.Count.EqualTo(18), "every op × readout × signed scheme was drawn");
        Assert.That(ranges, Has.Count.EqualTo(3), "every ADC range was drawn");
        Assert.That(coarse, Is.GreaterThan(10), "ADCs with an LSB above one unit were checked");
    }

    [Test]
    public void UnitLsbAdcLayersWithInt8WeightsAgreeWithTheNaiveReference()
    {
        // The engine's exact-sum path (ExactDot + only clipping reads computed): 1-bit cells and DAC, unit-LSB ADCs, weights
        // that fit an int8, inputs of up to 8 bits, layers of several row blocks (partial last blocks, 2 words
        // per block) and few vectors (row blocks then split between threads). ADCs from 1 to 7 bits make some reads clip
        // and some not. With cached cell planes the reads that cannot clip count their reached columns by row (RowMasks).
        // The last layer is wide enough (128 outputs over 4–5 row blocks, 81 vectors) for the exact sums of several vectors
        // of a work item at once (3-bit weights and inputs keep the naive reference quick).
        int clippedLayers = 0, cleanLayers = 0;
        int batched = 0;
        for (ulong seed = 500; seed <= 540; seed++)
        {
            var rng = new Xoshiro256StarStar(seed);
            int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
            bool wide = seed == 540;
            var op = wide || Pick(0, 1) == 0 ? LayerOp.Conv : LayerOp.FullyConnected;
            var scheme = (SignedWeightScheme)Pick(0, 1);
            int rows = Pick(0, 1) == 0 ? 64 : 128, wBits = Pick(6, 8), iBits = Pick(4, 8), adcBits = Pick(1, 7);
            if (wide) (wBits, iBits, adcBits) = (3, 3, 3);
            var target = new MappingTarget(rows, 64, 1, scheme, 4, 4, 64, wBits, iBits, 1, ReadoutKind.Adc, adcBits, 0);
            int k = op == LayerOp.FullyConnected ? 1 : 3;
            if (wide) target = target with { CrossbarRows = 128 };
            var input = op == LayerOp.FullyConnected ? new TensorShape(Pick(130, 400), 1, 1)
                : wide ? new TensorShape(Pick(57, 60), 9, 9) : new TensorShape(Pick(15, 40), Pick(2, 5), Pick(2, 5));
            var net = Network.Build("t", "custom", input,
                [new LayerSpec("l", op) { OutChannels = wide ? 128 : Pick(3, 9), KernelSize = k, Stride = 1, Padding = op == LayerOp.FullyConnected ? 0 : 1 }]);
            var layer = net.Layers[0];
            var act = new ushort[input.Elements];
            int dense = Pick(1, 4); // from a quarter to all of the inputs non-zero
            for (int i = 0; i < act.Length; i++) act[i] = Pick(1, 4) <= dense ? (ushort)Pick(0, (1 << iBits) - 1) : (ushort)0;
            int q = (1 << (wBits - 1)) - 1;
            var w = new int[layer.Weights];
            for (int i = 0; i < w.Length; i++) w[i] = Pick(-q, q);
            var c = new Case(op, input, layer.Output.Channels, k, 1, layer.Padding, wBits, iBits, target, act, w, layer);
            var n = NaivePartialSums.Run(c.Op, c.Input, c.Layer.Output, c.Kernel, c.Stride, c.Pad, c.Activations, c.InputBits, c.Weights, c.WeightBits, c.Target);
            foreach (var (threads, cached) in new[] { (1, false), (2, false), (1, true), (2, true) })
            {
                var e = RunEngine(c, threads, cached);
                string why = $"seed {seed}, {threads} threads, {(cached ? "cached" : "own")} planes: {c}";
                Assert.That(e.Ideal, Is.EqualTo(n.Ideal), why);
                Assert.That(e.Readout, Is.EqualTo(n.Readout), why);
                Assert.That(e.Counts.NonZeroOutputs, Is.EqualTo(n.NonZero), why);
                Assert.That(e.Counts.AdcClipped, Is.EqualTo(n.Clipped), why);
                Assert.That(e.Counts.RowActivations, Is.EqualTo(n.RowActivations), why);
                Assert.That(e.ReadoutsByDrivenRows, Is.EqualTo(n.ReadoutsByDrivenRows), why);
            }
            if (n.Clipped > 0) clippedLayers++; else cleanLayers++;
            var g = PartialSumEngine.Prepare(new CrossbarLayerInput
            {
                Op = c.Op, Input = c.Input, Output = c.Layer.Output, KernelSize = c.Kernel, Stride = c.Stride, Padding = c.Pad, Activations = [],
                InputBits = c.InputBits, Weights = c.Weights, WeightBits = c.WeightBits, Target = c.Target,
                Mapping = LayerMapper.Map(c.Layer, c.Target, c.WeightBits, c.InputBits),
            }, null).Geometry;
            if (ExactDot.Batches(g)) batched++;
        }
        Assert.That(batched, Is.EqualTo(1), "a layer whose exact sums go several vectors at once");
        Assert.That(clippedLayers, Is.GreaterThan(5), "layers whose reads clip");
        Assert.That(cleanLayers, Is.GreaterThan(5), "layers whose reads never clip");
    }

    [Test]
    public void BitSlicedClippingCountsAgreeWithTheNaiveReference()
    {
        // With cached planes, 8-bit offset weights and 8-column bytes, a read that may clip is counted a row block at a
        // time in bit-sliced form (RowMasks.ClippedExcess). Crossbars of 64 and 128 rows (partial last blocks), 1–7-bit ADCs,
        // dense and sparse inputs, convolutions with several vectors and fully connected layers; one and two threads.
        int clipped = 0;
        for (ulong seed = 700; seed < 716; seed++)
        {
            var rng = new Xoshiro256StarStar(seed);
            int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
            var op = Pick(0, 2) > 0 ? LayerOp.Conv : LayerOp.FullyConnected;
            int rows = Pick(0, 1) == 0 ? 64 : 128, iBits = Pick(4, 8), adcBits = Pick(1, 7);
            var target = new MappingTarget(rows, 64, 1, SignedWeightScheme.Offset, 4, 4, 64, 8, iBits, 1, ReadoutKind.Adc, adcBits, 0);
            int k = op == LayerOp.FullyConnected ? 1 : 3;
            var input = op == LayerOp.FullyConnected ? new TensorShape(Pick(130, 300), 1, 1) : new TensorShape(Pick(15, 30), Pick(3, 6), Pick(3, 6));
            var net = Network.Build("t", "custom", input,
                [new LayerSpec("l", op) { OutChannels = Pick(3, 17), KernelSize = k, Stride = 1, Padding = op == LayerOp.FullyConnected ? 0 : 1 }]);
            var layer = net.Layers[0];
            var act = new ushort[input.Elements];
            int dense = Pick(1, 4);
            for (int i = 0; i < act.Length; i++) act[i] = Pick(1, 4) <= dense ? (ushort)Pick(0, (1 << iBits) - 1) : (ushort)0;
            var w = new int[layer.Weights];
            for (int i = 0; i < w.Length; i++) w[i] = Pick(-127, 127);
            var c = new Case(op, input, layer.Output.Channels, k, 1, layer.Padding, 8, iBits, target, act, w, layer);
            var n = NaivePartialSums.Run(c.Op, c.Input, c.Layer.Output, c.Kernel, c.Stride, c.Pad, c.Activations, c.InputBits, c.Weights, c.WeightBits, c.Target);
            foreach (int threads in (int[])[1, 2])
            {
                var e = RunEngine(c, threads, cachedPlanes: true);
                string why = $"seed {seed}, {threads} threads: {c}";
                Assert.That(e.Readout, Is.EqualTo(n.Readout), why);
                Assert.That(e.Ideal, Is.EqualTo(n.Ideal), why);
                Assert.That(e.Counts.NonZeroOutputs, Is.EqualTo(n.NonZero), why);
                Assert.That(e.Counts.AdcClipped, Is.EqualTo(n.Clipped), why);
            }
            if (n.Clipped > 0) clipped++;
        }
        Assert.That(clipped, Is.GreaterThan(8), "layers whose reads clip");
    }

    [Test]
    public void PreparedReconstructionEqualsRunOnRandomLayers()
    {
        // Accuracy runs prepare a layer once (planes, scale factors) and reconstruct many inputs on one thread; that
        // must give Run's readout bit for bit (the scale factors Run calibrated are handed to Prepare).
        for (ulong seed = 300; seed < 400; seed++)
        {
            var c = RandomCase(seed);
            var input = new CrossbarLayerInput
            {
                Op = c.Op, Input = c.Input, Output = c.Layer.Output, KernelSize = c.Kernel, Stride = c.Stride, Padding = c.Pad,
                Activations = c.Activations, InputBits = c.InputBits, Weights = c.Weights, WeightBits = c.WeightBits,
                Mapping = LayerMapper.Map(c.Layer, c.Target, c.WeightBits, c.InputBits), Target = c.Target,
            };
            var run = PartialSumEngine.Run(input, 2);
            var sf = run.ScaleCodes is { } codes ? new ScaleFactorSet(codes, run.ScaleStep) : null;
            var layer = PartialSumEngine.Prepare(input, sf);
            bool calibratedAdc = c.Target.Readout == ReadoutKind.Adc && c.Target.AdcRange == AdcRange.Calibrated;
            Assert.That(layer.NeedsCalibration, Is.EqualTo(calibratedAdc), "only a calibrated ADC still needs data once α is given");
            if (calibratedAdc)
            {
                // Calibrating a prepared layer gives the LSB Run calibrated.
                double lsb = PartialSumEngine.AdcLsbFrom(PartialSumEngine.CalibrationMax(layer, c.Activations), c.Target.AdcBits);
                Assert.That(lsb, Is.EqualTo(run.ScaleStep), $"seed {seed}: {c}");
                layer = PartialSumEngine.WithAdcLsb(layer, lsb);
            }
            var y = new float[layer.Outputs];
            const double scale = 0.37;
            PartialSumEngine.Reconstruct(layer, c.Activations, y, scale, out double signal, out double noise);
            int C = c.Layer.Output.Channels, V = run.Readout.Length / C;
            var expected = new float[y.Length];
            double s2 = 0, e2 = 0;
            for (int v = 0; v < V; v++)
                for (int o = 0; o < C; o++)
                {
                    double id = run.Ideal[v * C + o], r = run.Readout[v * C + o];
                    expected[o * V + v] = (float)(r * scale);
                    s2 += id * id;
                    e2 += (id - r) * (id - r);
                }
            string why = $"seed {seed}: {c}";
            Assert.That(y, Is.EqualTo(expected), why);
            Assert.That((signal, noise), Is.EqualTo((s2, e2)), why);
            var withoutSums = new float[layer.Outputs];
            PartialSumEngine.Reconstruct(layer, c.Activations, withoutSums, scale);
            Assert.That(withoutSums, Is.EqualTo(expected), why + " (without the exact sums)");
            if (sf is null) continue;
            // Calibration on a prepared layer gives the sums Run calibrated from.
            var (sums, n) = PartialSumEngine.CalibrationSums(PartialSumEngine.Prepare(input, null), c.Activations);
            Assert.That(PartialSumEngine.ScaleFactorsFrom(sums, n, c.Target.ScaleFactorBits).Codes, Is.EqualTo(run.ScaleCodes), why);
        }
    }

    [Test]
    public void IdealOutputIsTheIntegerConvolution()
    {
        // A hand-checkable case: 1×3×3 input, 2×2 kernel of ones and minus ones, stride 1, no padding.
        var t = new MappingTarget(128, 128, 1, SignedWeightScheme.Offset, 1, 1, 1, 4, 4, 1, ReadoutKind.Adc, 8, 0);
        var net = Network.Build("t", "custom", new TensorShape(1, 3, 3), [new LayerSpec("c", LayerOp.Conv) { OutChannels = 2, KernelSize = 2 }]);
        ushort[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        int[] w = [1, 1, 1, 1, -1, 0, 0, 1];
        var r = PartialSumEngine.Run(new CrossbarLayerInput
        {
            Op = LayerOp.Conv, Input = net.Input, Output = net.Layers[0].Output, KernelSize = 2, Activations = x, InputBits = 4,
            Weights = w, WeightBits = 4, Mapping = LayerMapper.Map(net.Layers[0], t, 4, 4), Target = t,
        });
        // Outputs [vector·2 + channel]: sums of 2×2 windows, and (bottom-right − top-left).
        Assert.That(r.Ideal, Is.EqualTo(new long[] { 12, 4, 16, 4, 24, 4, 28, 4 }));
        Assert.That(r.SqnrDb, Is.EqualTo(double.PositiveInfinity));
    }

    [TestCase(ReadoutKind.Adc, 1)]
    [TestCase(ReadoutKind.Adc, 4)]
    [TestCase(ReadoutKind.Ternary, 1)]
    [TestCase(ReadoutKind.Binary, 2)]
    public void SumsBeyondAnIntAreExact(ReadoutKind readout, int dacBits)
    {
        // 4,096 rows of 8-bit cells under 16-bit inputs at their largest: one column's sum over every slice is
        // 4,096 × 255 × 65,535 ≈ 6.8·10¹⁰, beyond an int, so a crossbar's int sums must be added to the longs part-way
        // through its slices (ColumnReadout.SlicesPerFlush: 9 one-bit or 2 four-bit slices at a time here).
        const int rows = 4096, wBits = 16, iBits = 16;
        var t = new MappingTarget(rows, 64, 8, SignedWeightScheme.Differential, 1, 1, 4, wBits, iBits, dacBits, readout,
            readout == ReadoutKind.Adc ? 8 : 0, readout == ReadoutKind.Adc ? 0 : 6);
        Assert.That(ColumnReadout.SlicesPerFlush(rows * 255L * ((1 << dacBits) - 1), 255, dacBits), Is.LessThan(iBits / dacBits),
            "the case needs more than one group of slices");
        var net = Network.Build("t", "custom", new TensorShape(rows, 1, 1), [new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = 3 }]);
        var layer = net.Layers[0];
        var x = new ushort[rows];
        Array.Fill(x, ushort.MaxValue);
        x[7] = 12345;
        var w = new int[layer.Weights];
        for (int i = 0; i < w.Length; i++) w[i] = i % 3 == 2 ? -32767 : 32767 - i % 5;
        var c = new Case(LayerOp.FullyConnected, net.Input, 3, 1, 1, 0, wBits, iBits, t, x, w, layer);
        var e = RunEngine(c, threads: 1);
        var n = NaivePartialSums.Run(c.Op, c.Input, layer.Output, 1, 1, 0, x, iBits, w, wBits, t);
        Assert.That(e.Ideal.Max(), Is.GreaterThan((long)int.MaxValue << 8), "the sums are far beyond an int");
        Assert.That(e.Ideal, Is.EqualTo(n.Ideal));
        Assert.That(e.Readout, Is.EqualTo(n.Readout));
        Assert.That(e.Counts.NonZeroOutputs, Is.EqualTo(n.NonZero));
        Assert.That(e.Counts.AdcClipped, Is.EqualTo(n.Clipped));
    }

    [Test]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        for (ulong seed = 200; seed < 220; seed++)
        {
            var c = RandomCase(seed);
            var one = RunEngine(c, threads: 1);
            var two = RunEngine(c, threads: 2);
            Assert.That(two.Readout, Is.EqualTo(one.Readout));
            Assert.That(two.Counts, Is.EqualTo(one.Counts));
            Assert.That(two.NonZeroPerRead, Is.EqualTo(one.NonZeroPerRead));
            Assert.That(two.SqnrDb, Is.EqualTo(one.SqnrDb));
        }
    }

    [Test]
    public void BinaryReadoutDecidesEveryColumnOfEveryRead()
    {
        for (ulong seed = 300; seed < 400; seed++)
        {
            var c = RandomCase(seed);
            if (c.Target.Readout != ReadoutKind.Binary) continue;
            var r = RunEngine(c, 2);
            Assert.That(r.Counts.NonZeroOutputs, Is.EqualTo(r.Counts.ColumnReads));
            Assert.That(r.Counts.AdcClipped, Is.Zero);
        }
    }

    [Test]
    public void ADotProductsLanesAddUpInLongs()
    {
        // ExactDot.Total sums 16 int lanes; near the ints' limits their total needs a long.
        var lanes = Enumerable.Range(0, ExactDot.Lanes).Select(i => i % 2 == 0 ? int.MaxValue : int.MaxValue - i).ToArray();
        Assert.That(ExactDot.Total(lanes), Is.EqualTo(lanes.Sum(v => (long)v)));
        var mixed = Enumerable.Range(0, ExactDot.Lanes).Select(i => (i - 7) * 100_000_007).ToArray();
        Assert.That(ExactDot.Total(mixed), Is.EqualTo(mixed.Sum(v => (long)v)));
        Assert.Throws<ArgumentException>(() => ExactDot.Total(new int[ExactDot.Lanes - 1]));
    }
}
