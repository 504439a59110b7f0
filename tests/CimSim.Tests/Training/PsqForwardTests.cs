using CimSim.Training;
using CimSim.Training.Models;
using CimSim.Workloads.Functional;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Randomness;
using NUnit.Framework;
using static TorchSharp.torch;

namespace CimSim.Tests.Training;

/// <summary>
/// The training forward's crossbar emulation against the compiler's bit-exact engine: on the same integer
/// weights and inputs, with the engine's α codes, every decision and every shift-added integer must agree.
/// This is the test that proves the training code slices, blocks and reads out exactly as the compiler does.
/// </summary>
public class PsqForwardTests
{
    [OneTimeSetUp]
    public void Setup() => TorchRuntime.Configure(1, 1);

    internal sealed record Case(bool Fc, int InC, int H, int W, int OutC, int K, int Stride, int WeightBits, int InputBits,
        MappingTarget Target, ushort[] Act, int[] Weights)
    {
        public override string ToString() =>
            $"{(Fc ? "fc" : "conv")} {InC}x{H}x{W}->{OutC} k{K}s{Stride} w{WeightBits} x{InputBits} rows{Target.CrossbarRows} " +
            $"cell{Target.BitsPerCell} dac{Target.DacBits} {Target.SignedWeights} {Target.Readout} sf{Target.ScaleFactorBits}";
    }

    internal static Case RandomCase(ulong seed, ReadoutKind? readout = null)
    {
        var rng = new Xoshiro256StarStar(seed);
        int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
        bool fc = Pick(0, 3) == 0;
        var ro = readout ?? (Pick(0, 1) == 0 ? ReadoutKind.Binary : ReadoutKind.Ternary);
        var scheme = (SignedWeightScheme)Pick(0, 1);
        int rows = Pick(0, 2) switch { 0 => 16, 1 => 70, _ => 128 };
        int cell = Pick(1, 2), dac = Pick(1, 2), wBits = Pick(2, 5), iBits = Pick(1, 4);
        var target = new MappingTarget(rows, 64, cell, scheme, 4, 4, 64, wBits, iBits, dac, ro, 0, Pick(3, 8));
        int k = fc ? 1 : Pick(0, 1) == 0 ? 1 : 3, stride = fc ? 1 : Pick(1, 2);
        int inC = fc ? Pick(5, 150) : Pick(1, 20), h = fc ? 1 : Pick(3, 7), w = fc ? 1 : Pick(3, 7), outC = Pick(1, 9);
        var act = new ushort[inC * h * w];
        for (int i = 0; i < act.Length; i++) act[i] = Pick(0, 2) == 0 ? (ushort)0 : (ushort)Pick(0, (1 << iBits) - 1);
        int q = (1 << (wBits - 1)) - 1;
        var wts = new int[outC * inC * k * k];
        for (int i = 0; i < wts.Length; i++) wts[i] = Pick(-q, q);
        return new Case(fc, inC, h, w, outC, k, stride, wBits, iBits, target, act, wts);
    }

    internal static PartialSumResult Engine(Case c)
    {
        var spec = c.Fc
            ? new LayerSpec("l", LayerOp.FullyConnected) { OutChannels = c.OutC }
            : new LayerSpec("l", LayerOp.Conv) { OutChannels = c.OutC, KernelSize = c.K, Stride = c.Stride, Padding = (c.K - 1) / 2 };
        var net = Network.Build("t", "custom", new TensorShape(c.InC, c.H, c.W), [spec]);
        var layer = net.Layers[0];
        return PartialSumEngine.Run(new CrossbarLayerInput
        {
            Op = layer.Op, Input = layer.Input, Output = layer.Output, KernelSize = c.K, Stride = c.Stride, Padding = (c.K - 1) / 2,
            Activations = c.Act, InputBits = c.InputBits, Weights = c.Weights, WeightBits = c.WeightBits,
            Mapping = LayerMapper.Map(layer, c.Target, c.WeightBits, c.InputBits), Target = c.Target,
        }, 1);
    }

    /// <summary>A quantized training layer holding the case's integers (steps 1, so LSQ returns them unchanged).</summary>
    internal static (CrossbarLayer Layer, Tensor X) TrainingLayer(Case c)
    {
        var l = CrossbarLayer.Create("l", c.InC, c.OutC, c.K, c.Stride, c.Fc);
        l.FoldBatchNorm();
        l.EnableQuantization(c.Target, c.WeightBits, c.InputBits);
        using (no_grad())
        {
            l.Weight.copy_(tensor(Array.ConvertAll(c.Weights, v => (float)v)).view(l.Weight.shape));
            l.Bias.zero_();
        }
        var x = tensor(Array.ConvertAll(c.Act, v => (float)v)).view(1, c.InC, c.H, c.W);
        return (l, x);
    }

    [Test]
    public void PartialSumsAndReadoutsEqualTheEngineOnRandomLayers()
    {
        var kinds = new HashSet<string>();
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var c = RandomCase(seed);
            kinds.Add($"{(c.Fc ? "fc" : "conv")}/{c.Target.Readout}/{c.Target.SignedWeights}");
            var e = Engine(c);
            var (l, x) = TrainingLayer(c);
            var q = l.Quantizer!;
            using var _ = no_grad();
            var (xi, _) = q.Activations(x);
            var (wi, _) = q.Weights(l);
            Assert.That(xi.data<float>().ToArray(), Is.EqualTo(Array.ConvertAll(c.Act, v => (float)v)), "LSQ at step 1 keeps the integers");
            var p = q.PartialSums(l, xi, wi);
            int C = c.OutC;
            long L = p.shape[4];
            // The ideal product from the slices and row blocks equals the engine's exact Σ x·w.
            var exact = q.ShiftAdd(l, p).data<float>().ToArray(); // [O, L] for N = 1
            var sumX = nn.functional.unfold(xi, c.K, padding: (c.K - 1) / 2, stride: c.Stride).sum(1).data<float>().ToArray();
            bool offset = c.Target.SignedWeights == SignedWeightScheme.Offset;
            string why = $"seed {seed}: {c}";
            for (int v = 0; v < L; v++)
                for (int o = 0; o < C; o++)
                    Assert.That(exact[o * L + v] - (offset ? 0.5 * sumX[v] : 0), Is.EqualTo((double)e.Ideal[v * C + o]), why + $" ideal v{v} o{o}");
            // With the engine's α codes, the readout integers Σ 2^sh·q·code times the step are the engine's readout.
            var shape = new long[] { p.shape[2], p.shape[0], p.shape[3] };
            var thr = Array.ConvertAll(e.ScaleCodes!, code => (int)Math.Floor(code * e.ScaleStep) + 1);
            q.AccumulateCalibration(l, x);
            q.EnablePsq();
            q.Fixed = (tensor(Array.ConvertAll(e.ScaleCodes!, v => (double)v)).view(shape), tensor(thr).view(shape), e.ScaleStep);
            var hatA = q.ReadoutCodes(l, p).data<float>().ToArray();
            for (int v = 0; v < L; v++)
                for (int o = 0; o < C; o++)
                {
                    double r = e.ScaleStep * (long)hatA[o * L + v] + (offset ? 0.5 * -(long)sumX[v] : 0);
                    Assert.That(r, Is.EqualTo(e.Readout[v * C + o]), why + $" readout v{v} o{o}");
                }
            // The differentiable forward gives the same values (float32 arithmetic).
            var y = l.forward(x).data<float>().ToArray();
            for (int v = 0; v < L; v++)
                for (int o = 0; o < C; o++)
                    Assert.That(y[o * L + v], Is.EqualTo(e.Readout[v * C + o]).Within(1e-4 * (1 + Math.Abs(e.Readout[v * C + o]))), why + $" forward v{v} o{o}");
        }
        Assert.That(kinds, Has.Count.EqualTo(8), "conv and fc × binary and ternary × differential and offset were drawn");
    }
}
