using System.Numerics;
using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Inference;

/// <summary>
/// Plain forward computation of crossbar layers (conv, depthwise conv, fully connected) on C×H×W tensors, for the
/// float network (T = float) and the ideal quantized network (T = double holding integers, exact below 2^53: every
/// product of a 16-bit activation and a 16-bit weight is exact and sums of up to 2^21 of them are too). Sums run in
/// a fixed order (output plane by plane, input channel and kernel position in order), so results do not depend on
/// threads.
/// </summary>
public static class ReferenceLayers
{
    /// <summary>The layer's pre-activation output (C_out × H_out × W_out) for input <paramref name="x"/> and weights in PyTorch layout.</summary>
    public static T[] Forward<T>(Layer l, ReadOnlySpan<T> x, ReadOnlySpan<T> w) where T : unmanaged, INumber<T>
    {
        return l.Op switch
        {
            LayerOp.FullyConnected => Linear(x, w, l.Output.Channels),
            LayerOp.Conv => Conv(x, l.Input, w, l.Output, l.KernelSize, l.Stride, l.Padding, depthwise: false),
            LayerOp.DepthwiseConv => Conv(x, l.Input, w, l.Output, l.KernelSize, l.Stride, l.Padding, depthwise: true),
            _ => throw new ArgumentException($"{l.Op} is not a crossbar layer"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T[] Linear<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int outputs) where T : unmanaged, INumber<T>
    {
        int n = x.Length;
        var y = new T[outputs];
        for (int o = 0; o < outputs; o++)
        {
            var row = w.Slice(o * n, n);
            var acc = Vector<T>.Zero;
            int i = 0;
            for (; i + Vector<T>.Count <= n; i += Vector<T>.Count) acc += new Vector<T>(row[i..]) * new Vector<T>(x[i..]);
            T s = Vector.Sum(acc);
            for (; i < n; i++) s += row[i] * x[i];
            y[o] = s;
        }
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T[] Conv<T>(ReadOnlySpan<T> x, TensorShape i, ReadOnlySpan<T> w, TensorShape o, int k, int s, int p, bool depthwise)
        where T : unmanaged, INumber<T>
    {
        int Ho = o.Height, Wo = o.Width, Hi = i.Height, Wi = i.Width, Ci = depthwise ? 1 : i.Channels;
        var y = new T[o.Channels * Ho * Wo];
        // Stride 1: a contiguous input row per output row; gather otherwise.
        var row = new T[Wo];
        for (int oc = 0; oc < o.Channels; oc++)
        {
            var yPlane = y.AsSpan(oc * Ho * Wo, Ho * Wo);
            for (int ci = 0; ci < Ci; ci++)
            {
                int inC = depthwise ? oc : ci;
                var xPlane = x.Slice(inC * Hi * Wi, Hi * Wi);
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                    {
                        T wv = w[((oc * Ci + ci) * k + ky) * k + kx];
                        if (wv == T.Zero) continue;
                        // Output columns whose input column ox·s − p + kx is inside the image.
                        if (Wi - 1 + p - kx < 0) continue;
                        int ox0 = Math.Max(0, (p - kx + s - 1) / s), ox1 = Math.Min(Wo, (Wi - 1 + p - kx) / s + 1);
                        if (ox1 <= ox0) continue;
                        int n = ox1 - ox0;
                        for (int oy = 0; oy < Ho; oy++)
                        {
                            int iy = oy * s - p + ky;
                            if ((uint)iy >= (uint)Hi) continue;
                            var yRow = yPlane.Slice(oy * Wo + ox0, n);
                            int ix0 = ox0 * s - p + kx;
                            ReadOnlySpan<T> src;
                            if (s == 1) src = xPlane.Slice(iy * Wi + ix0, n);
                            else
                            {
                                for (int j = 0; j < n; j++) row[j] = xPlane[iy * Wi + ix0 + j * s];
                                src = row.AsSpan(0, n);
                            }
                            Axpy(wv, src, yRow);
                        }
                    }
            }
        }
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy<T>(T a, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(a);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
                (new Vector<T>(y[i..]) + va * new Vector<T>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }
}
