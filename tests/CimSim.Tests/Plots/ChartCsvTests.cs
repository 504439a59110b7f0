using System.Globalization;
using CimSim.Simulator.Plots;
using NUnit.Framework;

namespace CimSim.Tests.Plots;

public class ChartCsvTests
{
    [Test]
    public void BarsHaveAHeaderThenOneRowPerCategory()
    {
        string csv = ChartCsv.ForBars(["hcim", "adc7"], [new CategorySeries("crossbar", [1.5, 2]), new CategorySeries("adc", [0, 30.25])],
            "chip", includeTotal: true);
        Assert.That(csv, Is.EqualTo("chip,crossbar,adc,total\nhcim,1.5,0,1.5\nadc7,2,30.25,32.25\n"));
        Assert.That(ChartCsv.ForBars(["a"], [new CategorySeries("s", [1])]), Is.EqualTo("category,s\na,1\n"));
    }

    [Test]
    public void CellsAreQuotedWhenNeededAndNumbersRoundTrip()
    {
        double third = 1.0 / 3;
        string csv = ChartCsv.ForBars(["a,b", "say \"hi\""], [new CategorySeries("x\ny", [third, 1e-20])]);
        var lines = csv.Split('\n');
        Assert.That(lines[0], Is.EqualTo("category,\"x"));
        Assert.That(csv, Does.Contain("\"a,b\","));
        Assert.That(csv, Does.Contain("\"say \"\"hi\"\"\","));
        string cell = csv.Split("\"a,b\",")[1].Split('\n')[0];
        Assert.That(double.Parse(cell, CultureInfo.InvariantCulture), Is.EqualTo(third));
        Assert.That(csv, Does.Contain("1E-20"));
    }

    [Test]
    public void PointsListEveryPointWithFrontMembership()
    {
        var series = new[]
        {
            new PointSeries("SAR", [new(1, 9, "s1"), new(3, 6)]),
            new PointSeries("flash", [new(2, 4, "f,1")]),
        };
        string csv = ChartCsv.ForPoints(series, "latency_ns", "energy_pj", paretoColumn: true);
        Assert.That(csv, Is.EqualTo(
            "series,label,latency_ns,energy_pj,pareto_front\nSAR,s1,1,9,true\nSAR,,3,6,false\nflash,\"f,1\",2,4,true\n"));
        Assert.That(ChartCsv.ForPoints(series), Does.StartWith("series,label,x,y\n"));
    }

    [Test]
    public void BadDataIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ChartCsv.ForBars(["a"], [new CategorySeries("s", [double.NaN])]));
        Assert.Throws<ArgumentException>(() => ChartCsv.ForPoints([new PointSeries("s", [new(-1, 1)])]));
    }
}
