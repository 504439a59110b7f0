using CimSim.Tests.Cli;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

/// <summary>
/// A trace is held to what the compiler could have written for its chip (<see cref="TraceCheck"/>): every hand edit of a
/// field that follows from the network and the chip is refused when the trace is read, with its checksums recomputed
/// (the writer computes them), and every trace the compiler writes reads back.
/// </summary>
public class TraceCheckTests
{
    private static readonly Lazy<NetworkTrace> Sample = new(() =>
        Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(), new CompileOptions { Seed = 7, Architecture = "test-chip" }));

    private static NetworkTrace RoundTrip(NetworkTrace t)
    {
        using var ms = new MemoryStream();
        TraceWriter.Write(t, ms);
        ms.Position = 0;
        return TraceReader.Read(ms, "edited.trace");
    }

    private static NetworkTrace Edit(string layer, Func<LayerTrace, LayerTrace> edit)
    {
        var t = Sample.Value;
        return new NetworkTrace
        {
            Network = t.Network, Dataset = t.Dataset, Architecture = t.Architecture, Target = t.Target, Seed = t.Seed, Producer = t.Producer,
            Layers = t.Layers.Select(l => l.Name == layer ? edit(l) : l).ToList(),
        };
    }

    private static IEnumerable<TestCaseData> Edits()
    {
        TestCaseData Case(string layer, string what, Func<LayerTrace, LayerTrace> edit) =>
            new TestCaseData(layer, edit).SetName($"AnEditOf_{layer}_{what}_IsRefused");
        yield return Case("c1", "Macs", l => l with { Macs = l.Macs + 1 });
        yield return Case("c1", "Weights", l => l with { Weights = 2 * l.Weights });
        yield return Case("c1", "OutputChannels", l => l with { Output = l.Output with { Channels = l.Output.Channels + 1 } });
        yield return Case("c2", "InputShape", l => l with { Input = l.Input with { Height = l.Input.Height * 2 } });
        yield return Case("c1", "KernelZero", l => l with { KernelSize = 0 });
        yield return Case("avg", "StrideZero", l => l with { Stride = 0 });
        yield return Case("c1", "Padding", l => l with { Padding = 0 });
        yield return Case("pool", "OpConv", l => l with { Op = CimSim.Workloads.Networks.LayerOp.Conv });
        yield return Case("c2", "OpMaxPool", l => l with { Op = CimSim.Workloads.Networks.LayerOp.MaxPool });
        yield return Case("fc", "DuplicateName", l => l with { Name = "c1" });
        yield return Case("fc", "EmptyName", l => l with { Name = "" });
        yield return Case("c2", "SourceIsTheInput", l => l with { Sources = [-1] });
        yield return Case("add", "OneSource", l => l with { Sources = [3] });
        yield return Case("c1", "WeightBitsZero", l => l with { WeightBits = 0 });
        yield return Case("c2", "InputBits", l => l with { InputBits = l.InputBits + 1 });
        yield return Case("c1", "ColumnsPerWeight", l => l with { Mapping = l.Mapping! with { ColumnsPerWeight = 1 } });
        yield return Case("dw", "DiagonalChannels", l => l with { Mapping = l.Mapping! with { DiagonalChannels = 1 } });
        yield return Case("c1", "Replicas", l => l with { Mapping = l.Mapping! with { Replicas = 100_000 } });
        yield return Case("c2", "FirstTile", l => l with { Mapping = l.Mapping! with { FirstTile = l.Mapping!.FirstTile + 1 } });
        yield return Case("c2", "TileCount", l => l with { Mapping = l.Mapping! with { TileCount = l.Mapping!.TileCount + 1 } });
        yield return Case("c1", "ColumnReads", l => l with { Counts = l.Counts with { ColumnReads = l.Counts.ColumnReads + 1 } });
        yield return Case("c1", "OutputElements", l => l with { Counts = l.Counts with { OutputElements = l.Counts.OutputElements - 1 } });
        yield return Case("c1", "RowActivations", l => l with { Counts = l.Counts with { RowActivations = long.MaxValue / 2 } });
        yield return Case("c1", "AdcClipped", l => l with { Counts = l.Counts with { AdcClipped = l.Counts.ColumnReads + 1 } });
        yield return Case("pool", "DigitalReads", l => l with { Counts = l.Counts with { CrossbarReads = 5 } });
        yield return Case("pool", "DigitalBits", l => l with { WeightBits = 4 });
        yield return Case("c1", "SqnrNaN", l => l with { SqnrDb = double.NaN });
        yield return Case("c1", "DrivenRowsLength", l => l with
        {
            ReadoutsByDrivenRows = [.. l.ReadoutsByDrivenRows!.SkipLast(1), 0, l.ReadoutsByDrivenRows![^1]],
        });
    }

    [TestCaseSource(nameof(Edits))]
    public void AnEditedLayerIsRefusedNamingIt(string layer, Func<LayerTrace, LayerTrace> edit)
    {
        var edited = Edit(layer, edit);
        int index = edited.Layers.Select((l, i) => (l, i)).First(x => x.l != Sample.Value.Layers[x.i]).i;
        var e = Assert.Throws<InputException>(() => RoundTrip(edited))!;
        Assert.That(e.File, Is.EqualTo("edited.trace"));
        Assert.That(e.Message, Does.Contain($"layer {index}").Or.Contain($"layers[{index}]"), "the message names the edited layer");
    }

    [Test]
    public void TheUneditedTraceReadsBackAndItsHeaderLabelsAreChecked()
    {
        Assert.That(RoundTrip(Sample.Value).Layers, Has.Count.EqualTo(Sample.Value.Layers.Count));
        var t = Sample.Value;
        NetworkTrace With(string network, string dataset) => new()
        {
            Network = network, Dataset = dataset, Architecture = t.Architecture, Target = t.Target, Seed = t.Seed, Layers = t.Layers,
        };
        Assert.That(Assert.Throws<InputException>(() => RoundTrip(With("tiny", "foo")))!.Message, Does.Contain("dataset 'foo'"));
        Assert.That(Assert.Throws<InputException>(() => RoundTrip(With("", "custom")))!.Message, Does.Contain("no name"));
        Assert.That(Assert.Throws<InputException>(() => RoundTrip(With("tiny", "cifar10")))!.Message,
            Does.Contain("layer 0").And.Contain("cifar10 has 3x32x32"), "Tiny reads 3x12x12 inputs");
        NetworkTrace On(CimSim.Workloads.Mapping.MappingTarget target) => new()
        {
            Network = t.Network, Dataset = t.Dataset, Architecture = t.Architecture, Target = target, Seed = t.Seed, Layers = t.Layers,
        };
        Assert.That(Assert.Throws<InputException>(() => RoundTrip(On(t.Target with { AdcBits = 0, Readout = CimSim.Workloads.Mapping.ReadoutKind.Adc })))!.Message,
            Does.Contain("header").And.Contain("adc_bits"));
        int used = t.Layers.Where(l => l.Mapping is not null).Sum(l => l.Mapping!.TileCount);
        Assert.That(Assert.Throws<InputException>(() => RoundTrip(On(t.Target with { Tiles = used - 1 })))!.Message,
            Does.Contain($"has {used - 1}"), "the layers use more tiles than the header's chip has");
    }

    /// <summary>A layer compiled with its own readout (the chip's <c>layers:</c>) cannot be run on a chip without that entry: its
    /// counts are for another readout.</summary>
    [Test]
    public void ALayerReadoutTheChipDoesNotHaveIsRefused()
    {
        string dir = CliHarness.TempDir();
        try
        {
            string withLayers = Path.Combine(dir, "hcim-layers.yaml"), trace = Path.Combine(dir, "t.trace");
            File.WriteAllText(withLayers, File.ReadAllText(CliHarness.Chip("hcim.yaml")) +
                "\nlayers:\n  - { layer: conv1, readout: { kind: adc, adc: { type: sar, bits: 6, column_sharing: 8 } } }\n");
            var c = CliHarness.Run("compile", "--arch", withLayers, "--network", "resnet20", "-o", trace, "-q");
            Assert.That(c.Code, Is.Zero, c.Err);
            Assert.That(CliHarness.Run("run", "--arch", withLayers, "--trace", trace, "-q").Code, Is.Zero);
            var r = CliHarness.Run("run", "--arch", CliHarness.Chip("hcim.yaml"), "--trace", trace, "-q");
            Assert.That(r.Code, Is.EqualTo(2), r.Err);
            Assert.That(r.ErrLines, Has.Length.EqualTo(1));
            Assert.That(r.ErrLines[0], Does.Contain("layer 'conv1' its own readout (Adc 6-bit)"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary><c>compile</c> reads <c>--network</c> as <c>run</c> does: a trained model directory compiles to a trace whose
    /// report is the one <c>run</c> gives for the model itself.</summary>
    [Test]
    public void ATrainedModelCompilesToATraceThatReportsAsTheModelDoes()
    {
        string dir = CliHarness.TempDir();
        try
        {
            string chip = CliHarness.Chip("adc4.yaml"), model = Path.Combine(CimSim.Tests.Architecture.RepoFiles.Root, "models", "resnet20-fmnist-w3a3");
            string trace = Path.Combine(dir, "m.trace"), direct = Path.Combine(dir, "direct.json"), replayed = Path.Combine(dir, "replayed.json");
            var c = CliHarness.Run("compile", "--arch", chip, "--network", model, "-o", trace, "-q");
            Assert.That(c.Code, Is.Zero, c.Err);
            Assert.That(CliHarness.Run("run", "--arch", chip, "--network", model, "--no-accuracy", "-q", "--json", direct).Code, Is.Zero);
            Assert.That(CliHarness.Run("run", "--arch", chip, "--trace", trace, "-q", "--json", replayed).Code, Is.Zero);
            Assert.That(File.ReadAllText(replayed), Is.EqualTo(File.ReadAllText(direct)));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Traces written by <c>cimsim compile</c> on the shipped chips, with every mapping option, run as they are.</summary>
    [TestCase("hcim.yaml", "resnet20")]
    [TestCase("xpert-vgg16-baseline.yaml", "vgg16", "--replicate")]
    [TestCase("adc4.yaml", "resnet20", "--replicate-in-tiles")]
    [TestCase("neurosim-vgg8-22nm.yaml", "vgg8", "--replicate-in-tiles")]
    [TestCase("xpert-vgg16-searched.yaml", "vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4")]
    public void EveryCompiledTraceRuns(string chip, string network, params string[] options)
    {
        string dir = CliHarness.TempDir();
        try
        {
            string trace = Path.Combine(dir, "t.trace");
            var c = CliHarness.Run(["compile", "--arch", CliHarness.Chip(chip), "--network", network, "-o", trace, "-q", .. options]);
            Assert.That(c.Code, Is.Zero, c.Err);
            var r = CliHarness.Run("run", "--arch", CliHarness.Chip(chip), "--trace", trace, "-q", "--json", Path.Combine(dir, "r.json"));
            Assert.That(r.Code, Is.Zero, r.Err);
        }
        finally { Directory.Delete(dir, true); }
    }
}
