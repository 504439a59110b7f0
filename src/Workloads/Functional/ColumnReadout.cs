using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CimSim.Workloads.Functional;

/// <summary>Compile-time choice of the signed-weight scheme for the readout loops (the JIT specialises each).</summary>
internal interface IPolarity { static abstract bool Differential { get; } }
internal readonly struct DifferentialPairs : IPolarity { public static bool Differential => true; }
internal readonly struct OffsetColumns : IPolarity { public static bool Differential => false; }

/// <summary>
/// The readout of one crossbar's columns for one read, and the bookkeeping around it. A loop covers the
/// crossbar's readout columns k ∈ [k0, k0 + n); <c>ps</c> holds their physical partial sums, block-local:
/// ps[i] for readout column k0 + i (offset) or ps[i] / ps[n + i] for its positive / negative column
/// (differential). Every loop adds the exact signed partial sum, shifted by <c>sd</c> (the input slice's significance
/// relative to the first slice the sums hold), to <c>ideal[i]</c>; the readout loops' sums are block-local ints (index i
/// for readout column k0 + i), which the caller adds to its long per-layer sums every <see cref="SlicesPerFlush"/>
/// slices (<see cref="Flush"/>). Loops run 8 columns at a time with <see cref="Vector256{T}"/> and finish with
/// a scalar tail that computes the same thing. An empty <c>ideal</c> is not added to (the caller does not need the exact sums).
/// <para>Signed partial sum p: differential, p = ps⁺ − ps⁻; offset, p = ps − centre with centre =
/// (2^c_j − 1)·n_x/2 (a reference column of mid-level cells; n_x = Σ of the input slice over the crossbar's rows).
/// Comparators work on P2 = 2p, an integer in both schemes.</para>
/// </summary>
internal static class ColumnReadout
{
    private const int W = 8; // Vector256<int>.Count

    /// <summary>
    /// ADC readout: every physical column is converted with unit LSB and clipped to [0, amax]. Adds
    /// 2·(reconstructed value) to <paramref name="hatB2"/>; returns non-zero conversions and adds clipped ones to
    /// <paramref name="clipped"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Adc<TP>(ReadOnlySpan<int> ps, int n, int sd, int amax,
        Span<int> ideal, Span<int> hatB2, ref long clipped) where TP : struct, IPolarity
    {
        Check(ps, n, TP.Differential, ideal, hatB2);
        bool exact = !ideal.IsEmpty;
        ref int p = ref MemoryMarshal.GetReference(ps);
        ref int id = ref MemoryMarshal.GetReference(ideal);
        ref int hb = ref MemoryMarshal.GetReference(hatB2);
        int nz = 0, clip = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var max = Vector256.Create(amax);
            for (; i + W <= n; i += W)
            {
                var vp = Vector256.LoadUnsafe(ref p, (nuint)i);
                var ap = Vector256.Min(vp, max);
                clip += BitOperations.PopCount(Vector256.GreaterThan(vp, max).ExtractMostSignificantBits());
                nz += BitOperations.PopCount((~Vector256.Equals(ap, Vector256<int>.Zero)).ExtractMostSignificantBits());
                Vector256<int> s = vp, a = ap;
                if (TP.Differential)
                {
                    var vn = Vector256.LoadUnsafe(ref p, (nuint)(n + i));
                    var an = Vector256.Min(vn, max);
                    clip += BitOperations.PopCount(Vector256.GreaterThan(vn, max).ExtractMostSignificantBits());
                    nz += BitOperations.PopCount((~Vector256.Equals(an, Vector256<int>.Zero)).ExtractMostSignificantBits());
                    s = vp - vn;
                    a = ap - an;
                }
                if (exact) AddShifted(ref id, i, s, sd);
                AddShifted(ref hb, i, a, sd + 1);
            }
        }
        for (; i < n; i++)
        {
            int vp = Unsafe.Add(ref p, i), ap = Math.Min(vp, amax);
            clip += vp > amax ? 1 : 0;
            nz += ap != 0 ? 1 : 0;
            int s = vp, a = ap;
            if (TP.Differential)
            {
                int vn = Unsafe.Add(ref p, n + i), an = Math.Min(vn, amax);
                clip += vn > amax ? 1 : 0;
                nz += an != 0 ? 1 : 0;
                s = vp - vn;
                a = ap - an;
            }
            if (exact) Unsafe.Add(ref id, i) += s << sd;
            Unsafe.Add(ref hb, i) += a << (sd + 1);
        }
        clipped += clip;
        return nz;
    }

    /// <summary>
    /// ADC readout with unit LSB as <see cref="Adc{TP}"/> counts it, for a caller that has the exact sums another way: adds
    /// only what clipping takes off, ((ps⁺ − amax)⁺ − (ps⁻ − amax)⁺) shifted by <paramref name="sd"/>, to
    /// <paramref name="excess"/> (so the readout is exact − excess); returns non-zero conversions and adds clipped ones to
    /// <paramref name="clipped"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int AdcExcess<TP>(ReadOnlySpan<int> ps, int n, int sd, int amax, Span<int> excess, ref long clipped)
        where TP : struct, IPolarity
    {
        Check(ps, n, TP.Differential, default, excess);
        ref int p = ref MemoryMarshal.GetReference(ps);
        ref int ex = ref MemoryMarshal.GetReference(excess);
        int nz = 0, clip = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var max = Vector256.Create(amax);
            for (; i + W <= n; i += W)
            {
                var vp = Vector256.LoadUnsafe(ref p, (nuint)i);
                var over = Vector256.GreaterThan(vp, max);
                clip += BitOperations.PopCount(over.ExtractMostSignificantBits());
                nz += BitOperations.PopCount((~Vector256.Equals(vp, Vector256<int>.Zero)).ExtractMostSignificantBits());
                var cut = (vp - max) & over;
                if (TP.Differential)
                {
                    var vn = Vector256.LoadUnsafe(ref p, (nuint)(n + i));
                    var overN = Vector256.GreaterThan(vn, max);
                    clip += BitOperations.PopCount(overN.ExtractMostSignificantBits());
                    nz += BitOperations.PopCount((~Vector256.Equals(vn, Vector256<int>.Zero)).ExtractMostSignificantBits());
                    cut -= (vn - max) & overN;
                    over |= overN;
                }
                if (over != Vector256<int>.Zero) AddShifted(ref ex, i, cut, sd);
            }
        }
        for (; i < n; i++)
        {
            int vp = Unsafe.Add(ref p, i);
            clip += vp > amax ? 1 : 0;
            nz += vp != 0 ? 1 : 0;
            int cut = Math.Max(0, vp - amax);
            if (TP.Differential)
            {
                int vn = Unsafe.Add(ref p, n + i);
                clip += vn > amax ? 1 : 0;
                nz += vn != 0 ? 1 : 0;
                cut -= Math.Max(0, vn - amax);
            }
            if (cut != 0) Unsafe.Add(ref ex, i) += cut << sd;
        }
        clipped += clip;
        return nz;
    }

    /// <summary>
    /// ADC readout with an LSB other than one unit (<see cref="AdcTransfer"/>): every physical column's code is
    /// min(2^b − 1, ⌊p / LSB + ½⌋); adds the signed code, shifted by <paramref name="sd"/>, to <paramref name="hatA"/>
    /// (the digital side multiplies by the LSB); returns non-zero conversions and adds those with p / LSB &gt; 2^b − ½
    /// to <paramref name="clipped"/>. Scalar (a division per column).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int AdcScaled<TP>(ReadOnlySpan<int> ps, int n, int sd, AdcTransfer adc,
        Span<int> ideal, Span<int> hatA, ref long clipped) where TP : struct, IPolarity
    {
        Check(ps, n, TP.Differential, ideal, hatA);
        bool exact = !ideal.IsEmpty;
        var id = exact ? ideal[..n] : default;
        var ha = hatA[..n];
        double lsb = adc.Lsb, top = adc.TopCode, clipAt = top + 0.5;
        int nz = 0, clip = 0;
        for (int i = 0; i < n; i++)
        {
            int vp = ps[i];
            double xp = vp / lsb;
            int cp = (int)Math.Min(top, Math.Floor(xp + 0.5));
            clip += xp > clipAt ? 1 : 0;
            nz += cp != 0 ? 1 : 0;
            int s = vp, a = cp;
            if (TP.Differential)
            {
                int vn = ps[n + i];
                double xn = vn / lsb;
                int cn = (int)Math.Min(top, Math.Floor(xn + 0.5));
                clip += xn > clipAt ? 1 : 0;
                nz += cn != 0 ? 1 : 0;
                s = vp - vn;
                a = cp - cn;
            }
            if (exact) id[i] += s << sd;
            ha[i] += a << sd;
        }
        clipped += clip;
        return nz;
    }

    /// <summary>
    /// Ternary readout: q = +1 if P2 ≥ thr, −1 if P2 ≤ −thr, else 0, with thr = ⌊α⌋ + 1 (so |p| &gt; α/2 exactly).
    /// Adds q · code to <paramref name="hatA"/>; returns the number of non-zero q.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Ternary<TP>(ReadOnlySpan<int> ps, int k0, int n, int sd, ReadOnlySpan<int> thr, ReadOnlySpan<int> code,
        ReadOnlySpan<int> centreMul, int nx, Span<int> ideal, Span<int> hatA) where TP : struct, IPolarity
    {
        Check(ps, n, TP.Differential, ideal, hatA);
        bool exact = !ideal.IsEmpty;
        if (thr.Length < k0 + n || code.Length < k0 + n || centreMul.Length < k0 + n) throw new ArgumentException("tables shorter than the columns");
        ref int p = ref MemoryMarshal.GetReference(ps);
        ref int th = ref Unsafe.Add(ref MemoryMarshal.GetReference(thr), k0);
        ref int cd = ref Unsafe.Add(ref MemoryMarshal.GetReference(code), k0);
        ref int cm = ref Unsafe.Add(ref MemoryMarshal.GetReference(centreMul), k0);
        ref int id = ref MemoryMarshal.GetReference(ideal);
        ref int ha = ref MemoryMarshal.GetReference(hatA);
        int nz = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var nxV = Vector256.Create(nx);
            for (; i + W <= n; i += W)
            {
                var (s, p2) = Signed<TP>(ref p, ref cm, i, n, nxV);
                var t = Vector256.LoadUnsafe(ref th, (nuint)i);
                var c = Vector256.LoadUnsafe(ref cd, (nuint)i);
                var plus = Vector256.GreaterThanOrEqual(p2, t);
                var minus = Vector256.LessThanOrEqual(p2, -t);
                nz += BitOperations.PopCount((plus | minus).ExtractMostSignificantBits());
                if (exact) AddShifted(ref id, i, s, sd);
                AddShifted(ref ha, i, (c & plus) - (c & minus), sd);
            }
        }
        for (; i < n; i++)
        {
            var (s, p2) = Signed<TP>(ref p, ref cm, i, n, nx);
            int t = Unsafe.Add(ref th, i);
            int q = (p2 >= t ? 1 : 0) - (p2 <= -t ? 1 : 0);
            nz += q != 0 ? 1 : 0;
            if (exact) Unsafe.Add(ref id, i) += s << sd;
            Unsafe.Add(ref ha, i) += q * Unsafe.Add(ref cd, i) << sd;
        }
        return nz;
    }

    /// <summary>Binary readout: q = +1 if P2 ≥ 0, else −1. Adds q · code to <paramref name="hatA"/>; every q is non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Binary<TP>(ReadOnlySpan<int> ps, int k0, int n, int sd, ReadOnlySpan<int> code,
        ReadOnlySpan<int> centreMul, int nx, Span<int> ideal, Span<int> hatA) where TP : struct, IPolarity
    {
        Check(ps, n, TP.Differential, ideal, hatA);
        bool exact = !ideal.IsEmpty;
        if (code.Length < k0 + n || centreMul.Length < k0 + n) throw new ArgumentException("tables shorter than the columns");
        ref int p = ref MemoryMarshal.GetReference(ps);
        ref int cd = ref Unsafe.Add(ref MemoryMarshal.GetReference(code), k0);
        ref int cm = ref Unsafe.Add(ref MemoryMarshal.GetReference(centreMul), k0);
        ref int id = ref MemoryMarshal.GetReference(ideal);
        ref int ha = ref MemoryMarshal.GetReference(hatA);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var nxV = Vector256.Create(nx);
            for (; i + W <= n; i += W)
            {
                var (s, p2) = Signed<TP>(ref p, ref cm, i, n, nxV);
                var c = Vector256.LoadUnsafe(ref cd, (nuint)i);
                if (exact) AddShifted(ref id, i, s, sd);
                AddShifted(ref ha, i, Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(p2, Vector256<int>.Zero), c, -c), sd);
            }
        }
        for (; i < n; i++)
        {
            var (s, p2) = Signed<TP>(ref p, ref cm, i, n, nx);
            int c = Unsafe.Add(ref cd, i);
            if (exact) Unsafe.Add(ref id, i) += s << sd;
            Unsafe.Add(ref ha, i) += (p2 >= 0 ? c : -c) << sd;
        }
        return n;
    }

    /// <summary>Scale-factor calibration: adds |P2| of each readout column to <paramref name="sumAbs"/>[k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumAbs<TP>(ReadOnlySpan<int> ps, int k0, int n, ReadOnlySpan<int> centreMul, int nx, Span<long> sumAbs)
        where TP : struct, IPolarity
    {
        if (ps.Length < (TP.Differential ? 2 * n : n) || sumAbs.Length < k0 + n) throw new ArgumentException("readout range outside the buffers");
        if (centreMul.Length < k0 + n) throw new ArgumentException("tables shorter than the columns");
        ref int p = ref MemoryMarshal.GetReference(ps);
        ref int cm = ref Unsafe.Add(ref MemoryMarshal.GetReference(centreMul), k0);
        ref long sa = ref Unsafe.Add(ref MemoryMarshal.GetReference(sumAbs), k0);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var nxV = Vector256.Create(nx);
            for (; i + W <= n; i += W)
                AddShifted(ref sa, i, Vector256.Abs(Signed<TP>(ref p, ref cm, i, n, nxV).P2), 0);
        }
        for (; i < n; i++) Unsafe.Add(ref sa, i) += Math.Abs(Signed<TP>(ref p, ref cm, i, n, nx).P2);
    }

    /// <summary>The exact signed partial sum (differential ps⁺ − ps⁻, offset ps) and P2 of column i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int S, int P2) Signed<TP>(ref int p, ref int cm, int i, int n, int nx) where TP : struct, IPolarity
    {
        if (TP.Differential)
        {
            int s = Unsafe.Add(ref p, i) - Unsafe.Add(ref p, n + i);
            return (s, 2 * s);
        }
        int v = Unsafe.Add(ref p, i);
        return (v, 2 * v - Unsafe.Add(ref cm, i) * nx);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> S, Vector256<int> P2) Signed<TP>(ref int p, ref int cm, int i, int n, Vector256<int> nx)
        where TP : struct, IPolarity
    {
        var v = Vector256.LoadUnsafe(ref p, (nuint)i);
        if (TP.Differential)
        {
            var s = v - Vector256.LoadUnsafe(ref p, (nuint)(n + i));
            return (s, s + s);
        }
        return (v, v + v - Vector256.LoadUnsafe(ref cm, (nuint)i) * nx);
    }

    /// <summary>dst[i..i+8] += (long)v &lt;&lt; shift, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddShifted(ref long dst, int i, Vector256<int> v, int shift)
    {
        var (lo, hi) = Vector256.Widen(v);
        (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.ShiftLeft(lo, shift)).StoreUnsafe(ref dst, (nuint)i);
        (Vector256.LoadUnsafe(ref dst, (nuint)(i + 4)) + Vector256.ShiftLeft(hi, shift)).StoreUnsafe(ref dst, (nuint)(i + 4));
    }

    /// <summary>dst[i..i+8] += v &lt;&lt; shift, lane by lane (the caller keeps the sums within an int: <see cref="SlicesPerFlush"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddShifted(ref int dst, int i, Vector256<int> v, int shift) =>
        (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.ShiftLeft(v, shift)).StoreUnsafe(ref dst, (nuint)i);

    /// <summary>
    /// How many consecutive input slices a crossbar's block-local int sums can take before they must be added to the
    /// layer's long sums (<see cref="Flush"/>). Per slice a loop adds at most m = 2·max(largest partial sum, largest code)
    /// in magnitude, shifted by its slice's significance relative to the group's first slice; G slices of
    /// <paramref name="dacBits"/> bits each sum to less than m·2^((G − 1)·dacBits + 1), kept ≤ 2^31. One slice always
    /// fits (a partial sum is below 2^28: 4,096 rows × 255 × 255).
    /// </summary>
    public static int SlicesPerFlush(long largestPartialSum, long largestCode, int dacBits)
    {
        long m = 2 * Math.Max(largestPartialSum, largestCode);
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)m); // m < 2^bits
        if (bits > 30) throw new ArgumentOutOfRangeException(nameof(largestPartialSum), "one slice's sums exceed an int");
        return 1 + (30 - bits) / dacBits;
    }

    /// <summary>dst[k0 + i] += (long)src[i] &lt;&lt; shift for i &lt; n, then src[i] = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Flush(Span<int> src, int n, Span<long> dst, int k0, int shift)
    {
        if (src.Length < n || dst.Length < k0 + n) throw new ArgumentException("flush range outside the buffers");
        ref int s = ref MemoryMarshal.GetReference(src);
        ref long d = ref Unsafe.Add(ref MemoryMarshal.GetReference(dst), k0);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + W <= n; i += W)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
                (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.ShiftLeft(lo, shift)).StoreUnsafe(ref d, (nuint)i);
                (Vector256.LoadUnsafe(ref d, (nuint)(i + 4)) + Vector256.ShiftLeft(hi, shift)).StoreUnsafe(ref d, (nuint)(i + 4));
            }
        for (; i < n; i++) Unsafe.Add(ref d, i) += (long)Unsafe.Add(ref s, i) << shift;
        src[..n].Clear();
    }

    private static void Check(ReadOnlySpan<int> ps, int n, bool differential, Span<int> a, Span<int> b)
    {
        if (ps.Length < (differential ? 2 * n : n) || (a.Length < n && !a.IsEmpty) || b.Length < n)
            throw new ArgumentException("readout range outside the buffers");
    }
}
