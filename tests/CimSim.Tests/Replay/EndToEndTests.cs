using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

/// <summary>The compiler, the replay and the report together, on every zoo network at small sizes.</summary>
public class EndToEndTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static ChipModel Chip(string file, int tiles = 64) =>
        ChipModel.Build(ArchitectureLoader.LoadFile(Path.Combine(Repo(), "architectures", file)) with { Tiles = tiles });

    /// <summary>Zoo networks shrunk so that the detailed mode stays fast: narrow VGGs, ResNet-20, ResNet-18 on 32×32.</summary>
    public static IEnumerable<TestCaseData> SmallZoo()
    {
        foreach (var chip in new[] { "hcim.yaml", "adc7.yaml" })
        {
            yield return new TestCaseData(chip, "vgg8:channels=8,8,16,16,16,16", "cifar10").SetArgDisplayNames(chip, "vgg8");
            yield return new TestCaseData(chip, "vgg16:channels=8,8,8,8,16,16,16,16,16,16,16,16,16", "cifar10").SetArgDisplayNames(chip, "vgg16");
            yield return new TestCaseData(chip, "resnet20", "cifar10").SetArgDisplayNames(chip, "resnet20");
        }
    }

    private static NetworkTrace Compile(ChipModel chip, string net, string ds, int threads = 0) =>
        SimulationRunner.Compile(chip, NetworkZoo.Create(net, Dataset.Get(ds)), new CompileOptions { Seed = 7, Dataset = ds, MaxThreads = threads });

    [TestCaseSource(nameof(SmallZoo))]
    public void CountsEqualTheClosedForms(string chipFile, string net, string ds)
    {
        var chip = Chip(chipFile);
        var trace = Compile(chip, net, ds);
        var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
        long Count(string k) => report.Counts.Single(kv => kv.Key == k).Value;
        long reads = 0, columns = 0, nonZero = 0;
        foreach (var l in trace.Layers)
        {
            if (l.Mapping is not { } m) continue;
            Assert.That(m.InputVectors, Is.EqualTo((long)l.Output.Height * l.Output.Width), l.Name);
            long readoutColumns = (m.ReadoutColumnsInBlock ?? m.ColumnsInBlock).Sum();
            reads += m.InputVectors * m.InputSlices * m.RowBlocks * m.ColumnBlocks;
            // conversions (or comparator decisions) = vectors × input slices × row blocks × active readout columns
            columns += m.InputVectors * m.InputSlices * m.RowBlocks * readoutColumns;
            if (l.NonZeroPerRead is { } nz)
            {
                long sum = nz.Sum(x => x.Sum(v => (long)v));
                Assert.That(sum, Is.EqualTo(l.Counts.NonZeroOutputs), l.Name);
                nonZero += sum;
            }
        }
        Assert.That(Count("macs"), Is.EqualTo(NetworkZoo.Create(net, Dataset.Get(ds)).Macs));
        Assert.That(Count("crossbar_reads"), Is.EqualTo(reads));
        if (chip.Adc is not null) Assert.That(Count("adc_conversions"), Is.EqualTo(columns));
        else
        {
            Assert.That(Count("comparator_decisions"), Is.EqualTo(columns));
            Assert.That(Count("dcim_ops"), Is.EqualTo(nonZero));
            Assert.That(nonZero, Is.GreaterThan(0).And.LessThan(columns));
        }
    }

    [TestCaseSource(nameof(SmallZoo))]
    public void DetailedAndFastModesAgreeOnCyclesAndEnergy(string chipFile, string net, string ds) =>
        DetailedAndFastAgree(Chip(chipFile), Compile(Chip(chipFile), net, ds));

    /// <summary>Copies that share a vector's input slices (more copies than vectors: the fully connected layers), on a chip
    /// with zero skipping (each slice its own DCiM time) and on an ADC chip.</summary>
    [TestCase("hcim.yaml")]
    [TestCase("adc7.yaml")]
    public void DetailedAndFastModesAgreeWhereCopiesShareAVectorsSlices(string chipFile)
    {
        var chip = Chip(chipFile);
        var trace = SimulationRunner.Compile(chip, NetworkZoo.Create("vgg8:channels=16,32,64,64,128,128", Dataset.Cifar10),
            new CompileOptions { Seed = 7, ReplicateInTiles = true });
        Assert.That(trace.Layers.Any(l => l.Mapping is { } m && m.Replicas > m.InputVectors), "a layer with more copies than vectors");
        DetailedAndFastAgree(chip, trace);
    }

    private static void DetailedAndFastAgree(ChipModel chip, NetworkTrace trace)
    {
        foreach (var schedule in new[] { LayerSchedule.LayerByLayer, LayerSchedule.Pipelined })
        {
            var fast = SimulationRunner.Simulate(chip, trace, new ReplayOptions(schedule, false));
            var detailed = SimulationRunner.Simulate(chip, trace, new ReplayOptions(schedule, true));
            Assert.That(detailed.Totals.LatencyNs, Is.EqualTo(fast.Totals.LatencyNs), schedule.ToString());
            Assert.That(detailed.Totals.EnergyPj, Is.EqualTo(fast.Totals.EnergyPj), schedule.ToString());
            Assert.That(detailed.Layers.Select(l => l.EndNs), Is.EqualTo(fast.Layers.Select(l => l.EndNs)));
            Assert.That(detailed.EventsProcessed, Is.GreaterThan(fast.EventsProcessed));
        }
    }

    [Test]
    public void CopiesInTilesShortenTheCopiedLayersAndAddOnlyTheSharedSlicesSums()
    {
        // adc7's tiles hold 16 crossbars; the narrow VGG8's conv1 (one crossbar of 3-bit differential weights) fills its
        // tile with 16 copies.
        var chip = Chip("adc7.yaml");
        var net = NetworkZoo.Create("vgg8:channels=16,32,64,64,128,128", Dataset.Cifar10);
        var plainTrace = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = 7 });
        var plain = SimulationRunner.Simulate(chip, plainTrace, new ReplayOptions());
        var traced = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = 7, ReplicateInTiles = true });
        var copies = SimulationRunner.Simulate(chip, traced, new ReplayOptions());
        var m = plainTrace.Layers[0].Mapping!;
        Assert.That(traced.Layers[0].Mapping!.Replicas, Is.EqualTo(m.TileCount * 16 / (m.RowBlocks * m.ColumnBlocks)).And.GreaterThan(1));
        Assert.That(copies.Totals.AreaMm2, Is.EqualTo(plain.Totals.AreaMm2), "no tile is added");
        long Count(SimulationReport r, string key) => r.Counts.Single(kv => kv.Key == key).Value;
        foreach (var key in new[] { "crossbar_reads", "row_activations", "adc_conversions", "htree_flits", "activation_ops" })
            Assert.That(Count(copies, key), Is.EqualTo(Count(plain, key)), key);
        // Copies beyond a layer's vectors (its fully connected layers, one vector each) share the vector's input slices; their
        // partial sums are added after: outputs × (copies − vectors) more adds, and no other count changes on the layers
        // whose copies hold whole vectors.
        var shared = traced.Layers.Where(l => l.Mapping is { } c && c.Replicas > c.InputVectors).ToList();
        Assert.That(shared, Is.Not.Empty, "the test needs a layer with more copies than vectors");
        Assert.That(Count(copies, "accumulator_adds") - Count(plain, "accumulator_adds"),
            Is.EqualTo(shared.Sum(l => (long)l.Output.Channels * (l.Mapping!.Replicas - l.Mapping.InputVectors))));
        for (int i = 0; i < traced.Layers.Count; i++)
            if (!shared.Contains(traced.Layers[i]))
                Assert.That(copies.Layers[i].EnergyPj, Is.EqualTo(plain.Layers[i].EnergyPj).Within(1e-9).Percent, traced.Layers[i].Name);
        Assert.That(copies.Layers[0].LatencyNs, Is.LessThan(0.75 * plain.Layers[0].LatencyNs), "the copies share conv1's 1,024 vectors");
        for (int i = 0; i < traced.Layers.Count; i++)
        {
            var l = traced.Layers[i];
            if (!shared.Contains(l)) continue;
            Assert.That(copies.Layers[i].LatencyNs, Is.LessThan(plain.Layers[i].LatencyNs), $"{l.Name}: its copies share its input slices");
        }
    }

    [Test]
    public void ReportsAreByteIdenticalAcrossRunsAndThreadCounts()
    {
        var chip = Chip("hcim.yaml");
        string Json(int threads) => ReportJson.Write(SimulationRunner.Simulate(chip, Compile(chip, "resnet20", "cifar10", threads),
            new ReplayOptions(LayerSchedule.Pipelined)));
        string one = Json(1);
        Assert.That(Json(2), Is.EqualTo(one));
        Assert.That(Json(0), Is.EqualTo(one));
        Assert.That(Json(1), Is.EqualTo(one));
    }

    [Test]
    public void HcimUsesNoAdcAndAdcChipsNoComparators()
    {
        var hcim = SimulationRunner.Simulate(Chip("hcim.yaml"), Compile(Chip("hcim.yaml"), "resnet20", "cifar10"), new ReplayOptions());
        var adc7 = SimulationRunner.Simulate(Chip("adc7.yaml"), Compile(Chip("adc7.yaml"), "resnet20", "cifar10"), new ReplayOptions());
        Assert.That(hcim.EnergyPjByClass.Where(kv => kv.Key == "adc").Sum(kv => kv.Value), Is.EqualTo(0));
        Assert.That(hcim.EnergyPjByClass.Single(kv => kv.Key == "dcim").Value, Is.GreaterThan(0));
        Assert.That(adc7.EnergyPjByClass.Single(kv => kv.Key == "adc").Value, Is.GreaterThan(0));
        Assert.That(adc7.EnergyPjByClass.Any(kv => kv.Key is "comparator" or "dcim"), Is.False);
        Assert.That(adc7.Tallies.Any(a => a.Action == "array_read"), Is.False, "only models that price whole-subarray reads count them");
        // Same network, same seed: the same MACs on both chips.
        Assert.That(hcim.Totals.Ops, Is.EqualTo(adc7.Totals.Ops));
    }
}
