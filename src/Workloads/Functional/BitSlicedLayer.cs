using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CimSim.Workloads.Mapping;

namespace CimSim.Workloads.Functional;

/// <summary>
/// The chip's reconstructed outputs of a conv layer, as <see cref="PartialSumEngine.Reconstruct(PreparedCrossbarLayer, ushort[], float[], double)"/>
/// gives them, computed for every input vector of one or several inputs at once in bit-plane arithmetic: each quantity is
/// a set of bit planes with one lane per (input, output position), so one 64-, 256- or 512-bit operation works on that many
/// vectors. A column's partial sum is a carry-save count of the input bits on the rows whose cell holds a 1; the ADC's
/// clipping, the comparators' thresholds and the shift-add are logic on those planes; only each output's sum leaves them.
/// Every step is integer arithmetic on the same quantities as the per-vector engine, so the outputs are the same floats
/// (BitSlicedLayerTests).
/// <para>Covers 1-bit cells, bit-serial (1-bit DAC) inputs, dense conv layers with at least <see cref="MinVectors"/>
/// vectors, a unit-LSB ADC or binary/ternary comparators, and sums within 31 bits; <see cref="Plan"/> returns null
/// otherwise and the per-vector engine runs. docs/COMPILER.md §4.</para>
/// </summary>
internal static class BitSlicedLayer
{
    /// <summary>Fewer vectors than this fill too little of a 64-lane word to gain (a fully connected layer has one).</summary>
    public const int MinVectors = 16;
    /// <summary>Planes of the largest sum the form accumulates (an int's).</summary>
    public const int MaxLevels = 31;

    /// <summary>The layer's plan, or null when the layer is outside what this form covers (cached as <see cref="PreparedCrossbarLayer.BitSliced"/>).</summary>
    public static BitSlicedPlan? Plan(PreparedCrossbarLayer layer)
    {
        var g = layer.Geometry;
        var t = layer.Target;
        bool psq = t.Readout != ReadoutKind.Adc;
        if (g.CellBits != 1 || g.DacBits != 1 || g.Diagonal || g.Vectors < MinVectors || g.InputBits > 16) return null;
        // Comparators need their α; an ADC needs a unit LSB (a calibrated range still waiting for its LSB has none yet).
        if (layer.NeedsCalibration || (psq ? layer.Codes is null : layer.Adc is not null || t.AdcBits < 1)) return null;
        return BitSlicedPlan.Build(g, t, layer, MaxLevels);
    }

    /// <summary>
    /// Fills <paramref name="ys"/>[i][o · V + v] = readout × <paramref name="scale"/> for every input i, output o and vector v:
    /// the inputs side by side in the lanes (<see cref="BitSlicedPlan.Layout"/>).
    /// </summary>
    public static void Reconstruct(PreparedCrossbarLayer layer, BitSlicedPlan plan, ushort[][] activations, float[][] ys, double scale)
    {
        var g = layer.Geometry;
        int elements = g.Rows / g.KernelArea * g.InHeight * g.InWidth;
        foreach (var a in activations)
            if (a.Length != elements) throw new ArgumentException($"{a.Length} activations, the layer takes {elements}", nameof(activations));
        var lanes = plan.Layout(activations.Length);
        var scratch = Scratch.ForThread(layer.Geometry, lanes);
        BuildInputs(layer.Geometry, plan, lanes, activations, scratch);
        int[][]? exact = null;
        if (plan.ExcessOnly)
        {
            exact = scratch.ExactSums(activations.Length, g.Outputs * g.Vectors);
            ExactDot.LayerSums(g, activations.Select(g.Image).ToArray(), 0, g.Vectors, layer.Int8Weights!, exact, scratch.Exact);
        }
        switch (lanes.LaneWords)
        {
            case 8: Kernel<Lanes512, Vector512<ulong>>.Run(layer, plan, lanes, scratch, ys, scale, exact); break;
            case 4: Kernel<Lanes256, Vector256<ulong>>.Run(layer, plan, lanes, scratch, ys, scale, exact); break;
            default: Kernel<Lanes64, ulong>.Run(layer, plan, lanes, scratch, ys, scale, exact); break;
        }
    }

    /// <summary>
    /// The input bit planes X[(row · bits + bit) · words + lane word]: lane i · R + oy · slot + ox holds bit <c>bit</c> of the
    /// input that matrix row <c>row</c> reads for output position (oy, ox) of input i (R lanes per input). The zero-padded
    /// input is split into stride² phases (y mod s, x mod s); each (phase, channel, bit) is one bit plane with lane
    /// i · R + (y div s) · slot + x div s, and row (channel, ky, kx) reads the plane of phase (ky mod s, kx mod s) shifted by
    /// (ky div s) · slot + kx div s lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildInputs(CrossbarGeometry g, BitSlicedPlan plan, LaneLayout lanes, ushort[][] acts, Scratch sc)
    {
        int bits = g.InputBits, pad = g.Padding, st = g.Stride, slot = plan.Slot, lp = lanes.PaddedWords, pw = lanes.PlaneWords;
        int channels = g.Rows / g.KernelArea, inH = g.InHeight, inW = g.InWidth;
        var planes = sc.Planes;
        Array.Clear(planes, 0, st * st * channels * bits * pw);
        for (int image = 0; image < acts.Length; image++)
        {
            var act = acts[image];
            for (int ch = 0; ch < channels; ch++)
                for (int yy = 0; yy < inH; yy++)
                {
                    int src = (ch * inH + yy) * inW, y = yy + pad, lane0 = image * plan.ImageLanes + y / st * slot;
                    if (st == 1 && Vector256.IsHardwareAccelerated)
                        PlaneRow(act, src, inW, planes, ch * bits * pw, pw, bits, lane0 + pad);
                    else
                        for (int xx = 0; xx < inW; xx++)
                        {
                            uint v = act[src + xx];
                            if (v == 0) continue;
                            int px = xx + pad, lane = lane0 + px / st, at = ((y % st * st + px % st) * channels + ch) * bits * pw + (lane >> 6);
                            ulong bit = 1UL << (lane & 63);
                            do
                            {
                                planes[at + BitOperations.TrailingZeroCount(v) * pw] |= bit;
                                v &= v - 1;
                            } while (v != 0);
                        }
                }
        }
        var x = sc.X;
        for (int r = 0; r < g.Rows; r++)
        {
            int ky = g.RowKy[r], kx = g.RowKx[r], phase = ky % st * st + kx % st;
            int shift = ky / st * slot + kx / st, w0 = shift >> 6, sh = shift & 63;
            for (int b = 0; b < bits; b++)
            {
                var from = planes.AsSpan(((phase * channels + r / g.KernelArea) * bits + b) * pw + w0, lp + 1);
                var to = x.AsSpan((r * bits + b) * lp, lp);
                if (sh == 0) from[..lp].CopyTo(to);
                else ShiftDown(from, to, sh);
            }
        }
    }

    /// <summary>One input row's bits (<paramref name="count"/> values from <paramref name="from"/>), 16 values at a time, into
    /// the bit planes at lane <paramref name="lane0"/> (stride 1). A load may run into the next row; its bits are masked off.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlaneRow(ushort[] act, int from, int count, ulong[] planes, int at, int pw, int bits, int lane0)
    {
        for (int x0 = 0; x0 < count; x0 += 16)
        {
            int n = Math.Min(16, count - x0), src = from + x0;
            Vector256<ushort> v;
            if (src + 16 <= act.Length) v = Vector256.Create<ushort>(act.AsSpan(src, 16));
            else
            {
                Span<ushort> tail = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                act.AsSpan(src, n).CopyTo(tail);
                v = Vector256.Create<ushort>(tail);
            }
            uint valid = n == 16 ? 0xFFFFu : (1u << n) - 1;
            int lane = lane0 + x0, w = lane >> 6, sh = lane & 63;
            for (int b = 0; b < bits; b++)
            {
                ulong m = (~Vector256.Equals(v & Vector256.Create((ushort)(1 << b)), Vector256<ushort>.Zero)).ExtractMostSignificantBits() & valid;
                if (m == 0) continue;
                int p = at + b * pw + w;
                planes[p] |= m << sh;
                if (sh > 48) planes[p + 1] |= m >> (64 - sh);
            }
        }
    }

    /// <summary>to[w] = the 64 lanes of <paramref name="from"/> that start <paramref name="sh"/> (1–63) lanes into from[w].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftDown(ReadOnlySpan<ulong> from, Span<ulong> to, int sh)
    {
        int w = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; w + 4 <= to.Length; w += 4)
                (Vector256.ShiftRightLogical(Vector256.Create(from.Slice(w, 4)), sh) | Vector256.ShiftLeft(Vector256.Create(from.Slice(w + 1, 4)), 64 - sh)).CopyTo(to[w..]);
        for (; w < to.Length; w++) to[w] = (from[w] >> sh) | (from[w + 1] << (64 - sh));
    }

    /// <summary>Per-thread buffers, grown as needed.</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _current;
        public ulong[] Planes = [], X = [];
        public int[] ValuesA = [], ValuesB = [], InSum = [];
        private ulong[] _accumulators = [];
        private int[][] _exactSums = [];
        public readonly ExactDot.LayerScratch Exact = new();

        /// <summary>Per input, at least <paramref name="length"/> ints for the exact sums (the first <paramref name="length"/>
        /// are all written), grown as needed and kept across layers.</summary>
        public int[][] ExactSums(int inputs, int length)
        {
            if (_exactSums.Length < inputs) Array.Resize(ref _exactSums, inputs);
            for (int i = 0; i < inputs; i++)
                if (_exactSums[i] is not { } a || a.Length < length) _exactSums[i] = new int[length];
            return _exactSums;
        }

        /// <summary>At least <paramref name="words"/> words for the output blocks' accumulators (their contents are not kept).</summary>
        public Span<ulong> Accumulators(int words)
        {
            Grow(ref _accumulators, words);
            return _accumulators.AsSpan(0, words);
        }

        public static Scratch ForThread(CrossbarGeometry g, LaneLayout layout)
        {
            var s = _current ??= new Scratch();
            Grow(ref s.Planes, g.Stride * g.Stride * g.Rows / g.KernelArea * g.InputBits * layout.PlaneWords);
            Grow(ref s.X, g.Rows * g.InputBits * layout.PaddedWords);
            int lanes = 64 * layout.LaneWords;
            Grow(ref s.ValuesA, lanes);
            Grow(ref s.ValuesB, lanes);
            Grow(ref s.InSum, lanes);
            return s;
        }

        private static void Grow<TE>(ref TE[] a, int n)
        {
            if (a.Length < n) a = new TE[n];
        }
    }

    /// <summary>
    /// A carry-save counter over bit planes: value = Σ_l (plane[l] + pending[l]) · 2^l, modulo 2^levels, where bit l of
    /// <c>has</c> says whether pending[l] holds a plane. Its state lives in the caller's memory, so a counter can be left and
    /// resumed (<see cref="Start"/> clears one).
    /// </summary>
    private readonly ref struct CarrySave<TL, T> where TL : struct, IBitLanes<T> where T : unmanaged
    {
        private readonly ref T _plane, _pending;
        private readonly ref ulong _has;
        private readonly int _levels;

        public CarrySave(Span<T> plane, Span<T> pending, ref ulong has)
        {
            if (pending.Length < plane.Length) throw new ArgumentException("fewer pending planes than planes", nameof(pending));
            _plane = ref MemoryMarshal.GetReference(plane);
            _pending = ref MemoryMarshal.GetReference(pending);
            _has = ref has;
            _levels = plane.Length;
        }

        /// <summary>A counter at zero in <paramref name="plane"/>, <paramref name="pending"/> and <paramref name="has"/>.</summary>
        public static CarrySave<TL, T> Start(Span<T> plane, Span<T> pending, ref ulong has)
        {
            plane.Fill(TL.Zero);
            has = 0;
            return new CarrySave<TL, T>(plane, pending, ref has);
        }

        /// <summary>Adds <paramref name="x"/> · 2^<paramref name="level"/>: two bits of a level make one full adder.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int level, T x)
        {
            while (level < _levels)
            {
                ulong bit = 1UL << level;
                ref T pending = ref Unsafe.Add(ref _pending, level);
                if ((_has & bit) == 0)
                {
                    pending = x;
                    _has |= bit;
                    return;
                }
                ref T plane = ref Unsafe.Add(ref _plane, level);
                T a = plane, b = pending;
                plane = TL.Xor3(a, b, x);
                x = TL.Majority(a, b, x);
                _has &= ~bit;
                level++;
            }
        }

        /// <summary>Adds the pending planes in: the planes then hold the value in binary.</summary>
        public void Flush()
        {
            while (_has != 0)
            {
                int l = BitOperations.TrailingZeroCount(_has);
                _has &= _has - 1;
                T carry = Unsafe.Add(ref _pending, l);
                for (int k = l; k < _levels && !TL.IsZero(carry); k++)
                {
                    ref T plane = ref Unsafe.Add(ref _plane, k);
                    T a = plane;
                    plane = TL.Xor(a, carry);
                    carry = TL.And(a, carry);
                }
            }
        }
    }

    private static class Kernel<TL, T> where TL : struct, IBitLanes<T> where T : unmanaged
    {
        private const int OutputBlock = 16;

        [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
        public static void Run(PreparedCrossbarLayer layer, BitSlicedPlan plan, LaneLayout lanes, Scratch sc, float[][] ys, double scale, int[][]? exact)
        {
            var g = layer.Geometry;
            var t = layer.Target;
            int S = g.InputBits, RB = g.RowBlocks, J = g.Slices, pol = g.Polarity, C = g.Outputs, K = g.ReadoutColumns, V = g.Vectors;
            int W = TL.Words, lp = lanes.PaddedWords, rowStride = S * lp, maxLev = plan.MaxCountLevels;
            bool psq = t.Readout != ReadoutKind.Adc, ternary = t.Readout == ReadoutKind.Ternary, offset = pol == 1, excess = plan.ExcessOnly;
            int adcBits = t.AdcBits;
            int[] codes = layer.Codes ?? [], thresholds = layer.Thresholds ?? [];
            double step = psq ? layer.Step : 0;
            // The offset columns' digital correction, per unit of Σx: PSQ −Σx/2 on the readout (b2 −= Σx), ADC −2^(B−1)·Σx.
            // With ExcessOnly the exact sums carry the offset's removal already.
            long correction = !offset || excess ? 0 : psq ? 1 : 1L << g.Encoding.WeightBits;
            // ExcessOnly: per (row block, input bit) of a chunk, whether any lane drives more rows than the ADC's top code
            // (else no column can clip there).
            Span<bool> mayClip = stackalloc bool[excess ? RB * S : 0];

            Span<T> nx = new T[offset ? RB * S * maxLev : 0];
            Span<T> countP = stackalloc T[maxLev], countN = stackalloc T[maxLev], pending = stackalloc T[maxLev];
            Span<T> signedV = stackalloc T[maxLev + 2];
            // Outputs go OutputBlock at a time, each with its own accumulators, so one (row block, input bit)'s input planes
            // serve the whole block while they are in cache (8-bit inputs of a wide layer make megabytes of planes).
            int la = Math.Max(1, plan.LevelsA), lb = Math.Max(1, plan.LevelsB);
            var acc = MemoryMarshal.Cast<ulong, T>(sc.Accumulators(2 * OutputBlock * (la + lb) * W));
            Span<T> accA = acc[..(OutputBlock * la)], pendA = acc.Slice(OutputBlock * la, OutputBlock * la);
            Span<T> accB = acc.Slice(2 * OutputBlock * la, OutputBlock * lb), pendB = acc.Slice(2 * OutputBlock * la + OutputBlock * lb, OutputBlock * lb);
            Span<ulong> hasA = stackalloc ulong[OutputBlock], hasB = stackalloc ulong[OutputBlock];
            Span<long> constA = stackalloc long[OutputBlock], constB = stackalloc long[OutputBlock];
            Span<T> accIn = stackalloc T[Math.Max(1, plan.LevelsIn)], pendIn = stackalloc T[Math.Max(1, plan.LevelsIn)];
            var valuesA = sc.ValuesA.AsSpan(0, 64 * W);
            var valuesB = sc.ValuesB.AsSpan(0, 64 * W);
            var inSum = sc.InSum.AsSpan(0, 64 * W);
            ref ulong x0 = ref MemoryMarshal.GetArrayDataReference(sc.X);

            for (int chunk = 0; chunk < lanes.Chunks; chunk++)
            {
                ref ulong xc = ref Unsafe.Add(ref x0, chunk * W);
                if (excess)
                    for (int rb = 0; rb < RB; rb++)
                    {
                        int lev = plan.CountLevels[rb];
                        for (int s = 0; s < S; s++)
                        {
                            var driven = countP[..lev];
                            Count(plan.AllRows.AsSpan(0, g.RowCount[rb]), ref Unsafe.Add(ref xc, (g.RowStart[rb] * S + s) * lp), rowStride, driven, pending[..lev]);
                            mayClip[rb * S + s] = !TL.IsZero(Over(driven, adcBits));
                        }
                    }
                else if (offset)
                {
                    // Per (row block, input bit): the number of driven rows, and over all of them Σx.
                    ulong hasIn = 0;
                    var sum = CarrySave<TL, T>.Start(accIn[..plan.LevelsIn], pendIn[..plan.LevelsIn], ref hasIn);
                    for (int rb = 0; rb < RB; rb++)
                    {
                        int lev = plan.CountLevels[rb];
                        for (int s = 0; s < S; s++)
                        {
                            var planes = nx.Slice((rb * S + s) * maxLev, lev);
                            Count(plan.AllRows.AsSpan(0, g.RowCount[rb]), ref Unsafe.Add(ref xc, (g.RowStart[rb] * S + s) * lp), rowStride, planes, pending[..lev]);
                            for (int i = 0; i < lev; i++) sum.Add(s + i, planes[i]);
                        }
                    }
                    sum.Flush();
                    Unslice(accIn[..plan.LevelsIn], inSum);
                }

                for (int o0 = 0; o0 < C; o0 += OutputBlock)
                {
                    int block = Math.Min(OutputBlock, C - o0);
                    for (int oi = 0; oi < block; oi++)
                    {
                        CarrySave<TL, T>.Start(accA.Slice(oi * la, plan.LevelsA), pendA.Slice(oi * la, plan.LevelsA), ref hasA[oi]);
                        CarrySave<TL, T>.Start(accB.Slice(oi * lb, plan.LevelsB), pendB.Slice(oi * lb, plan.LevelsB), ref hasB[oi]);
                        constA[oi] = constB[oi] = 0;
                    }
                    for (int rb = 0; rb < RB; rb++)
                    {
                        int lev = plan.CountLevels[rb];
                        var starts = plan.ColumnStart[rb];
                        var list = plan.ColumnRows[rb];
                        var p = countP[..lev];
                        var n = countN[..lev];
                        for (int s = 0; s < S; s++)
                        {
                            if (excess && !mayClip[rb * S + s]) continue;
                            ref ulong xs = ref Unsafe.Add(ref xc, (g.RowStart[rb] * S + s) * lp);
                            for (int oi = 0; oi < block; oi++)
                            {
                                int o = o0 + oi;
                                var a = new CarrySave<TL, T>(accA.Slice(oi * la, plan.LevelsA), pendA.Slice(oi * la, plan.LevelsA), ref hasA[oi]);
                                var b2 = new CarrySave<TL, T>(accB.Slice(oi * lb, plan.LevelsB), pendB.Slice(oi * lb, plan.LevelsB), ref hasB[oi]);
                                for (int j = 0; j < J; j++)
                                {
                                    int k = o * J + j, m = k * pol, tb = (rb * S + s) * K + k;
                                    int code = psq ? codes[tb] : 0;
                                    if (psq && code == 0) continue; // q · 0: nothing reaches the sums
                                    // An ADC column (pair) with no rows here adds 0: no set cell, or it cannot clip (ExcessOnly).
                                    if (!psq && starts[m] == starts[m + pol]) continue;
                                    if (excess)
                                    {
                                        // What clipping takes off each side, at the column's significance: b2 = 2 · (exact − ex⁺ + ex⁻).
                                        if (starts[m + 1] > starts[m])
                                        {
                                            Count(list.AsSpan(starts[m], starts[m + 1] - starts[m]), ref xs, rowStride, p, pending[..lev]);
                                            AddExcess(p, adcBits, b2, s + j);
                                        }
                                        if (!offset && starts[m + 2] > starts[m + 1])
                                        {
                                            Count(list.AsSpan(starts[m + 1], starts[m + 2] - starts[m + 1]), ref xs, rowStride, n, pending[..lev]);
                                            AddExcess(n, adcBits, a, s + j);
                                        }
                                        continue;
                                    }
                                    Count(list.AsSpan(starts[m], starts[m + 1] - starts[m]), ref xs, rowStride, p, pending[..lev]);
                                    if (!offset) Count(list.AsSpan(starts[m + 1], starts[m + 2] - starts[m + 1]), ref xs, rowStride, n, pending[..lev]);
                                    if (!psq)
                                    {
                                        // ADC, unit LSB: min(ps, 2^b − 1) per physical column, then b2 += (ap⁺ − ap⁻) << (s + 1 + j), as
                                        // ap⁺ + (2^n − 1 − ap⁻) − (2^n − 1) with n planes: one ripple adder, its n + 1 planes added.
                                        int ap = Saturate(p, adcBits);
                                        int w0 = s + 1 + j;
                                        if (offset)
                                        {
                                            for (int i = 0; i < ap; i++) b2.Add(w0 + i, p[i]);
                                            continue;
                                        }
                                        Saturate(n, adcBits);
                                        T carry = TL.Zero;
                                        for (int i = 0; i < ap; i++)
                                        {
                                            T x = p[i], y = TL.Not(n[i]);
                                            b2.Add(w0 + i, TL.Xor3(x, y, carry));
                                            carry = TL.Majority(x, y, carry);
                                        }
                                        b2.Add(w0 + ap, carry);
                                        constB[oi] -= ((1L << ap) - 1) << w0;
                                        continue;
                                    }
                                    // P2 = 2(ps⁺ − ps⁻) (differential) or 2ps − n_x (offset); ternary q = [P2 ≥ thr] − [P2 ≤ −thr],
                                    // binary q = ±1 by [P2 ≥ 0]; then a += q · code << (s + j).
                                    scoped Span<T> v;
                                    long lo, hi;
                                    if (offset)
                                    {
                                        v = signedV[..(lev + 2)];
                                        TwiceMinus(p, nx.Slice((rb * S + s) * maxLev, lev), v);
                                        int thr = ternary ? thresholds[tb] : 0;
                                        (lo, hi) = (thr, 1 - thr);
                                    }
                                    else
                                    {
                                        v = signedV[..(lev + 1)];
                                        Difference(p, n, v);
                                        int half = ternary ? (thresholds[tb] + 1) / 2 : 0; // 2D ≥ thr ⇔ D ≥ ⌈thr/2⌉
                                        (lo, hi) = (half, 1 - half);
                                    }
                                    int sh = s + j;
                                    if (ternary)
                                    {
                                        T plus = GreaterOrEqual(v, lo), minus = TL.Not(GreaterOrEqual(v, hi));
                                        for (int bits = code; bits != 0; bits &= bits - 1)
                                        {
                                            int w = sh + BitOperations.TrailingZeroCount(bits);
                                            a.Add(w, plus);
                                            a.Add(w, TL.Not(minus));
                                        }
                                    }
                                    else
                                    {
                                        T pos = GreaterOrEqual(v, 0);
                                        for (int bits = code; bits != 0; bits &= bits - 1) a.Add(sh + 1 + BitOperations.TrailingZeroCount(bits), pos);
                                    }
                                    constA[oi] -= (long)code << sh;
                                }
                            }
                        }
                    }
                    for (int oi = 0; oi < block; oi++)
                    {
                        new CarrySave<TL, T>(accA.Slice(oi * la, plan.LevelsA), pendA.Slice(oi * la, plan.LevelsA), ref hasA[oi]).Flush();
                        new CarrySave<TL, T>(accB.Slice(oi * lb, plan.LevelsB), pendB.Slice(oi * lb, plan.LevelsB), ref hasB[oi]).Flush();
                        if (psq || excess) Unslice(accA.Slice(oi * la, plan.LevelsA), valuesA);
                        if (!psq) Unslice(accB.Slice(oi * lb, plan.LevelsB), valuesB);
                        if (excess)
                            for (int i = 0; i < valuesB.Length; i++) valuesB[i] = -2 * (valuesB[i] - valuesA[i]); // b2 = 2 · exact + this
                        Emit(plan, g, chunk * 64 * W, 64 * W, psq, valuesA, valuesB, inSum, constA[oi], constB[oi], correction, step, scale, ys, exact, (o0 + oi) * V);
                    }
                }
            }
        }

        /// <summary>
        /// Counts the set bits of rows <paramref name="rows"/> of the lane planes (one input bit) into <paramref name="planes"/>:
        /// up to 9 planes (511 rows) in registers — eight rows at a time through a tree of seven full adders whose carry of
        /// weight 8 ripples up, then pairs, then one — more planes through <see cref="CarrySave{TL, T}"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Count(ReadOnlySpan<ushort> rows, ref ulong xs, int rowStride, Span<T> planes, Span<T> pending)
        {
            if (planes.Length > 9)
            {
                ulong has = 0;
                var c = CarrySave<TL, T>.Start(planes, pending, ref has);
                foreach (int row in rows) c.Add(0, TL.Load(ref Unsafe.Add(ref xs, row * rowStride)));
                c.Flush();
                return;
            }
            T p0 = TL.Zero, p1 = TL.Zero, p2 = TL.Zero, p3 = TL.Zero, p4 = TL.Zero, p5 = TL.Zero, p6 = TL.Zero, p7 = TL.Zero, p8 = TL.Zero;
            ref ushort r = ref MemoryMarshal.GetReference(rows);
            int n = rows.Length, i = 0;
            for (; i + 8 <= n; i += 8)
            {
                T a0 = Row(ref xs, ref r, i, rowStride), a1 = Row(ref xs, ref r, i + 1, rowStride);
                T a2 = Row(ref xs, ref r, i + 2, rowStride), a3 = Row(ref xs, ref r, i + 3, rowStride);
                T c1 = TL.Majority(p0, a0, a1); p0 = TL.Xor3(p0, a0, a1);
                T c2 = TL.Majority(p0, a2, a3); p0 = TL.Xor3(p0, a2, a3);
                T d1 = TL.Majority(p1, c1, c2); p1 = TL.Xor3(p1, c1, c2);
                a0 = Row(ref xs, ref r, i + 4, rowStride); a1 = Row(ref xs, ref r, i + 5, rowStride);
                a2 = Row(ref xs, ref r, i + 6, rowStride); a3 = Row(ref xs, ref r, i + 7, rowStride);
                c1 = TL.Majority(p0, a0, a1); p0 = TL.Xor3(p0, a0, a1);
                c2 = TL.Majority(p0, a2, a3); p0 = TL.Xor3(p0, a2, a3);
                T d2 = TL.Majority(p1, c1, c2); p1 = TL.Xor3(p1, c1, c2);
                T e = TL.Majority(p2, d1, d2); p2 = TL.Xor3(p2, d1, d2);
                T t = TL.And(p3, e); p3 = TL.Xor(p3, e); e = t;
                t = TL.And(p4, e); p4 = TL.Xor(p4, e); e = t;
                t = TL.And(p5, e); p5 = TL.Xor(p5, e); e = t;
                t = TL.And(p6, e); p6 = TL.Xor(p6, e); e = t;
                t = TL.And(p7, e); p7 = TL.Xor(p7, e); e = t;
                p8 = TL.Xor(p8, e);
            }
            for (; i < n; i++)
            {
                T e = Row(ref xs, ref r, i, rowStride);
                bool pair = i + 1 < n;
                if (pair)
                {
                    T b = Row(ref xs, ref r, ++i, rowStride);
                    T c = TL.Majority(p0, e, b); p0 = TL.Xor3(p0, e, b); e = c;
                }
                else
                {
                    T c = TL.And(p0, e); p0 = TL.Xor(p0, e); e = c;
                }
                T t = TL.And(p1, e); p1 = TL.Xor(p1, e); e = t;
                t = TL.And(p2, e); p2 = TL.Xor(p2, e); e = t;
                t = TL.And(p3, e); p3 = TL.Xor(p3, e); e = t;
                t = TL.And(p4, e); p4 = TL.Xor(p4, e); e = t;
                t = TL.And(p5, e); p5 = TL.Xor(p5, e); e = t;
                t = TL.And(p6, e); p6 = TL.Xor(p6, e); e = t;
                t = TL.And(p7, e); p7 = TL.Xor(p7, e); e = t;
                p8 = TL.Xor(p8, e);
            }
            switch (planes.Length) // a count below 2^levels leaves the planes above zero
            {
                case 9: planes[8] = p8; goto case 8;
                case 8: planes[7] = p7; goto case 7;
                case 7: planes[6] = p6; goto case 6;
                case 6: planes[5] = p5; goto case 5;
                case 5: planes[4] = p4; goto case 4;
                case 4: planes[3] = p3; goto case 3;
                case 3: planes[2] = p2; goto case 2;
                case 2: planes[1] = p1; goto case 1;
                case 1: planes[0] = p0; break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Row(ref ulong xs, ref ushort rows, int i, int rowStride) => TL.Load(ref Unsafe.Add(ref xs, (nint)Unsafe.Add(ref rows, i) * rowStride));

        /// <summary>Lanes whose value is at least 2^<paramref name="bits"/>: any plane from <paramref name="bits"/> up set.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Over(ReadOnlySpan<T> planes, int bits)
        {
            T over = TL.Zero;
            for (int i = bits; i < planes.Length; i++) over = TL.Or(over, planes[i]);
            return over;
        }

        /// <summary>
        /// Adds max(ps − (2^bits − 1), 0) · 2^<paramref name="weight"/> into <paramref name="sum"/>: ps + 2^n − (2^bits − 1)
        /// modulo 2^n (n planes) on the lanes where ps ≥ 2^bits, nothing elsewhere.
        /// </summary>
        private static void AddExcess(ReadOnlySpan<T> ps, int bits, CarrySave<TL, T> sum, int weight)
        {
            T over = Over(ps, bits);
            if (TL.IsZero(over)) return;
            long k = (1L << ps.Length) - ((1L << bits) - 1);
            T carry = TL.Zero;
            for (int i = 0; i < ps.Length; i++)
            {
                T x = ps[i];
                T e;
                if (((k >> i) & 1) != 0)
                {
                    e = TL.Not(TL.Xor(x, carry));
                    carry = TL.Or(x, carry);
                }
                else
                {
                    e = TL.Xor(x, carry);
                    carry = TL.And(x, carry);
                }
                sum.Add(weight + i, TL.And(e, over));
            }
        }

        /// <summary>min(value, 2^bits − 1) in place; returns the planes that can still be set.</summary>
        private static int Saturate(Span<T> planes, int bits)
        {
            if (bits >= planes.Length) return planes.Length;
            T over = Over(planes, bits);
            for (int i = 0; i < bits; i++) planes[i] = TL.Or(planes[i], over);
            return bits;
        }

        /// <summary>d = p − n, two's complement in p.Length + 1 planes (p, n unsigned).</summary>
        private static void Difference(ReadOnlySpan<T> p, ReadOnlySpan<T> n, Span<T> d)
        {
            T carry = TL.Ones;
            for (int i = 0; i < p.Length; i++)
            {
                T a = p[i], b = TL.Not(n[i]);
                d[i] = TL.Xor3(a, b, carry);
                carry = TL.Majority(a, b, carry);
            }
            d[p.Length] = TL.Not(carry);
        }

        /// <summary>e = 2p − n, two's complement in p.Length + 2 planes (p, n unsigned, n of p.Length planes).</summary>
        private static void TwiceMinus(ReadOnlySpan<T> p, ReadOnlySpan<T> n, Span<T> e)
        {
            T carry = TL.Ones;
            for (int i = 0; i < e.Length; i++)
            {
                T a = i == 0 || i > p.Length ? TL.Zero : p[i - 1];
                T b = TL.Not(i < n.Length ? n[i] : TL.Zero);
                e[i] = TL.Xor3(a, b, carry);
                carry = TL.Majority(a, b, carry);
            }
        }

        /// <summary>Lanes where the two's-complement value <paramref name="v"/> is at least <paramref name="c"/>: the sign of v − c.</summary>
        private static T GreaterOrEqual(ReadOnlySpan<T> v, long c)
        {
            int m = v.Length;
            int width = Math.Max(m, 65 - BitOperations.LeadingZeroCount((ulong)Math.Abs(c))) + 1;
            long k = -c;
            T carry = TL.Zero;
            for (int i = 0; i < width - 1; i++)
            {
                T xi = v[Math.Min(i, m - 1)];
                carry = ((k >> Math.Min(i, 63)) & 1) != 0 ? TL.Or(xi, carry) : TL.And(xi, carry);
            }
            T top = TL.Xor(v[m - 1], carry);
            return ((k >> Math.Min(width - 1, 63)) & 1) != 0 ? top : TL.Not(top);
        }

        /// <summary>The planes' value per lane (levels ≤ 31), 16 or 8 lanes at a time where vectors are accelerated.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Unslice(ReadOnlySpan<T> planes, Span<int> values)
        {
            var words = MemoryMarshal.Cast<T, ulong>(planes);
            int W = TL.Words;
            ref int at = ref MemoryMarshal.GetReference(values);
            if (Vector512.IsHardwareAccelerated)
            {
                var laneBit = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
                for (int w = 0; w < W; w++)
                    for (int group = 0; group < 4; group++)
                    {
                        var acc = Vector512<int>.Zero;
                        for (int l = planes.Length - 1; l >= 0; l--)
                        {
                            int bits16 = (int)(words[l * W + w] >> (16 * group)) & 0xFFFF;
                            acc = acc + acc - Vector512.Equals(Vector512.Create(bits16) & laneBit, laneBit);
                        }
                        acc.StoreUnsafe(ref at, (nuint)(w * 64 + group * 16));
                    }
                return;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var laneBit = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
                for (int w = 0; w < W; w++)
                    for (int group = 0; group < 8; group++)
                    {
                        var acc = Vector256<int>.Zero;
                        for (int l = planes.Length - 1; l >= 0; l--)
                        {
                            int byteBits = (int)(words[l * W + w] >> (8 * group)) & 0xFF;
                            acc = acc + acc - Vector256.Equals(Vector256.Create(byteBits) & laneBit, laneBit);
                        }
                        acc.StoreUnsafe(ref at, (nuint)(w * 64 + group * 8));
                    }
                return;
            }
            values.Clear();
            for (int l = 0; l < planes.Length; l++)
                for (int w = 0; w < W; w++)
                    for (ulong m = words[l * W + w]; m != 0; m &= m - 1)
                        values[w * 64 + BitOperations.TrailingZeroCount(m)] += 1 << l;
        }
    }

    /// <summary>Writes output channel o's readouts (at <paramref name="at"/> = o · V in each input's outputs) for the lanes
    /// [first, first + count) that are output positions.</summary>
    private static void Emit(BitSlicedPlan plan, CrossbarGeometry g, int first, int count, bool psq, ReadOnlySpan<int> valuesA,
        ReadOnlySpan<int> valuesB, ReadOnlySpan<int> inSum, long constA, long constB, long correction, double step, double scale, float[][] ys,
        int[][]? exact, int at)
    {
        int slot = plan.Slot, ow = g.OutWidth, oh = plan.OutHeight, end = first + count;
        for (int image = first / plan.ImageLanes; image < ys.Length && image * plan.ImageLanes < end; image++)
        {
            var y = ys[image];
            // The columns summed exactly add twice their sums to b2 (ExactWeights); none without them.
            ReadOnlySpan<int> ex = exact is null ? [] : exact[image].AsSpan(at, oh * ow);
            for (int oy = 0; oy < oh; oy++)
            {
                int lane0 = image * plan.ImageLanes + oy * slot;
                int x0 = Math.Max(0, first - lane0), x1 = Math.Min(ow, end - lane0);
                int ox = x0, i0 = lane0 - first;
                if (Vector256.IsHardwareAccelerated)
                {
                    // Four at a time, the same operations as the scalar loop below: long sums, exact in double, one rounding to float.
                    var half = Vector256.Create(0.5);
                    var stepV = Vector256.Create(step);
                    var scaleV = Vector256.Create(scale);
                    for (; ox + 4 <= x1; ox += 4)
                    {
                        int i = i0 + ox;
                        var a = psq ? Vector256.WidenLower(Vector128.Create(valuesA.Slice(i, 4)).ToVector256()) + Vector256.Create(constA) : Vector256<long>.Zero;
                        var b2 = (psq ? Vector256<long>.Zero : Vector256.WidenLower(Vector128.Create(valuesB.Slice(i, 4)).ToVector256()) + Vector256.Create(constB))
                            - Vector256.Create(correction) * Vector256.WidenLower(Vector128.Create(inSum.Slice(i, 4)).ToVector256());
                        if (!ex.IsEmpty) b2 += Vector256.WidenLower(Vector128.Create(ex.Slice(oy * ow + ox, 4)).ToVector256()) * 2;
                        var r = half * Vector256.ConvertToDouble(b2) + stepV * Vector256.ConvertToDouble(a);
                        Vector256.Narrow(r * scaleV, Vector256<double>.Zero).GetLower().CopyTo(y.AsSpan(at + oy * ow + ox, 4));
                    }
                }
                for (; ox < x1; ox++)
                {
                    int i = i0 + ox;
                    long a = psq ? valuesA[i] + constA : 0;
                    long b2 = (psq ? 0 : valuesB[i] + constB) - correction * inSum[i];
                    if (!ex.IsEmpty) b2 += 2L * ex[oy * ow + ox];
                    double r = PartialSumResult.Reconstructed(b2, a, step);
                    y[at + oy * ow + ox] = (float)(r * scale);
                }
            }
        }
    }
}

/// <summary>
/// What <see cref="BitSlicedLayer"/> needs of a layer beyond its bit planes, built once per prepared layer: the lane layout
/// and, per row block and physical column, the rows whose cell holds a 1.
/// </summary>
internal sealed class BitSlicedPlan
{
    /// <summary>Lanes per output row, output rows, and lanes per input: lane i · ImageLanes + oy · Slot + ox is output
    /// position (oy, ox) of input i.</summary>
    public int Slot, OutHeight, ImageLanes;
    /// <summary>The largest shift of a row's lanes against its phase plane ((ky div s) · Slot + kx div s).</summary>
    public int MaxShift;
    /// <summary>Planes of a column count per row block (rows &lt; 2^levels), and the largest.</summary>
    public int[] CountLevels = [];
    public int MaxCountLevels;
    /// <summary>Planes of the accumulated comparator sum, ADC sum and Σx (each below 2^levels, unsigned).</summary>
    public int LevelsA, LevelsB, LevelsIn;
    /// <summary>Per row block: column m's rows with a set cell are ColumnRows[rb][ColumnStart[rb][m] .. ColumnStart[rb][m + 1]).</summary>
    public int[][] ColumnStart = [];
    public ushort[][] ColumnRows = [];
    /// <summary>0, 1, 2, … up to the largest row block: every row of a block, for counting its driven rows.</summary>
    public ushort[] AllRows = [];
    /// <summary>
    /// A unit-LSB ADC whose layer has int8 weights (<see cref="PreparedCrossbarLayer.Int8Weights"/>) and inputs of at most
    /// 8 bits: the readout is the exact sum (integer dot products, <see cref="ExactDot.LayerSums"/>) less what clipping takes
    /// off, as in <see cref="PartialSumEngine"/>'s exact-sum path. A column with at most the ADC's top code of set cells
    /// cannot clip, so only the others are in <see cref="ColumnRows"/>, and the planes count only the excess of their partial
    /// sums over the top code: b2 = 2 · (exact − Σ excess⁺ + Σ excess⁻), excess⁺ in the B planes, excess⁻ in the A planes.
    /// Taken when the cells it need not count are worth more than the dot products (<see cref="Build"/>: wide inputs and
    /// weights, as 8-bit VGG16's; 3-bit layers count faster than they multiply).
    /// </summary>
    public bool ExcessOnly;

    /// <summary>The plan, or null when a sum needs more than <paramref name="maxLevels"/> planes. <paramref name="excess"/>
    /// forces <see cref="ExcessOnly"/> on (where the layer allows it) or off; null chooses by cost.</summary>
    public static BitSlicedPlan? Build(CrossbarGeometry g, MappingTarget t, PreparedCrossbarLayer layer, int maxLevels, bool? excess = null)
    {
        var plan = new BitSlicedPlan();
        int ow = g.OutWidth;
        // A phase plane of the padded input per input (BuildInputs): the shifted reads of every row stay inside it.
        plan.Slot = (g.PaddedWidth + g.Stride - 1) / g.Stride;
        plan.OutHeight = g.Vectors / ow;
        plan.ImageLanes = (g.PaddedHeight + g.Stride - 1) / g.Stride * plan.Slot;
        for (int r = 0; r < g.Rows; r++) plan.MaxShift = Math.Max(plan.MaxShift, g.RowKy[r] / g.Stride * plan.Slot + g.RowKx[r] / g.Stride);

        int RB = g.RowBlocks, S = g.InputBits, J = g.Slices, pol = g.Polarity;
        plan.CountLevels = new int[RB];
        for (int rb = 0; rb < RB; rb++) plan.CountLevels[rb] = 64 - BitOperations.LeadingZeroCount((ulong)g.RowCount[rb]);
        plan.MaxCountLevels = plan.CountLevels.Max();
        plan.AllRows = Enumerable.Range(0, g.RowCount.Max()).Select(r => (ushort)r).ToArray();

        // Bounds of the unsigned sums the planes accumulate (every added plane bit at its weight).
        long sliceWeights = ((1L << S) - 1) * ((1L << J) - 1);
        long boundA = 0, boundB = 0;
        if (t.Readout != ReadoutKind.Adc)
            boundA = RB * 2L * (layer.Codes!.Length == 0 ? 0 : layer.Codes.Max()) * sliceWeights;
        else
            for (int rb = 0; rb < RB; rb++)
                boundB += pol * ((1L << Math.Min(t.AdcBits, plan.CountLevels[rb])) - 1) * 2 * sliceWeights;
        long boundIn = (long)g.Rows * ((1L << S) - 1);
        int amax = (1 << t.AdcBits) - 1, wpb = g.WordsPerBlock;
        // Each side's excess: per column and read at most its rows less the top code; twice their difference must fit an int.
        long boundEx = 0;
        for (int rb = 0; rb < RB; rb++) boundEx += Math.Max(0, g.RowCount[rb] - amax) * sliceWeights;
        bool excessPossible = t.Readout == ReadoutKind.Adc && layer.Int8Weights is not null && g.HasByteImage && Levels(boundEx) < maxLevels;

        // Per row block and physical column, the rows whose cell holds a 1.
        var lists = new List<ushort>?[RB][];
        long cells = 0, cannotClip = 0;
        for (int rb = 0; rb < RB; rb++)
        {
            lists[rb] = new List<ushort>?[g.PhysicalColumns];
            for (int b = 0; b < g.CrossbarsInRowBlock; b++)
            {
                var (c0, c1) = g.Block(rb, b);
                int n = (c1 - c0) / pol, k0 = c0 / pol;
                var xbar = layer.Cells[rb][b];
                for (int i = 0; i < c1 - c0; i++)
                {
                    int m = pol == 1 ? c0 + i : (k0 + i % n) * 2 + i / n;
                    var rows = lists[rb][m] = [];
                    for (int w = 0; w < wpb; w++)
                        for (ulong bits = xbar[WeightPlanes.Index(i, 0, w, 1, wpb)]; bits != 0; bits &= bits - 1)
                            rows.Add((ushort)(w * 64 + BitOperations.TrailingZeroCount(bits)));
                    cells += rows.Count;
                    if (rows.Count <= amax) cannotClip += rows.Count;
                }
            }
        }
        // Counting by excess pays when the cells it need not count outweigh the exact sums. Per vector, in cycles —
        // assumption: fitted to per-layer times of the chip pass on a 2.5 GHz Cascade Lake, 2026-11-27 (VGG16 W8A8: conv2
        // 2.4× faster by excess; ResNet-20 W3A3: every layer 1.3–3.4× faster saturating); either choice gives the same
        // floats: a counted cell ≈ 24 per input bit over 256 lanes; the exact sums ≈ 6 per 32 (output, padded row) and
        // ≈ 12 per padded row (gathering the input, the per-vector loop).
        int rp = ExactDot.PaddedRows(g);
        double saved = S * (double)cannotClip * 24 / 256, cost = 6.0 * g.Outputs * rp / 32 + 12.0 * rp;
        plan.ExcessOnly = excessPossible && (excess ?? saved > cost);
        if (plan.ExcessOnly)
        {
            (boundA, boundB) = (pol == 2 ? boundEx : 0, boundEx);
            foreach (var block in lists)
                foreach (var rows in block)
                    if (rows is not null && rows.Count <= amax) rows.Clear(); // cannot clip: all in the exact sums
        }
        plan.LevelsA = Levels(boundA);
        plan.LevelsB = Levels(boundB);
        plan.LevelsIn = Levels(boundIn);
        if (plan.LevelsA > maxLevels || plan.LevelsB > maxLevels || plan.LevelsIn > maxLevels) return null;

        plan.ColumnStart = new int[RB][];
        plan.ColumnRows = new ushort[RB][];
        for (int rb = 0; rb < RB; rb++)
        {
            var start = plan.ColumnStart[rb] = new int[g.PhysicalColumns + 1];
            for (int m = 0; m < lists[rb].Length; m++) start[m + 1] = start[m] + (lists[rb][m]?.Count ?? 0);
            var all = plan.ColumnRows[rb] = new ushort[start[^1]];
            for (int m = 0; m < lists[rb].Length; m++) lists[rb][m]?.CopyTo(all, start[m]);
        }
        return plan;
    }

    /// <summary>The lane words for <paramref name="images"/> inputs side by side.</summary>
    public LaneLayout Layout(int images)
    {
        int words = (images * ImageLanes + 63) / 64;
        int w = words >= 8 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? 8 : words >= 4 && Vector256.IsHardwareAccelerated ? 4 : 1;
        int padded = (words + w - 1) / w * w;
        return new LaneLayout(w, padded, padded / w, padded + (MaxShift >> 6) + 2);
    }

    private static int Levels(long bound) => 64 - BitOperations.LeadingZeroCount((ulong)bound);
}

/// <summary>How <see cref="BitSlicedLayer"/> lays a batch of inputs in lane words: 64-bit words per value (1, 4 or 8), words
/// per lane plane (a multiple of that), chunks of one value each, and words of one phase plane of the padded inputs with room
/// for the largest shift.</summary>
internal readonly record struct LaneLayout(int LaneWords, int PaddedWords, int Chunks, int PlaneWords);
