using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Tests.Workloads;

/// <summary>
/// A deliberately plain re-implementation of the partial-sum semantics in docs/COMPILER.md: explicit loops over
/// rows with integer multiplies, no bit packing, no shortcuts. The engine must agree with it exactly.
/// </summary>
internal static class NaivePartialSums
{
    public sealed record Result(long[] Ideal, double[] Readout, long RowActivations, long ColumnReads, long NonZero,
        long Clipped, ushort[][]? NonZeroPerRead, int[]? Codes, double Step, long[] ReadoutsByDrivenRows);

    public static Result Run(LayerOp op, TensorShape input, TensorShape output, int k, int stride, int pad,
        ushort[] act, int inputBits, int[] weights, int weightBits, MappingTarget t)
    {
        bool fc = op == LayerOp.FullyConnected, dw = op == LayerOp.DepthwiseConv;
        if (fc) { k = 1; stride = 1; pad = 0; input = new TensorShape((int)input.Elements, 1, 1); output = new TensorShape(output.Channels, 1, 1); }
        int C = output.Channels, V = output.Height * output.Width, X = t.CrossbarRows;
        bool diff = t.SignedWeights == SignedWeightScheme.Differential;
        int P = diff ? 2 : 1, sliced = diff ? weightBits - 1 : weightBits, c = t.BitsPerCell;
        int J = (sliced + c - 1) / c, K = C * J, M = K * P;
        int d = Math.Min(t.DacBits, inputBits), S = (inputBits + d - 1) / d;
        int R = input.Channels * k * k;

        long X_(int v, int r)
        {
            int ch = r / (k * k), ky = r % (k * k) / k, kx = r % k;
            int iy = v / output.Width * stride - pad + ky, ix = v % output.Width * stride - pad + kx;
            if (iy < 0 || iy >= input.Height || ix < 0 || ix >= input.Width) return 0;
            return act[(ch * input.Height + iy) * input.Width + ix];
        }
        int W_(int o, int r) => dw ? (r / (k * k) == o ? weights[o * k * k + r % (k * k)] : 0) : weights[o * R + r];
        // Cell value at matrix row r, physical column m.
        int Cell(int r, int m)
        {
            int kk = m / P, p = m % P, o = kk / J, j = kk % J;
            int w = W_(o, r);
            int value = diff ? Math.Abs(w) : w + (1 << (weightBits - 1));
            int pol = diff && w < 0 ? 1 : 0;
            if (pol != p) return 0;
            int bits = Math.Min(c, sliced - j * c);
            return (value >> (j * c)) & ((1 << bits) - 1);
        }

        // Crossbars: (row start, row count, column start, column end, trace index).
        var xbars = new List<(int R0, int Rn, int C0, int C1, int Index)>();
        if (dw)
        {
            int fit = Math.Min(X / (k * k), t.CrossbarColumns / P * P / (J * P));
            int g = 1;
            for (int q = Math.Min(C, fit); q >= 1; q--) if (C % q == 0) { g = q; break; }
            for (int b = 0; b < C / g; b++) xbars.Add((b * g * k * k, g * k * k, b * g * J * P, (b + 1) * g * J * P, b));
        }
        else
        {
            int width = t.CrossbarColumns / P * P;
            int rbs = (R + X - 1) / X, cbs = (M + width - 1) / width;
            for (int rb = 0; rb < rbs; rb++)
                for (int cb = 0; cb < cbs; cb++)
                    xbars.Add((rb * X, Math.Min(X, R - rb * X), cb * width, Math.Min(M, (cb + 1) * width), rb * cbs + cb));
        }
        int rowBlocks = dw ? xbars.Count : (R + X - 1) / X;
        int RowBlockOf((int R0, int Rn, int C0, int C1, int Index) x) => dw ? x.Index : x.R0 / X;

        long Slice(int v, int r, int s) => (X_(v, r) >> (s * d)) & ((1 << d) - 1);
        long Ps(int v, int s, (int R0, int Rn, int C0, int C1, int Index) x, int m)
        {
            long sum = 0;
            for (int r = x.R0; r < x.R0 + x.Rn; r++) sum += Slice(v, r, s) * Cell(r, m);
            return sum;
        }
        long Nx(int v, int s, (int R0, int Rn, int C0, int C1, int Index) x)
        {
            long sum = 0;
            for (int r = x.R0; r < x.R0 + x.Rn; r++) sum += Slice(v, r, s);
            return sum;
        }
        long P2(int v, int s, (int R0, int Rn, int C0, int C1, int Index) x, int kk)
        {
            if (diff) return 2 * (Ps(v, s, x, 2 * kk) - Ps(v, s, x, 2 * kk + 1));
            int j = kk % J, bits = Math.Min(c, sliced - j * c);
            return 2 * Ps(v, s, x, kk) - ((1L << bits) - 1) * Nx(v, s, x);
        }

        bool psq = t.Readout != ReadoutKind.Adc;
        int[]? codes = null, thr = null;
        double step = 0;
        if (psq)
        {
            int n = Math.Min(V, 128);
            var sumAbs = new long[rowBlocks * S * K];
            foreach (var x in xbars)
                for (int i = 0; i < n; i++)
                {
                    int v = (int)((long)i * V / n);
                    for (int s = 0; s < S; s++)
                        for (int kk = x.C0 / P; kk < x.C1 / P; kk++)
                            sumAbs[(RowBlockOf(x) * S + s) * K + kk] += Math.Abs(P2(v, s, x, kk));
                }
            long max = sumAbs.Max();
            int levels = (1 << t.ScaleFactorBits) - 1;
            step = max == 0 ? 1.0 : (double)max / n / levels; // α = 2·mean|p| = Σ|P2|/n
            codes = new int[sumAbs.Length];
            thr = new int[sumAbs.Length];
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = (int)Math.Min(levels, Math.Round((double)sumAbs[i] / n / step, MidpointRounding.AwayFromZero));
                thr[i] = (int)Math.Floor(codes[i] * step) + 1;
            }
        }

        // ADC range (docs/COMPILER.md §4): LSB 1 (unit), full scale / (2^b − 1) (full), or the largest physical partial sum
        // over the same calibration vectors / (2^b − 1) (calibrated), at least 1; code = min(2^b − 1, ⌊ps / LSB + ½⌋).
        long amax = (1L << t.AdcBits) - 1;
        double lsb = 1;
        if (!psq && t.AdcRange == AdcRange.Full)
            lsb = Math.Max(1.0, (double)X * ((1 << c) - 1) * ((1 << t.DacBits) - 1) / amax);
        if (!psq && t.AdcRange == AdcRange.Calibrated)
        {
            int n = Math.Min(V, 128);
            long largest = 0;
            foreach (var x in xbars)
                for (int i = 0; i < n; i++)
                    for (int s = 0; s < S; s++)
                        for (int m = x.C0; m < x.C1; m++) largest = Math.Max(largest, Ps((int)((long)i * V / n), s, x, m));
            lsb = Math.Max(1.0, (double)largest / amax);
        }
        bool scaledAdc = !psq && t.AdcRange != AdcRange.Unit;
        if (scaledAdc) step = lsb;

        var ideal = new long[V * C];
        var a = new long[V * C];
        var b2 = new long[V * C];
        long rowActs = 0, colReads = 0, nz = 0, clipped = 0;
        var nzPerRead = psq ? xbars.Select(_ => new ushort[V * S]).ToArray() : null;
        var byDriven = new long[X + 1];
        foreach (var x in xbars)
            for (int v = 0; v < V; v++)
                for (int s = 0; s < S; s++)
                {
                    int sh = s * d, driven = 0;
                    for (int r = x.R0; r < x.R0 + x.Rn; r++) if (Slice(v, r, s) != 0) driven++;
                    rowActs += driven;
                    byDriven[driven] += psq ? (x.C1 - x.C0) / P : x.C1 - x.C0;
                    int nzRead = 0;
                    for (int kk = x.C0 / P; kk < x.C1 / P; kk++)
                    {
                        int o = kk / J, j = kk % J;
                        long weight = 1L << (sh + j * c);
                        long exact = diff ? Ps(v, s, x, 2 * kk) - Ps(v, s, x, 2 * kk + 1) : Ps(v, s, x, kk);
                        ideal[v * C + o] += exact * weight;
                        if (!psq)
                        {
                            for (int p = 0; p < P; p++)
                            {
                                long ps = Ps(v, s, x, kk * P + p);
                                long q = scaledAdc ? Math.Min(amax, (long)Math.Floor(ps / lsb + 0.5)) : Math.Min(ps, amax);
                                colReads++;
                                if (scaledAdc ? ps / lsb > amax + 0.5 : ps > amax) clipped++;
                                if (q != 0) nz++;
                                if (scaledAdc) a[v * C + o] += q * weight * (p == 0 ? 1 : -1);
                                else b2[v * C + o] += 2 * q * weight * (p == 0 ? 1 : -1);
                            }
                        }
                        else
                        {
                            colReads++;
                            long p2 = P2(v, s, x, kk);
                            int key = (RowBlockOf(x) * S + s) * K + kk;
                            int q = t.Readout == ReadoutKind.Binary ? (p2 >= 0 ? 1 : -1)
                                : p2 >= thr![key] ? 1 : p2 <= -thr![key] ? -1 : 0;
                            if (q != 0) { nz++; nzRead++; }
                            a[v * C + o] += q * codes![key] * weight;
                        }
                    }
                    if (nzPerRead is not null) nzPerRead[x.Index][v * S + s] = (ushort)nzRead;
                }
        // Digital terms of the offset scheme (per output: the inputs of its crossbars' rows).
        if (!diff)
            for (int v = 0; v < V; v++)
                for (int o = 0; o < C; o++)
                {
                    long inSum = 0;
                    foreach (var x in xbars.Where(x => dw ? x.C0 / P / J <= o && o < x.C1 / P / J : x.C0 == 0))
                        for (int r = x.R0; r < x.R0 + x.Rn; r++) inSum += X_(v, r);
                    long off = 1L << (weightBits - 1);
                    ideal[v * C + o] -= off * inSum;
                    b2[v * C + o] -= psq ? inSum : 2 * off * inSum;
                }
        var readout = new double[V * C];
        for (int i = 0; i < readout.Length; i++) readout[i] = 0.5 * b2[i] + (psq || scaledAdc ? step * a[i] : 0);
        return new Result(ideal, readout, rowActs, colReads, nz, clipped, nzPerRead, codes, step, byDriven);
    }
}
