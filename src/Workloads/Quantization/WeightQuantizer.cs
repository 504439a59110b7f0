using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
namespace CimSim.Workloads.Quantization;

/// <summary>
/// Symmetric per-layer weight quantization to B-bit integers in [−Q, Q], Q = 2^(B−1) − 1. The clipping range is
/// min(max|w|, 3·rms(w)): three standard deviations keep outliers from wasting levels (a fixed stand-in for a
/// learned clip), and max|w| keeps tensors without outliers unclipped. w / scale is computed in single
/// precision and rounded half away from zero (⌊|x| + (½ − ulp)⌋ with x's sign, branch-free and vectorised).
/// Statistics are summed in fixed chunks combined in order, so the result does not depend on the thread count.
/// </summary>
public static class WeightQuantizer
{
    /// <summary>Clipping range in multiples of the weights' root mean square.</summary>
    public const double ClipRms = 3.0;

    private const int Chunk = 1 << 16;
    private const float HalfDown = 0.49999997f; // the largest float below ½

    /// <summary>Quantizes <paramref name="weights"/> to <paramref name="bits"/>-bit symmetric integers.</summary>
    public static QuantizedTensor<int> Quantize(float[] weights, int bits, ParallelOptions? parallel = null)
    {
        if (bits < 2 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        parallel ??= Threads.Options(0);
        int q = (1 << (bits - 1)) - 1;
        int chunks = (weights.Length + Chunk - 1) / Chunk;
        var sumSq = new double[chunks];
        var maxAbs = new float[chunks];
        Parallel.For(0, chunks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (k) =>
        {
            double s = 0;
            float m = 0;
            foreach (float w in weights.AsSpan(k * Chunk, Math.Min(Chunk, weights.Length - k * Chunk)))
            {
                if (!float.IsFinite(w)) throw new ArgumentException("weights must be finite", nameof(weights));
                s += (double)w * w;
                m = Math.Max(m, Math.Abs(w));
            }
            sumSq[k] = s;
            maxAbs[k] = m;
        });
        double total = 0, max = 0;
        for (int k = 0; k < chunks; k++) { total += sumSq[k]; max = Math.Max(max, maxAbs[k]); }
        double rms = weights.Length == 0 ? 0 : Math.Sqrt(total / weights.Length);
        double clip = Math.Min(max, ClipRms * rms);
        var values = new int[weights.Length];
        if (clip == 0) return new QuantizedTensor<int>(values, 1.0);
        double scale = clip / q;
        float inv = (float)(1.0 / scale);
        Parallel.For(0, chunks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (k) =>
        {
            int i = k * Chunk, end = Math.Min(weights.Length, (k + 1) * Chunk);
            var vInv = Vector256.Create(inv);
            var lo = Vector256.Create((float)-q);
            var hi = Vector256.Create((float)q);
            var half = Vector256.Create(HalfDown);
            for (; i + 8 <= end; i += 8)
            {
                var x = Vector256.Min(Vector256.Max(Vector256.Create(weights, i) * vInv, lo), hi);
                Vector256.ConvertToInt32(Vector256.CopySign(Vector256.Floor(Vector256.Abs(x) + half), x)).CopyTo(values, i);
            }
            for (; i < end; i++)
            {
                float x = Math.Min(Math.Max(weights[i] * inv, -q), q);
                values[i] = (int)MathF.CopySign(MathF.Floor(MathF.Abs(x) + HalfDown), x);
            }
        });
        return new QuantizedTensor<int>(values, scale);
    }

    /// <summary>
    /// Weights that are already integers (an integer <c>.npy</c> with step 1) as they are — what
    /// <see cref="QuantizeWithStep"/> gives them at step 1, without its divisions; vectorised. Returns null and the first
    /// element outside ±(2^(B−1) − 1) in <paramref name="outside"/> when one is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[]? FromIntegers(ReadOnlySpan<float> weights, int bits, out int outside)
    {
        if (bits < 2 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        int q = (1 << (bits - 1)) - 1;
        var values = new int[weights.Length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var hi = Vector256.Create(q);
            var bad = Vector256<int>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                var v = Vector256.ConvertToInt32(Vector256.Create(weights.Slice(i, 8)));
                bad |= Vector256.GreaterThan(v, hi) | Vector256.LessThan(v, -hi);
                v.CopyTo(values.AsSpan(i, 8));
            }
            if (bad != Vector256<int>.Zero) i = 0; // find the first one below
        }
        for (; i < values.Length; i++)
        {
            int v = (int)weights[i];
            if (v < -q || v > q || v != weights[i]) { outside = i; return null; }
            values[i] = v;
        }
        outside = -1;
        return values;
    }

    /// <summary>
    /// Quantizes with a given (learned, LSQ) step: clamp(round(w / step), −Q, Q), w / step in single precision,
    /// rounded half away from zero (docs/MODEL_FORMAT.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop over every weight, once per layer
    public static QuantizedTensor<int> QuantizeWithStep(ReadOnlySpan<float> weights, int bits, double step)
    {
        if (bits < 2 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step));
        int q = (1 << (bits - 1)) - 1;
        float s = (float)step;
        var values = new int[weights.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float x = Math.Min(Math.Max(weights[i] / s, -q), q);
            values[i] = (int)MathF.CopySign(MathF.Floor(MathF.Abs(x) + HalfDown), x);
        }
        return new QuantizedTensor<int>(values, step);
    }
}
