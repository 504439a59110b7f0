using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Four output planes at once: y[o + j] = Σ_r w[o + j, r] · col[r], r in order for every element (the same operations,
    /// in the same order, as adding w · col row by row into zeroed planes). Register-blocked: two vectors of columns for
    /// the four planes (8 sums) stay in registers across all r, so each column strip is loaded once per 4 outputs and
    /// the planes are written once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4<T>(ReadOnlySpan<T> w, T[] col, int R, int V, T[] y, int o) where T : unmanaged, INumber<T>
    {
        int n = Vector<T>.Count;
        ref T c = ref MemoryMarshal.GetArrayDataReference(col);
        ref T w0 = ref Unsafe.AsRef(in w[o * R]);
        ref T w1 = ref Unsafe.Add(ref w0, R);
        ref T w2 = ref Unsafe.Add(ref w0, 2 * R);
        ref T w3 = ref Unsafe.Add(ref w0, 3 * R);
        var y0 = y.AsSpan(o * V, V); var y1 = y.AsSpan((o + 1) * V, V);
        var y2 = y.AsSpan((o + 2) * V, V); var y3 = y.AsSpan((o + 3) * V, V);
        int i = 0;
        for (; i + 2 * n <= V; i += 2 * n)
        {
            Vector<T> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
            for (int r = 0; r < R; r++)
            {
                nuint at = (nuint)(r * V + i);
                var c0 = Vector.LoadUnsafe(ref c, at);
                var c1 = Vector.LoadUnsafe(ref c, at + (nuint)n);
                var a0 = new Vector<T>(Unsafe.Add(ref w0, r)); var a1 = new Vector<T>(Unsafe.Add(ref w1, r));
                var a2 = new Vector<T>(Unsafe.Add(ref w2, r)); var a3 = new Vector<T>(Unsafe.Add(ref w3, r));
                s00 += a0 * c0; s01 += a0 * c1;
                s10 += a1 * c0; s11 += a1 * c1;
                s20 += a2 * c0; s21 += a2 * c1;
                s30 += a3 * c0; s31 += a3 * c1;
            }
            s00.CopyTo(y0[i..]); s01.CopyTo(y0[(i + n)..]);
            s10.CopyTo(y1[i..]); s11.CopyTo(y1[(i + n)..]);
            s20.CopyTo(y2[i..]); s21.CopyTo(y2[(i + n)..]);
            s30.CopyTo(y3[i..]); s31.CopyTo(y3[(i + n)..]);
        }
        for (; i < V; i++) // the last columns one at a time, in the same order
        {
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (int r = 0; r < R; r++)
            {
                T cv = col[r * V + i];
                s0 += Unsafe.Add(ref w0, r) * cv; s1 += Unsafe.Add(ref w1, r) * cv;
                s2 += Unsafe.Add(ref w2, r) * cv; s3 += Unsafe.Add(ref w3, r) * cv;
            }
            y0[i] = s0; y1[i] = s1; y2[i] = s2; y3[i] = s3;
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
