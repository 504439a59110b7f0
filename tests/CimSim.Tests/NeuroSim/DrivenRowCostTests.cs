using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// NeuroSim's sense amplifier costs each conversion at its read's column resistance, R = R_cell / rows driven
/// (docs/MODELS.md §7.4): the trace's readouts by driven rows, priced by the component's table.
/// </summary>
public class DrivenRowCostTests
{
    private static ChipModel Chip() => ChipModel.Build(RepoFiles.SizedChip("neurosim-vgg8-22nm.yaml", "vgg8"));

    [Test]
    public void TheSenseAmpsTableRisesWithDrivenRowsAndHoldsTheFixedResistancesPrice()
    {
        var adc = Chip().Adc!;
        var table = adc.EnergyPjByDrivenRows![ActionNames.Convert];
        Assert.That(table, Has.Length.EqualTo(128 + 1));
        for (int k = 2; k < table.Length; k++) Assert.That(table[k], Is.GreaterThan(table[k - 1]), $"more rows driven, lower R, more column current ({k})");
        // The action's own price (used without a histogram) is the table's at the rows the chip's column_resistance_ohm stands for.
        Assert.That(table.Select((e, k) => Math.Abs(e - adc[ActionNames.Convert].EnergyPj)).Min(), Is.LessThan(1e-9));
        // A histogram costs Σ n_k·E_k; none costs count × E.
        long[] h = new long[table.Length];
        h[3] = 10; h[100] = 5;
        Assert.That(adc.EnergyPj(ActionNames.Convert, 15, h), Is.EqualTo(10 * table[3] + 5 * table[100]).Within(1e-9));
        Assert.That(adc.EnergyPj(ActionNames.Convert, 15, null), Is.EqualTo(15 * adc[ActionNames.Convert].EnergyPj));
        Assert.That(() => adc.EnergyPj(ActionNames.Convert, 1, new long[table.Length + 1]), Throws.InvalidOperationException);
        // An override of the conversion energy replaces the table too.
        var o = new CostOverride(new Dictionary<string, double> { [ActionNames.Convert] = 1.0 }, new Dictionary<string, double>(), null, null, "test");
        Assert.That(o.Apply(adc).EnergyPj(ActionNames.Convert, 15, h), Is.EqualTo(15.0));
    }

    [Test]
    public void AReportPricesEachLayersConversionsByItsHistogram()
    {
        var chip = Chip();
        var net = NetworkZoo.Create("vgg8");
        var trace = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = 3 });
        var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
        var table = chip.Adc!.EnergyPjByDrivenRows![ActionNames.Convert];
        double expected = 0;
        long conversions = 0;
        foreach (var l in trace.Layers.Where(l => l.Mapping is not null))
        {
            var h = l.ReadoutsByDrivenRows!;
            Assert.That(h.Sum(), Is.EqualTo(l.Counts.ColumnReads), l.Name);
            if (l.Mapping!.ColumnBlocks == 1)
                Assert.That(h.Select((n, k) => n * k).Sum(), Is.EqualTo(l.Counts.RowActivations * l.Mapping.ColumnsInBlock[0]),
                    $"{l.Name}: every column of a one-block layer's read sees the rows the read drove");
            for (int k = 0; k < h.Length; k++) expected += h[k] * table[k];
            conversions += l.Counts.ColumnReads;
        }
        // conv2..conv6 sit on NeuroSim's novel-mapping tiles (adc@conv2 ...), the same sense amplifiers.
        var tallies = report.Tallies.Where(a => a.Component.Split('@')[0] == ComponentNames.Adc && a.Action == ActionNames.Convert).ToList();
        Assert.That(tallies, Has.Count.EqualTo(6));
        Assert.That(tallies.Sum(t => t.Count), Is.EqualTo(conversions));
        double energy = tallies.Sum(t => t.EnergyPj);
        Assert.That(energy, Is.EqualTo(expected).Within(1e-9 * expected));
        Assert.That(energy, Is.Not.EqualTo(conversions * chip.Adc[ActionNames.Convert].EnergyPj).Within(1e-6 * expected),
            "random data drives other row counts than the fixed resistance stands for");
    }
}
