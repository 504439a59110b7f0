using CimSim.Components.Costs;
using CimSim.Components.Memory;
using CimSim.Components.Readout;
using CimSim.Components.Technology;
using NUnit.Framework;

namespace CimSim.Tests.Components;

public class CostOverrideTests
{
    private static ComponentCost Adc() =>
        SarAdcModel.Cost(TechnologyNode.Get(22, DeviceRoadmap.Lstp), 5, 12_500, 0.55, 16);

    [Test]
    public void ReplacesOnlyWhatItNamesAndKeepsTheType()
    {
        var adc = Adc();
        var o = new CostOverride(new Dictionary<string, double> { ["convert"] = 1.2 }, new Dictionary<string, double>(),
            AreaUm2: 99, LeakageUw: null, Source: "measured chip X");
        var r = o.Apply(adc);
        Assert.That(r, Is.TypeOf<ComponentCost>());
        var buffer = BufferModel.Sram(TechnologyNode.Get(22, DeviceRoadmap.Lstp), "pe_buffer", 2048, 128, 1.0, 16);
        var b = new CostOverride(new Dictionary<string, double> { ["read"] = 2 }, new Dictionary<string, double>(), null, null, "x").Apply(buffer);
        Assert.That((b.GetType(), b.WidthBits, b.SizeBytes, b["read"].EnergyPj), Is.EqualTo((typeof(BufferCost), 128, 2048L, 2.0)));
        Assert.That(r["convert"], Is.EqualTo(new ActionCost(1.2, adc["convert"].LatencyNs)));
        Assert.That((r.AreaUm2, r.LeakageUw, r.Instances), Is.EqualTo((99.0, adc.LeakageUw, 16L)));
        Assert.That(r.Source, Does.StartWith("override: measured chip X").And.Contain("SarADC"));
    }

    [Test]
    public void RejectsAnActionTheComponentLacks()
    {
        var o = new CostOverride(new Dictionary<string, double>(), new Dictionary<string, double> { ["decide"] = 1 }, null, null, "x");
        Assert.That(() => o.Apply(Adc()), Throws.ArgumentException.With.Message.Contains("no action 'decide'"));
    }

    [Test]
    public void CatalogListsEveryComponentOnce()
    {
        var names = ComponentCatalog.All.Select(e => e.Name).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(ComponentCatalog.Find("dcim")!.Actions, Is.EqualTo(new[] { "accumulate" }));
        Assert.That(ComponentCatalog.Find("nope"), Is.Null);
    }
}
