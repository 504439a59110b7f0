using System.Numerics;
using System.Runtime.CompilerServices;

namespace CimSim.Workloads.Quantization;

/// <summary>
/// Unsigned per-tensor activation quantization to b-bit integers in [0, 2^b − 1] (activations follow a ReLU,
/// so they are non-negative; anything negative becomes 0). The clipping value is the 99.9th percentile of the
/// positive values (nearest rank), a fixed stand-in for a learned clip (PACT-style) that keeps one outlier from
/// flattening the rest. Rounding is half away from zero.
/// </summary>
public static class ActivationQuantizer
{
    /// <summary>Fraction of positive activations below the clipping value.</summary>
    public const double ClipPercentile = 0.999;

    /// <summary>Quantizes <paramref name="x"/> to <paramref name="bits"/> bits.</summary>
    public static QuantizedTensor<ushort> Quantize(ReadOnlySpan<float> x, int bits)
    {
        if (bits < 1 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        int max = (1 << bits) - 1;
        var values = new ushort[x.Length];
        double clip = ClipValue(x);
        if (clip == 0) return new QuantizedTensor<ushort>(values, 1.0); // no positive value
        double scale = clip / max, inv = 1.0 / scale;
        for (int i = 0; i < values.Length; i++)
            values[i] = x[i] > 0 ? (ushort)Math.Min(max, Math.Round(x[i] * inv, MidpointRounding.AwayFromZero)) : (ushort)0;
        return new QuantizedTensor<ushort>(values, scale);
    }

    /// <summary>
    /// Quantizes with a fixed step (learned, or calibrated once per layer): clamp(round(x / step), 0, 2^b − 1),
    /// x / step in single precision, half away from zero (docs/MODEL_FORMAT.md). Writes into <paramref name="values"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void QuantizeWithStep(ReadOnlySpan<float> x, int bits, double step, Span<ushort> values)
    {
        if (bits < 1 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        float max = (1 << bits) - 1, s = (float)step;
        int i = 0, n = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && values.Length >= x.Length)
        {
            // The loop below, n at a time: the same division, rounding and clamp per element.
            var vs = new Vector<float>(s); var half = new Vector<float>(0.5f); var vmax = new Vector<float>(max);
            var zero = Vector<float>.Zero;
            Span<int> q = stackalloc int[Vector<int>.Count];
            for (; i + n <= x.Length; i += n)
            {
                var v = new Vector<float>(x[i..]) / vs;
                var r = Vector.ConditionalSelect(Vector.GreaterThan(v, zero), Vector.Min(vmax, Vector.Floor(v + half)), zero);
                Vector.ConvertToInt32(r).CopyTo(q);
                for (int j = 0; j < n; j++) values[i + j] = (ushort)q[j];
            }
        }
        for (; i < x.Length; i++)
        {
            float v = x[i] / s;
            values[i] = v > 0 ? (ushort)Math.Min(max, MathF.Floor(v + 0.5f)) : (ushort)0;
        }
    }

    /// <summary>The clip value this quantizer would use for <paramref name="x"/>: the 99.9th percentile of its positive values (0 if none).</summary>
    public static double ClipValue(ReadOnlySpan<float> x)
    {
        int count = 0;
        foreach (float v in x) if (v > 0) count++;
        if (count == 0) return 0;
        // The k-th smallest positive value is the smallest of the top count − k + 1: kept in a min-heap of that size (0.1 % of
        // the values), so this costs a comparison per value instead of a sort.
        int k = Math.Clamp((int)Math.Ceiling(ClipPercentile * count) - 1, 0, count - 1), top = count - k;
        var heap = new PriorityQueue<float, float>(top);
        foreach (float v in x)
        {
            if (v <= 0) continue;
            if (heap.Count < top) heap.Enqueue(v, v);
            else if (v > heap.Peek()) heap.EnqueueDequeue(v, v);
        }
        return heap.Peek();
    }
}
