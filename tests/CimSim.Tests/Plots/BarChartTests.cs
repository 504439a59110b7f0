using CimSim.Simulator.Plots;
using NUnit.Framework;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyBars = OxyPlot.Series.BarSeries;

namespace CimSim.Tests.Plots;

public class BarChartTests
{
    private static readonly string[] Chips = ["hcim", "adc7", "adc4"];

    private static PlotModel Energy() => BarChart.Stacked("Energy", Chips,
        [new CategorySeries("crossbar", [1, 2, 3], 0), new CategorySeries("adc", [0, 5, 2.5], 2), new CategorySeries("leakage", [4, 4, 4], ChartStyle.BlackSlot)],
        "Energy (µJ)", "Chip", "sub", ["5 µJ", "11 µJ", "9.5 µJ\n42 % leakage"]);

    [Test]
    public void StackedBarsHoldTheValuesInOrderWithTheirSlotsColours()
    {
        var m = Energy();
        var bars = m.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Select(b => b.Title), Is.EqualTo(new[] { "crossbar", "adc", "leakage" }));
        Assert.That(bars.All(b => b.IsStacked));
        Assert.That(bars[1].Items.Select(i => i.Value), Is.EqualTo(new[] { 0, 5, 2.5 }));
        Assert.That(bars.Select(b => b.FillColor), Is.EqualTo(new[] { ChartStyle.Colour(0), ChartStyle.Colour(2), OxyColors.Black }));
        Assert.That(m.Title, Is.EqualTo("Energy"));
        Assert.That(m.Subtitle, Is.EqualTo("sub"));
        var cat = m.Axes.OfType<CategoryAxis>().Single();
        Assert.That(cat.Labels, Is.EqualTo(Chips));
        Assert.That(cat.Title, Is.EqualTo("Chip"));
        Assert.That(cat.Position, Is.EqualTo(AxisPosition.Bottom), "vertical bars");
        var value = m.Axes.Single(a => a.Key == BarChart.ValueKey);
        Assert.That(value.Title, Is.EqualTo("Energy (µJ)"));
        Assert.That(value.Minimum, Is.Zero);
        var legend = m.Legends.OfType<Legend>().Single();
        Assert.That(legend.LegendItemOrder, Is.EqualTo(LegendItemOrder.Reverse), "legend rows read top of the stack first");
        Assert.That(legend.LegendPlacement, Is.EqualTo(LegendPlacement.Outside));
    }

    [Test]
    public void BarLabelsSitAboveEachBarOneAnnotationPerLine()
    {
        var texts = Energy().Annotations.OfType<TextAnnotation>().ToList();
        Assert.That(texts.Select(t => t.Text), Is.EqualTo(new[] { "5 µJ", "11 µJ", "9.5 µJ", "42 % leakage" }));
        Assert.That(texts.Select(t => t.TextPosition), Is.EqualTo(new[] { new DataPoint(0, 5), new DataPoint(1, 11), new DataPoint(2, 9.5), new DataPoint(2, 9.5) }));
        Assert.That(texts[2].Offset.Y, Is.LessThan(texts[3].Offset.Y), "the first line is the higher one");
    }

    [Test]
    public void GroupedBarsOnALogAxisGrowFromADecadeBelowTheSmallest()
    {
        var m = BarChart.Grouped("Latency", ["conv1", "fc"], [new CategorySeries("a", [120, 0.013]), new CategorySeries("b", [8, 0.2])],
            "Latency (µs)", "Layer", logValues: true);
        var bars = m.Series.OfType<OxyBars>().ToList();
        Assert.That(bars.Any(b => b.IsStacked), Is.False);
        Assert.That(bars.Select(b => b.BaseValue), Is.All.EqualTo(0.01));
        var axis = m.Axes.OfType<LogarithmicAxis>().Single();
        Assert.That(axis.Minimum, Is.EqualTo(0.01));
        Assert.That(bars.Select(b => b.FillColor), Is.EqualTo(new[] { ChartStyle.Colour(0), ChartStyle.Colour(1) }));
        Assert.That(m.Legends.OfType<Legend>().Single().LegendPosition, Is.EqualTo(LegendPosition.BottomCenter));
    }

    [Test]
    public void ManyOrLongCategoryNamesAreRotated()
    {
        PlotModel Chart(int n, string prefix) => BarChart.Grouped("t", Enumerable.Range(0, n).Select(i => prefix + i).ToList(),
            [new CategorySeries("s", Enumerable.Repeat(1.0, n).ToArray())], "v (s)", "c");
        Assert.That(Chart(3, "chip").Axes.OfType<CategoryAxis>().Single().Angle, Is.Zero);
        Assert.That(Chart(22, "layer1.0.conv").Axes.OfType<CategoryAxis>().Single().Angle, Is.EqualTo(-45));
    }

    [Test]
    public void BadDataIsRefusedWithTheSeriesAndCategoryNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => BarChart.Stacked("t", ["a", "b"], [new CategorySeries("s", [1, double.NaN])], "v", "c"));
        Assert.That(e!.Message, Does.Contain("\"s\"").And.Contain("\"b\""));
        Assert.Throws<ArgumentException>(() => BarChart.Stacked("t", ["a", "b"], [new CategorySeries("s", [1])], "v", "c"));
        Assert.Throws<ArgumentException>(() => BarChart.Stacked("t", ["a"], [new CategorySeries("s", [-1])], "v", "c"));
        Assert.Throws<ArgumentException>(() => BarChart.Grouped("t", ["a"], [new CategorySeries("s", [0])], "v", "c", logValues: true));
        Assert.Throws<ArgumentException>(() => BarChart.Stacked("t", ["a"], [new CategorySeries("s", [1])], "v", "c", barLabels: ["x", "y"]));
    }
}
