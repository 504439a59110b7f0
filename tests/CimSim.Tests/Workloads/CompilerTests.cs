using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class CompilerTests
{
    private static NetworkTrace Compile(MappingTarget t, CompileOptions? o = null, Network? net = null) =>
        Compiler.Compile(net ?? TestNetworks.Tiny(), t, o ?? new CompileOptions());

    [Test]
    public void AnAdcWideEnoughForEveryPartialSumIsExact()
    {
        // 64 rows × 1-bit cells × 1-bit inputs: partial sums ≤ 64 < 2^7 − 1.
        var trace = Compile(TestNetworks.Chip(ReadoutKind.Adc, adcBits: 7));
        foreach (var l in trace.Layers.Where(l => l.Mapping is not null))
        {
            Assert.That(l.SqnrDb, Is.EqualTo(double.PositiveInfinity), l.Name);
            Assert.That(l.Counts.AdcClipped, Is.Zero);
            Assert.That(l.NonZeroPerRead, Is.Null);
        }
        var narrow = Compile(TestNetworks.Chip(ReadoutKind.Adc, adcBits: 2));
        Assert.That(narrow.Layers.Sum(l => l.Counts.AdcClipped), Is.GreaterThan(0));
        Assert.That(narrow.Layers.Count(l => l.Counts.AdcClipped > 0 && l.SqnrDb < 40), Is.GreaterThanOrEqualTo(2), "clipping costs accuracy");
    }

    [Test]
    public void CountsAgreeWithTheMappingAndEachOther()
    {
        foreach (var r in Enum.GetValues<ReadoutKind>())
            foreach (var s in Enum.GetValues<SignedWeightScheme>())
            {
                var trace = Compile(TestNetworks.Chip(r, s));
                foreach (var l in trace.Layers)
                {
                    var c = l.Counts;
                    Assert.That(c.OutputElements, Is.EqualTo(l.Output.Elements));
                    if (l.Mapping is not { } m) { Assert.That(c.CrossbarReads, Is.Zero); continue; }
                    Assert.That(c.CrossbarReads, Is.EqualTo(m.CrossbarReads));
                    long readoutPerSet = m.DiagonalChannels > 0 ? m.RowBlocks * m.ReadoutColumnsInBlock![0] : m.RowBlocks * m.ReadoutColumnsInBlock!.Sum();
                    Assert.That(c.ColumnReads, Is.EqualTo(m.InputVectors * m.InputSlices * readoutPerSet), $"{r} {s} {l.Name}");
                    Assert.That(c.NonZeroOutputs, Is.LessThanOrEqualTo(c.ColumnReads));
                    long rowsPerSet = m.DiagonalChannels > 0 ? m.MatrixRows : (long)m.MatrixRows * m.ColumnBlocks;
                    Assert.That(c.RowActivations, Is.LessThan(m.InputVectors * m.InputSlices * rowsPerSet), "ReLU zeros and padding leave rows idle");
                    if (r == ReadoutKind.Binary) Assert.That(c.NonZeroOutputs, Is.EqualTo(c.ColumnReads));
                    if (r == ReadoutKind.Ternary) Assert.That(c.NonZeroOutputs, Is.LessThan(c.ColumnReads));
                    if (r != ReadoutKind.Adc) Assert.That(l.NonZeroPerRead!.Sum(x => x.Sum(v => (long)v)), Is.EqualTo(c.NonZeroOutputs));
                }
            }
    }

    [Test]
    public void InputBitOverridesChangeTheSlicesOfThatLayerOnly()
    {
        var t = TestNetworks.Chip(inputBits: 4);
        var trace = Compile(t, new CompileOptions { InputBits = new Dictionary<string, int> { ["c2"] = 2 } });
        Assert.That(trace.Layers.Single(l => l.Name == "c2").Mapping!.InputSlices, Is.EqualTo(2));
        Assert.That(trace.Layers.Single(l => l.Name == "c1").Mapping!.InputSlices, Is.EqualTo(4));
        Assert.That(Assert.Throws<InputException>(() => Compile(t, new CompileOptions { InputBits = new Dictionary<string, int> { ["pool"] = 2 } }))!.Message,
            Does.Contain("'pool' is not a crossbar layer"));
    }

    [Test]
    public void WeightsAndInputsLoadFromNpyFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-npy-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var net = TestNetworks.Tiny();
            File.WriteAllBytes(Path.Combine(dir, "c2.npy"), NpyFiles.Int8([16, 8, 3, 3], new sbyte[16 * 8 * 9]));
            // Every crossbar layer needs weights once a directory is given (never silently random).
            var rng = new Random(5);
            float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            File.WriteAllBytes(Path.Combine(dir, "c1.npy"), NpyFiles.Float32([8, 3, 3, 3], R(216)));
            File.WriteAllBytes(Path.Combine(dir, "dw.npy"), NpyFiles.Float32([8, 1, 3, 3], R(72)));
            File.WriteAllBytes(Path.Combine(dir, "fc.npy"), NpyFiles.Float32([10, 16], R(160)));
            var image = Enumerable.Range(0, 3 * 12 * 12).Select(i => (float)(i % 7) - 3).ToArray();
            File.WriteAllBytes(dir + "-x.npy", NpyFiles.Float32([1, 3, 12, 12], image)); // not in the weights directory: every .npy there must name a layer
            var o = new CompileOptions { WeightsDirectory = dir, InputNpyPath = dir + "-x.npy" };
            var trace = Compile(TestNetworks.Chip(), o, net);
            var c2 = trace.Layers.Single(l => l.Name == "c2");
            Assert.That(c2.Counts.NonZeroOutputs, Is.Zero, "all-zero weights give all-zero partial sums");
            Assert.That(trace.Layers.Single(l => l.Name == "c1").Counts.NonZeroOutputs, Is.GreaterThan(0));
            Assert.That(Compile(TestNetworks.Chip(), o, net).Layers.Select(l => l.Counts), Is.EqualTo(trace.Layers.Select(l => l.Counts)));

            var c1 = File.ReadAllBytes(Path.Combine(dir, "c1.npy"));
            File.WriteAllBytes(Path.Combine(dir, "c1.npy"), NpyFiles.Float32([8, 3, 3], new float[72]));
            var e = Assert.Throws<InputException>(() => Compile(TestNetworks.Chip(), o, net));
            Assert.That(e!.Message, Does.Contain("c1.npy").And.Contain("(8, 3, 3, 3)").And.Contain("(8, 3, 3)"));
            File.WriteAllBytes(Path.Combine(dir, "c1.npy"), c1);
            File.WriteAllBytes(Path.Combine(dir, "c2.npy"), NpyFiles.Int8([16, 8, 3, 3], Enumerable.Repeat((sbyte)9, 16 * 8 * 9).ToArray()));
            Assert.That(Assert.Throws<InputException>(() => Compile(TestNetworks.Chip(weightBits: 4), o, net))!.Message, Does.Contain("integer weight 9 at element 0 is outside ±7").And.Contain("c2.npy"));

            // An int8 file's weights are taken as stored; the same integers in an int16 file (widened like any other dtype)
            // compile to the same trace, read for read.
            var w = Enumerable.Range(0, 16 * 8 * 9).Select(i => (sbyte)((i * 53 + i / 7) % 255 - 127)).ToArray();
            File.WriteAllBytes(Path.Combine(dir, "c2.npy"), NpyFiles.Int8([16, 8, 3, 3], w));
            var fromInt8 = Compile(TestNetworks.Chip(weightBits: 8), o, net);
            File.WriteAllBytes(Path.Combine(dir, "c2.npy"), NpyFiles.Int16([16, 8, 3, 3], w.Select(v => (short)v).ToArray()));
            var fromInt16 = Compile(TestNetworks.Chip(weightBits: 8), o, net);
            foreach (var (a, b) in fromInt8.Layers.Zip(fromInt16.Layers))
            {
                Assert.That(a.Counts, Is.EqualTo(b.Counts), a.Name);
                Assert.That(a.SqnrDb, Is.EqualTo(b.SqnrDb), a.Name);
                Assert.That(a.ReadoutsByDrivenRows, Is.EqualTo(b.ReadoutsByDrivenRows), a.Name);
            }
            Assert.That(fromInt8.Layers.Single(l => l.Name == "c2").Counts.NonZeroOutputs, Is.GreaterThan(0));
        }
        finally { Directory.Delete(dir, true); File.Delete(dir + "-x.npy"); }
    }

    [Test]
    public void APerLayerReadoutChangesThatLayerOnly()
    {
        var chip = TestNetworks.Chip(ReadoutKind.Ternary);
        var plain = Compile(chip);
        var mixed = Compile(chip, new CompileOptions { Readouts = new Dictionary<string, LayerReadout> { ["c2"] = new(ReadoutKind.Adc, 5, 0) } });
        var c2 = mixed.Layers.Single(l => l.Name == "c2");
        Assert.That(c2.Readout, Is.EqualTo(new LayerReadout(ReadoutKind.Adc, 5, 0)));
        Assert.That(c2.NonZeroPerRead, Is.Null);
        Assert.That(c2.Mapping!.ReadoutColumnsInBlock, Is.EqualTo(c2.Mapping.ColumnsInBlock), "an ADC converts both columns of a pair");
        var before = plain.Layers.Single(l => l.Name == "c2");
        Assert.That(c2.Counts.ColumnReads, Is.EqualTo(2 * before.Counts.ColumnReads));
        Assert.That(c2.Counts.RowActivations, Is.EqualTo(before.Counts.RowActivations), "same inputs whatever the readout");
        foreach (var (a, b) in plain.Layers.Zip(mixed.Layers).Where(p => p.First.Name != "c2"))
        {
            Assert.That(b.Counts, Is.EqualTo(a.Counts), b.Name);
            Assert.That(b.Readout, Is.Null);
        }
        Assert.That(Compile(chip, new CompileOptions { Readouts = new Dictionary<string, LayerReadout> { ["c2"] = LayerReadout.Of(chip) } })
            .Layers.Single(l => l.Name == "c2").Readout, Is.Null, "an override equal to the chip's is no override");
        var e = Assert.Throws<InputException>(() => Compile(chip, new CompileOptions { Readouts = new Dictionary<string, LayerReadout> { ["c2"] = new(ReadoutKind.Adc, 0, 0) } }));
        Assert.That(e!.Message, Does.Contain("readouts.c2: must be 1..16"));
        Assert.That(Assert.Throws<InputException>(() => Compile(chip, new CompileOptions { Readouts = new Dictionary<string, LayerReadout> { ["gap"] = new(ReadoutKind.Adc, 5, 0) } }))!.Message,
            Does.Contain("'gap' is not a crossbar layer"));
    }

    [Test]
    public void ANetworkTooLargeForTheChipIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => Compile(TestNetworks.Chip(tiles: 2)));
        Assert.That(e!.Message, Does.Contain("tiles").And.Contain("the chip has 2").And.Contain("a chip of hierarchy.tiles: "));
        var bad = TestNetworks.Chip() with { AdcBits = 0, Readout = ReadoutKind.Adc };
        Assert.That(Assert.Throws<InputException>(() => Compile(bad))!.Message, Does.Contain("adc_bits"));
    }

    [Test]
    public void HigherResolutionReadoutsAreMoreAccurate()
    {
        double Mean(MappingTarget t) => Compile(t).Layers.Where(l => l.Mapping is not null).Average(l => l.SqnrDb);
        double binary = Mean(TestNetworks.Chip(ReadoutKind.Binary)), ternary = Mean(TestNetworks.Chip(ReadoutKind.Ternary));
        double adc4 = Mean(TestNetworks.Chip(ReadoutKind.Adc, adcBits: 4));
        Assert.That(ternary, Is.GreaterThan(binary));
        Assert.That(adc4, Is.GreaterThan(ternary));
    }
}
