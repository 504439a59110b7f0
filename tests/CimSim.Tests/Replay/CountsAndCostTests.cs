using System.Text.Json;
using System.Text.Json.Nodes;
using CimSim.Cli;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

/// <summary>
/// Counts apart from costs: <c>run --counts</c> then <c>cost</c> on the same chip gives run's report byte for byte;
/// on another technology node the dynamic energy and area equal a full run on that node (the latency is the
/// counts'); a chip of another structure is refused with one line and exit 2.
/// </summary>
public class CountsAndCostTests
{
    private DirectoryInfo _dir = null!;

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("cimsim-counts-");
    [TearDown] public void TearDown() => _dir.Delete(true);

    private string F(string name) => Path.Combine(_dir.FullName, name);

    private static (int Code, string Err) Cli(params string[] args)
    {
        var err = new StringWriter();
        int code = Program.Run(args, TextWriter.Null, err);
        return (code, err.ToString());
    }

    private string Variant(string chip, string from, string to, string name)
    {
        var text = File.ReadAllText(RepoFiles.Architecture(chip));
        Assert.That(text, Does.Contain(from));
        var path = F(name);
        File.WriteAllText(path, text.Replace(from, to));
        return path;
    }

    [TestCase("adc7.yaml", "resnet20")]
    [TestCase("hcim.yaml", "resnet20")]
    [TestCase("xpert-vgg16-searched.yaml", "vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4")]
    [TestCase("neurosim-vgg8-22nm.yaml", "vgg8")] // conversions priced by driven rows: the histograms travel in the counts
    public void CostOnTheSameChipIsRunsReportByteForByte(string chip, string network)
    {
        var arch = RepoFiles.Architecture(chip);
        var run = Cli("run", "--arch", arch, "--network", network, "--counts", F("c.json"), "--json", F("run.json"), "--csv", F("run-csv"), "--quiet");
        Assert.That(run.Code, Is.Zero, run.Err);
        var cost = Cli("cost", "--arch", arch, "--counts", F("c.json"), "--json", F("cost.json"), "--csv", F("cost-csv"), "--quiet");
        Assert.That(cost.Code, Is.Zero, cost.Err);
        Assert.That(File.ReadAllBytes(F("cost.json")), Is.EqualTo(File.ReadAllBytes(F("run.json"))));
        foreach (var name in ReportCsv.FileNames)
            Assert.That(File.ReadAllText(Path.Combine(F("cost-csv"), name)), Is.EqualTo(File.ReadAllText(Path.Combine(F("run-csv"), name))), name);
    }

    [Test]
    public void AnotherNodeGivesThatNodesEnergyAndAreaAtTheCountsLatency()
    {
        var arch32 = RepoFiles.Architecture("adc7.yaml");
        var arch22 = Variant("adc7.yaml", "node_nm: 32 ", "node_nm: 22 ", "adc7-22nm.yaml");
        Assert.That(Cli("run", "--arch", arch32, "--network", "resnet20", "--counts", F("c.json"), "--json", F("r32.json"), "--quiet").Code, Is.Zero);
        var cost = Cli("cost", "--arch", arch22, "--counts", F("c.json"), "--json", F("c22.json"), "--quiet");
        Assert.That(cost.Code, Is.Zero, cost.Err);
        Assert.That(Cli("run", "--arch", arch22, "--network", "resnet20", "--json", F("r22.json"), "--quiet").Code, Is.Zero);
        var (r32, c22, r22) = (Totals("r32.json"), Totals("c22.json"), Totals("r22.json"));
        Assert.That(c22.GetProperty("dynamic_energy_pj").GetDouble(), Is.EqualTo(r22.GetProperty("dynamic_energy_pj").GetDouble()), "same counts × 22 nm unit energies");
        Assert.That(c22.GetProperty("area_mm2").GetDouble(), Is.EqualTo(r22.GetProperty("area_mm2").GetDouble()));
        Assert.That(c22.GetProperty("latency_ns").GetDouble(), Is.EqualTo(r32.GetProperty("latency_ns").GetDouble()), "latency is a count: the simulated chip's");
        Assert.That(c22.GetProperty("area_mm2").GetDouble(), Is.LessThan(0.6 * r32.GetProperty("area_mm2").GetDouble()), "22 nm is smaller");
        Assert.That(c22.GetProperty("dynamic_energy_pj").GetDouble(), Is.Not.EqualTo(r32.GetProperty("dynamic_energy_pj").GetDouble()));
    }

    private JsonElement Totals(string file) => JsonDocument.Parse(File.ReadAllText(F(file))).RootElement.GetProperty("totals");

    [TestCase("tiles: auto ", "tiles: 32 ", "structure.tiles: 20 in the counts, 32 in the chip")]
    [TestCase("bits: 7 ", "bits: 6 ", "structure.adc_bits: 7 in the counts, 6 in the chip")]
    [TestCase("column_sharing: 8 ", "column_sharing: 8\n    range: calibrated ", "structure.adc_range: unit in the counts, calibrated in the chip")]
    [TestCase("mesh:  { width_bits: 32,", "mesh:  { width_bits: 64,", "structure.mesh_width_bits: 32 in the counts, 64 in the chip")]
    public void AChipOfAnotherStructureIsRefusedInOneLine(string from, string to, string expected)
    {
        Assert.That(Cli("run", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", "resnet20", "--counts", F("c.json"), "--quiet").Code, Is.Zero);
        var other = Variant("adc7.yaml", from, to, "other.yaml");
        var (code, err) = Cli("cost", "--arch", other, "--counts", F("c.json"), "--json", F("r.json"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain(expected));
        Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(File.Exists(F("r.json")), Is.False);
    }

    [TestCase("{}", "not a CimSim counts file")]
    [TestCase("[1,2", "not valid JSON")]
    [TestCase("{\"schema\": \"cimsim.counts/1\", \"architecture\": \"x\"}", "not a valid counts file")]
    public void ABadCountsFileIsOneLine(string content, string expected)
    {
        File.WriteAllText(F("bad.json"), content);
        var (code, err) = Cli("cost", "--arch", RepoFiles.Architecture("adc7.yaml"), "--counts", F("bad.json"));
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err, Does.Contain(expected).And.Contain("bad.json"));
        Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1), err);
    }

    [Test]
    public void ANegativeNumberAnUnknownKeyOrAComponentTheChipLacksNamesTheCountsFileAndField()
    {
        // Negative counts and latencies were costed (a negative latency and EDAP), unknown keys passed unseen, and a
        // component or action the chip lacks was reported without the counts file.
        var arch = RepoFiles.Architecture("adc7.yaml");
        Assert.That(Cli("run", "--arch", arch, "--network", "resnet20", "--counts", F("c.json"), "--quiet").Code, Is.Zero);
        string good = File.ReadAllText(F("c.json")), path = F("bad.json");
        Assert.That(Cli("cost", "--arch", arch, "--counts", F("c.json"), "--quiet").Code, Is.Zero);
        foreach (var (change, expected) in new (Action<JsonNode>, string)[]
        {
            (c => c["latency_ps"] = -1782551000L, "latency_ps: must be ≥ 0, got -1782551000"),
            (c => c["totals"]!["macs"] = -5, "totals.macs: must be ≥ 0, got -5"),
            (c => c["layers"]![1]!["latency_ps"] = -3, "layers[1].latency_ps: must be ≥ 0, got -3"),
            (c => c["layers"]![0]!["actions"]![1]!["count"] = -7, "layers[0].actions[1].count: must be ≥ 0, got -7"),
            (c => c["busy_times"]![0]!["busy_ps"] = -1, "busy_times[0].busy_ps: must be ≥ 0, got -1"),
            (c => c["bogus"] = 1, "bogus: unknown key 'bogus' in a counts file; expected one of: schema, architecture,"),
            (c => c["layers"]![0]!["actions"]![0]!["bogus"] = 1, "layers[0].actions[0].bogus: unknown key 'bogus'"),
            (c => c["layers"]![0]!["actions"]![0]!["component"] = "fluxcap", "layers[0].actions[0].component: layer 'conv1' needs a 'fluxcap' but the chip 'adc7' has none"),
            (c => c["layers"]![0]!["actions"]![0]!["action"] = "warp", "layers[0].actions[0].action: layer 'conv1': component 'crossbar' has no action 'warp'"),
            // A repeated or dropped layer was costed as another network.
            (c => c["layers"]!.AsArray().Add(c["layers"]![1]!.DeepClone()), "layers[30].name: 'layer1.0.conv1' is layers[1] already: each layer appears once"),
            (c => c["layers"]!.AsArray().RemoveAt(1), "layers: the layers' macs add up to 38191744, but totals.macs is 40551040: a layer is missing or repeated"),
            (c => c["layers"]![2]!["conversions"] = 1, "layers: the layers' conversions add up to"),
        })
        {
            var counts = JsonNode.Parse(good)!;
            change(counts);
            File.WriteAllText(path, counts.ToJsonString());
            var (code, err) = Cli("cost", "--arch", arch, "--counts", path, "--json", F("r.json"), "--quiet");
            Assert.That(code, Is.EqualTo(2), expected);
            Assert.That(err, Does.StartWith($"cimsim: error: {path}: {expected}"));
            Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1), err);
            Assert.That(File.Exists(F("r.json")), Is.False);
        }
    }

    [Test]
    public void CountsRoundTripThroughTheFileWithInfiniteSqnrAsNull()
    {
        var counts = new ActivityCounts(ActivityCounts.SchemaName, "a", "n", "d", "layer-by-layer", false, 10, 3, CountsStructure.Unrecorded,
            new Dictionary<string, long> { ["macs"] = 5 },
            [new LayerActivity("l", "Conv", 0, 10, 10, 5, 1, 2, 0, 1, double.PositiveInfinity, [new ActionCount("adc", "convert", 2)])])
        { BusyTimes = [new ResourceBusy("htree[0]", 7)] };
        var text = CountsFile.Write(counts);
        Assert.That(text, Does.Contain("\"sqnr_db\": null"));
        var back = CountsFile.Read(text, "x.json");
        Assert.That(back.Layers[0].SqnrDb, Is.EqualTo(double.PositiveInfinity));
        Assert.That(CountsFile.Write(back), Is.EqualTo(text));
        Assert.That(back.BusyTimes, Is.EqualTo(counts.BusyTimes));
        var older = CountsFile.Read(text[..text.IndexOf(",\n  \"busy_times\"", StringComparison.Ordinal)] + "\n}\n", "old.json");
        Assert.That(older.BusyTimes, Is.Empty, "a counts file written before busy times were recorded still reads");
    }

    [Test]
    public void ADrivenRowHistogramMustAddUpToItsCount()
    {
        ActivityCounts Counts(long[] h) => new(ActivityCounts.SchemaName, "a", "n", "d", "layer-by-layer", false, 10, 3, CountsStructure.Unrecorded,
            new Dictionary<string, long> { ["macs"] = 5 },
            [new LayerActivity("l", "Conv", 0, 10, 10, 5, 1, 3, 0, 1, 1.0, [new ActionCount("adc", "convert", 3) { ByDrivenRows = h }])]);
        var back = CountsFile.Read(CountsFile.Write(Counts([1, 0, 2])), "x.json");
        Assert.That(back.Layers[0].Actions[0].ByDrivenRows, Is.EqualTo(new long[] { 1, 0, 2 }));
        var e = Assert.Throws<InputException>(() => CountsFile.Read(CountsFile.Write(Counts([1, 1])), "x.json"))!;
        Assert.That(e.Message, Does.Contain("by_driven_rows must be non-negative and add up to its count 3"));
    }

    [Test]
    public void TheReplayRecordsEveryResourceInstancesBusyTime()
    {
        var trace = ReplayFixtures.SmallResNet(ReadoutKind.Adc, 4);
        var timing = ReplayFixtures.Timing(ReadoutKind.Adc);
        var result = ReplayEngine.Run(trace, timing, new ReplayOptions());
        Assert.That(result.BusyTimes.Select(b => b.Resource), Is.EqualTo(new[] { "accumulator", "activation", "htree", "pooling", "router" }
            .SelectMany(n => Enumerable.Range(0, timing.Tiles).Select(i => $"{n}[{i}]")).Order(StringComparer.Ordinal)));
        Assert.That(result.BusyTimes, Has.All.Matches<ResourceBusy>(b => b!.BusyPs >= 0 && b.BusyPs <= result.TotalPs), "one unit per bank: busy no longer than the inference");
        Assert.That(result.BusyTimes.Where(b => b.Resource.StartsWith("htree", StringComparison.Ordinal)).Sum(b => b.BusyPs), Is.Positive);
    }

    [Test]
    public void MacsSummingPast2To63AreAnErrorNotANegativeTotal()
    {
        var trace = ReplayFixtures.SmallResNet(ReadoutKind.Adc, 4);
        var layers = trace.Layers.Select(l => l.Mapping is null ? l : new LayerTrace
        {
            Index = l.Index, Name = l.Name, Op = l.Op, Input = l.Input, Output = l.Output, KernelSize = l.KernelSize, Stride = l.Stride,
            Padding = l.Padding, Sources = l.Sources, InputBits = l.InputBits, WeightBits = l.WeightBits, Mapping = l.Mapping,
            NonZeroPerRead = l.NonZeroPerRead, Macs = long.MaxValue / 2, Counts = l.Counts,
        }).ToArray();
        trace = ReplayFixtures.Network(ReadoutKind.Adc, layers);
        var options = new ReplayOptions();
        var replay = ReplayEngine.Run(trace, ReplayFixtures.Timing(ReadoutKind.Adc), options);
        var e = Assert.Throws<InputException>(() => ActivityCounter.Count("fixture", ReportBuilderTests.FixtureComponents(true), CountsStructure.Unrecorded, trace, replay, options))!;
        Assert.That(e.Message, Does.Contain("2^63"));
    }

    [Test]
    public void ATraceWithNoLayersIsOneLineNotACrash()
    {
        var chip = ChipModel.Build(RepoFiles.SizedChip("adc7.yaml"));
        var trace = new NetworkTrace { Network = "empty", Dataset = "cifar10", Architecture = "adc7", Target = chip.Spec.ToMappingTarget(), Seed = 1, Layers = [] };
        using (var f = File.Create(F("empty.cimtrace"))) TraceWriter.Write(trace, f);
        foreach (var args in new[]
        {
            new[] { "run", "--arch", RepoFiles.Architecture("adc7.yaml"), "--trace", F("empty.cimtrace"), "--quiet" },
            new[] { "trace", "info", F("empty.cimtrace") },
        })
        {
            var (code, err) = Cli(args);
            Assert.That(code, Is.AnyOf(0, 2), err);
            Assert.That(err, Does.Not.Contain("internal error"));
            if (args[0] == "run") Assert.That(err, Does.Contain("no layers"));
        }
    }
}
