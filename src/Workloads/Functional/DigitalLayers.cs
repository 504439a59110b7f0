using System.Numerics;
using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Reference (real-valued) forward computation of the layers done outside the crossbars, on C×H×W float
/// tensors: pooling, residual add (ResNet option A for mismatched operands) and ReLU. Sums run in a fixed order.
/// </summary>
public static class DigitalLayers
{
    /// <summary>Max pooling; padded positions are −∞ (never chosen), as in PyTorch.</summary>
    public static float[] MaxPool(float[] x, TensorShape i, TensorShape o, int k, int stride, int pad) =>
        Pool(x, i, o, k, stride, pad, max: true);

    /// <summary>Average pooling; padded positions count as zeros in the k·k divisor (PyTorch's count_include_pad).</summary>
    public static float[] AvgPool(float[] x, TensorShape i, TensorShape o, int k, int stride, int pad) =>
        Pool(x, i, o, k, stride, pad, max: false);

    private static float[] Pool(float[] x, TensorShape i, TensorShape o, int k, int stride, int pad, bool max)
    {
        var y = new float[o.Elements];
        for (int c = 0; c < o.Channels; c++)
            for (int oy = 0; oy < o.Height; oy++)
                for (int ox = 0; ox < o.Width; ox++)
                {
                    float best = float.NegativeInfinity;
                    double sum = 0;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                            if ((uint)iy >= (uint)i.Height || (uint)ix >= (uint)i.Width) continue;
                            float v = x[(c * i.Height + iy) * i.Width + ix];
                            best = Math.Max(best, v);
                            sum += v;
                        }
                    y[(c * o.Height + oy) * o.Width + ox] = max ? best : (float)(sum / (k * k));
                }
        return y;
    }

    /// <summary>Mean over each channel's feature map.</summary>
    public static float[] GlobalAvgPool(float[] x, TensorShape i)
    {
        var y = new float[i.Channels];
        int n = i.Height * i.Width;
        for (int c = 0; c < i.Channels; c++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += x[c * n + j];
            y[c] = (float)(s / n);
        }
        return y;
    }

    /// <summary>
    /// Element-wise sum into shape <paramref name="o"/>. An operand with fewer channels or a larger feature map
    /// is subsampled by the integer ratio and zero-padded in channels (ResNet option A).
    /// </summary>
    public static float[] ResidualAdd(IReadOnlyList<float[]> xs, IReadOnlyList<TensorShape> shapes, TensorShape o)
    {
        var y = new float[o.Elements];
        for (int n = 0; n < xs.Count; n++)
        {
            var x = xs[n];
            var s = shapes[n];
            int f = s.Height / o.Height;
            if (f == 1 && s.Width == o.Width && s.Channels == o.Channels)
            {
                Add(x, y); // same shape: element by element
                continue;
            }
            for (int c = 0; c < s.Channels; c++)
                for (int oy = 0; oy < o.Height; oy++)
                    for (int ox = 0; ox < o.Width; ox++)
                        y[(c * o.Height + oy) * o.Width + ox] += x[(c * s.Height + oy * f) * s.Width + ox * f];
        }
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(float[] x, float[] y)
    {
        int i = 0;
        for (; i + Vector<float>.Count <= y.Length; i += Vector<float>.Count)
            (new Vector<float>(y, i) + new Vector<float>(x, i)).CopyTo(y, i);
        for (; i < y.Length; i++) y[i] += x[i];
    }

    /// <summary>Replaces negative values by 0 in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(float[] x)
    {
        int i = 0;
        var zero = Vector<float>.Zero;
        for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
        {
            var v = new Vector<float>(x, i);
            Vector.ConditionalSelect(Vector.LessThan(v, zero), zero, v).CopyTo(x, i); // exactly x < 0 ? 0 : x
        }
        for (; i < x.Length; i++) if (x[i] < 0) x[i] = 0;
    }
}
