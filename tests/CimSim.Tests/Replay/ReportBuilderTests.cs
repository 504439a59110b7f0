using System.Text.Json;
using CimSim.Components.Costs;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

public class ReportBuilderTests
{
    private static ComponentCost C(string name, string cls, long n, double area, double leak, params (string A, double E)[] actions) =>
        new(name, cls, n, area, leak, actions.ToDictionary(a => a.A, a => new ActionCost(a.E, 1)), "test fixture");

    internal static IReadOnlyList<ComponentCost> FixtureComponents(bool adc) => Components(adc);

    private static IReadOnlyList<ComponentCost> Components(bool adc) =>
    [
        C("crossbar", "crossbar", 64, 100, 0.5, ("read", 0.01)),
        C("dac", "dac", 64 * 128, 1, 0, ("drive", 0.002)),
        adc ? C("adc", "adc", 64 * 16, 150, 1, ("convert", 0.5)) : C("comparator", "comparator", 64 * 64, 5, 0.1, ("decide", 0.03)),
        adc ? C("shift_add", "shift_add", 64 * 16, 20, 0.1, ("shift_add", 0.05))
            : new DcimCost(C("dcim", "dcim", 64, 400, 2, ("accumulate", 0.1)), columnsPerCycle: 4, crossbarsPerUnit: 1, zeroSkipping: true),
        C("accumulator", "accumulator", 16, 50, 0.2, ("add", 0.02), ("merge_slice", 0.03)),
        new BufferCost(C("pe_buffer", "buffer", 16, 2000, 5, ("read", 1), ("write", 1.2)), 4096, 64),
        new BufferCost(C("tile_buffer", "buffer", 16, 9000, 20, ("read", 3), ("write", 3.5)), 65536, 128),
        new BufferCost(C("global_buffer", "buffer", 1, 90000, 100, ("read", 10), ("write", 12)), 1 << 20, 256),
        new LinkCost(C("htree", "interconnect", 16, 3000, 1, ("transfer", 2), ("collect", 2.5)), 64),
        new LinkCost(C("mesh", "interconnect", 16, 40000, 10, ("hop", 5)), 32),
        C("activation", "activation", 16 * 16, 10, 0.01, ("apply", 0.01)),
        C("pooling", "pooling", 16 * 8, 10, 0.01, ("apply", 0.01)),
        C("control", "control", 16, 500, 3),
    ];

    [TestCase(ReadoutKind.Adc)]
    [TestCase(ReadoutKind.Ternary)]
    public void BreakdownsSumToTotalsAndCountsMatchTheTrace(ReadoutKind readout)
    {
        var trace = ReplayFixtures.SmallResNet(readout, 4);
        // Give the trace's data-dependent counts distinct values to trace them through.
        var layers = trace.Layers.Select(l => l.Mapping is null ? l : new LayerTrace
        {
            Index = l.Index, Name = l.Name, Op = l.Op, Input = l.Input, Output = l.Output, KernelSize = l.KernelSize, Stride = l.Stride,
            Padding = l.Padding, Sources = l.Sources, InputBits = l.InputBits, WeightBits = l.WeightBits, Mapping = l.Mapping,
            NonZeroPerRead = l.NonZeroPerRead, Macs = 1000 * (l.Index + 1),
            Counts = l.Counts with { RowActivations = 7 * (l.Index + 1), ColumnReads = 11 * (l.Index + 1), NonZeroOutputs = 5 * (l.Index + 1) },
        }).ToArray();
        trace = ReplayFixtures.Network(readout, layers);
        var options = new ReplayOptions();
        var replay = ReplayEngine.Run(trace, ReplayFixtures.Timing(readout), options);
        var comps = Components(readout == ReadoutKind.Adc);
        var report = ReportBuilder.Build("fixture", comps, trace, replay, options);

        Assert.That(report.EnergyPjByClass.Sum(kv => kv.Value), Is.EqualTo(report.Totals.EnergyPj).Within(1e-9).Percent);
        Assert.That(report.AreaMm2ByClass.Sum(kv => kv.Value), Is.EqualTo(report.Totals.AreaMm2).Within(1e-9).Percent);
        Assert.That(report.Totals.AreaMm2, Is.EqualTo(comps.Sum(c => c.Instances * c.AreaUm2) * 1e-6).Within(1e-9).Percent);
        Assert.That(report.Totals.LatencyNs, Is.EqualTo(replay.TotalPs / 1000.0));
        double leak = comps.Sum(c => c.Instances * c.LeakageUw) * report.Totals.LatencyNs * 1e-3;
        Assert.That(report.EnergyPjByClass.Single(kv => kv.Key == "leakage").Value, Is.EqualTo(leak).Within(1e-9).Percent);

        long columnReads = layers.Where(l => l.Mapping is not null).Sum(l => l.Counts.ColumnReads);
        long counted(string k) => report.Counts.Single(kv => kv.Key == k).Value;
        Assert.That(counted("macs"), Is.EqualTo(layers.Sum(l => l.Macs)));
        Assert.That(counted("crossbar_reads"), Is.EqualTo(layers.Sum(l => l.Mapping?.CrossbarReads ?? 0)));
        if (readout == ReadoutKind.Adc)
        {
            Assert.That(counted("adc_conversions"), Is.EqualTo(columnReads));
            Assert.That(report.EnergyPjByClass.Single(kv => kv.Key == "adc").Value, Is.EqualTo(columnReads * 0.5).Within(1e-9).Percent);
        }
        else
        {
            Assert.That(counted("comparator_decisions"), Is.EqualTo(columnReads));
            Assert.That(counted("dcim_ops"), Is.EqualTo(layers.Where(l => l.Mapping is not null).Sum(l => l.Counts.NonZeroOutputs)));
        }
        // Totals follow DESIGN.md §5.
        var t = report.Totals;
        Assert.That(t.Ops, Is.EqualTo(2 * counted("macs")));
        Assert.That(t.EdapPjNsMm2, Is.EqualTo(t.EnergyPj * t.LatencyNs * t.AreaMm2).Within(1e-12).Percent);
        Assert.That(t.TopsPerW, Is.EqualTo(t.Ops / t.EnergyPj).Within(1e-12).Percent);
    }

    [Test]
    public void JsonFollowsTheContractAndIsByteStable()
    {
        var trace = ReplayFixtures.SmallResNet(ReadoutKind.Ternary, 3);
        var options = new ReplayOptions(LayerSchedule.Pipelined);
        string Once() => ReportJson.Write(ReportBuilder.Build("fixture", Components(false), trace,
            ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Ternary), options), options));
        string a = Once(), b = Once();
        Assert.That(a, Is.EqualTo(b));
        using var doc = JsonDocument.Parse(a);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("cimsim.report/1"));
        foreach (var key in new[] { "energy_pj", "latency_ns", "area_mm2", "edap_pj_ns_mm2", "ops", "tops_per_w", "tops_per_mm2", "area_normalized_latency_ns_mm2", "inferences_per_s" })
            Assert.That(root.GetProperty("totals").TryGetProperty(key, out _), Is.True, key);
        double sum = root.GetProperty("energy_pj").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.That(sum, Is.EqualTo(root.GetProperty("totals").GetProperty("energy_pj").GetDouble()).Within(1e-9).Percent);
        Assert.That(root.GetProperty("layers").GetArrayLength(), Is.EqualTo(trace.Layers.Count));
    }
}
