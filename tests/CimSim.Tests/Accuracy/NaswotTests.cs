using System.Diagnostics;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;

namespace CimSim.Tests.Accuracy;

public class NaswotTests
{
    [Test]
    public void LogAbsDetMatchesTheClosedFormOfSmallMatrices()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 2, 1 }, { 2, 5, 3 }, { 1, 3, 6 } });
        // det = 4(30−9) − 2(12−3) + 1(6−5) = 84 − 18 + 1 = 67
        Assert.That(Naswot.LogAbsDet(a), Is.EqualTo(Math.Log(67)).Within(1e-12));
        var singular = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 2, 4 } });
        Assert.That(Naswot.LogAbsDet(singular), Is.EqualTo(double.NegativeInfinity));
    }

    /// <summary>K built the naive way (per pair, per unit) from the codes of an independent forward pass gives the same score.</summary>
    [Test]
    public void ScoreEqualsANaiveKernelOfTheReluCodes()
    {
        var net = NetworkZoo.Create("vgg8:channels=8,8,16,16,16,16", Dataset.FashionMnist);
        var images = DatasetSource.Subset();
        const int n = 12;
        var s = Naswot.Score(net, images, n, seed: 7, maxThreads: 2);
        // Naive: a per-image forward without batch norm is not the same network, so recompute with batch norm the plain way.
        var codes = NaiveCodes(net, images, n, 7);
        var k = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int same = 0;
                for (int u = 0; u < codes[i].Length; u++) if (codes[i][u] == codes[j][u]) same++;
                k[i, j] = same;
            }
        double naive = Naswot.LogAbsDet(Matrix<double>.Build.DenseOfArray(k));
        Assert.That(s.Units, Is.EqualTo(codes[0].Length));
        Assert.That(s.Score, Is.EqualTo(naive).Within(1e-9 * Math.Abs(naive)));
        Assert.That(Naswot.Score(net, images, n, seed: 7, maxThreads: 1).Score, Is.EqualTo(s.Score), "thread count changes the score");
    }

    [Test]
    public void WiderNetworksScoreHigherAndTheScoreIsFast()
    {
        var images = DatasetSource.Subset();
        var sw = Stopwatch.StartNew();
        double narrow = Naswot.Score(NetworkZoo.Create("vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16", Dataset.FashionMnist), images, 64, 1).Score;
        double wide = Naswot.Score(NetworkZoo.Create("vgg16:channels=64,64,64,64,64,64,64,64,64,64,64,64,64", Dataset.FashionMnist), images, 64, 1).Score;
        TestContext.Out.WriteLine($"narrow {narrow:F1}, wide {wide:F1}, {sw.Elapsed.TotalSeconds:F2} s");
        Assert.That(wide, Is.GreaterThan(narrow));
    }

    private static bool[][] NaiveCodes(Network net, LabeledImages images, int n, ulong seed)
    {
        var outs = new float[net.Layers.Count][][];
        var codes = Enumerable.Range(0, n).Select(_ => new List<bool>()).ToArray();
        foreach (var l in net.Layers)
        {
            var y = new float[n][];
            for (int i = 0; i < n; i++)
            {
                var x = l.Sources[0] < 0 ? images.Image(i) : outs[l.Sources[0]][i];
                y[i] = l.IsCrossbar ? NaiveLayer(l, x, Naswot.Weights(l, seed))
                    : CimSim.Workloads.Functional.DigitalLayers.MaxPool(x, l.Input, l.Output, l.KernelSize, l.Stride, l.Padding);
            }
            if (l.IsCrossbar && l.Index != net.Layers.Count - 1)
            {
                int C = l.Output.Channels, per = y[0].Length / C;
                for (int c = 0; c < C; c++)
                {
                    double s = 0, q = 0;
                    for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) { double v = y[i][c * per + j]; s += v; q += v * v; }
                    double m = s / (n * per), inv = 1 / Math.Sqrt(q / (n * per) - m * m + Naswot.BnEps);
                    for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) y[i][c * per + j] = (float)((y[i][c * per + j] - m) * inv);
                }
            }
            if (l.Relu)
                for (int i = 0; i < n; i++)
                {
                    for (int u = 0; u < y[i].Length; u++) y[i][u] = Math.Max(0, y[i][u]);
                    codes[i].AddRange(y[i].Select(v => v > 0));
                }
            outs[l.Index] = y;
        }
        return codes.Select(c => c.ToArray()).ToArray();
    }

    /// <summary>Direct convolution / matrix product, in double.</summary>
    private static float[] NaiveLayer(Layer l, float[] x, float[] w)
    {
        if (l.Op == LayerOp.FullyConnected)
            return Enumerable.Range(0, l.Output.Channels).Select(o => (float)Enumerable.Range(0, x.Length).Sum(i => (double)w[o * x.Length + i] * x[i])).ToArray();
        var (I, O, k, p) = (l.Input, l.Output, l.KernelSize, l.Padding);
        var y = new float[O.Channels * O.Height * O.Width];
        for (int o = 0; o < O.Channels; o++)
            for (int oy = 0; oy < O.Height; oy++)
                for (int ox = 0; ox < O.Width; ox++)
                {
                    double s = 0;
                    for (int c = 0; c < I.Channels; c++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = oy - p + ky, ix = ox - p + kx;
                                if (iy < 0 || ix < 0 || iy >= I.Height || ix >= I.Width) continue;
                                s += (double)w[((o * I.Channels + c) * k + ky) * k + kx] * x[(c * I.Height + iy) * I.Width + ix];
                            }
                    y[(o * O.Height + oy) * O.Width + ox] = (float)s;
                }
        return y;
    }
}
