using System.Numerics;
using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Inference;

/// <summary>
/// Plain forward computation of crossbar layers (conv, depthwise conv, fully connected) on C×H×W tensors, for the
/// float network (T = float) and the ideal quantized network (integers held in float when every partial sum stays
/// below 2^24, else in double, exact below 2^53). Sums run in a fixed order (each output accumulates the input
/// channels and kernel positions in order), so results do not depend on threads.
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

    /// <summary>
    /// Convolution as im2col + a blocked product: the input patches become a (C_in·k·k) × (H_out·W_out) matrix (zero
    /// where padded), then each output plane is Σ_r w[o, r] · row r, accumulated over r in order (4 outputs at a time,
    /// so each patch row is loaded once per 4 outputs). Depthwise: one input channel per output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T[] Conv<T>(ReadOnlySpan<T> x, TensorShape i, ReadOnlySpan<T> w, TensorShape o, int k, int s, int p, bool depthwise)
        where T : unmanaged, INumber<T>
    {
        int Ho = o.Height, Wo = o.Width, Hi = i.Height, Wi = i.Width, V = Ho * Wo, kk = k * k;
        int Ci = depthwise ? 1 : i.Channels, R = Ci * kk;
        var y = new T[o.Channels * V];
        // Dense: one im2col of all input channels; depthwise: one of the output's own channel at a time.
        // The patch matrix is scratch: rented (a fresh one per call would be a large-object allocation per layer and image).
        var pool = System.Buffers.ArrayPool<T>.Shared;
        var col = pool.Rent(R * V);
        void Im2Col(ReadOnlySpan<T> xs, int firstChannel, int channels)
        {
            for (int c = 0; c < channels; c++)
            {
                var plane = xs.Slice((firstChannel + c) * Hi * Wi, Hi * Wi);
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                    {
                        var row = col.AsSpan(((c * k + ky) * k + kx) * V, V);
                        // Output columns whose input column ox·s − p + kx lies inside the image: [oxLo, oxHi).
                        int oxLo = p - kx <= 0 ? 0 : (p - kx + s - 1) / s;
                        int last = Wi - 1 + p - kx;
                        int oxHi = last < 0 ? 0 : Math.Min(Wo, last / s + 1);
                        if (oxHi < oxLo) oxHi = oxLo;
                        for (int oy = 0; oy < Ho; oy++)
                        {
                            int iy = oy * s - p + ky;
                            var dst = row.Slice(oy * Wo, Wo);
                            if ((uint)iy >= (uint)Hi || oxLo >= oxHi) { dst.Clear(); continue; }
                            dst[..oxLo].Clear();
                            dst[oxHi..].Clear();
                            int src = iy * Wi - p + kx;
                            if (s == 1) plane.Slice(src + oxLo, oxHi - oxLo).CopyTo(dst[oxLo..]);
                            else for (int ox = oxLo; ox < oxHi; ox++) dst[ox] = plane[src + ox * s];
                        }
                    }
            }
        }
        if (!depthwise)
        {
            Im2Col(x, 0, Ci);
            int oc = 0;
            for (; oc + 4 <= o.Channels; oc += 4)
                Block4(w, col, R, V, y, oc);
            for (; oc < o.Channels; oc++)
                for (int r = 0; r < R; r++)
                {
                    T wv = w[oc * R + r];
                    if (wv != T.Zero) Axpy(wv, col.AsSpan(r * V, V), y.AsSpan(oc * V, V));
                }
        }
        else
            for (int oc = 0; oc < o.Channels; oc++)
            {
                Im2Col(x, oc, 1);
                for (int r = 0; r < kk; r++)
                {
                    T wv = w[oc * kk + r];
                    if (wv != T.Zero) Axpy(wv, col.AsSpan(r * V, V), y.AsSpan(oc * V, V));
                }
            }
        pool.Return(col);
        return y;
    }

    /// <summary>Four output planes at once: y[o + j] += Σ_r w[o + j, r] · col[r] (r in order for each plane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4<T>(ReadOnlySpan<T> w, T[] col, int R, int V, T[] y, int o) where T : unmanaged, INumber<T>
    {
        var y0 = y.AsSpan(o * V, V); var y1 = y.AsSpan((o + 1) * V, V);
        var y2 = y.AsSpan((o + 2) * V, V); var y3 = y.AsSpan((o + 3) * V, V);
        int n = Vector<T>.Count;
        for (int r = 0; r < R; r++)
        {
            T a0 = w[o * R + r], a1 = w[(o + 1) * R + r], a2 = w[(o + 2) * R + r], a3 = w[(o + 3) * R + r];
            var c = col.AsSpan(r * V, V);
            var v0 = new Vector<T>(a0); var v1 = new Vector<T>(a1); var v2 = new Vector<T>(a2); var v3 = new Vector<T>(a3);
            int i = 0;
            for (; i + n <= V; i += n)
            {
                var cv = new Vector<T>(c[i..]);
                (new Vector<T>(y0[i..]) + v0 * cv).CopyTo(y0[i..]);
                (new Vector<T>(y1[i..]) + v1 * cv).CopyTo(y1[i..]);
                (new Vector<T>(y2[i..]) + v2 * cv).CopyTo(y2[i..]);
                (new Vector<T>(y3[i..]) + v3 * cv).CopyTo(y3[i..]);
            }
            for (; i < V; i++)
            {
                y0[i] += a0 * c[i]; y1[i] += a1 * c[i]; y2[i] += a2 * c[i]; y3[i] += a3 * c[i];
            }
        }
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
