using System.Text.Json;
using CimSim.Simulator.Architecture;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// The port of NeuroSim V1.4's layer-serial dataflow timing (<see cref="NeuroSimDataflow"/>) against what an instrumented
/// NeuroSim printed for the matched VGG8 run (tests/data/neurosim-vgg8/latency-terms.json): each layer's time outside its
/// subarray reads (NeuroSim's whole read latency less reads × column sharing / copies) and its adder trees' cycles.
/// </summary>
public class NeuroSimDataflowTests
{
    private static readonly ChipSpec Spec = RepoFiles.SizedChip("neurosim-vgg8-22nm.yaml", "vgg8");

    // NeuroSim's NetWork_padded.csv for this pack: padded input side, C_in, k, C_out, followed by a max-pool, output side.
    private static readonly (string Name, int Side, int Cin, int K, int Cout, bool Pool, int Out)[] Net =
    [
        ("conv1", 34, 3, 3, 128, false, 32), ("conv2", 34, 128, 3, 128, true, 32), ("conv3", 18, 128, 3, 256, false, 16),
        ("conv4", 18, 256, 3, 256, true, 16), ("conv5", 10, 256, 3, 512, false, 8), ("conv6", 10, 512, 3, 512, true, 8),
        ("fc1", 1, 8192, 1, 1024, false, 1), ("fc2", 1, 1024, 1, 10, false, 1),
    ];

    private static (NeuroSimFloorplan Plan, IReadOnlyDictionary<string, DataflowCycles> Cycles) Run(bool novel)
    {
        var plan = NeuroSimFloorplan.Plan(Net.Select(l => new FloorplanLayer(l.Name, l.Cin, l.K * l.K, l.Cout, 8)).ToList(), 128, 128, novel);
        var spec = Spec with
        {
            Floorplan = novel ? FloorplanKind.NeuroSim : FloorplanKind.NeuroSimConventional,
            MeshWidthBits = plan.GlobalBusBits(Spec.ColumnSharing),
        };
        var layers = Net.Select(l => new DataflowLayer(l.Name, l.Cin, l.K, (long)l.Side * l.Side, l.Cout, 8, (long)l.Out * l.Out, l.Pool, Spec.AdcBits)).ToList();
        return (plan, NeuroSimDataflow.Cycles(spec, plan, layers));
    }

    /// <summary>Each layer's time outside its subarray reads, and its max-pool's, against NeuroSim's printout with its novel
    /// mapping (latency-terms.json, the matched run) and without it (conventional-mapping.json: every layer on conventional
    /// tiles, a 1,152-bit bus), and the bus widths NeuroSim derived.</summary>
    [TestCase("latency-terms.json", true)]
    [TestCase("conventional-mapping.json", false)]
    public void EachLayersTimeOutsideItsReadsIsNeuroSims(string file, bool novel)
    {
        var terms = JsonDocument.Parse(File.ReadAllText(Path.Combine(NeuroSimVgg8Data.Dir, file))).RootElement;
        var (plan, cycles) = Run(novel);
        Assert.That(plan.GlobalBusBits(Spec.ColumnSharing), Is.EqualTo(terms.GetProperty("global_bus_bits").GetInt32()));
        foreach (var t in terms.GetProperty("layers").EnumerateArray())
        {
            string name = t.GetProperty("name").GetString()!;
            var l = Net.Single(n => n.Name == name);
            // NeuroSim's subarray reads: every input bit plane of every vector, one cycle per multiplexed column, over the copies.
            double reads = (double)l.Out * l.Out * 8 * Spec.ColumnSharing / plan.Layers[name].Copies;
            // The max-pool is the pooling layer's own time in CimSim (PoolCycles), part of the conv layer's in NeuroSim.
            double pool = t.GetProperty("max_pool_cycles").GetDouble();
            double expected = t.GetProperty("read_latency_cycles").GetDouble() - reads - pool;
            var c = cycles[name];
            Assert.That(c.BeforeReads + c.AfterReads, Is.EqualTo(expected).Within(1e-4 * expected), name);
            if (l.Pool)
                Assert.That(NeuroSimDataflow.PoolCycles(Spec, plan, (long)l.Out / 2 * (l.Out / 2) * l.Cout, 4), Is.EqualTo(pool), name);
        }
    }

    /// <summary>NeuroSim's adder trees at its 1.6974 ns clock: the PE's (one subarray row, 21 bits) one cycle a pass, the novel
    /// tile's (9 PEs, 25 bits) and the chip's (8 tiles of fc1, 25 bits) two (latency-terms.json: 2,048 cycles for conv2's
    /// 1,024 vectors, 16 for fc1's 1,024 outputs over 128 trees).</summary>
    [Test]
    public void AdderTreePassesTakeNeuroSimsCycles()
    {
        Assert.That(NeuroSimDataflow.AdderTreeCycles(Spec, 1, 21), Is.EqualTo(1));
        Assert.That(NeuroSimDataflow.AdderTreeCycles(Spec, 9, 25), Is.EqualTo(2));
        Assert.That(NeuroSimDataflow.AdderTreeCycles(Spec, 8, 25), Is.EqualTo(2));
        var terms = JsonDocument.Parse(File.ReadAllText(Path.Combine(NeuroSimVgg8Data.Dir, "latency-terms.json"))).RootElement;
        Assert.That(terms.GetProperty("layers")[6].GetProperty("global_accumulation_cycles").GetDouble(), Is.EqualTo(8 * 2));
    }

    /// <summary>NeuroSim's dataflow runs one layer at a time: a pipelined replay of such a chip is refused up front.</summary>
    [Test]
    public void APipelinedScheduleIsRefusedBeforeCompiling()
    {
        var err = new StringWriter();
        int code = CimSim.Cli.Program.Run(["run", "--arch", RepoFiles.Architecture("neurosim-vgg8-22nm.yaml"), "--network", "vgg8", "--no-accuracy",
            "--schedule", "pipelined", "--quiet"], TextWriter.Null, err);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.ToString(), Does.Contain("--schedule").And.Contain("dataflow: neurosim").And.Not.Contain("compiling"));
    }

    /// <summary>NeuroSim's dataflow prices its traffic on NeuroSim's H-tree and times NeuroSim's ADC subarrays: a chip with
    /// another H-tree model, or a comparator readout, is refused at hierarchy.dataflow.</summary>
    [TestCase("  htree: neurosim-v14      # HTree.cpp: repeated wire (tolerance 0.1), root-to-PE path of the PE grid, toggle 0.18\n", "", "models.htree")]
    [TestCase("  tiles: auto\n", "  tiles: auto\n  floorplan: neurosim-conventional\n", "floorplan")]
    public void ADataflowChipWithoutWhatItNeedsIsRefused(string find, string replace, string mention)
    {
        string text = File.ReadAllText(RepoFiles.Architecture("neurosim-vgg8-22nm.yaml"));
        Assert.That(text, Does.Contain(find));
        text = text.Replace(find, replace);
        if (mention == "floorplan") text = text.Replace("  floorplan: neurosim      #", "  # floorplan: neurosim #").Replace("  floorplan: neurosim-conventional\n", "");
        var e = Assert.Throws<CimSim.InputException>(() => ArchitectureLoader.LoadText(text, "f.yaml").Validate())!;
        Assert.That(e.Field, Is.EqualTo("hierarchy.dataflow"));
        Assert.That(e.Reason, Does.Contain(mention));
    }

    /// <summary>The layer-serial replay gives the same report whether each crossbar read is an event (detailed) or the
    /// pipelines' closed form is used (fast), and whatever the thread count: the stages are added around the simulated reads.</summary>
    [Test]
    public void FastAndDetailedReplaysOfTheDataflowAgree()
    {
        var dir = Directory.CreateTempSubdirectory("cimsim-dataflow-");
        try
        {
            string Run(params string[] extra)
            {
                string json = Path.Combine(dir.FullName, $"r{extra.Length}.json");
                var err = new StringWriter();
                int code = CimSim.Cli.Program.Run(["run", "--arch", RepoFiles.Architecture("neurosim-vgg8-22nm.yaml"), "--network", "vgg8", "--no-accuracy",
                    "--replicate-in-tiles", "--quiet", "--json", json, .. extra], TextWriter.Null, err);
                Assert.That(code, Is.Zero, err.ToString());
                var r = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
                return r.GetProperty("totals").GetRawText() + r.GetProperty("energy_pj").GetRawText() + r.GetProperty("layers").GetRawText();
            }
            Assert.That(Run("--detailed"), Is.EqualTo(Run()));
        }
        finally { dir.Delete(true); }
    }
}
