using CimSim.Simulator.Replay;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using NUnit.Framework;
using CimSim.Workloads.Networks;

namespace CimSim.Tests.Replay;

public class ReplayEngineTests
{
    private static NetworkTrace OneFcLayer() => ReplayFixtures.Network(ReadoutKind.Adc,
        ReplayFixtures.Crossbar(0, "fc", LayerOp.FullyConnected, new(128, 1, 1), new(16, 1, 1), 1, 1, 0, [-1], 1, 1, [128], [32], 4, 1, 0, null));

    [Test]
    public void ContentionFreeLayerTakesTheHandDerivedCycles()
    {
        // 1 vector, 4 bit-serial slices, 32 columns, one ADC per column (no sharing).
        // Inputs: 128 rows × 4 bits = 512 bits = 8 flits of 64 → 8 ns. Pipeline (read 1, convert 2, shift-add 1 ns):
        // the converter is the bottleneck: 8 + 1 + 4×2 + 1 = 18 ns. Reduction: 16 outputs × (2 columns − 1) = 16 adds
        // on 4 accumulators → 4 ns, after the 16 partial sums of 16 bits came up the H-tree (256 bits = 4 flits → 4 ns);
        // activation of 16 on 16 units → 1 ns. Total 27 ns.
        var r = ReplayEngine.Run(OneFcLayer(), ReplayFixtures.Timing(ReadoutKind.Adc, columnSharing: 1), new ReplayOptions());
        Assert.That(r.TotalPs, Is.EqualTo(27_000));
        Assert.That(r.Layers[0].HTreeFlits, Is.EqualTo(8));
        Assert.That(r.Layers[0].HTreeCollectFlits, Is.EqualTo(4));
        Assert.That(r.Layers[0].AccumulatorAdds, Is.EqualTo(16));
        Assert.That(r.Layers[0].AccumulatorSliceMerges, Is.EqualTo(16), "one row block: every add merges an output's second column");
        Assert.That(r.Layers[0].ActivationOps, Is.EqualTo(16));
    }

    [Test]
    public void AdcSharingIsSlowerByExactlyItsSerialisation()
    {
        // 8 columns per ADC: each read's busiest ADC converts 8 columns one after another (16 ns instead of 2),
        // so 4 reads take 4 × (8 − 1) × 2 ns = 56 ns longer: 8 + 1 + 4×16 + 1 + 4 + 4 + 1 = 83 ns.
        var shared = ReplayEngine.Run(OneFcLayer(), ReplayFixtures.Timing(ReadoutKind.Adc, columnSharing: 8), new ReplayOptions());
        var own = ReplayEngine.Run(OneFcLayer(), ReplayFixtures.Timing(ReadoutKind.Adc, columnSharing: 1), new ReplayOptions());
        Assert.That(shared.TotalPs, Is.EqualTo(83_000));
        Assert.That(shared.TotalPs - own.TotalPs, Is.EqualTo(4 * 7 * 2000));
    }

    [TestCase(ReadoutKind.Adc, LayerSchedule.LayerByLayer)]
    [TestCase(ReadoutKind.Adc, LayerSchedule.Pipelined)]
    [TestCase(ReadoutKind.Ternary, LayerSchedule.LayerByLayer)]
    [TestCase(ReadoutKind.Ternary, LayerSchedule.Pipelined)]
    [TestCase(ReadoutKind.Binary, LayerSchedule.Pipelined)]
    public void DetailedModeGivesIdenticalTimesAndCounts(ReadoutKind readout, LayerSchedule schedule)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var trace = ReplayFixtures.SmallResNet(readout, seed);
            var timing = ReplayFixtures.Timing(readout);
            var fast = ReplayEngine.Run(trace, timing, new ReplayOptions(schedule, Detailed: false));
            var detailed = ReplayEngine.Run(trace, timing, new ReplayOptions(schedule, Detailed: true));
            Assert.That(detailed.TotalPs, Is.EqualTo(fast.TotalPs), $"seed {seed}");
            for (int i = 0; i < fast.Layers.Count; i++)
            {
                Assert.That(detailed.Layers[i].StartPs, Is.EqualTo(fast.Layers[i].StartPs), $"{fast.Layers[i].Name} start");
                Assert.That(detailed.Layers[i].EndPs, Is.EqualTo(fast.Layers[i].EndPs), $"{fast.Layers[i].Name} end");
                Assert.That(detailed.Layers[i].MeshFlitHops, Is.EqualTo(fast.Layers[i].MeshFlitHops));
                Assert.That(detailed.Layers[i].AccumulatorAdds, Is.EqualTo(fast.Layers[i].AccumulatorAdds));
            }
            Assert.That(detailed.EventsProcessed, Is.GreaterThan(fast.EventsProcessed));
        }
    }

    [TestCase(ReadoutKind.Adc)]
    [TestCase(ReadoutKind.Ternary)]
    public void PipeliningOverlapsLayersButNeverBeatsTheLongestLayer(ReadoutKind readout)
    {
        var trace = ReplayFixtures.SmallResNet(readout, 5);
        var timing = ReplayFixtures.Timing(readout);
        var lbl = ReplayEngine.Run(trace, timing, new ReplayOptions(LayerSchedule.LayerByLayer));
        var pip = ReplayEngine.Run(trace, timing, new ReplayOptions(LayerSchedule.Pipelined));
        Assert.That(pip.TotalPs, Is.LessThan(lbl.TotalPs));
        Assert.That(pip.TotalPs, Is.GreaterThanOrEqualTo(lbl.Layers.Max(l => l.LatencyPs)));
        // Layer by layer: each layer starts no earlier than the previous one ends.
        for (int i = 1; i < lbl.Layers.Count; i++)
            Assert.That(lbl.Layers[i].StartPs, Is.GreaterThanOrEqualTo(lbl.Layers[i - 1].EndPs - timing.MeshHopPs * 64));
        Assert.That(lbl.Layers.All(l => l.Vectors > 0), Is.True);
    }

    [Test]
    public void DcimZeroSkippingShortensTernaryReads()
    {
        var trace = ReplayFixtures.SmallResNet(ReadoutKind.Ternary, 2);
        var skip = ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Ternary) with { ZeroSkipping = true }, new ReplayOptions());
        var noSkip = ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Ternary) with { ZeroSkipping = false }, new ReplayOptions());
        Assert.That(skip.TotalPs, Is.LessThan(noSkip.TotalPs));
    }

    [Test]
    public void RunsAreDeterministic()
    {
        var trace = ReplayFixtures.SmallResNet(ReadoutKind.Ternary, 9);
        var a = ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Ternary), new ReplayOptions(LayerSchedule.Pipelined));
        var b = ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Ternary), new ReplayOptions(LayerSchedule.Pipelined));
        Assert.That(a.Layers.Select(l => (l.StartPs, l.EndPs, l.MeshFlitHops)), Is.EqualTo(b.Layers.Select(l => (l.StartPs, l.EndPs, l.MeshFlitHops))));
    }
}

public class MeshRoutingTests
{
    [TestCase(17, 15, 9)]   // 5 columns, last row holds tiles 15 and 16: from (0,3) to (4,1) must not cross (1..4,3)
    [TestCase(17, 16, 4)]
    [TestCase(17, 9, 16)]   // into the last row: XY along row 1, then down column 1
    [TestCase(7, 6, 2)]     // 3 columns, last row holds tile 6 only
    [TestCase(16, 15, 0)]   // full grid: plain XY
    public void RoutesStayOnExistingTilesAndTakeManhattanHops(int tiles, int from, int to)
    {
        var timing = ReplayFixtures.Timing(CimSim.Workloads.Mapping.ReadoutKind.Adc, tiles: tiles) with { MeshColumns = (int)Math.Ceiling(Math.Sqrt(tiles)) };
        var chip = new ChipResources(timing, []);
        long arrival = chip.Mesh(from, to, 64, 0, out long flitHops);
        int cols = timing.MeshColumns;
        int hops = Math.Abs(from % cols - to % cols) + Math.Abs(from / cols - to / cols);
        Assert.That(flitHops, Is.EqualTo(2 * hops)); // 64 bits = 2 flits of 32
        // Wormhole: the head takes one hop latency per hop, the tail follows 2 flits behind.
        Assert.That(arrival, Is.EqualTo((hops - 1) * timing.MeshHopPs + 2 * timing.MeshHopPs));
    }
}
