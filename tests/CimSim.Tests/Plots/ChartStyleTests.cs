using CimSim.Simulator.Plots;
using NUnit.Framework;
using OxyPlot;

namespace CimSim.Tests.Plots;

public class ChartStyleTests
{
    private static double Distance(OxyColor a, OxyColor b) =>
        Math.Sqrt(Math.Pow(a.R - b.R, 2) + Math.Pow(a.G - b.G, 2) + Math.Pow(a.B - b.B, 2));

    [Test]
    public void EveryColourSlotIsDistinctFromEveryOther()
    {
        var colours = Enumerable.Range(0, ChartStyle.Colours).Select(ChartStyle.Colour).ToList();
        Assert.That(colours, Has.Count.EqualTo(21));
        for (int i = 0; i < colours.Count; i++)
            for (int j = i + 1; j < colours.Count; j++)
                Assert.That(Distance(colours[i], colours[j]), Is.GreaterThan(40), $"slots {i} and {j}");
        Assert.That(ChartStyle.Colour(ChartStyle.Colours), Is.EqualTo(colours[0]), "cycles after the last");
        Assert.That(ChartStyle.Palette.Take(8).Select(c => c.ToString()),
            Is.EqualTo(new[] { "#ff0072b2", "#ffe69f00", "#ff009e73", "#ffd55e00", "#ff56b4e9", "#ffcc79a7", "#fff0e442", "#ff000000" }), "Okabe-Ito first");
    }

    [Test]
    public void EachComponentClassHasItsOwnColourAndLeakageIsBlack()
    {
        var slots = ChartStyle.ComponentClasses.Select(c => ChartStyle.ClassSlot(c)).ToList();
        Assert.That(slots, Is.Unique);
        Assert.That(slots.Select(ChartStyle.Colour), Is.Unique);
        Assert.That(ChartStyle.Colour(ChartStyle.ClassSlot("leakage")), Is.EqualTo(OxyColors.Black));
        foreach (var c in ChartStyle.ComponentClasses.Where(c => c != "leakage"))
            Assert.That(Distance(ChartStyle.Colour(ChartStyle.ClassSlot(c)), OxyColors.Black), Is.GreaterThan(100), c + " is far from leakage's black");
        // Classes the list does not know get colours of their own too, never a known class's or black.
        var unknown = Enumerable.Range(0, 8).Select(k => ChartStyle.Colour(ChartStyle.ClassSlot("new_block_" + k, k))).ToList();
        Assert.That(unknown.Concat(slots.Select(ChartStyle.Colour)), Is.Unique);
    }

    [Test]
    public void SeriesBeyondTheColoursAreDashedAndMarkersCycle()
    {
        Assert.That(ChartStyle.Dash(0), Is.EqualTo(LineStyle.Solid));
        Assert.That(ChartStyle.Dash(ChartStyle.Colours - 1), Is.EqualTo(LineStyle.Solid));
        Assert.That(ChartStyle.Dash(ChartStyle.Colours), Is.EqualTo(LineStyle.Dash));
        Assert.That(ChartStyle.Dash(2 * ChartStyle.Colours), Is.EqualTo(LineStyle.Dot));
        Assert.That(Enumerable.Range(0, 7).Select(ChartStyle.Marker), Is.Unique);
    }

    [Test]
    public void TheMeasurerGivesRenderedPixelWidthsAndRoomyLines()
    {
        var m = new ChartTextMeasurer();
        // Helvetica/Liberation Sans advance widths of "interconnect" at 12 px: 5447/1000 em = 65.4 px.
        var s = m.MeasureText("interconnect", ChartStyle.Font, 12, FontWeights.Normal);
        Assert.That(s.Width, Is.InRange(65.4, 65.4 * 1.06));
        Assert.That(s.Height, Is.EqualTo(14.4).Within(1e-9));
        Assert.That(m.MeasureText("a\nb", ChartStyle.Font, 10, FontWeights.Normal).Height, Is.EqualTo(24).Within(1e-9));
        Assert.That(m.MeasureText("", ChartStyle.Font, 10, FontWeights.Normal).Width, Is.Zero);
    }

    [Test]
    public void LabelsUsePowersOfTenOnlyForVeryLargeOrSmallValues()
    {
        var a = ChartStyle.LogAxis("EDAP (pJ·ns·mm²)", OxyPlot.Axes.AxisPosition.Left);
        ChartStyle.FitLabels(a, 1e12, 3e14);
        Assert.That(a.UseSuperExponentialFormat, Is.True);
        ChartStyle.FitLabels(a, 0.01, 9e4);
        Assert.That(a.UseSuperExponentialFormat, Is.False);
        ChartStyle.FitLabels(a, 1e-4, 1);
        Assert.That(a.UseSuperExponentialFormat, Is.True);
    }
}
