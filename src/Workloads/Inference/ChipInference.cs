using System.Numerics;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Functional;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Quantization;

namespace CimSim.Workloads.Inference;

/// <summary>Choices for <see cref="ChipInference.Run"/>.</summary>
public sealed record InferenceOptions
{
    /// <summary>Images (the first ones of the batch) used to calibrate activation steps and α where the model gives none.</summary>
    public int CalibrationImages { get; init; } = 64;
    /// <summary>Threads; 0 uses every core. Results do not depend on it.</summary>
    public int MaxThreads { get; init; }
    /// <summary>Receives the number of images finished so far (from any thread).</summary>
    public IProgress<int>? Progress { get; init; }
    /// <summary>Readout per layer name, overriding the chip's (as in the compiler).</summary>
    public IReadOnlyDictionary<string, LayerReadout>? Readouts { get; init; }
    /// <summary>Tiles per layer name (a chip's per-layer tiles; their row chunks cut the crossbars as the compiler does).</summary>
    public IReadOnlyDictionary<string, LayerTiling>? Tilings { get; init; }
}

/// <summary>One crossbar layer's figures over the batch.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="WeightBits">Weight precision used.</param>
/// <param name="InputBits">Input precision used.</param>
/// <param name="InputStep">Activation step (learned or calibrated).</param>
/// <param name="WeightStep">Weight step (learned or the compiler's rule).</param>
/// <param name="SqnrDb">10·log10(Σ y² / Σ (y − ŷ)²) over every output of every image: the chip's reconstruction ŷ against exact integer arithmetic y on the chip's own inputs; +∞ when exact.</param>
/// <param name="LearnedAlpha">True when α came from the model, false when calibrated (or ADC readout).</param>
/// <param name="BiasAdds">Digital bias additions per image (one per output element of a layer with a bias).</param>
/// <param name="AdcLsb">The ADC's LSB in partial-sum units (1 for a unit range; full or calibrated: <see cref="AdcRange"/>); 0 for comparators.</param>
public sealed record LayerAccuracy(string Name, int WeightBits, int InputBits, double InputStep, double WeightStep, double SqnrDb,
    bool LearnedAlpha, long BiasAdds, double AdcLsb);

/// <summary>Top-1 accuracy of the float network, the ideal quantized network and the chip on one batch.</summary>
public sealed record AccuracyResult(int Images, int FloatCorrect, int IdealCorrect, int ChipCorrect, IReadOnlyList<LayerAccuracy> Layers)
{
    /// <summary>Float network top-1 accuracy.</summary>
    public double FloatAccuracy => (double)FloatCorrect / Images;
    /// <summary>Ideal quantized network (exact integer arithmetic at the chip's precisions) top-1 accuracy.</summary>
    public double IdealAccuracy => (double)IdealCorrect / Images;
    /// <summary>Chip (bit-exact crossbar readout, reconstructed outputs propagated) top-1 accuracy.</summary>
    public double ChipAccuracy => (double)ChipCorrect / Images;
}

/// <summary>
/// Runs a batch of images through a trained network three ways: in float; quantized with exact integer arithmetic
/// (the ideal quantized network); and as the chip computes it — quantized weights and activations at the chip's (or
/// the model's) precisions, bit slicing, crossbar row blocks and the readout (ADC with clipping, binary/ternary PSQ
/// with per-column α), through the compiler's bit-exact <see cref="PartialSumEngine"/>, each layer reading the chip's
/// <b>reconstructed</b> outputs of the layers before it. Activation steps and α come from the model when it has them,
/// else are calibrated once on the first images (docs/ACCURACY.md). Images run in parallel, each on one thread, and
/// per-image results are combined in image order, so results are identical for any thread count.
/// </summary>
public static class ChipInference
{
    /// <summary>Images per batch of the chip-only pass: 8 inputs of a 7×7 layer fill a 512-lane word (BitSlicedLayer).</summary>
    private const int ChipBatch = 8;

    private sealed class Prepared
    {
        public required Layer Layer { get; init; }
        public required MappingTarget Target { get; init; }
        public required CrossbarMapping Mapping { get; init; }
        public required int WeightBits { get; init; }
        public required int InputBits { get; init; }
        public required int[] IntWeights { get; init; }
        public required double[] IntWeightsD { get; init; }
        /// <summary>The integer weights as floats when rows × (2^b − 1) × (2^(B−1) − 1) &lt; 2^24 (exact float sums), else null.</summary>
        public float[]? IntWeightsF { get; init; }
        public required float[] FloatWeights { get; init; }
        public required double WeightStep { get; init; }
        public required float[]? Bias { get; init; }
        public double InputStep { get; set; }
        public ScaleFactorSet? Alpha { get; set; }
        public bool LearnedAlpha { get; init; }
        /// <summary>The weight side of the layer for the partial-sum engine, built once per run (with α once it is known).</summary>
        public PreparedCrossbarLayer Engine { get; set; } = null!;
    }

    /// <summary>Runs <paramref name="data"/> through <paramref name="model"/> on <paramref name="target"/>: float, ideal quantized and chip.</summary>
    public static AccuracyResult Run(TrainedModel model, MappingTarget target, LabeledImages data, InferenceOptions? options = null) =>
        Evaluate(model, target, data, options ?? new InferenceOptions(), floatAndIdeal: true);

    /// <summary>The chip's top-1 accuracy alone (<see cref="AccuracyResult.ChipAccuracy"/> of <see cref="Run"/>, the same
    /// calibration and the same count), without the float and ideal quantized passes over the images.</summary>
    public static double ChipAccuracy(TrainedModel model, MappingTarget target, LabeledImages data, InferenceOptions? options = null) =>
        Evaluate(model, target, data, options ?? new InferenceOptions(), floatAndIdeal: false).ChipAccuracy;

    // Without floatAndIdeal the result's float and ideal counts are not computed (0); only ChipAccuracy reads such a result.
    private static AccuracyResult Evaluate(TrainedModel model, MappingTarget target, LabeledImages data, InferenceOptions options, bool floatAndIdeal)
    {
        var net = model.Network;
        if (data.Shape != net.Input)
            throw new InputException(null, 0, 0, "--dataset", $"{net.Name} takes {net.Input} images, {data.Name} has {data.Shape}");
        int classes = net.Layers[^1].Output.Channels;
        if (net.Layers[^1].Output.Elements != classes)
            throw new InputException(null, 0, 0, "--network", $"{net.Name} ends in {net.Layers[^1].Output}, not a vector of class scores");
        if (data.Classes > classes)
            throw new InputException(null, 0, 0, "--dataset", $"{data.Name} has labels up to {data.Classes - 1}, {net.Name} scores {classes} classes");
        if (data.Count == 0) throw new InputException(null, 0, 0, "--images", "no images to run");
        TargetValidation.Check(target);
        var parallel = Threads.Options(options.MaxThreads);

        var prep = new Prepared?[net.Layers.Count];
        foreach (var l in net.Layers.Where(l => l.IsCrossbar))
        {
            var t = options.Readouts is { } r && r.TryGetValue(l.Name, out var ro) ? ro.ApplyTo(target) : target;
            TargetValidation.Check(t);
            var p = model.Layers[l.Name];
            int wb = l.WeightBits ?? t.WeightBits, ib = l.InputBits ?? t.InputBits;
            var (qw, qScale) = p.Quantize(l.Name, wb, parallel);
            var q = new QuantizedTensor<int>(qw.ToArray(), qScale);
            var map = LayerMapper.Map(l, t, wb, ib, options.Tilings?.GetValueOrDefault(l.Name)?.RowChunk ?? 0);
            var pr = new Prepared
            {
                Layer = l, Target = t, Mapping = map, WeightBits = wb, InputBits = ib, IntWeights = q.Values,
                IntWeightsD = q.Values.Select(v => (double)v).ToArray(),
                IntWeightsF = (double)l.MatrixRowsPerGroup * ((1 << ib) - 1) * ((1 << (wb - 1)) - 1) < (1 << 24) ? q.Values.Select(v => (float)v).ToArray() : null,
                FloatWeights = p.Weights, WeightStep = q.Scale, Bias = p.Bias,
                InputStep = p.InputStep ?? 0, LearnedAlpha = p.Alpha is not null && t.Readout != ReadoutKind.Adc,
            };
            if (pr.LearnedAlpha)
            {
                int[] shape = [map.RowBlocks, map.InputSlices, l.Output.Channels, map.WeightSlices];
                if (!p.AlphaShape!.SequenceEqual(shape))
                    throw new InputException(Path.Combine(model.Directory, l.Name + ".alpha.npy"), 0, 0, null,
                        $"α of layer '{l.Name}' must have shape ({string.Join(", ", shape)}) on this chip (row blocks, input slices, outputs, weight slices), the file has ({string.Join(", ", p.AlphaShape!)})");
                pr.Alpha = p.AlphaIsCodes
                    ? new ScaleFactorSet(p.Alpha!.Select(a => (int)a).ToArray(), p.AlphaStep!.Value)
                    : PartialSumEngine.ScaleFactorsFromAlpha(p.Alpha, t.ScaleFactorBits);
                int levels = (1 << t.ScaleFactorBits) - 1;
                if (p.AlphaIsCodes && pr.Alpha.Codes.Any(c => c > levels))
                    throw new InputException(Path.Combine(model.Directory, l.Name + ".alpha.npy"), 0, 0, null, $"α codes must be ≤ {levels} ({t.ScaleFactorBits}-bit scale factors)");
            }
            pr.Engine = PartialSumEngine.Prepare(EngineInput(pr, []), pr.Alpha, options.MaxThreads);
            prep[l.Index] = pr;
        }

        Calibrate(net, prep, data, Math.Min(options.CalibrationImages, data.Count), parallel);

        int n = data.Count, L = net.Layers.Count;
        var floatOk = new bool[n];
        var idealOk = new bool[n];
        var chipOk = new bool[n];
        var signal = new double[n * L];
        var noise = new double[n * L];
        int done = 0;
        if (!floatAndIdeal)
        {
            // The chip alone: images in batches through the network, each crossbar layer on a whole batch at once (the same
            // floats as image by image; PartialSumEngine.Reconstruct's batch form).
            int batches = (n + ChipBatch - 1) / ChipBatch;
            Parallel.For(0, batches, parallel, b =>
            {
                int first = b * ChipBatch, count = Math.Min(ChipBatch, n - first);
                var images = new float[count][];
                for (int i = 0; i < count; i++) images[i] = data.Image(first + i);
                var scores = ForwardBatch(net, images, (l, xs) => ChipLayers(prep[l.Index]!, xs), Recycled.Return);
                for (int i = 0; i < count; i++) chipOk[first + i] = ArgMax(scores[i]) == data.Label(first + i);
                options.Progress?.Report(Interlocked.Add(ref done, count));
            });
            return new AccuracyResult(n, 0, 0, chipOk.Count(b => b), []);
        }
        Parallel.For(0, n, parallel, i =>
        {
            var image = data.Image(i);
            int label = data.Label(i);
            floatOk[i] = ArgMax(Forward(net, image, (l, x) => FloatLayer(prep[l.Index]!, x))) == label;
            idealOk[i] = ArgMax(Forward(net, image, (l, x) => IdealLayer(prep[l.Index]!, x))) == label;
            chipOk[i] = ArgMax(Forward(net, image, (l, x) => ChipLayer(prep[l.Index]!, x, out signal[i * L + l.Index], out noise[i * L + l.Index]))) == label;
            options.Progress?.Report(Interlocked.Increment(ref done));
        });

        var layers = new List<LayerAccuracy>();
        foreach (var pr in prep)
        {
            if (pr is null) continue;
            double s = 0, e = 0;
            for (int i = 0; i < n; i++) { s += signal[i * L + pr.Layer.Index]; e += noise[i * L + pr.Layer.Index]; }
            layers.Add(new LayerAccuracy(pr.Layer.Name, pr.WeightBits, pr.InputBits, pr.InputStep, pr.WeightStep,
                e == 0 ? double.PositiveInfinity : 10 * Math.Log10(s / e), pr.LearnedAlpha, pr.Bias is null ? 0 : pr.Layer.Output.Elements,
                pr.Engine.AdcLsb));
        }
        return new AccuracyResult(n, floatOk.Count(b => b), idealOk.Count(b => b), chipOk.Count(b => b), layers);
    }

    /// <summary>
    /// The float network's output (the last layer, after its ReLU if any) for one image (C·H·W), as the accuracy's float
    /// column computes it: weights and biases as loaded, digital layers exact. For checks against other frameworks.
    /// </summary>
    public static float[] FloatForward(TrainedModel model, float[] image)
    {
        var net = model.Network;
        if (image.Length != net.Input.Elements) throw new ArgumentException($"{net.Name} takes {net.Input} = {net.Input.Elements} values, got {image.Length}");
        return Forward(net, image, (l, x) =>
        {
            var p = model.Layers[l.Name];
            var y = ReferenceLayers.Forward<float>(l, x, p.Weights);
            if (p.Bias is { } b)
            {
                int per = y.Length / b.Length;
                for (int o = 0; o < b.Length; o++) for (int j = 0; j < per; j++) y[o * per + j] += b[o];
            }
            return y;
        });
    }

    /// <summary>
    /// Fixes each crossbar layer's input step (the 99.9th percentile of its float input over the calibration images, /
    /// 2^b − 1) unless learned, then, layer by layer on the calibration images' chip inputs: for binary/ternary layers
    /// without learned α, α from Σ|p| (the compiler's rule, summed over images); for ADC layers with a calibrated range,
    /// the LSB from the largest partial sum (the compiler's rule, the largest over images).
    /// </summary>
    private static void Calibrate(Network net, Prepared?[] prep, LabeledImages data, int count, ParallelOptions parallel)
    {
        int L = net.Layers.Count;
        // Float pass, layer-major: every calibration image's input to each crossbar layer.
        var floatOut = new float[count][][];
        var inputs = new float[count][];
        for (int i = 0; i < count; i++) { floatOut[i] = new float[L][]; inputs[i] = data.Image(i); }
        foreach (var l in net.Layers)
        {
            var pr = prep[l.Index];
            if (pr is not null && pr.InputStep == 0)
            {
                var all = new float[count * checked((int)l.Input.Elements)];
                for (int i = 0; i < count; i++) Source(l, 0, inputs[i], floatOut[i]).CopyTo(all, i * (int)l.Input.Elements);
                double clip = ActivationQuantizer.ClipValue(all);
                pr.InputStep = clip > 0 ? clip / ((1 << pr.InputBits) - 1) : 1.0;
            }
            Parallel.For(0, count, parallel, i => floatOut[i][l.Index] = Apply(net, l, inputs[i], floatOut[i], (ll, x) => FloatLayer(prep[ll.Index]!, x)));
        }
        if (!prep.Any(p => p is not null && p.Engine.NeedsCalibration)) return;

        // Chip pass, layer-major: α (or an ADC's range) of a layer depends on the chip's outputs of the layers before it.
        var chipOut = new float[count][][];
        for (int i = 0; i < count; i++) chipOut[i] = new float[L][];
        foreach (var l in net.Layers)
        {
            var pr = prep[l.Index];
            if (pr is not null && pr.Engine.NeedsCalibration && pr.Target.Readout == ReadoutKind.Adc)
            {
                var largest = new long[count];
                Parallel.For(0, count, parallel, i => largest[i] = PartialSumEngine.CalibrationMax(pr.Engine, Quantize(pr, Source(l, 0, inputs[i], chipOut[i]))));
                pr.Engine = PartialSumEngine.WithAdcLsb(pr.Engine, PartialSumEngine.AdcLsbFrom(largest.Max(), pr.Target.AdcBits));
            }
            else if (pr is not null && pr.Engine.NeedsCalibration)
            {
                var sums = new (long[] Sums, int N)[count];
                Parallel.For(0, count, parallel, i =>
                {
                    var x = Quantize(pr, Source(l, 0, inputs[i], chipOut[i]));
                    sums[i] = PartialSumEngine.CalibrationSums(pr.Engine, x);
                });
                var total = new long[sums[0].Sums.Length];
                long vectors = 0;
                foreach (var (s, nv) in sums) { for (int k = 0; k < total.Length; k++) total[k] += s[k]; vectors += nv; }
                pr.Alpha = PartialSumEngine.ScaleFactorsFrom(total, vectors, pr.Target.ScaleFactorBits);
                pr.Engine = PartialSumEngine.WithScaleFactors(pr.Engine, pr.Alpha);
            }
            int batches = (count + ChipBatch - 1) / ChipBatch;
            Parallel.For(0, batches, parallel, b =>
            {
                int first = b * ChipBatch, n = Math.Min(ChipBatch, count - first);
                var ys = pr is null ? null : ChipLayers(pr, Enumerable.Range(first, n).Select(i => Source(l, 0, inputs[i], chipOut[i])).ToArray());
                for (int j = 0; j < n; j++) chipOut[first + j][l.Index] = Apply(net, l, inputs[first + j], chipOut[first + j], (_, _) => ys![j]);
            });
        }
    }

    private static float[] Source(Layer l, int k, float[] input, float[][] outputs) => l.Sources[k] < 0 ? input : outputs[l.Sources[k]];

    /// <summary>The whole network on one image; returns the last layer's output.</summary>
    private static float[] Forward(Network net, float[] image, Func<Layer, float[], float[]> crossbar) =>
        ForwardBatch(net, [image], (l, xs) => [crossbar(l, xs[0])], release: null)[0];

    /// <summary>
    /// The whole network on a batch of images; returns each image's last-layer output. Crossbar layers go through
    /// <paramref name="crossbar"/> with every image's input at once, digital layers image by image. A layer output no
    /// later layer reads is dropped, and handed to <paramref name="release"/> when one is given.
    /// </summary>
    private static float[][] ForwardBatch(Network net, float[][] images, Func<Layer, float[][], float[][]> crossbar, Action<float[]>? release)
    {
        var outputs = images.Select(_ => new float[net.Layers.Count][]).ToArray();
        var readers = new int[net.Layers.Count];
        foreach (var l in net.Layers) foreach (int s in l.Sources) if (s >= 0) readers[s]++;
        foreach (var l in net.Layers)
        {
            var batch = l.IsCrossbar ? crossbar(l, images.Select((image, i) => Source(l, 0, image, outputs[i])).ToArray()) : null;
            for (int i = 0; i < images.Length; i++) outputs[i][l.Index] = Apply(net, l, images[i], outputs[i], (_, _) => batch![i]);
            foreach (int s in l.Sources)
                if (s >= 0 && --readers[s] == 0)
                    foreach (var o in outputs)
                    {
                        release?.Invoke(o[s]);
                        o[s] = null!;
                    }
        }
        return outputs.Select(o => o[^1]).ToArray();
    }

    /// <summary>One layer (crossbar through <paramref name="crossbar"/>, digital exactly), then its ReLU.</summary>
    private static float[] Apply(Network net, Layer l, float[] image, float[][] outputs, Func<Layer, float[], float[]> crossbar)
    {
        TensorShape ShapeOf(int s) => s < 0 ? net.Input : net.Layers[s].Output;
        float[] Src(int k) => Source(l, k, image, outputs);
        var y = l.Op switch
        {
            LayerOp.MaxPool => DigitalLayers.MaxPool(Src(0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
            LayerOp.AvgPool => DigitalLayers.AvgPool(Src(0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
            LayerOp.GlobalAvgPool => DigitalLayers.GlobalAvgPool(Src(0), l.Input),
            LayerOp.ResidualAdd => DigitalLayers.ResidualAdd(l.Sources.Select((_, k) => Src(k)).ToArray(), l.Sources.Select(ShapeOf).ToArray(), l.Output),
            _ => crossbar(l, Src(0)),
        };
        if (l.Relu) DigitalLayers.Relu(y);
        return y;
    }

    private static float[] FloatLayer(Prepared p, float[] x)
    {
        var y = ReferenceLayers.Forward<float>(p.Layer, x, p.FloatWeights);
        AddBias(p, y);
        return y;
    }

    private static float[] IdealLayer(Prepared p, float[] x)
    {
        var q = Quantize(p, x);
        double scale = p.InputStep * p.WeightStep;
        float[] y;
        if (p.IntWeightsF is { } wf)
        {
            // Every partial sum is an integer below 2^24 (see Prepared.IntWeightsF): float arithmetic is exact.
            var xf = new float[q.Length];
            for (int i = 0; i < q.Length; i++) xf[i] = q[i];
            y = ReferenceLayers.Forward<float>(p.Layer, xf, wf);
            for (int i = 0; i < y.Length; i++) y[i] = (float)(y[i] * scale);
        }
        else
        {
            var xd = new double[q.Length];
            for (int i = 0; i < q.Length; i++) xd[i] = q[i];
            var acc = ReferenceLayers.Forward<double>(p.Layer, xd, p.IntWeightsD);
            y = new float[acc.Length];
            for (int i = 0; i < y.Length; i++) y[i] = (float)(acc[i] * scale);
        }
        AddBias(p, y);
        return y;
    }

    private static float[] ChipLayer(Prepared p, float[] x, out double signal, out double noise)
    {
        var y = new float[p.Engine.Outputs];
        PartialSumEngine.Reconstruct(p.Engine, Quantize(p, x), y, p.InputStep * p.WeightStep, out signal, out noise);
        AddBias(p, y);
        return y;
    }

    /// <summary><see cref="ChipLayer"/>'s outputs without the SQNR sums, for a batch of inputs at once (the same floats as
    /// one by one: PartialSumEngine.Reconstruct's batch form).</summary>
    private static float[][] ChipLayers(Prepared p, float[][] xs)
    {
        var ys = xs.Select(_ => Recycled.Floats(p.Engine.Outputs)).ToArray(); // every element is written
        var qs = xs.Select(x =>
        {
            var q = Recycled.Codes(x.Length);
            ActivationQuantizer.QuantizeWithStep(x, p.InputBits, p.InputStep, q);
            return q;
        }).ToArray();
        PartialSumEngine.Reconstruct(p.Engine, qs, ys, p.InputStep * p.WeightStep);
        foreach (var q in qs) Recycled.Return(q);
        foreach (var y in ys) AddBias(p, y);
        return ys;
    }

    /// <summary>
    /// Per-thread free arrays by length for the chip-only pass: its layer outputs and quantized inputs are the same few
    /// sizes over and over, and reusing them keeps the working set in cache instead of allocating ≈ 1.4 MB per image
    /// (docs/PERFORMANCE.md).
    /// </summary>
    private static class Recycled
    {
        [ThreadStatic] private static Dictionary<int, Stack<float[]>>? _floats;
        [ThreadStatic] private static Dictionary<int, Stack<ushort[]>>? _codes;

        public static float[] Floats(int length) => Take(ref _floats, length);
        public static ushort[] Codes(int length) => Take(ref _codes, length);
        public static void Return(float[] a) => Put(ref _floats, a);
        public static void Return(ushort[] a) => Put(ref _codes, a);

        private static T[] Take<T>(ref Dictionary<int, Stack<T[]>>? free, int length) =>
            (free ??= []).TryGetValue(length, out var stack) && stack.TryPop(out var a) ? a : new T[length];

        private static void Put<T>(ref Dictionary<int, Stack<T[]>>? free, T[] a)
        {
            free ??= [];
            if (!free.TryGetValue(a.Length, out var stack)) free[a.Length] = stack = new Stack<T[]>();
            if (stack.Count < 64) stack.Push(a);
        }
    }

    private static ushort[] Quantize(Prepared p, float[] x)
    {
        var q = new ushort[x.Length];
        ActivationQuantizer.QuantizeWithStep(x, p.InputBits, p.InputStep, q);
        return q;
    }

    private static CrossbarLayerInput EngineInput(Prepared p, ushort[] x) => new()
    {
        Op = p.Layer.Op, Input = p.Layer.Input, Output = p.Layer.Output, KernelSize = p.Layer.KernelSize,
        Stride = p.Layer.Stride, Padding = p.Layer.Padding, Activations = x, InputBits = p.InputBits,
        Weights = p.IntWeights, WeightBits = p.WeightBits, Mapping = p.Mapping, Target = p.Target, ScaleFactors = p.Alpha,
    };

    /// <summary>The digital side adds the per-channel bias after the readout's reconstruction.</summary>
    private static void AddBias(Prepared p, float[] y)
    {
        if (p.Bias is not { } b) return;
        int per = y.Length / b.Length;
        for (int o = 0; o < b.Length; o++)
        {
            var plane = y.AsSpan(o * per, per);
            int j = 0;
            var vb = new Vector<float>(b[o]);
            for (; j + Vector<float>.Count <= per; j += Vector<float>.Count) (new Vector<float>(plane[j..]) + vb).CopyTo(plane[j..]);
            for (; j < per; j++) plane[j] += b[o];
        }
    }

    private static int ArgMax(float[] y)
    {
        int best = 0;
        for (int i = 1; i < y.Length; i++) if (y[i] > y[best]) best = i;
        return best;
    }
}
