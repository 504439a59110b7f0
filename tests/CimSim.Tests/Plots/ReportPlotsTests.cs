using System.Text;
using CimSim.Simulator.Plots;
using CimSim.Simulator.Reports;
using NUnit.Framework;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyBars = OxyPlot.Series.BarSeries;

namespace CimSim.Tests.Plots;

public class ReportPlotsTests
{
    /// <summary>A report with energy (pJ) per class, area (mm²) per class and per-layer latency (ns).</summary>
    private static SimulationReport Report(string arch, (string, double)[] energy, (string, double)[] area, double[] layerNs, string network = "resnet20")
    {
        double e = energy.Sum(x => x.Item2), a = area.Sum(x => x.Item2), l = layerNs.Sum();
        return new(arch, network, "cifar10", "layer-by-layer", false, ReportMetrics.Totals(e, l, a, 1000),
            [.. energy.Select(x => KeyValuePair.Create(x.Item1, x.Item2))], [.. area.Select(x => KeyValuePair.Create(x.Item1, x.Item2))],
            [KeyValuePair.Create("macs", 1000L)],
            [.. layerNs.Select((ns, i) => new LayerReport("layer" + i, "Conv", 0, ns, ns, 1, 100, 10, 20, 5, 2, double.PositiveInfinity))],
            [], 1);
    }

    private static readonly SimulationReport[] Reports =
    [
        Report("hcim", [("crossbar", 1e5), ("interconnect", 9e5), ("leakage", 1e6)], [("crossbar", 5), ("buffer", 20)], [8000, 130]),
        Report("adc7", [("crossbar", 1e5), ("adc", 1e6), ("interconnect", 9e5), ("leakage", 18e6)], [("crossbar", 5), ("adc", 2), ("buffer", 20)], [200000, 200]),
    ];

    private static Chart ChartNamed(string name) => ReportPlots.Charts(Reports).Single(c => c.BaseName == name);

    [Test]
    public void TheEnergyChartShowsLeakageInBlackApartFromDynamicEnergy()
    {
        var c = ChartNamed("energy_breakdown");
        var bars = c.Model.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Select(b => b.Title), Is.EqualTo(new[] { "crossbar", "adc", "interconnect", "leakage" }), "class order, leakage last (on top)");
        Assert.That(bars.Select(b => b.FillColor), Is.Unique);
        Assert.That(bars.Single(b => b.Title == "leakage").FillColor, Is.EqualTo(OxyColors.Black));
        Assert.That(bars.Single(b => b.Title == "leakage").Items.Select(i => i.Value), Is.EqualTo(new[] { 1.0, 18.0 }), "in µJ");
        Assert.That(bars.Single(b => b.Title == "adc").Items.Select(i => i.Value), Is.EqualTo(new[] { 0.0, 1.0 }), "a class a chip lacks is 0");
        Assert.That(c.Model.Axes.Single(a => a.Key == BarChart.ValueKey).Title, Is.EqualTo("Energy per inference (µJ)"));
        Assert.That(c.Model.Title, Does.Contain("resnet20"));
        Assert.That(c.Model.Subtitle, Does.Contain("leakage"));
        var labels = c.Model.Annotations.OfType<TextAnnotation>().Select(a => a.Text).ToList();
        Assert.That(labels, Is.EqualTo(new[] { "2 µJ", "50 % leakage", "20 µJ", "90 % leakage" }));
        Assert.That(c.Csv, Is.EqualTo("chip [energy pj],crossbar,adc,interconnect,leakage,total\nhcim,100000,0,900000,1000000,2000000\nadc7,100000,1000000,900000,18000000,20000000\n"));
    }

    [Test]
    public void TheDynamicEnergyChartLeavesLeakageOutAndKeepsClassColours()
    {
        var energy = ChartNamed("energy_breakdown").Model.Series.OfType<OxyBars>().ToDictionary(b => b.Title, b => b.FillColor);
        var c = ChartNamed("dynamic_energy_breakdown");
        var bars = c.Model.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Select(b => b.Title), Is.EqualTo(new[] { "crossbar", "adc", "interconnect" }));
        foreach (var b in bars) Assert.That(b.FillColor, Is.EqualTo(energy[b.Title!]), b.Title);
        Assert.That(c.Model.Axes.Single(a => a.Key == BarChart.ValueKey).Title, Is.EqualTo("Dynamic energy per inference (µJ)"));
        Assert.That(c.Csv.Split('\n')[2], Is.EqualTo("adc7,100000,1000000,900000,2000000"));
    }

    [Test]
    public void TheAreaChartStacksClassesInMm2WithTotals()
    {
        var c = ChartNamed("area_breakdown");
        var bars = c.Model.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Select(b => b.Title), Is.EqualTo(new[] { "crossbar", "adc", "buffer" }));
        Assert.That(bars[0].FillColor, Is.EqualTo(ChartStyle.Colour(ChartStyle.ClassSlot("crossbar"))));
        Assert.That(c.Model.Axes.Single(a => a.Key == BarChart.ValueKey).Title, Is.EqualTo("Area (mm²)"));
        Assert.That(c.Model.Annotations.OfType<TextAnnotation>().Select(a => a.Text), Is.EqualTo(new[] { "25 mm²", "27 mm²" }));
        Assert.That(c.Csv, Does.StartWith("chip [area mm²],crossbar,adc,buffer,total\nhcim,5,0,20,25\n"));
    }

    [Test]
    public void PerLayerLatencyIsGroupedBarsOnALogAxis()
    {
        var c = ChartNamed("layer_latency");
        var bars = c.Model.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Select(b => b.Title), Is.EqualTo(new[] { "hcim", "adc7" }));
        Assert.That(bars.Any(b => b.IsStacked), Is.False);
        Assert.That(bars[1].Items.Select(i => i.Value), Is.EqualTo(new[] { 200.0, 0.2 }), "µs");
        Assert.That(c.Model.Axes.OfType<CategoryAxis>().Single().Labels, Is.EqualTo(new[] { "layer0", "layer1" }));
        Assert.That(c.Model.Axes.OfType<LogarithmicAxis>().Single().Title, Is.EqualTo("Latency (µs), log scale"));
        Assert.That(c.Csv, Is.EqualTo("layer [latency ns],hcim,adc7\nlayer0,8000,200000\nlayer1,130,200\n"));
    }

    [Test]
    public void RepeatedChipNamesAreMadeUniqueAndDifferentNetworksAreRefused()
    {
        var same = ReportPlots.Charts([Reports[0], Reports[0]]);
        Assert.That(same[0].Model.Axes.OfType<CategoryAxis>().Single().Labels, Is.EqualTo(new[] { "hcim", "hcim (2)" }));
        var other = Report("x", [("crossbar", 1)], [("crossbar", 1)], [1, 2, 3], "vgg16");
        var e = Assert.Throws<InputException>(() => ReportPlots.Charts([Reports[0], other]));
        Assert.That(e!.Message, Does.Contain("same network"));
    }

    [Test]
    public void AllGivesEveryFileNameInOrderWithTheCsvAsText()
    {
        var files = ReportPlots.All(Reports);
        Assert.That(files.Select(f => f.FileName), Is.EqualTo(ReportPlots.FileNames));
        Assert.That(ReportPlots.FileNames, Has.Count.EqualTo(12));
        Assert.That(Encoding.UTF8.GetString(files.Single(f => f.FileName == "layer_latency.csv").Content), Is.EqualTo(ChartNamed("layer_latency").Csv));
    }
}
