using CimSim.Simulator.Plots;
using NUnit.Framework;

namespace CimSim.Tests.Plots;

public class UnitScaleTests
{
    [TestCase(0.0, "pJ")]
    [TestCase(0.5, "fJ")]
    [TestCase(1.0, "pJ")]
    [TestCase(999.0, "pJ")]
    [TestCase(1000.0, "nJ")]
    [TestCase(999_999.0, "nJ")]
    [TestCase(1e6, "µJ")]
    [TestCase(2.5e6, "µJ")]
    [TestCase(1e9, "mJ")]
    [TestCase(5e14, "J")]
    public void EnergyFromPicojoules(double maxPj, string unit) =>
        Assert.That(UnitScale.ForEnergyPj(maxPj).Unit, Is.EqualTo(unit));

    [TestCase(0.2, "ps")]
    [TestCase(999.0, "ns")]
    [TestCase(1000.0, "µs")]
    [TestCase(1500.0, "µs")]
    [TestCase(1e6, "ms")]
    [TestCase(3e9, "s")]
    public void TimeFromNanoseconds(double maxNs, string unit) =>
        Assert.That(UnitScale.ForTimeNs(maxNs).Unit, Is.EqualTo(unit));

    [TestCase(5e5, "pJ·ns·mm²")]      // far below 1 pJ·s·mm²
    [TestCase(2.37e13, "nJ·s·mm²")]    // the ADC sweep's best point: 23.7 nJ·s·mm²
    [TestCase(3.81e16, "µJ·s·mm²")]    // XPert's baseline: 38.1 µJ·s·mm²
    public void EdapFromPicojouleNanosecondSquareMillimetres(double max, string unit) =>
        Assert.That(UnitScale.ForEdapPjNsMm2(max).Unit, Is.EqualTo(unit));

    [TestCase(12.0, "mm²")]
    [TestCase(0.5, "mm²")]
    [TestCase(0.04, "mm²")]
    [TestCase(0.02, "µm²")]
    [TestCase(0.001, "µm²")]
    [TestCase(1e-7, "µm²")]
    public void AreaFromSquareMillimetres(double maxMm2, string unit) =>
        Assert.That(UnitScale.ForAreaMm2(maxMm2).Unit, Is.EqualTo(unit));

    [Test]
    public void ConvertsValuesSeriesAndLabels()
    {
        var u = UnitScale.ForEnergyPj(2.5e6);
        Assert.That(u.Convert(2.5e6), Is.EqualTo(2.5));
        Assert.That(UnitScale.ForAreaMm2(0.001).Convert(0.001), Is.EqualTo(1000).Within(1e-9));
        Assert.That(u.Convert(new CategorySeries("adc", [1e6, 3e5])).Values, Is.EqualTo(new[] { 1.0, 0.3 }));
        Assert.That(u.AxisLabel("Energy"), Is.EqualTo("Energy (µJ)"));
    }

    [Test]
    public void ChooseIsGenericAndOrderFree()
    {
        UnitScale[] bytes = [new("GB", 1e9), new("kB", 1e3), new("MB", 1e6)];
        Assert.That(UnitScale.Choose(4.2e7, "B", bytes).Unit, Is.EqualTo("MB"));
        Assert.That(UnitScale.Choose(4.2e7, "B", bytes.Reverse().ToArray()).Unit, Is.EqualTo("MB"));
        Assert.That(UnitScale.Choose(12, "B", bytes).Unit, Is.EqualTo("B"));
        Assert.That(UnitScale.Choose(12, "B", []).Factor, Is.EqualTo(1));
    }

    [Test]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => UnitScale.ForEnergyPj(-1));
        Assert.Throws<ArgumentException>(() => UnitScale.ForEnergyPj(double.NaN));
        Assert.Throws<ArgumentException>(() => UnitScale.ForTimeNs(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => UnitScale.Choose(5, "B", [new("kB", 0)]));
    }
}
