using CimSim.Kernel;
using NUnit.Framework;

namespace CimSim.Tests.Kernel;

public class ClockDomainTests
{
    [Test]
    public void ConvertsCyclesExactly()
    {
        var clk = ClockDomain.FromFrequencyGhz("core", 1.0);
        Assert.That(clk.PeriodPs, Is.EqualTo(1000));
        Assert.That(clk.CyclesToPs(3_000_000_007L), Is.EqualTo(3_000_000_007_000L));
        Assert.That(clk.CyclesAt(2999), Is.EqualTo(2));
        Assert.That(clk.CyclesCovering(2001), Is.EqualTo(3));
        Assert.That(clk.CyclesCovering(2000), Is.EqualTo(2));
        Assert.That(clk.NextEdgePs(2001), Is.EqualTo(3000));
        Assert.That(clk.NextEdgePs(3000), Is.EqualTo(3000));
    }

    [Test]
    public void RejectsPeriodsThatAreNotWholePicoseconds()
    {
        Assert.That(ClockDomain.FromFrequencyGhz("a", 1.25).PeriodPs, Is.EqualTo(800));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClockDomain.FromFrequencyGhz("b", 3.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockDomain("c", 0));
    }
}
