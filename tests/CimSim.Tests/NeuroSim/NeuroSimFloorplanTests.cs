using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// architectures/neurosim-vgg8-22nm.yaml holds VGG8 as NeuroSim V1.4 floorplans it (tests/data/neurosim-vgg8/reference.json
/// <c>floorplan</c>): conv2..conv6 on novel-mapping tiles of 9 PEs, the rest on conventional tiles of 4, the same tiles per
/// layer, subarrays and subarray area, and with <c>--replicate-in-tiles</c> the same weight copies.
/// </summary>
public class NeuroSimFloorplanTests
{
    private static readonly ChipSpec Spec = ArchitectureLoader.LoadFile(RepoFiles.Architecture("neurosim-vgg8-22nm.yaml"));
    private static readonly System.Text.Json.JsonElement Floorplan = NeuroSimVgg8Data.Reference.GetProperty("floorplan");

    private static int[] Ints(string key) => Floorplan.GetProperty(key).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Test]
    public void TilesPerLayerAndSubarraysAreNeuroSims()
    {
        var tiles = SimulationRunner.LayerTiles(Spec, NetworkZoo.Create("vgg8"));
        Assert.That(NeuroSimVgg8Data.Layers.Select(l => tiles[l.Name]), Is.EqualTo(Ints("tiles_per_layer")));
        Assert.That(Spec.Tiles, Is.EqualTo(Floorplan.GetProperty("tiles_total").GetInt32()));

        var assembly = ChipAssembly.Build(Spec, tiles);
        var crossbars = assembly.Components.Where(c => c.Name.Split('@')[0] == ComponentNames.Crossbar).Sum(c => c.Instances);
        Assert.That(crossbars, Is.EqualTo(Floorplan.GetProperty("subarrays_total").GetInt64()));
        // The subarray (cells, sense amplifiers, word-line drive, shift-adders) is NeuroSim's to the µm² (SramSubArrayTests),
        // so the chip's subarrays are NeuroSim's subarray area × its subarray count.
        double subarraysUm2 = assembly.Components.Where(c => c.Name.Split('@')[0] is ComponentNames.Crossbar or ComponentNames.Dac
            or ComponentNames.Adc or ComponentNames.ShiftAdd).Sum(c => c.Instances * c.AreaUm2);
        double perSubarray = Floorplan.GetProperty("subarray_area_um2").GetProperty("subarray_total").GetDouble();
        Assert.That(subarraysUm2 / crossbars, Is.EqualTo(perSubarray).Within(1e-5 * perSubarray));
    }

    [Test]
    public void EachTileKindsHTreeIsNeuroSims()
    {
        var printed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(NeuroSimVgg8Data.Dir, "tile-interconnect.json"))).RootElement;
        var assembly = ChipAssembly.Build(Spec, SimulationRunner.LayerTiles(Spec, NetworkZoo.Create("vgg8")));
        double Area(string name) => assembly.Components.Single(c => c.Name == name).AreaUm2;
        // The H-tree's formula is NeuroSim's (HTree.cpp); its PE pitch comes from CimSim's tile area (the tile's components),
        // NeuroSim's from its PE floorplan: 1.6 % (NM) and 2.7 % (CM) apart on this chip.
        foreach (var (name, kind) in new[] { ("htree", "cm_tile"), ("htree@conv2", "nm_tile") })
        {
            double ns = printed.GetProperty(kind).GetProperty("interconnect_area_um2").GetDouble();
            TestContext.Out.WriteLine($"{name}: {Area(name):F0} vs NeuroSim's {ns:F0} um^2");
            Assert.That(Area(name) / ns, Is.EqualTo(1).Within(0.03), name);
        }
    }

    [Test]
    public void CopiesInTilesAreNeuroSimsWhereALayerHasVectorsToShare()
    {
        var trace = SimulationRunner.Compile(ChipModel.Build(Spec), NetworkZoo.Create("vgg8"), new CompileOptions { Seed = 1, ReplicateInTiles = true });
        var copies = Ints("weight_copies_per_layer");
        for (int i = 0; i < copies.Length; i++)
        {
            var m = trace.Layers.Single(l => l.Name == NeuroSimVgg8Data.Layers[i].Name).Mapping!;
            // NeuroSim copies fc2 8 times over its one input vector; a copy with no vector to read is none here.
            Assert.That(m.Replicas, Is.EqualTo(Math.Min(copies[i], m.InputVectors)), NeuroSimVgg8Data.Layers[i].Name);
        }
    }
}
