using CimSim.Components.Costs;
using CimSim.Components.Readout;
using CimSim.Components.Technology;
using CimSim.Simulator.Architecture;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Mapping;
using NUnit.Framework;

namespace CimSim.Tests.Components;

/// <summary>The named model registry: every preset default exists, a YAML <c>models:</c> entry swaps one model, bad names are refused.</summary>
public class ComponentModelsTests
{
    [Test]
    public void EveryPresetDefaultIsRegisteredForEveryKind()
    {
        foreach (var entry in ComponentCatalog.All)
            foreach (var preset in Enum.GetValues<CostPreset>())
                foreach (AdcType? type in new AdcType?[] { null, AdcType.Sar, AdcType.Flash })
                    Assert.That(ComponentModels.Find(entry.Name, ComponentModels.DefaultName(entry.Name, preset, type)), Is.Not.Null,
                        $"{entry.Name} / {preset} / {type}");
    }

    [Test]
    public void RegisteredModelsNameThemselvesByTheirKind()
    {
        var adc = ArchitectureLoader.LoadFile(RepoFiles.Architecture("adc7.yaml"));
        var hcim = ArchitectureLoader.LoadFile(RepoFiles.Architecture("hcim.yaml"));
        foreach (var m in ComponentModels.Table)
        {
            var spec = m.Kind is ComponentNames.Comparator or ComponentNames.Dcim ? hcim : adc;
            var c = m.Build(new ModelInputs(spec, spec.Technology, m.Kind, 3, 1e4));
            Assert.That((c.Name, c.ComponentClass, c.Instances), Is.EqualTo((m.Kind, ComponentCatalog.Get(m.Kind).ComponentClass, 3L)), $"{m.Kind}/{m.Name}");
            var entry = ComponentCatalog.Get(m.Kind);
            Assert.That(c.Actions.Keys, Is.SupersetOf(entry.Actions).And.SubsetOf(entry.AllActions), $"{m.Kind}/{m.Name}");
        }
    }

    [Test]
    public void ModelsSectionSwapsOneModelAndKeepsTheRest()
    {
        var path = RepoFiles.Architecture("adc7.yaml");
        var yaml = File.ReadAllText(path);
        var sar = ChipModel.Build(RepoFiles.Sized(ArchitectureLoader.LoadText(yaml, "adc7.yaml")));
        var puma = ChipModel.Build(RepoFiles.Sized(ArchitectureLoader.LoadText(yaml + "\nmodels:\n  adc: puma\n", "adc7.yaml")));
        Assert.That(puma.Adc!.Source, Does.StartWith("PUMA"));
        Assert.That(puma.Adc["convert"].EnergyPj, Is.EqualTo(PumaAdcModel.EnergyPj(7)));
        Assert.That(sar.Adc!.Source, Does.StartWith("NeuroSim SarADC"));
        Assert.That(puma.Crossbar, Is.EqualTo(sar.Crossbar).Using<ComponentCost>((a, b) => a.Source == b.Source && a.AreaUm2 == b.AreaUm2));
    }

    [Test]
    public void UnknownModelNameIsOneLineNamingTheField()
    {
        var yaml = File.ReadAllText(RepoFiles.Architecture("adc7.yaml")) + "\nmodels:\n  adc: nosuch\n";
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(yaml, "adc7.yaml"))!;
        Assert.That(e.Message, Does.Contain("models.adc").And.Contain("nosuch").And.Contain("neurosim-sar"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }
}
