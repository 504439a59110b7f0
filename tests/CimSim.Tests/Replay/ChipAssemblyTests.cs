using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

public class ChipAssemblyTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    /// <summary>adc7 (tiles: auto) sized for ResNet-20, the network every test here compiles: 20 tiles.</summary>
    private static ChipSpec Adc7() => ChipAssembly.SizedFor(ArchitectureLoader.LoadFile(Path.Combine(Repo(), "architectures", "adc7.yaml")), NetworkZoo.Create("resnet20", Dataset.Cifar10));

    [Test]
    public void AnOverriddenLayerGetsItsOwnAdcTimingEnergyAndArea()
    {
        var spec = Adc7();
        var net = NetworkZoo.Create("resnet20", Dataset.Cifar10);
        var trace = SimulationRunner.Compile(ChipModel.Build(spec), net, new CompileOptions { Seed = 3, Dataset = "cifar10" });
        var conv1Tiles = trace.Layers.Single(l => l.Name == "conv1").Mapping!.TileCount;
        // conv1 gets one ADC per column (no sharing) on its own tiles.
        var hetero = spec with { LayerPeripherals = [new LayerPeripherals("conv1", ReadoutKind.Adc, AdcType.Sar, 7, 1)] };
        var homo = ChipAssembly.Build(spec, trace);
        var asm = ChipAssembly.Build(hetero, trace);

        Assert.That(asm.ComponentName("conv1", "adc"), Is.EqualTo("adc@conv1"));
        Assert.That(asm.ComponentName("layer1.0.conv1", "adc"), Is.EqualTo("adc"));
        Assert.That(asm.ComponentName("conv1", "mesh"), Is.EqualTo("mesh"));
        var perTile = (long)spec.CrossbarsPerTile * spec.Columns;
        Assert.That(asm.Components.Single(c => c.Name == "adc@conv1").Instances, Is.EqualTo(conv1Tiles * perTile));
        Assert.That(asm.Components.Single(c => c.Name == "adc").Instances, Is.EqualTo((spec.Tiles - conv1Tiles) * perTile / spec.ColumnSharing));
        // Area of the ADC class: the 8× more ADCs on conv1's tiles add exactly their area (same ADC design);
        // the chip grows by more (a shift-add per ADC, a longer H-tree on the larger tiles).
        double ClassArea(ChipAssembly a, string cls) => a.Components.Where(c => c.ComponentClass == cls).Sum(c => c.TotalAreaMm2);
        var adcArea = asm.Components.Single(c => c.Name == "adc").AreaUm2;
        double extra = conv1Tiles * perTile * (1 - 1.0 / spec.ColumnSharing) * adcArea * 1e-6;
        Assert.That(ClassArea(asm, "adc") - ClassArea(homo, "adc"), Is.EqualTo(extra).Within(1e-6).Percent);
        Assert.That(asm.TotalAreaMm2 - homo.TotalAreaMm2, Is.GreaterThan(extra));

        var fast = SimulationRunner.Simulate(ChipModel.Build(hetero), trace, new ReplayOptions());
        var slow = SimulationRunner.Simulate(ChipModel.Build(spec), trace, new ReplayOptions());
        Assert.That(fast.Layers[0].LatencyNs, Is.LessThan(slow.Layers[0].LatencyNs));
        for (int i = 1; i < fast.Layers.Count; i++)
            Assert.That(fast.Layers[i].LatencyNs, Is.EqualTo(slow.Layers[i].LatencyNs), fast.Layers[i].Name);
        var conv1Conversions = trace.Layers[0].Counts.ColumnReads;
        Assert.That(fast.Tallies.Single(t => t.Component == "adc@conv1").Count, Is.EqualTo(conv1Conversions));
        Assert.That(fast.Tallies.Single(t => t.Component == "adc").Count, Is.EqualTo(slow.Tallies.Single(t => t.Component == "adc").Count - conv1Conversions));
    }

    [Test]
    public void PerLayerAdcBitsAndReadoutKindsAreCompiledAndCostedPerLayer()
    {
        // layer1.0.conv2 (144 rows) on 4-bit ADCs, layer1.0.conv1 on ternary comparators + DCiM, the rest on 7-bit ADCs.
        var baseSpec = Adc7();
        var hcim = ArchitectureLoader.LoadFile(Path.Combine(Repo(), "architectures", "hcim.yaml"));
        var spec = baseSpec with
        {
            LayerPeripherals = [new LayerPeripherals("layer1.0.conv2", ReadoutKind.Adc, AdcType.Sar, 4, 8), new LayerPeripherals("layer1.0.conv1", ReadoutKind.Ternary, null, 0, 1)],
            // A comparator layer needs a scale-factor unit: take HCiM's.
            ReadoutSpec = baseSpec.ReadoutSpec with { ScaleFactorUnit = hcim.ReadoutSpec.ScaleFactorUnit },
        };
        var chip = ChipModel.Build(spec);
        var net = NetworkZoo.Create("resnet20", Dataset.Cifar10);
        var trace = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = 3 });
        var homo = SimulationRunner.Compile(ChipModel.Build(baseSpec), net, new CompileOptions { Seed = 3 });
        int c2 = trace.Layers.Single(l => l.Name == "layer1.0.conv2").Index;
        Assert.That(trace.Layers[c2].Readout!.AdcBits, Is.EqualTo(4));
        Assert.That(trace.Layers[c2].Counts.AdcClipped, Is.GreaterThan(homo.Layers[c2].Counts.AdcClipped));
        Assert.That(trace.Layers[c2].SqnrDb, Is.LessThan(homo.Layers[c2].SqnrDb));
        var tern = trace.Layers.Single(l => l.Name == "layer1.0.conv1");
        Assert.That(tern.Readout!.Kind, Is.EqualTo(ReadoutKind.Ternary));
        Assert.That(tern.NonZeroPerRead, Is.Not.Null);

        var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
        Assert.That(report.Tallies.Single(t => t.Component == "dcim@layer1.0.conv1").Count, Is.EqualTo(tern.Counts.NonZeroOutputs));
        Assert.That(report.Tallies.Single(t => t.Component == "adc@layer1.0.conv2").Count, Is.EqualTo(trace.Layers[c2].Counts.ColumnReads));
        Assert.That(report.Tallies.Any(t => t.Component == "adc@layer1.0.conv1"), Is.False);
        // A trace compiled without the overrides is refused, not costed with the wrong counts.
        var e = Assert.Throws<InputException>(() => SimulationRunner.Simulate(chip, homo, new ReplayOptions()))!;
        Assert.That(e.Message, Does.Contain("layers.readout").And.Contain("compile it again"));
    }

    [Test]
    public void AnOverrideForAMissingLayerIsAnInputError()
    {
        var spec = Adc7() with { LayerPeripherals = [new LayerPeripherals("nope", ReadoutKind.Adc, AdcType.Sar, 7, 8, line: 42)] };
        var trace = SimulationRunner.Compile(ChipModel.Build(Adc7()), NetworkZoo.Create("resnet20", Dataset.Cifar10), new CompileOptions { Seed = 3 });
        var e = Assert.Throws<InputException>(() => ChipAssembly.Build(spec, trace))!;
        Assert.That(e.Message, Does.Contain(":42:").And.Contain("layers.layer").And.Contain("'nope' is not a layer"));
    }
}
