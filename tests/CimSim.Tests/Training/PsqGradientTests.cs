using CimSim.Training;
using CimSim.Training.Models;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Randomness;
using NUnit.Framework;
using static TorchSharp.torch;

namespace CimSim.Tests.Training;

/// <summary>
/// The learned α's gradient. A comparator's output is a step function, so training uses the LSQ surrogate:
/// around α̂, the readout of a partial sum p is f(α) = α·(q + clamp(p/α, −1, 1) − clamp(p/α̂, −1, 1)) (its value is
/// α̂·q at α = α̂). This test differentiates the whole layer — row blocks, input slices, weight slices,
/// significance 2^(s·d + j·c), the step product and the 1/√vectors gradient scale — by central finite differences
/// of that surrogate, computed with plain loops in double precision, and compares every α's autograd gradient.
/// </summary>
public class PsqGradientTests
{
    [OneTimeSetUp]
    public void Setup() => TorchRuntime.Configure(1, 1);

    [TestCase(ReadoutKind.Ternary, SignedWeightScheme.Differential)]
    [TestCase(ReadoutKind.Binary, SignedWeightScheme.Differential)]
    [TestCase(ReadoutKind.Ternary, SignedWeightScheme.Offset)]
    public void AlphaGradientMatchesFiniteDifferencesOfTheSurrogate(ReadoutKind readout, SignedWeightScheme scheme)
    {
        // 20 channels × 3×3 = 180 rows on 70-row crossbars: 3 row blocks; W3 in 1-bit cells, A3 bit-serial.
        const int inC = 20, outC = 3, h = 5, w = 5, k = 3, rows = 70, wBits = 3, iBits = 3;
        var chip = new MappingTarget(rows, 64, 1, scheme, 1, 1, 1, wBits, iBits, 1, readout, 0, 8);
        var rng = new Xoshiro256StarStar(7);
        int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
        var act = new float[inC * h * w];
        for (int i = 0; i < act.Length; i++) act[i] = Pick(0, 2) == 0 ? 0 : Pick(0, 7);
        var wts = new float[outC * inC * k * k];
        for (int i = 0; i < wts.Length; i++) wts[i] = Pick(-3, 3);
        var l = CrossbarLayer.Create("l", inC, outC, k, 1, fc: false);
        l.FoldBatchNorm();
        l.EnableQuantization(chip, wBits, iBits);
        using (no_grad())
        {
            l.Weight.copy_(tensor(wts).view(l.Weight.shape));
            l.Bias.zero_();
        }
        var x = tensor(act).view(1, inC, h, w);
        l.Quantizer!.AccumulateCalibration(l, x);
        l.EnablePsq();
        var q = l.Quantizer!;
        var alpha = q.Alpha!;
        int rb = 3, S = 3, J = scheme == SignedWeightScheme.Differential ? 2 : 3, K = outC * J, L = h * w;
        Assert.That(alpha.shape, Is.EqualTo(new long[] { rb, S, K }));
        // α spread from small to large so that some partial sums saturate and some do not.
        var a0 = new float[rb * S * K];
        for (int i = 0; i < a0.Length; i++) a0[i] = 0.5f + Pick(0, 60) * 0.25f;
        using (no_grad()) alpha.copy_(tensor(a0).view(alpha.shape));
        var coef = new float[outC * L];
        for (int i = 0; i < coef.Length; i++) coef[i] = (Pick(0, 2000) - 1000) / 1000f;

        var y = l.forward(x);
        var loss = (y * tensor(coef).view(1, outC, h, w)).sum();
        l.zero_grad();
        loss.backward();
        var grad = alpha.grad!.data<float>().ToArray();

        // α̂ as the forward quantized it (8-bit codes, step = max α / 255, float32).
        float stepF = a0.Max() / 255f;
        var aHat = Array.ConvertAll(a0, v => MathF.Floor(v / stepF + 0.5f) * stepF);
        // Partial sums with plain loops: rows r = (c, ky, kx), block r / 70; bit s of x; slice j of |w| or w + 4.
        var p = new double[rb, S, K, L];
        for (int o = 0; o < outC; o++)
            for (int j = 0; j < J; j++)
                for (int oy = 0; oy < h; oy++)
                    for (int ox = 0; ox < w; ox++)
                        for (int r = 0; r < inC * 9; r++)
                        {
                            int c = r / 9, ky = r % 9 / 3, kx = r % 3, iy = oy + ky - 1, ix = ox + kx - 1;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            int xv = (int)act[(c * h + iy) * w + ix], wv = (int)wts[o * inC * 9 + r];
                            double sigma = scheme == SignedWeightScheme.Differential
                                ? Math.Sign(wv) * ((Math.Abs(wv) >> j) & 1)
                                : (((wv + 4) >> j) & 1) - 0.5;
                            for (int s = 0; s < S; s++) p[r / rows, s, o * J + j, oy * w + ox] += ((xv >> s) & 1) * sigma;
                        }
        double g = 1.0 / Math.Sqrt(L); // LSQ gradient scale: one vector per output position of one image
        double Surrogate(int b, int s, int kk, double a)
        {
            double ah = aHat[(b * S + s) * K + kk], sum = 0;
            int o = kk / J, j = kk % J;
            for (int v = 0; v < L; v++)
            {
                double pv = p[b, s, kk, v];
                double qv = readout == ReadoutKind.Ternary ? (2 * pv >= Math.Floor(ah) + 1 ? 1 : 2 * pv <= -(Math.Floor(ah) + 1) ? -1 : 0) : (pv >= 0 ? 1 : -1);
                double f = a * (qv + Math.Clamp(pv / a, -1, 1) - Math.Clamp(pv / ah, -1, 1));
                sum += coef[o * L + v] * Math.Pow(2, s + j) * f;
            }
            return sum;
        }
        int checkedInside = 0;
        for (int b = 0; b < rb; b++)
            for (int s = 0; s < S; s++)
                for (int kk = 0; kk < K; kk++)
                {
                    int i = (b * S + s) * K + kk;
                    double ah = aHat[i], d = 1e-4 * ah;
                    double fd = (Surrogate(b, s, kk, ah + d) - Surrogate(b, s, kk, ah - d)) / (2 * d) * g;
                    Assert.That(grad[i], Is.EqualTo(fd).Within(1e-3 * (1 + Math.Abs(fd))), $"α[{b},{s},{kk}]");
                    for (int v = 0; v < L; v++) if (Math.Abs(p[b, s, kk, v]) < ah && p[b, s, kk, v] != 0) { checkedInside++; break; }
                }
        Assert.That(checkedInside, Is.GreaterThan(10), "partial sums inside the clip range were exercised");
        Assert.That(grad.Count(v => Math.Abs(v) > 1e-3), Is.GreaterThan(grad.Length / 2), "most α get a non-zero gradient");
    }
}
