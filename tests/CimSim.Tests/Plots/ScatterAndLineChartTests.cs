using CimSim.Simulator.Plots;
using NUnit.Framework;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace CimSim.Tests.Plots;

public class ScatterAndLineChartTests
{
    private static readonly PointSeries[] Designs =
    [
        new("baseline", [new(10, 10)], ChartStyle.BlackSlot),
        new("dp", [new(3, 4), new(1, 5), new(5, 5)], 0),
        new("evolution", [new(4, 1), new(2, 3), new(6, 0.5)], 1),
    ];

    [Test]
    public void TheFrontIsAStaircaseThroughTheNonDominatedPoints()
    {
        var m = ScatterChart.Create("Energy against latency, with the Pareto front", Designs, "Latency (µs)", "Energy (µJ)", paretoFront: true);
        var scatters = m.Series.OfType<ScatterSeries>().ToList();
        Assert.That(scatters.Take(3).Select(s => s.Title), Is.EqualTo(new[] { "baseline", "dp", "evolution" }));
        Assert.That(scatters[2].Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (4.0, 1.0), (2.0, 3.0), (6.0, 0.5) }));
        Assert.That(scatters.Take(3).Select(s => s.MarkerStroke), Is.EqualTo(new[] { OxyColors.Black, ChartStyle.Colour(0), ChartStyle.Colour(1) }));
        // Front of all points: (1,5) (2,3) (4,1) (6,0.5); each step goes across, then down.
        var line = m.Series.OfType<LineSeries>().Single();
        Assert.That(line.Title, Is.EqualTo(ScatterChart.FrontName));
        Assert.That(line.Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (1.0, 5.0), (2.0, 5.0), (2.0, 3.0), (4.0, 3.0), (4.0, 1.0), (6.0, 1.0), (6.0, 0.5) }));
        var rings = scatters[3];
        Assert.That(rings.Title, Is.Null, "the rings have no legend entry of their own");
        Assert.That(rings.Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (1.0, 5.0), (2.0, 3.0), (4.0, 1.0), (6.0, 0.5) }));
        Assert.That(m.Axes.Select(a => a.Title), Is.EqualTo(new[] { "Latency (µs)", "Energy (µJ)" }));
    }

    [Test]
    public void TheFrontCanLeaveSeriesOut()
    {
        var designs = new PointSeries[] { new("infeasible", [new(0.5, 0.5)]), new("feasible", [new(1, 2), new(2, 1), new(3, 3)]) };
        var m = ScatterChart.Create("t", designs, "x (s)", "y (J)", paretoFront: true, frontSeries: [1]);
        Assert.That(m.Series.OfType<ScatterSeries>().Last().Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (1.0, 2.0), (2.0, 1.0) }));
        Assert.That(ScatterChart.Create("t", designs, "x", "y").Series.OfType<LineSeries>(), Is.Empty, "no front unless asked");
    }

    [Test]
    public void LogAxesNeedPositiveValues()
    {
        var m = ScatterChart.Create("t", Designs, "x (s)", "y (J)", logX: true, logY: true);
        Assert.That(m.Axes.OfType<LogarithmicAxis>().Count(), Is.EqualTo(2));
        var e = Assert.Throws<ArgumentException>(() => ScatterChart.Create("t", [new PointSeries("s", [new(0, 1)])], "x", "y", logX: true));
        Assert.That(e!.Message, Does.Contain("\"s\", point 0 x"));
        Assert.Throws<ArgumentException>(() => ScatterChart.Create("t", [new PointSeries("s", [])], "x", "y"));
    }

    [Test]
    public void LinesJoinPointsInOrderWithDashesBeyondTheColours()
    {
        var series = Enumerable.Range(0, ChartStyle.Colours + 1)
            .Select(i => new PointSeries("s" + i, [new(4, i + 1), new(2, i + 2), new(8, i)])).ToList();
        var m = LineChart.Create("Latency against ADC bits", series, "ADC bits", "Latency (µs)");
        var lines = m.Series.OfType<LineSeries>().ToList();
        Assert.That(lines, Has.Count.EqualTo(series.Count));
        Assert.That(lines[0].Points.Select(p => p.X), Is.EqualTo(new[] { 4.0, 2.0, 8.0 }), "list order, not sorted");
        Assert.That(lines[0].LineStyle, Is.EqualTo(LineStyle.Solid));
        Assert.That(lines[^1].LineStyle, Is.EqualTo(LineStyle.Dash));
        Assert.That(lines[^1].Color, Is.EqualTo(lines[0].Color));
        Assert.That(m.Axes[1].Minimum, Is.Zero, "from zero by default");
    }
}
