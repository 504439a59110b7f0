using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Mapping;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

public class ShippedChipTests
{
    /// <summary>A shipped chip; one whose tiles are auto is sized for ResNet-20 (20 tiles on the HCiM chips).</summary>
    private static ChipModel Load(string name) => ChipModel.Build(RepoFiles.SizedChip(name));

    [TestCaseSource(typeof(RepoFiles), nameof(RepoFiles.ShippedChips))]
    public void LoadsBuildsAndTotalsAreSumsOverInstances(string file)
    {
        var chip = Load(file);
        Assert.That(chip.Spec.Name, Is.EqualTo(Path.GetFileNameWithoutExtension(file)));
        Assert.That(chip.TotalAreaMm2, Is.EqualTo(chip.Components.Sum(c => c.Instances * c.AreaUm2) * 1e-6).Within(1e-9));
        Assert.That(chip.TotalLeakageUw, Is.EqualTo(chip.Components.Sum(c => c.Instances * c.LeakageUw)).Within(1e-6));
        Assert.That(chip.AreaMm2ByClass.Sum(kv => kv.Value), Is.EqualTo(chip.TotalAreaMm2).Within(1e-9));
        foreach (var c in chip.Components)
        {
            var entry = ComponentCatalog.Find(c.Name);
            Assert.That(entry, Is.Not.Null, c.Name);
            Assert.That(c.ComponentClass, Is.EqualTo(entry!.ComponentClass));
            Assert.That(c.Actions.Keys, Is.SupersetOf(entry.Actions).And.SubsetOf(entry.AllActions), c.Name);
            Assert.That(c.Instances, Is.Positive, c.Name);
            Assert.That(c.AreaUm2, Is.GreaterThan(0), c.Name);
            Assert.That(c.Actions.Values.All(a => a.EnergyPj >= 0 && a.LatencyNs >= 0), c.Name);
        }
    }

    [Test]
    public void HcimHasComparatorsAndDcimAndNoAdc()
    {
        var chip = Load("hcim.yaml");
        Assert.That((chip.Adc, chip.ShiftAdd), Is.EqualTo(((ComponentCost?)null, (ComponentCost?)null)));
        // tiles: auto, sized for ResNet-20: its 20 crossbar layers on a tile each.
        Assert.That(chip.Spec.AutoTiles, Is.True);
        Assert.That(chip.Crossbar.Instances, Is.EqualTo(20 * 8 * 2));
        Assert.That(chip.Dac.Instances, Is.EqualTo(320L * 128));
        Assert.That(chip.Comparator!.Instances, Is.EqualTo(320L * 128));
        Assert.That(chip.Dcim!.Instances, Is.EqualTo(320));
        Assert.That(chip.Dcim.ColumnsPerCycle, Is.EqualTo(32));
        Assert.That(chip.Spec.ClockPeriodPs, Is.EqualTo(1000));
        Assert.That(chip.ToString(), Is.Not.Empty);
        var target = chip.Spec.ToMappingTarget();
        Assert.That(target, Is.EqualTo(new MappingTarget(128, 128, 1, SignedWeightScheme.Differential, 2, 8, 20, 3, 3, 1, ReadoutKind.Ternary, 0, 8)));
    }

    [Test]
    public void AdcBaselinesDifferFromHcimOnlyInTheReadout()
    {
        var hcim = Load("hcim.yaml");
        var adc7 = Load("adc7.yaml");
        var adc4 = Load("adc4.yaml");
        Assert.That(adc7.Comparator, Is.Null);
        Assert.That(adc7.Dcim, Is.Null);
        Assert.That(adc7.Adc!.Instances, Is.EqualTo(320L * 128 / 8));
        Assert.That(adc7.Spec.ColumnSharing, Is.EqualTo(8));
        Assert.That(adc7.ShiftAdd!.Instances, Is.EqualTo(adc7.Adc.Instances));
        Assert.That(adc7.Spec.ToMappingTarget().AdcBits, Is.EqualTo(7));
        Assert.That(adc7.Spec.ToMappingTarget().ScaleFactorBits, Is.EqualTo(0));
        foreach (var (a, h) in new[] { (adc7.Crossbar, hcim.Crossbar), (adc7.Dac, hcim.Dac), (adc7.GlobalBuffer, hcim.GlobalBuffer), (adc7.Accumulator, hcim.Accumulator) })
        {
            Assert.That(a with { Actions = h.Actions }, Is.EqualTo(h), a.Name);
            Assert.That(a.Actions, Is.EquivalentTo(h.Actions), a.Name);
        }
        Assert.That(adc7.Adc["convert"].EnergyPj, Is.GreaterThan(adc4.Adc!["convert"].EnergyPj));
        Assert.That(adc7.Adc["convert"].LatencyNs, Is.EqualTo(8));
        Assert.That(adc7.Adc.AreaUm2, Is.GreaterThan(adc4.Adc.AreaUm2));
    }

    [Test]
    public void NeuroSimAndXpertChipsUseTheirAdcs()
    {
        var ns = Load("neurosim-sram-22nm.yaml");
        Assert.That(ns.Spec.AdcType, Is.EqualTo(AdcType.Flash));
        Assert.That(ns.Adc!.AreaUm2, Is.EqualTo(29).Within(0.6), "5-bit MLSA at 22 nm, REFERENCE §2");
        Assert.That(ns.Spec.ClockPeriodPs, Is.EqualTo(1700));
        var xp = Load("xpert-vgg16-baseline.yaml");
        Assert.That(xp.Spec.CrossbarsPerTile, Is.EqualTo(64));
        Assert.That(xp.Adc!.AreaUm2, Is.EqualTo(263).Within(0.6), "5-bit SAR at 32 nm, REFERENCE §2");
        Assert.That(xp.Spec.TotalCrossbars * 128 * 128 / 8, Is.GreaterThan(14_700_000), "VGG16's 14.7 M 8-bit weights fit");
    }

    [Test]
    public void YamlOverridesReplaceNumbersAndRecordTheSource()
    {
        var text = File.ReadAllText(RepoFiles.Architecture("adc7.yaml")) +
            "overrides:\n  adc:\n    energy_pj: { convert: 1.25 }\n    area_um2: 1200\n    source: \"ISAAC 8-bit ADC\"\n";
        var chip = ChipModel.Build(RepoFiles.Sized(ArchitectureLoader.LoadText(text, "adc7-override.yaml")));
        Assert.That(chip.Adc!["convert"].EnergyPj, Is.EqualTo(1.25));
        Assert.That(chip.Adc["convert"].LatencyNs, Is.EqualTo(8), "latency not overridden");
        Assert.That(chip.Adc.AreaUm2, Is.EqualTo(1200));
        Assert.That(chip.Spec.ColumnSharing, Is.EqualTo(8));
        Assert.That(chip.Adc.Source, Does.StartWith("override: ISAAC 8-bit ADC"));
    }

    [Test]
    public void ModifiedSpecsAreCheckedAgainWhenBuilt()
    {
        var spec = RepoFiles.SizedChip("adc4.yaml");
        var e = Assert.Throws<InputException>(() => ChipModel.Build(spec with { ColumnSharing = 7 }))!;
        Assert.That(e.Field, Is.EqualTo("readout.adc.column_sharing"));
        Assert.That(ChipModel.Build(spec with { ColumnSharing = 16 }).Adc!.Instances, Is.EqualTo(320L * 128 / 16));
    }

    [Test]
    public void AnAutoChipIsSizedForItsNetworkAndUnsizedItIsRefusedInOneLine()
    {
        var spec = ArchitectureLoader.LoadFile(RepoFiles.Architecture("adc7.yaml"));
        Assert.That((spec.AutoTiles, spec.IsSized), Is.EqualTo((true, false)));
        var e = Assert.Throws<InputException>(() => ChipModel.Build(spec))!;
        Assert.That(e.Field, Is.EqualTo("hierarchy.tiles"));
        Assert.That(e.Reason, Does.Contain("auto"));
        Assert.Throws<InputException>(() => spec.ToMappingTarget());
        // NeuroSim's count, worked by hand: each VGG16 / CIFAR-10 layer on ⌈row blocks × column blocks / 16⌉ tiles of
        // 16 crossbars (128×128, 3-bit differential weights: 2 magnitude slices × 2 columns = 4 columns per weight).
        var vgg16 = NetworkZoo.Create("vgg16");
        long expected = 0;
        foreach (var l in vgg16.Layers.Where(l => l.IsCrossbar))
        {
            long rowBlocks = (l.MatrixRowsPerGroup + 127) / 128, columnBlocks = (l.Output.Channels * 4L + 127) / 128;
            expected += (rowBlocks * columnBlocks + 15) / 16;
        }
        var sized = ChipAssembly.SizedFor(spec, vgg16);
        Assert.That(sized.Tiles, Is.EqualTo(expected));
        Assert.That(sized.Tiles, Is.EqualTo(229), "the figure the issue's error message gave");
        Assert.That(sized.AutoTiles, Is.True);
        Assert.That(ChipAssembly.SizedFor(RepoFiles.SizedChip("xpert-vgg16-baseline.yaml"), vgg16).Tiles, Is.EqualTo(128), "a fixed chip keeps its tiles");
    }

    [TestCase("tiles: auto", true, 0)]
    [TestCase("tiles: 7", false, 7)]
    [TestCase("tiles: \"auto\"", true, 0)]
    public void TilesIsANumberOrAuto(string line, bool auto, int tiles)
    {
        var text = File.ReadAllText(RepoFiles.Architecture("adc7.yaml"));
        text = System.Text.RegularExpressions.Regex.Replace(text, @"tiles: auto\b", line);
        var spec = ArchitectureLoader.LoadText(text, "t.yaml");
        Assert.That((spec.AutoTiles, spec.Tiles), Is.EqualTo((auto, tiles)));
    }

    [Test]
    public void TilesThatAreNeitherANumberNorAutoAreOneLineAtTheirLine()
    {
        var text = File.ReadAllText(RepoFiles.Architecture("adc7.yaml"));
        int line = text[..text.IndexOf("tiles: auto", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(text.Replace("tiles: auto", "tiles: many"), "t.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("hierarchy.tiles", line)));
        Assert.That(e.Reason, Is.EqualTo("expected a whole number of tiles or auto, got 'many'"));
    }
}
