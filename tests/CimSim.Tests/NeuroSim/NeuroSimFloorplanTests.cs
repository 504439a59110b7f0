using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Mapping;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// architectures/neurosim-vgg8-22nm.yaml holds VGG8 as NeuroSim V1.4 floorplans it (tests/data/neurosim-vgg8/reference.json
/// <c>floorplan</c>): conv2..conv6 on novel-mapping tiles of 9 PEs, the rest on conventional tiles of 4, the same tiles per
/// layer, subarrays and subarray area, and with <c>--replicate-in-tiles</c> the same weight copies.
/// </summary>
public class NeuroSimFloorplanTests
{
    private static readonly ChipSpec Spec = RepoFiles.SizedChip("neurosim-vgg8-22nm.yaml", "vgg8"); // hierarchy.floorplan: neurosim
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

    private static IEnumerable<TestCaseData> PrintedFloorplans()
    {
        var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "tests", "data", "neurosim-floorplans.json"))).RootElement;
        foreach (var run in doc.GetProperty("runs").EnumerateArray())
        {
            bool novel = run.GetProperty("novel_mapping").GetBoolean();
            yield return new TestCaseData(run.Clone()).SetArgDisplayNames(run.GetProperty("network").GetString()!, novel ? "novel" : "conventional");
        }
    }

    /// <summary>The port of NeuroSim's floorplan against what NeuroSim printed for four networks, with and without its novel
    /// mapping (tests/data/neurosim-floorplans.json: tile and PE sizes, tiles and copies of every layer).</summary>
    [TestCaseSource(nameof(PrintedFloorplans))]
    public void ThePlanIsWhatNeuroSimPrints(System.Text.Json.JsonElement run)
    {
        int[] Ints(string key) => run.GetProperty(key).EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var layers = run.GetProperty("layers").EnumerateArray().Select((row, i) =>
        {
            var r = row.EnumerateArray().Select(x => x.GetInt32()).ToArray();
            return new FloorplanLayer($"layer{i + 1}", r[2], r[3] * r[4], r[5], 8);
        }).ToList();
        bool novel = run.GetProperty("novel_mapping").GetBoolean();
        var plan = NeuroSimFloorplan.Plan(layers, 128, 128, novel);
        Assert.That((plan.TileSizeCm, plan.PeSizeCm), Is.EqualTo((run.GetProperty("tile_cm").GetInt64(), run.GetProperty("pe_cm").GetInt64())));
        if (novel) Assert.That((plan.PesNm, plan.PeSizeNm), Is.EqualTo((run.GetProperty("tile_nm_pes").GetInt32(), run.GetProperty("pe_nm").GetInt64())));
        Assert.That(layers.Select(l => plan.Layers[l.Name].Tiles), Is.EqualTo(Ints("tiles_per_layer").Select(t => (long)t)));
        Assert.That(layers.Select(l => plan.Layers[l.Name].Copies), Is.EqualTo(Ints("copies_per_layer").Select(t => (long)t)));
    }

    [Test]
    public void AFloorplanNeuroSimsHierarchyCannotHoldIsRefusedNamingTheChipFile()
    {
        // Subarrays of 4096 rows: VGG8's novel-mapped PEs (at most 4096 columns) would be under 2 subarrays a side.
        string text = File.ReadAllText(RepoFiles.Architecture("neurosim-vgg8-22nm.yaml")).Replace("  rows: 128 ", "  rows: 4096 ");
        var spec = ArchitectureLoader.LoadText(text, "big.yaml");
        var e = Assert.Throws<CimSim.InputException>(() => RepoFiles.Sized(spec, "vgg8"))!;
        Assert.That((e.File, e.Field), Is.EqualTo(("big.yaml", "hierarchy.floorplan")));
        Assert.That(e.Reason, Does.Contain("under 2 subarrays of 4096 rows"));
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

    /// <summary>The whole pipeline on a floorplan chip (sizing, mapping, compiling with <c>--replicate-in-tiles</c>) against
    /// NeuroSim's printed floorplans: every layer's tiles, copies (where it has vectors to share: NeuroSim copies a fully
    /// connected layer's one vector too) and, for novel-mapped layers, subarrays (NeuroSim cuts each kernel position's
    /// C_in rows into subarrays: 9 of 64 rows for a 64-channel 3x3 layer, not 5 of up to 128).</summary>
    [TestCase("vgg8", "VGG8")]
    [TestCase("vgg16", "VGG16")]
    [TestCase("resnet18", "ResNet18")]
    public void TilesCopiesAndSubarraysPerLayerAreNeuroSims(string zoo, string printed)
    {
        var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "tests", "data", "neurosim-floorplans.json"))).RootElement;
        var run = doc.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("network").GetString() == printed && r.GetProperty("novel_mapping").GetBoolean());
        int[] Ints(string key) => run.GetProperty(key).EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var (tiles, copies) = (Ints("tiles_per_layer"), Ints("copies_per_layer"));
        var rows = run.GetProperty("layers").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        var spec = RepoFiles.SizedChip("neurosim-vgg8-22nm.yaml", zoo);
        var trace = SimulationRunner.Compile(ChipModel.Build(spec), NetworkZoo.Create(zoo), new CompileOptions { Seed = 1, ReplicateInTiles = true });
        var layers = trace.Layers.Where(l => l.Mapping is not null).ToList();
        Assert.That(layers, Has.Count.EqualTo(rows.Length));
        for (int i = 0; i < layers.Count; i++)
        {
            var (l, m, r) = (layers[i], layers[i].Mapping!, rows[i]);
            Assert.That((m.TileCount, m.Replicas), Is.EqualTo((tiles[i], (int)Math.Min(copies[i], NetworkMapper.MaxReplicas(m)))), l.Name);
            if (l.Tiling is { RowChunk: > 0 })
                Assert.That(m.RowBlocks * m.ColumnBlocks, Is.EqualTo(r[3] * r[4] * ((r[2] + 127) / 128) * ((r[5] * 8 + 127) / 128)), $"{l.Name}: subarrays of a copy");
        }
    }

}
