using CimSim.Workloads.Functional;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Quantization;
using CimSim.Workloads.Randomness;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class QuantizationTests
{
    [Test]
    public void WeightsRoundHalfAwayFromZeroAndClipAtThreeRms()
    {
        // rms of these values is large enough that 3·rms > max|w|: no clipping, scale = max|w| / 7.
        float[] w = [7, -7, 3.5f, -3.5f, 0.5f, -0.5f, 2.4999998f, 1];
        var q = WeightQuantizer.Quantize(w, 4);
        Assert.That(q.Scale, Is.EqualTo(1.0));
        Assert.That(q.Values, Is.EqualTo(new[] { 7, -7, 4, -4, 1, -1, 2, 1 }));
        // One outlier among many small values is clipped to 3·rms.
        var spiky = Enumerable.Repeat(0.1f, 999).Append(100f).ToArray();
        var s = WeightQuantizer.Quantize(spiky, 8);
        double tenth = 0.1f, rms = Math.Sqrt((999 * tenth * tenth + 100.0 * 100.0) / 1000);
        Assert.That(s.Scale, Is.EqualTo(3 * rms / 127).Within(1e-12));
        Assert.That(s.Values[^1], Is.EqualTo(127));
        Assert.That(WeightQuantizer.Quantize(new float[5], 8).Values, Is.All.Zero);
    }

    [Test]
    public void ActivationsClipAtThe999thPercentileOfPositiveValues()
    {
        var x = Enumerable.Range(1, 2000).Select(i => (float)i).Append(-5f).ToArray();
        var q = ActivationQuantizer.Quantize(x, 4);
        Assert.That(q.Scale, Is.EqualTo(1998.0 / 15), "nearest rank ⌈0.999 · 2000⌉ = 1998");
        Assert.That(q.Values[^1], Is.Zero, "negative values quantize to 0");
        Assert.That(q.Values[1997], Is.EqualTo(15));
        Assert.That(q.Values[1999], Is.EqualTo(15), "values above the clip saturate");
        Assert.That(q.Values[0], Is.EqualTo(0), "1 / 133.2 rounds to 0");
    }

    [Test]
    public void GeneratorFollowsSplitMix64AndGivesUnitNormals()
    {
        ulong s = 0;
        Assert.That(Xoshiro256StarStar.SplitMix64(ref s), Is.EqualTo(0xE220A8397B1DCDAFUL), "SplitMix64's published first output for seed 0");
        var a = Xoshiro256StarStar.ForStream(1, 2);
        var b = Xoshiro256StarStar.ForStream(1, 2);
        var c = Xoshiro256StarStar.ForStream(1, 3);
        Assert.That(a.NextUInt64(), Is.EqualTo(b.NextUInt64()));
        Assert.That(a.NextUInt64(), Is.Not.EqualTo(c.NextUInt64()));
        double sum = 0, sq = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++) { double z = a.NextStandardNormalApprox(); sum += z; sq += z * z; }
        Assert.That(sum / n, Is.EqualTo(0).Within(0.01));
        Assert.That(sq / n, Is.EqualTo(1).Within(0.01));
    }
    [Test]
    public void VectorisedActivationLoopsEqualTheirScalarDefinitions()
    {
        // Long enough for the vector paths, with a tail: halves, values past the top code, negatives and −0.
        var rng = new Xoshiro256StarStar(3);
        var x = new float[1003];
        for (int i = 0; i < x.Length; i++)
            x[i] = (i % 7) switch { 0 => -0f, 1 => -(float)rng.NextDouble(), 2 => (i % 9 + 0.5f) * 0.25f, _ => (float)(rng.NextDouble() * 3) };
        foreach (int bits in new[] { 1, 3, 8 })
        {
            var q = new ushort[x.Length];
            ActivationQuantizer.QuantizeWithStep(x, bits, 0.25, q);
            float max = (1 << bits) - 1;
            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i] / 0.25f;
                Assert.That(q[i], Is.EqualTo(v > 0 ? (ushort)Math.Min(max, MathF.Floor(v + 0.5f)) : 0), $"element {i}, {bits} bits");
            }
        }
        var y = (float[])x.Clone();
        DigitalLayers.Relu(y);
        for (int i = 0; i < x.Length; i++)
            Assert.That(BitConverter.SingleToInt32Bits(y[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(x[i] < 0 ? 0 : x[i])), $"ReLU of element {i}");
        // A residual add of equal shapes sums element by element, in operand order.
        var shape = new TensorShape(17, 7, 8);
        var a = x[..(int)shape.Elements]; var b = y[..(int)shape.Elements];
        var sum = DigitalLayers.ResidualAdd([a, b], [shape, shape], shape);
        for (int i = 0; i < sum.Length; i++) Assert.That(sum[i], Is.EqualTo(0f + a[i] + b[i]), $"sum element {i}");
    }

    [Test]
    public void ClipValueIsThe999thPercentileOfThePositiveValues()
    {
        // The definition, by sorting, against the heap selection — with ties, negatives and zeros, and tiny sets.
        var rng = new Random(11);
        foreach (int n in new[] { 1, 2, 5, 999, 1000, 1001, 20_000 })
            for (int rep = 0; rep < 3; rep++)
            {
                var x = new float[n];
                for (int i = 0; i < n; i++) x[i] = rng.Next(4) == 0 ? -rng.Next(5) : rep == 1 ? rng.Next(30) : (float)rng.NextDouble() * 10;
                var positive = x.Where(v => v > 0).OrderBy(v => v).ToArray();
                double expected = positive.Length == 0 ? 0 : positive[Math.Clamp((int)Math.Ceiling(0.999 * positive.Length) - 1, 0, positive.Length - 1)];
                Assert.That(ActivationQuantizer.ClipValue(x), Is.EqualTo(expected), $"n {n}, rep {rep}");
            }
    }
}
