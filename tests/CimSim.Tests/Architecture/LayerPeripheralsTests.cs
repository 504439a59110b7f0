using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Mapping;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>XPert-style per-layer readout (<c>layers:</c>) read from YAML and split into buildable sub-chips.</summary>
public class LayerPeripheralsTests
{
    private static ChipSpec WithLayers(string chip, string layers) =>
        ArchitectureLoader.LoadText(File.ReadAllText(RepoFiles.Architecture(chip)) + layers, chip);

    [Test]
    public void ReadsEachLayersReadoutWithItsLine()
    {
        var spec = WithLayers("xpert-vgg16-baseline.yaml",
            "layers:\n  - layer: conv1\n    readout: { kind: adc, adc: { type: flash, bits: 4, column_sharing: 16 } }\n" +
            "  - layer: conv2\n    readout:\n      kind: adc\n      adc: { type: sar, bits: 6, column_sharing: 2 }\n");
        int first = File.ReadAllLines(RepoFiles.Architecture("xpert-vgg16-baseline.yaml")).Length + 2;
        Assert.That(spec.LayerPeripherals, Is.EqualTo(new[]
        {
            new LayerPeripherals("conv1", ReadoutKind.Adc, AdcType.Flash, 4, 16, first),
            new LayerPeripherals("conv2", ReadoutKind.Adc, AdcType.Sar, 6, 2, first + 2),
        }));
        var conv2 = ChipModel.Build(spec.ForLayer(spec.LayerPeripherals[1]) with { Tiles = 3 });
        Assert.That(conv2.Adc!.Instances, Is.EqualTo(3L * 64 * 128 / 2));
        Assert.That(conv2.ShiftAdd!["shift_add"].LatencyNs, Is.GreaterThan(0));
    }

    [Test]
    public void ComparatorLayersOnAnAdcChipUseItsScaleFactorUnit()
    {
        var sfu = "scale_factor_unit: { bits: 8, array_rows: 64, array_columns: 128, columns_per_cycle: 32, zero_skipping: true, accumulator_bits: 16 }\n";
        var spec = WithLayers("adc7.yaml", sfu + "layers:\n  - layer: conv1\n    readout: { kind: ternary }\n");
        var whole = ChipModel.Build(RepoFiles.Sized(spec));
        Assert.That((whole.Adc is null, whole.Dcim is null), Is.EqualTo((false, true)), "the chip's own readout stays ADC");
        var rest = ChipModel.Build(RepoFiles.Sized(spec) with { LayerPeripherals = [] });
        Assert.That(rest.Adc, Is.Not.Null);
        var conv1 = ChipModel.Build(spec.ForLayer(spec.LayerPeripherals[0]) with { Tiles = 1 });
        Assert.That(conv1.Dcim!.ColumnsPerCycle, Is.EqualTo(32));
        Assert.That(conv1.Comparator!.Instances, Is.EqualTo(16L * 128));
    }

    [Test]
    public void ALayersTilesTakeTheChipsComparatorsAndScaleFactorUnit()
    {
        var spec = WithLayers("hcim.yaml", "layers:\n  - layer: fc\n    readout: { kind: adc, adc: { type: flash, bits: 3, column_sharing: 8 } }\n");
        spec = spec with { ReadoutSpec = spec.ReadoutSpec with { Comparator = new ComparatorSpec(2.5, 7.0) } };
        var fc = spec.ForLayer(spec.LayerPeripherals[0]);
        Assert.That(fc.ReadoutSpec, Is.EqualTo(spec.ReadoutSpec with { Kind = ReadoutKind.Adc, AdcType = AdcType.Flash, AdcBits = 3, ColumnSharing = 8 }));
        // The flash ADC's 7 comparators switch at the chip's 7 fJ each, and its conversion takes the chip's sense time.
        var other = spec with { ReadoutSpec = spec.ReadoutSpec with { Comparator = new ComparatorSpec(2.5, 8.0) } };
        var (a, b) = (ChipModel.Build(fc with { Tiles = 1 }).Adc!, ChipModel.Build(other.ForLayer(other.LayerPeripherals[0]) with { Tiles = 1 }).Adc!);
        Assert.That(b[ActionNames.Convert].EnergyPj - a[ActionNames.Convert].EnergyPj, Is.EqualTo(7 * 1.0e-3).Within(1e-12));
        Assert.That(a[ActionNames.Convert].LatencyNs, Is.EqualTo(2.5));
    }

    [Test]
    public void TheScaleFactorUnitsRulesAreCheckedOnceWithOneRange()
    {
        var text = File.ReadAllText(RepoFiles.Architecture("hcim.yaml"));
        var bad = System.Text.RegularExpressions.Regex.Replace(text, @"(scale_factor_unit:[\s\S]*?bits:\s*)\d+", "${1}17");
        Assert.That(bad, Is.Not.EqualTo(text));
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(bad, "h.yaml"))!;
        Assert.That((e.Field, e.Reason), Is.EqualTo(("scale_factor_unit.bits", $"17 is out of range [{ScaleFactorUnitSpec.MinBits}, {ScaleFactorUnitSpec.MaxBits}]")));
    }

    [Test]
    public void AdcLayersOnAComparatorChipGetADefaultShiftAdd()
    {
        var spec = WithLayers("hcim.yaml", "layers:\n  - layer: fc\n    readout: { kind: adc, adc: { type: sar, bits: 5, column_sharing: 8 } }\n");
        Assert.That(spec.ShiftAddBits, Is.EqualTo(0));
        var fc = ChipModel.Build(spec.ForLayer(spec.LayerPeripherals[0]) with { Tiles = 1 });
        Assert.That(fc.Spec.ShiftAddWidthBits, Is.EqualTo(5 + 3));
        Assert.That(fc.ShiftAdd!.Source, Does.StartWith("8-bit"));
    }

    [Test]
    public void UnusedSectionsAreRejectedWithTheirLine()
    {
        var text = File.ReadAllText(RepoFiles.Architecture("hcim.yaml")) + "shift_add: { bits: 12 }\n";
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(text, "h.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("shift_add", text.Split('\n').Length - 1)));
    }
}
