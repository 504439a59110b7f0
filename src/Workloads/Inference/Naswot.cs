using System.Numerics;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Functional;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace CimSim.Workloads.Inference;

/// <summary>One NASWOT score (<see cref="Naswot.Score"/>).</summary>
/// <param name="Score">log |K| (natural log); −∞ when K is singular (two images with the same codes).</param>
/// <param name="Images">N, the images of the minibatch (K is N × N).</param>
/// <param name="Units">ReLU units per image whose codes entered K.</param>
public sealed record NaswotScore(double Score, int Images, long Units);

/// <summary>
/// The training-free accuracy proxy XPert's phase 1 uses (Mellor et al., "Neural Architecture Search without
/// Training", ICML 2021; XPert's compute_score.py <c>hook_logdet</c>, docs/SEARCH.md §"Accuracy"): the network at a
/// seeded random initialisation runs a minibatch of N real images; at every ReLU each unit's binary code (output
/// &gt; 0) is recorded; K[i, j] = the number of units on which images i and j agree (both active or both inactive, the
/// Hamming similarity); the score is log |K|, computed from an LU factorisation (MathNet.Numerics), as XPert's
/// <c>np.linalg.slogdet</c>. A network whose ReLUs separate the images better scores higher.
/// <para>As XPert's scorer: weights Kaiming-normal (std √(2 / fan-in)), no bias; batch norm in training mode after
/// every conv and hidden fully connected layer (per channel, the minibatch's mean and biased variance, ε = 10⁻⁵,
/// γ = 1, β = 0: PyTorch's defaults). XPert also wraps each conv in a 5 % channel DropConnect; that is left out (it
/// only adds noise to the score). Deterministic: weights are seeded per layer, images are processed in parallel but
/// every sum runs in image order, so the score does not depend on the thread count.</para>
/// </summary>
public static class Naswot
{
    /// <summary>Batch-norm ε (PyTorch's default).</summary>
    public const double BnEps = 1e-5;

    /// <summary>The score of <paramref name="network"/> on the first <paramref name="count"/> images of <paramref name="images"/>.</summary>
    public static NaswotScore Score(Network network, LabeledImages images, int count, ulong seed, int maxThreads = 0)
    {
        if (images.Shape != network.Input)
            throw new InputException(null, 0, 0, "dataset", $"{network.Name} takes {network.Input} images, {images.Name} has {images.Shape}");
        int n = Math.Min(count, images.Count);
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(count), "NASWOT needs at least two images");
        var parallel = Threads.Options(maxThreads);
        int L = network.Layers.Count;
        var readers = new int[L];
        foreach (var l in network.Layers) foreach (int s in l.Sources) if (s >= 0) readers[s]++;
        // outputs[layer][image]; the input images are "layer −1".
        var input = new float[n][];
        for (int i = 0; i < n; i++) input[i] = images.Image(i);
        var outputs = new float[L][][];
        // Packed codes: one bit per ReLU unit, per image; K is accumulated layer by layer.
        var agree = new long[n, n];
        long units = 0;
        bool IsLast(Layer l) => l.Index == L - 1;
        foreach (var l in network.Layers)
        {
            float[] Src(int image, int k) => l.Sources[k] < 0 ? input[image] : outputs[l.Sources[k]][image];
            var y = new float[n][];
            if (l.IsCrossbar)
            {
                var w = Weights(l, seed);
                Parallel.For(0, n, parallel, i => y[i] = ReferenceLayers.Forward<float>(l, Src(i, 0), w));
                if (!IsLast(l)) BatchNorm(y, l.Output.Channels, parallel);
            }
            else
                Parallel.For(0, n, parallel, i => y[i] = l.Op switch
                {
                    LayerOp.MaxPool => DigitalLayers.MaxPool(Src(i, 0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
                    LayerOp.AvgPool => DigitalLayers.AvgPool(Src(i, 0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
                    LayerOp.GlobalAvgPool => DigitalLayers.GlobalAvgPool(Src(i, 0), l.Input),
                    LayerOp.ResidualAdd => DigitalLayers.ResidualAdd(l.Sources.Select((_, k) => Src(i, k)).ToArray(),
                        l.Sources.Select(s => s < 0 ? network.Input : network.Layers[s].Output).ToArray(), l.Output),
                    _ => throw new ArgumentException($"{l.Op} is not supported by the NASWOT forward"),
                });
            if (l.Relu)
            {
                foreach (var yi in y) DigitalLayers.Relu(yi);
                Accumulate(agree, y, parallel);
                units += y[0].Length;
            }
            outputs[l.Index] = y;
            foreach (int s in l.Sources) if (s >= 0 && --readers[s] == 0) outputs[s] = null!;
        }
        var k = Matrix<double>.Build.Dense(n, n, (i, j) => agree[Math.Min(i, j), Math.Max(i, j)]);
        return new NaswotScore(LogAbsDet(k), n, units);
    }

    /// <summary>log |det A| from an LU factorisation (−∞ when singular).</summary>
    public static double LogAbsDet(Matrix<double> a)
    {
        var u = a.LU().U;
        double s = 0;
        for (int i = 0; i < a.RowCount; i++)
        {
            double d = Math.Abs(u[i, i]);
            if (d == 0) return double.NegativeInfinity;
            s += Math.Log(d);
        }
        return s;
    }

    /// <summary>Kaiming-normal weights of a crossbar layer (PyTorch layout), seeded by (seed, layer index).</summary>
    public static float[] Weights(Layer l, ulong seed)
    {
        int rows = l.MatrixRowsPerGroup;
        var w = new float[(long)rows * l.Output.Channels];
        var rng = Xoshiro256StarStar.ForStream(seed, (ulong)l.Index);
        double std = Math.Sqrt(2.0 / rows);
        for (int i = 0; i < w.Length; i += 2)
        {
            // Box–Muller: two normals per pair of uniforms.
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u1));
            w[i] = (float)(std * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < w.Length) w[i + 1] = (float)(std * r * Math.Sin(2 * Math.PI * u2));
        }
        return w;
    }

    /// <summary>Training-mode batch norm per channel over images × positions (sums in image order).</summary>
    private static void BatchNorm(float[][] y, int channels, ParallelOptions parallel)
    {
        int per = y[0].Length / channels;
        var sum = new double[y.Length, channels];
        var sq = new double[y.Length, channels];
        Parallel.For(0, y.Length, parallel, i =>
        {
            for (int c = 0; c < channels; c++)
            {
                double s = 0, q = 0;
                var span = y[i].AsSpan(c * per, per);
                foreach (float v in span) { s += v; q += (double)v * v; }
                sum[i, c] = s; sq[i, c] = q;
            }
        });
        var mean = new double[channels];
        var inv = new double[channels];
        double count = (double)y.Length * per;
        for (int c = 0; c < channels; c++)
        {
            double s = 0, q = 0;
            for (int i = 0; i < y.Length; i++) { s += sum[i, c]; q += sq[i, c]; }
            mean[c] = s / count;
            double var = Math.Max(0, q / count - mean[c] * mean[c]);
            inv[c] = 1 / Math.Sqrt(var + BnEps);
        }
        Parallel.For(0, y.Length, parallel, i =>
        {
            for (int c = 0; c < channels; c++)
            {
                var span = y[i].AsSpan(c * per, per);
                for (int j = 0; j < span.Length; j++) span[j] = (float)((span[j] - mean[c]) * inv[c]);
            }
        });
    }

    /// <summary>agree[i, j] (i ≤ j) += units on which images i and j have the same code.</summary>
    private static void Accumulate(long[,] agree, float[][] y, ParallelOptions parallel)
    {
        int n = y.Length, units = y[0].Length, words = (units + 63) / 64;
        var codes = new ulong[n][];
        Parallel.For(0, n, parallel, i =>
        {
            var c = new ulong[words];
            var yi = y[i];
            for (int u = 0; u < units; u++) if (yi[u] > 0) c[u >> 6] |= 1UL << (u & 63);
            codes[i] = c;
        });
        Parallel.For(0, n, parallel, i =>
        {
            var a = codes[i];
            for (int j = i; j < n; j++)
            {
                var b = codes[j];
                long differ = 0;
                for (int w = 0; w < words; w++) differ += BitOperations.PopCount(a[w] ^ b[w]);
                agree[i, j] += units - differ;
            }
        });
    }
}
