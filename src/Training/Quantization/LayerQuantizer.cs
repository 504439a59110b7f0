using CimSim.Training.Models;
using CimSim.Workloads.Mapping;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CimSim.Training.Quantization;

/// <summary>
/// The chip's arithmetic for one crossbar layer, differentiable.
/// <para><b>QAT</b>: the input is quantized to unsigned <c>b</c>-bit integers and the weight to symmetric
/// integers in [−Q, Q], Q = 2^(B−1) − 1 (the compiler's ranges), each with a learned step (LSQ); the layer computes
/// the exact integer product and scales it back: y = (x̄ ⊛ w̄)·s_x·s_w + bias.</para>
/// <para><b>PSQ</b>: the crossbar exactly as <c>PartialSumEngine</c> computes it — matrix rows in (c, ky, kx) order
/// cut into row blocks of the crossbar's rows, weights sliced as <see cref="WeightEncoding"/> slices them
/// (differential pairs: p = ps⁺ − ps⁻ of the magnitude's slice; offset: p = Σ x·u_j − (2^c_j − 1)·Σx/2), inputs
/// bit-serial in DAC-bit slices — and every partial sum read out binary (q = sign, ties +1) or ternary
/// (q = ±1 where |p| &gt; α̂/2) with α̂ = code·step, one α per (row block, input slice, readout column
/// k = o·J + j) and one code step per layer (step = max α / (2^bits − 1)). The output is
/// Σ 2^(s·d + j·c)·α̂·q (offset: − Σx/2), then × s_x·s_w + bias.</para>
/// <para>Gradients: rounding and slicing are straight-through (a slice passes 2^(−significance)/count of the
/// gradient, so slices recombine to the integer's gradient); the readout passes the gradient to p where
/// |p/α̂| &lt; 1 and gives α LSQ's gradient (q − p/α̂ inside, q outside) scaled by 1/√(vectors in the batch).</para>
/// </summary>
internal sealed class LayerQuantizer
{
    public readonly MappingTarget Chip;
    public readonly int WeightBits, InputBits;
    public readonly Parameter ActStep, WeightStep;
    /// <summary>α per (row block, input slice, readout column); null in QAT.</summary>
    public Parameter? Alpha { get; private set; }
    /// <summary>When set, readout thresholds on 2p (ternary: ⌊α̂⌋ + 1 as the engine computes it in double precision) and
    /// α̂ = codes·step are taken from here rather than from <see cref="Alpha"/> (exactness tests and export).</summary>
    public (Tensor Codes, Tensor Thresholds, double Step)? Fixed { get; set; }

    public LayerQuantizer(MappingTarget chip, int weightBits, int inputBits)
    {
        Chip = chip;
        WeightBits = weightBits;
        InputBits = inputBits;
        ActStep = new Parameter(ones(1));
        WeightStep = new Parameter(ones(1));
    }

    public WeightEncoding Encoding => new(WeightBits, Chip.BitsPerCell, Chip.SignedWeights);
    public int Q => (1 << (WeightBits - 1)) - 1;
    public int ActMax => (1 << InputBits) - 1;
    public int DacBits => Math.Min(Chip.DacBits, InputBits);
    public int InputSlices => (InputBits + DacBits - 1) / DacBits;
    public bool Psq => Alpha is not null;

    public static int RowBlocks(CrossbarLayer l, int rows) => (l.InChannels * l.Kernel * l.Kernel + rows - 1) / rows;

    /// <summary>LSQ initialisation of both steps from one batch of this layer's inputs.</summary>
    public void InitSteps(CrossbarLayer layer, Tensor x)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        ActStep.copy_(tensor(new[] { (float)Lsq.InitialStep(x, ActMax) }));
        WeightStep.copy_(tensor(new[] { (float)Lsq.InitialStep(layer.Weight, Q) }));
    }

    private Tensor? _calibrationSum;
    private long _calibrationCount;

    /// <summary>Adds one batch of this layer's (QAT-mode) inputs to the PSQ calibration: Σ|p| per (row block, input
    /// slice, readout column) over the batch's vectors. Batches are kept small by the caller, so the partial sums of
    /// one layer for one batch are all that is held at a time.</summary>
    public void AccumulateCalibration(CrossbarLayer layer, Tensor x)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (xi, _) = Activations(x);
        var (wi, _) = Weights(layer);
        var p = PartialSums(layer, xi, wi); // [S, N, RB, K, L]
        var sum = p.abs().sum([1, 4]).permute(1, 0, 2); // [RB, S, K]
        // Held across forwards, outside every dispose scope (the network's forward scope would free it).
        var total = (_calibrationSum is null ? sum.contiguous() : _calibrationSum + sum).DetachFromDisposeScope();
        _calibrationSum?.Dispose();
        _calibrationSum = total;
        _calibrationCount += p.shape[1] * p.shape[4];
    }

    /// <summary>Switches to PSQ: α per (row block, input slice, readout column) = 2·mean |p| over the accumulated
    /// calibration (the engine's calibration and the PSQ reference code's initialisation; columns never driven get 1).</summary>
    public Parameter EnablePsq()
    {
        if (_calibrationSum is null) throw new InvalidOperationException("no PSQ calibration batch");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var alpha = 2 * _calibrationSum / _calibrationCount;
        alpha = where(alpha > 0, alpha, ones_like(alpha)).contiguous();
        _calibrationSum.Dispose();
        _calibrationSum = null;
        // Calibration runs inside the network's forward, whose dispose scope would free α with the temporaries.
        Alpha = new Parameter(alpha.DetachFromDisposeScope());
        Alpha.DetachFromDisposeScope();
        return Alpha;
    }

    public (Tensor Integers, Tensor Step) Activations(Tensor x) =>
        Lsq.Quantize(x, ActStep, 0, ActMax, x.numel() / Math.Max(1, x.shape[0]));

    public (Tensor Integers, Tensor Step) Weights(CrossbarLayer layer) =>
        Lsq.Quantize(layer.Weight, WeightStep, Q, Q, layer.Weight.numel());

    public Tensor Forward(CrossbarLayer layer, Tensor x)
    {
        var (xi, sx) = Activations(x);
        var (wi, sw) = Weights(layer);
        Tensor y;
        if (!Psq)
            y = nn.functional.conv2d(xi, wi, null, strides: [layer.Stride, layer.Stride], padding: [layer.Padding, layer.Padding]);
        else
        {
            var p = PartialSums(layer, xi, wi);
            y = Readout(layer, xi, p);
        }
        return y * (sx * sw) + layer.Bias.reshape(1, -1, 1, 1);
    }

    /// <summary>Output map size of the layer for an input of <paramref name="x"/>'s size.</summary>
    private static (long H, long W) OutSize(CrossbarLayer l, Tensor x) =>
        ((x.shape[2] + 2 * l.Padding - l.Kernel) / l.Stride + 1, (x.shape[3] + 2 * l.Padding - l.Kernel) / l.Stride + 1);

    /// <summary>Signed partial sums p of every (input slice, vector, row block, readout column, output position):
    /// [S, N, RB, K, L], integers (offset scheme: halves).</summary>
    public Tensor PartialSums(CrossbarLayer layer, Tensor xi, Tensor wi)
    {
        int S = InputSlices, d = DacBits, X = Chip.CrossbarRows;
        long n = xi.shape[0];
        int rows = layer.InChannels * layer.Kernel * layer.Kernel, rb = RowBlocks(layer, X);
        // Input slices, stacked along the batch: slice s holds bits s·d … s·d + d − 1.
        var xd = xi.detach();
        var slices = new Tensor[S];
        for (int s = 0; s < S; s++)
        {
            double lo = Math.Pow(2, s * d), span = Math.Pow(2, d);
            var v = (xd / lo).floor().remainder(span);
            slices[s] = Ste.Pass(v, xi * (1.0 / (lo * S)));
        }
        var xs = cat(slices, 0);
        var u = nn.functional.unfold(xs, layer.Kernel, padding: layer.Padding, stride: layer.Stride); // [S·N, R, L]
        long L = u.shape[2];
        if (rb * X > rows) u = nn.functional.pad(u, [0, 0, 0, rb * X - rows]);
        u = u.view(S * n, rb, X, L);
        var w = SliceWeights(wi).reshape(-1, rows); // [K, R]
        if (rb * X > rows) w = nn.functional.pad(w, [0, rb * X - rows]);
        w = w.view(-1, rb, X).permute(1, 0, 2); // [RB, K, X]
        var p = matmul(w, u); // [S·N, RB, K, L]
        return p.view(S, n, rb, -1, L);
    }

    /// <summary>Weight slices σ_j as the crossbar holds them, [O, J, R...] in the layer's weight layout, with the
    /// straight-through gradient; readout column k = o·J + j.</summary>
    public Tensor SliceWeights(Tensor wi)
    {
        var enc = Encoding;
        int J = enc.Slices, c = Chip.BitsPerCell;
        var wd = wi.detach();
        var list = new Tensor[J];
        var (value, sign) = enc.Scheme == SignedWeightScheme.Differential
            ? (wd.abs(), wd.sign())
            : (wd + (1 << (WeightBits - 1)), (Tensor?)null);
        for (int j = 0; j < J; j++)
        {
            double lo = Math.Pow(2, j * c);
            int bits = enc.SliceBits(j);
            var v = (value / lo).floor().remainder(Math.Pow(2, bits));
            v = sign is null ? v - ((1 << bits) - 1) / 2.0 : v * sign;
            list[j] = Ste.Pass(v, wi * (1.0 / (lo * J)));
        }
        return stack(list, 1); // [O, J, C, k, k]
    }

    /// <summary>Shift-add weights 2^(s·d + j·c) as [S, 1, 1, K, 1].</summary>
    private Tensor Significance(int outputs)
    {
        int S = InputSlices, J = Encoding.Slices;
        var sig = new float[S * outputs * J];
        for (int s = 0; s < S; s++)
            for (int o = 0; o < outputs; o++)
                for (int j = 0; j < J; j++)
                    sig[(s * outputs + o) * J + j] = (float)Math.Pow(2, s * DacBits + j * Chip.BitsPerCell);
        return tensor(sig).view(S, 1, 1, outputs * J, 1);
    }

    /// <summary>α̂ as [S, 1, RB, K, 1], straight-through to α, and the ternary thresholds on 2p (same shape).</summary>
    private (Tensor Alpha, Tensor Threshold) AlphaHat(long vectors)
    {
        if (Fixed is var (codes, thr, step))
        {
            var a = (codes * step).to_type(ScalarType.Float32);
            return (Shape(a), Shape(thr.to_type(ScalarType.Float32)));
        }
        var alpha = Alpha!;
        int levels = (1 << Chip.ScaleFactorBits) - 1;
        Tensor hat;
        using (no_grad())
        {
            var st = alpha.max().clamp_min(1e-12) / levels;
            hat = (Ste.RoundHalfAway(alpha / st).clamp(0, levels) * st);
        }
        var scaled = Ste.GradScale(alpha, 1.0 / Math.Sqrt(Math.Max(1, vectors)));
        var aHat = Ste.Pass(hat, scaled);
        // 2p (an integer) > α̂  ⇔  2p ≥ ⌊α̂⌋ + 1: the engine's threshold.
        return (Shape(aHat), Shape(hat.floor() + 1));
    }

    private static Tensor Shape(Tensor a) => a.permute(1, 0, 2).unsqueeze(1).unsqueeze(-1); // [RB,S,K] → [S,1,RB,K,1]

    /// <summary>The comparators' decisions q on 2p: ternary ±1 where 2p ≥ thr / 2p ≤ −thr, else 0; binary +1 where p ≥ 0, else −1.</summary>
    private Tensor Decisions(Tensor p, Tensor thr)
    {
        var p2 = (2 * p).detach();
        return Chip.Readout == ReadoutKind.Ternary
            ? (p2 >= thr).to_type(ScalarType.Float32) - (p2 <= -thr).to_type(ScalarType.Float32)
            : where(p2 >= 0, 1f, -1f);
    }

    /// <summary>With <see cref="Fixed"/> α: Σ 2^(s·d + j·c)·q·code per output, [N, O, L] — the integer the engine
    /// multiplies by the code step (its <c>hatA</c>).</summary>
    public Tensor ReadoutCodes(CrossbarLayer layer, Tensor p)
    {
        var (codes, thr, _) = Fixed ?? throw new InvalidOperationException("no fixed α");
        long n = p.shape[1], L = p.shape[4];
        var q = Decisions(p, Shape(thr.to_type(ScalarType.Float32)));
        var y = (q * Shape(codes.to_type(ScalarType.Float32)) * Significance(layer.OutChannels)).sum([0, 2]);
        return y.view(n, layer.OutChannels, Encoding.Slices, L).sum(2);
    }

    /// <summary>Σ 2^(s·d + j·c)·p per output, [N, O, L]: the exact product (offset scheme: + Σx/2).</summary>
    public Tensor ShiftAdd(CrossbarLayer layer, Tensor p)
    {
        long n = p.shape[1], L = p.shape[4];
        return (p * Significance(layer.OutChannels)).sum([0, 2]).view(n, layer.OutChannels, Encoding.Slices, L).sum(2);
    }

    /// <summary>The binary/ternary readout and the digital shift-add; returns [N, O, H, W] in integer units.</summary>
    public Tensor Readout(CrossbarLayer layer, Tensor xi, Tensor p)
    {
        long n = xi.shape[0], L = p.shape[4];
        int outputs = layer.OutChannels, J = Encoding.Slices;
        var (a, thr) = AlphaHat(n * L);
        var q = Decisions(p, thr);
        var v = (p / a.clamp_min(1e-6)).clamp(-1, 1); // α̂ = 0 (code 0): q still decides, p gets no gradient
        var readout = a * Ste.Pass(q, v); // [S, N, RB, K, L]
        var y = (readout * Significance(outputs)).sum([0, 2]); // [N, K, L]
        y = y.view(n, outputs, J, L).sum(2);
        if (Encoding.Scheme == SignedWeightScheme.Offset)
        {
            var sumX = nn.functional.unfold(xi, layer.Kernel, padding: layer.Padding, stride: layer.Stride).sum(1, keepdim: true);
            y = y - 0.5 * sumX;
        }
        var (h, w) = OutSize(layer, xi);
        return y.view(n, outputs, h, w);
    }
}
