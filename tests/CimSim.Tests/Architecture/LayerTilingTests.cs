using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>A layer on tiles of its own shape and number (<c>layers: [{ hierarchy: ... }]</c>, NeuroSim's per-layer tile kinds).</summary>
public class LayerTilingTests
{
    private const string Layer = "layer1.0.conv1"; // ResNet-20: 2 crossbars (1 row block x 2 column blocks on adc7)

    private static string ChipText(string hierarchy) =>
        File.ReadAllText(RepoFiles.Architecture("adc7.yaml")) + $"layers:\n  - layer: {Layer}\n    hierarchy: {hierarchy}\n";

    private static ChipSpec Chip(string hierarchy) => RepoFiles.Sized(ArchitectureLoader.LoadText(ChipText(hierarchy), "chip.yaml"));

    [Test]
    public void ALayerTakesTheTilesItIsGivenAndFillsThemWithCopies()
    {
        var plain = RepoFiles.SizedChip("adc7.yaml");
        var spec = Chip("{ pes_per_tile: 3, crossbars_per_pe: 2, tiles: 2 }");
        Assert.That(spec.Tiles, Is.EqualTo(plain.Tiles + 1), "auto sizing counts the layer's 2 tiles, not the 1 its crossbars need");
        Assert.That(spec.LayerPeripherals[0].Tiling, Is.EqualTo(new LayerTiling(3, 2, 2)));
        Assert.That(spec.LayerPeripherals[0].Choice, Is.EqualTo(plain.ReadoutSpec), "no readout given: the chip's");

        var chip = ChipModel.Build(spec);
        var trace = SimulationRunner.Compile(chip, NetworkZoo.Create("resnet20"), new CompileOptions { Seed = 2, ReplicateInTiles = true });
        var l = trace.Layers.Single(x => x.Name == Layer);
        Assert.That((l.Mapping!.TileCount, l.Mapping.Replicas, l.Readout), Is.EqualTo((2, 2 * 6 / 2, (LayerReadout?)null)),
            "2 tiles of 3 PEs x 2 crossbars hold 6 copies of its 2 crossbars; its readout is the chip's");
        var before = trace.Layers.TakeWhile(x => x.Name != Layer).Where(x => x.Mapping is not null).Sum(x => x.Mapping!.TileCount);
        Assert.That(l.Mapping.FirstTile, Is.EqualTo(before));

        var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
        var assembly = ChipAssembly.Build(spec, trace);
        var own = assembly.Components.Single(c => c.Name == $"{ComponentNames.Crossbar}@{Layer}");
        Assert.That(own.Instances, Is.EqualTo(2L * 3 * 2), "the layer's tiles have its PEs and crossbars");
        Assert.That(assembly.Components.Single(c => c.Name == ComponentNames.Crossbar).Instances,
            Is.EqualTo((long)(spec.Tiles - 2) * spec.CrossbarsPerTile), "the other tiles keep the chip's shape");
        Assert.That(report.Totals.AreaMm2, Is.EqualTo(assembly.TotalAreaMm2).Within(1e-9));
        Assert.That(assembly.Structure.Groups.Single().ToString(), Is.EqualTo($"{Layer}:2:adc-7b:3x2"));

        // The trace keeps the layer's tiling; a chip that gives the layer other tiles refuses it.
        using var ms = new MemoryStream();
        TraceWriter.Write(trace, ms);
        var back = TraceReader.Read(new MemoryStream(ms.ToArray()), "t.trace");
        Assert.That(back.Layers.Single(x => x.Name == Layer).Tiling, Is.EqualTo(new LayerTiling(3, 2, 2)));
        var other = ChipModel.Build(Chip("{ pes_per_tile: 3, crossbars_per_pe: 2, tiles: 3 }") with { Tiles = spec.Tiles });
        var e = Assert.Throws<InputException>(() => SimulationRunner.Simulate(other, back, new ReplayOptions()))!;
        Assert.That((e.Field, e.Reason), Is.EqualTo(("layers.hierarchy",
            $"'{Layer}': the trace was compiled with tiles of 3 PEs × 2 crossbars, 2 given for this layer, the chip gives it tiles of 3 PEs × 2 crossbars, 3 given; compile it again for this chip")));
        var none = ChipModel.Build(plain with { Tiles = spec.Tiles });
        e = Assert.Throws<InputException>(() => SimulationRunner.Simulate(none, back, new ReplayOptions()))!;
        Assert.That(e.Reason, Does.Contain($"the trace gives layer '{Layer}' its own tiles of 3 PEs × 2 crossbars, 2 given; this chip has no layers: entry"));
    }

    [Test]
    public void ALayersOwnHTreeWidthSetsItsFlits()
    {
        var narrow = ChipModel.Build(Chip("{ tiles: 1 }\n    interconnect: { htree: { width_bits: 64 } }"));
        var wide = ChipModel.Build(Chip("{ tiles: 1 }\n    interconnect: { htree: { width_bits: 512 } }"));
        var trace = SimulationRunner.Compile(narrow, NetworkZoo.Create("resnet20"), new CompileOptions { Seed = 2 });
        long Flits(ChipModel chip, string layer)
        {
            SimulationRunner.SimulateAndCount(chip, trace, new ReplayOptions(), out var counts);
            return counts.Layers.Single(l => l.Name == layer).Actions.Where(a => a.Component.Split('@')[0] == ComponentNames.HTree).Sum(a => a.Count);
        }
        Assert.That(Flits(narrow, Layer), Is.GreaterThan(4 * Flits(wide, Layer)), "the layer's tiles move its bits in flits of their own H-tree's width");
        Assert.That(Flits(narrow, "layer1.0.conv2"), Is.EqualTo(Flits(wide, "layer1.0.conv2")), "the other tiles keep the chip's (256 bits)");
        var htree = ChipAssembly.Build(narrow.Spec, trace).Components.Single(c => c.Name == $"{ComponentNames.HTree}@{Layer}");
        Assert.That(((LinkCost)htree).WidthBits, Is.EqualTo(64));
    }

    [Test]
    public void TooFewTilesForALayerNameTheEntryThatGivesThem()
    {
        var text = ChipText("{ pes_per_tile: 1, crossbars_per_pe: 1, tiles: 1 }");
        var spec = ArchitectureLoader.LoadText(text, "chip.yaml");
        int line = text.Split('\n').ToList().FindIndex(s => s.Contains($"layer: {Layer}")) + 1;
        var e = Assert.Throws<InputException>(() => RepoFiles.Sized(spec))!;
        Assert.That((e.File, e.Line, e.Field), Is.EqualTo(("chip.yaml", line, "layers[0].hierarchy.tiles")));
        Assert.That(e.Reason, Is.EqualTo($"{Layer} needs 2 tiles of 1 crossbars (2 crossbars), it is given 1"));
    }

    [Test]
    public void TheMeshSpansAGridOfTheLargestTile()
    {
        var spec = Chip("{ pes_per_tile: 32, tiles: 1 }");
        var plain = spec with { LayerPeripherals = [] };
        var assembly = ChipAssembly.Build(spec, new Dictionary<string, int> { [Layer] = 1 });
        var big = ChipModel.Build(spec.ForLayer(spec.LayerPeripherals[0]) with { Tiles = 1 });
        Assert.That(big.TileAreaUm2, Is.GreaterThan(ChipModel.Build(plain).TileAreaUm2 * 2), "32 PEs against the chip's 8");
        var mesh = assembly.Components.Single(c => c.Name == ComponentNames.Mesh);
        var grid = ChipModel.Build(plain, big.TileAreaUm2).Mesh;
        Assert.That((mesh.AreaUm2, mesh[ActionNames.Hop].EnergyPj), Is.EqualTo((grid.AreaUm2, grid[ActionNames.Hop].EnergyPj)));
        Assert.That(mesh[ActionNames.Hop].EnergyPj, Is.GreaterThan(ChipModel.Build(plain).Mesh[ActionNames.Hop].EnergyPj), "a hop crosses a longer link");
    }
}
