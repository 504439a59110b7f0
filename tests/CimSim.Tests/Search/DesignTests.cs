using CimSim.Simulator.Architecture;
using CimSim.Search.Evaluation;
using CimSim.Search.Output;
using CimSim.Search.Space;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Search;

public class DesignTests
{
    [Test]
    public void KeysReadBack()
    {
        var d = new Design(["conv1", "conv2"], [LayerChoice.Adc(64, AdcType.Flash, 5, 2, 4), LayerChoice.Comparator(128, ReadoutKind.Ternary, 8)]);
        Assert.That(d.Key, Is.EqualTo("conv1=c64/adc-flash-5b-cs2/i4;conv2=c128/ternary/i8"));
        Assert.That(Design.Parse(d.Key), Is.EqualTo(d));
        Assert.That(Design.Parse("conv1=c64/adc-delta-5b-cs2/i4"), Is.Null);
        Assert.That(LayerChoice.Parse("c8/binary/i3"), Is.EqualTo(LayerChoice.Comparator(8, ReadoutKind.Binary, 3)));
    }

    [Test]
    public void ResultLinesReadBack()
    {
        var r = new DesignResult
        {
            Key = "k", Origin = "o", NetworkSpec = "vgg16", ChipName = "c", Tiles = 3, Metrics = new DesignMetrics(1.5, 2.25, 3.125),
            TopsPerW = 0.1, TopsPerMm2 = 0.2, Macs = 10, Weights = 20, Seconds = 1.25,
            Layers = [new LayerOutcome("conv1", 1, 2, double.PositiveInfinity, 0.5, 0.25), new LayerOutcome("pool1", 3, 4, double.NaN, double.NaN, double.NaN)],
        };
        var back = ResultJson.Read(ResultJson.Write(r, null))!;
        Assert.That(back with { Layers = r.Layers }, Is.EqualTo(r));
        Assert.That(back.Layers[0], Is.EqualTo(r.Layers[0]));
        // JSON writes every non-finite number as null (NonFiniteAsNull); a null SQNR reads back as +∞ (no quantization error measured).
        Assert.That(back.Layers[1].SqnrDb, Is.EqualTo(double.PositiveInfinity));
        Assert.That(ResultJson.Write(r, null), Does.Not.Contain("\"inf\""));
        Assert.That(ResultJson.Read(ResultJson.Write(r, null)[..40]), Is.Null, "a cut line is not a result");
        Assert.That(ResultJson.Read("{\"schema\":\"other\"}"), Is.Null);
        Assert.That(back.Layers[1].RowDensity, Is.NaN, "an unknown density stays unknown");
    }

    [Test]
    public void ResultLinesOfOlderFilesStillRead()
    {
        // As written before the space fingerprint, the seconds and null for non-finite numbers: no "space", no "seconds", SQNR "inf".
        const string old = "{\"schema\":\"cimsim.search-result/1\",\"key\":\"k\",\"origin\":\"o\",\"network\":\"vgg16\",\"chip\":\"c\",\"tiles\":3,"
            + "\"energy_pj\":1.5,\"latency_ns\":2.25,\"area_mm2\":3.125,\"edap_pj_ns_mm2\":10.546875,\"tops_per_w\":0.1,\"tops_per_mm2\":0.2,\"macs\":10,"
            + "\"weights\":20,\"layers\":[{\"name\":\"conv1\",\"latency_ns\":1,\"energy_pj\":2,\"sqnr_db\":\"inf\",\"row_density\":0.5,\"nonzero_fraction\":0.25},"
            + "{\"name\":\"pool1\",\"latency_ns\":3,\"energy_pj\":4,\"sqnr_db\":null}]}";
        var r = ResultJson.Read(old, out string space)!;
        Assert.That((r.Key, r.Tiles, r.Macs, r.Weights, r.Seconds, space), Is.EqualTo(("k", 3, 10L, 20L, 0.0, "")));
        Assert.That(r.Metrics, Is.EqualTo(new DesignMetrics(1.5, 2.25, 3.125)));
        Assert.That(r.Layers[0], Is.EqualTo(new LayerOutcome("conv1", 1, 2, double.PositiveInfinity, 0.5, 0.25)));
        Assert.That((r.Layers[1].SqnrDb, r.Layers[1].RowDensity, r.Layers[1].NonZeroFraction), Is.EqualTo((double.PositiveInfinity, double.NaN, double.NaN)));
        Assert.That(ResultJson.Read(old.Replace("\"tiles\":3,", "")), Is.Null, "a line without a required field is not a result");
    }

    [Test]
    public void ARealizedDesignFitsItsTilesAndWritesItsNetworkAsAZooSpec()
    {
        var space = SearchFixtures.TinySpace();
        var d = space.BaseDesign.With(1, LayerChoice.Adc(32, AdcType.Flash, 5, 4, 6));
        var r = DesignRealizer.Realize(space, d);
        Assert.That(r.NetworkSpec, Is.EqualTo("vgg16:channels=16,32,16,16,16,16,16,16,16,16,16,16,16:input_bits=8,6,8,8,8,8,8,8,8,8,8,8,8"));
        Assert.That(NetworkZoo.Create(r.NetworkSpec, Dataset.Cifar10).Layers.Select(l => l.Output.Channels),
            Is.EqualTo(r.Network.Layers.Select(l => l.Output.Channels)));
        Assert.That(r.Chip.Tiles, Is.EqualTo(14), "13 one-tile convs and the classifier");
        Assert.That(r.Chip.LayerPeripherals.Select(p => p.Layer), Is.EqualTo(new[] { "conv1", "conv2", "conv3", "conv4" }));
        Assert.That(r.Chip.LayerPeripherals[1], Is.EqualTo(new LayerPeripherals("conv2", ReadoutKind.Adc, AdcType.Flash, 5, 4)));
        Assert.That(DesignRealizer.Realize(space, space.BaseDesign).NetworkSpec, Is.EqualTo("vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16"));
    }
}
