using CimSim.Workloads.Functional;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Randomness;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

/// <summary>
/// The bit-sliced form of a layer (all vectors at once in bit-plane arithmetic) against the per-vector engine: the same
/// floats, on random conv layers of the configurations it covers, one or several inputs side by side in the lanes — both signed-weight schemes, unit-LSB ADCs of 1–8
/// bits (clipping and not; with int8 weights and inputs of at most 8 bits counting only the excess over the top code, else
/// saturating every column), ternary and binary comparators, strides 1–3, output rows narrower and wider than 64 lanes, one
/// block of outputs and several.
/// </summary>
public class BitSlicedLayerTests
{
    [Test]
    public void EqualsThePerVectorEngineOnRandomConvLayers()
    {
        var drawn = new HashSet<string>();
        var widths = new HashSet<int>();
        int batches = 0, wide = 0, tallBlocks = 0;
        var adcForms = new HashSet<string>();
        for (ulong seed = 1; seed <= 80; seed++)
        {
            var rng = new Xoshiro256StarStar(seed * 7919);
            int Pick(int lo, int hi) => lo + (int)(rng.NextUInt64() % (ulong)(hi - lo + 1));
            var readout = (ReadoutKind)Pick(0, 2);
            var scheme = (SignedWeightScheme)Pick(0, 1);
            bool tall = seed % 5 == 2; // 1,024-row crossbars filled past 511 rows: counts of 10–11 planes
            int rows = tall ? 1024 : Pick(0, 3) switch { 0 => 16, 1 => 70, 2 => 128, _ => 256 };
            int wBits = seed % 7 == 3 ? Pick(9, 10) : Pick(2, 8), iBits = seed % 11 == 4 ? Pick(9, 10) : Pick(1, 8), k = Pick(1, 3), stride = Pick(1, 3), pad = Pick(0, k / 2);
            var target = new MappingTarget(rows, Pick(0, 1) == 0 ? 32 : 128, 1, scheme, 4, 4, 64, wBits, iBits, 1, readout,
                readout == ReadoutKind.Adc ? Pick(1, 8) : 0, readout == ReadoutKind.Adc ? 0 : Pick(3, 8));
            int side = seed % 10 == 0 ? Pick(66, 80) : Pick(6, 30);
            if (tall) (k, side) = (3, Pick(6, 9));
            var input = new TensorShape(tall ? Pick(60, 100) : Pick(1, 12), Pick(Math.Max(k, 6), side), side);
            var net = Network.Build("t", "custom", input,
                [new LayerSpec("l", LayerOp.Conv) { OutChannels = seed % 4 == 0 ? Pick(17, 40) : Pick(1, 9), KernelSize = k, Stride = stride, Padding = pad }]);
            var layer = net.Layers[0];
            int images = Pick(0, 2) switch { 0 => 1, 1 => 3, _ => 8 };
            var acts = new ushort[images][];
            for (int n = 0; n < images; n++)
            {
                var a = acts[n] = new ushort[input.Elements];
                for (int i = 0; i < a.Length; i++) a[i] = Pick(0, 2) == 0 ? (ushort)0 : (ushort)Pick(0, (1 << iBits) - 1);
            }
            var act = acts[0];
            int q = (1 << (wBits - 1)) - 1;
            var w = new int[layer.Weights];
            for (int i = 0; i < w.Length; i++) w[i] = Pick(-q, q);
            var cin = new CrossbarLayerInput
            {
                Op = LayerOp.Conv, Input = input, Output = layer.Output, KernelSize = k, Stride = stride, Padding = pad,
                Activations = act, InputBits = iBits, Weights = w, WeightBits = wBits,
                Mapping = LayerMapper.Map(layer, target, wBits, iBits), Target = target,
            };
            string why = $"seed {seed}: {input}->{layer.Output} k{k}s{stride}p{pad} w{wBits} x{iBits} rows {rows} {scheme} {readout} adc{target.AdcBits}";
            var run = readout == ReadoutKind.Adc ? null : PartialSumEngine.Run(cin, 1);
            var prepared = PartialSumEngine.Prepare(cin, run is null ? null : new ScaleFactorSet(run.ScaleCodes!, run.ScaleStep));
            if (layer.Output.Height * layer.Output.Width < BitSlicedLayer.MinVectors)
            {
                Assert.That(prepared.BitSliced, Is.Null, why);
                continue;
            }
            var plan = prepared.BitSliced;
            Assert.That(plan, Is.Not.Null, "the bit-sliced form covers this layer: " + why);
            drawn.Add($"{scheme}/{readout}");
            var lanes = plan!.Layout(images);
            widths.Add(lanes.LaneWords);
            if (images > 1) batches++;
            if (prepared.Geometry.RowCount.Max() > 511) tallBlocks++;
            if (layer.Output.Width > 64) wide++;

            var perVector = new float[images][];
            for (int n = 0; n < images; n++)
            {
                perVector[n] = new float[prepared.Outputs];
                PartialSumEngine.Reconstruct(prepared, acts[n], perVector[n], 0.37, out _, out _); // the per-vector engine (exact sums kept)
            }
            var sliced = Enumerable.Range(0, images).Select(_ => new float[prepared.Outputs]).ToArray();
            BitSlicedLayer.Reconstruct(prepared, plan, acts, sliced, 0.37); // at every lane width, 64 lanes included
            if (readout == ReadoutKind.Adc)
            {
                // The ADC's two ways of counting, each forced (the layer's own plan chose one by cost).
                foreach (bool excess in new[] { false, true })
                {
                    var forced = BitSlicedPlan.Build(prepared.Geometry, target, prepared, BitSlicedLayer.MaxLevels, excess)!;
                    adcForms.Add($"{scheme}/{(forced.ExcessOnly ? "excess" : "saturating")}");
                    var ys = Enumerable.Range(0, images).Select(_ => new float[prepared.Outputs]).ToArray();
                    BitSlicedLayer.Reconstruct(prepared, forced, acts, ys, 0.37);
                    for (int n = 0; n < images; n++)
                        Assert.That(ys[n], Is.EqualTo(perVector[n]), $"input {n} of {images}, {why} ({(forced.ExcessOnly ? "excess" : "saturating")})");
                }
            }
            var batch = Enumerable.Range(0, images).Select(_ => new float[prepared.Outputs]).ToArray();
            PartialSumEngine.Reconstruct(prepared, acts, batch, 0.37); // the public entry (per vector below 256 lanes)
            for (int n = 0; n < images; n++)
            {
                Assert.That(sliced[n], Is.EqualTo(perVector[n]), $"input {n} of {images}, {why}");
                Assert.That(batch[n], Is.EqualTo(perVector[n]), $"input {n} of {images}, {why} (batch)");
            }
        }
        Assert.That(drawn, Has.Count.EqualTo(6), "every signed scheme × readout was drawn");
        Assert.That(adcForms, Has.Count.EqualTo(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 4 : 2), "ADC layers counted both ways, both schemes");
        // Every lane width this machine offers was used (with DOTNET_EnableHWIntrinsic=0, 64 lanes only).
        var offered = new List<int> { 1 };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) offered.Add(4);
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) offered.Add(8);
        Assert.That(widths, Is.EquivalentTo(offered), "64-, 256- and 512-lane words were used");
        Assert.That(batches, Is.GreaterThan(5), "several inputs side by side in the lanes");
        Assert.That(tallBlocks, Is.GreaterThan(3), "row blocks of more than 511 rows (counted by the general carry-save path)");
        Assert.That(wide, Is.GreaterThan(0), "an output row wider than 64 lanes was drawn");
    }

    [Test]
    public void LeavesWhatItDoesNotCoverToThePerVectorEngine()
    {
        var input = new TensorShape(4, 10, 10);
        var net = Network.Build("t", "custom", input, [new LayerSpec("l", LayerOp.Conv) { OutChannels = 3, KernelSize = 3, Padding = 1 }]);
        PreparedCrossbarLayer Prepared(int cellBits, int dacBits, AdcRange range) => PartialSumEngine.Prepare(new CrossbarLayerInput
        {
            Op = LayerOp.Conv, Input = input, Output = net.Layers[0].Output, KernelSize = 3, Padding = 1, Activations = [],
            InputBits = 4, Weights = new int[net.Layers[0].Weights], WeightBits = 4, Target = Target(cellBits, dacBits, range),
            Mapping = LayerMapper.Map(net.Layers[0], Target(cellBits, dacBits, range), 4, 4),
        }, null);
        static MappingTarget Target(int cell, int dac, AdcRange range) =>
            new(128, 128, cell, SignedWeightScheme.Differential, 4, 4, 64, 4, 4, dac, ReadoutKind.Adc, 5, 0) { AdcRange = range };
        Assert.That(Prepared(1, 1, AdcRange.Unit).BitSliced, Is.Not.Null);
        Assert.That(Prepared(2, 1, AdcRange.Unit).BitSliced, Is.Null, "2-bit cells");
        Assert.That(Prepared(1, 2, AdcRange.Unit).BitSliced, Is.Null, "2-bit DAC");
        Assert.That(Prepared(1, 1, AdcRange.Full).BitSliced, Is.Null, "an LSB other than one unit");
        Assert.That(Prepared(1, 1, AdcRange.Calibrated).BitSliced, Is.Null, "a calibrated range before its LSB is known");
    }
}
