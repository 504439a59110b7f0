using System.Text.Json;
using NUnit.Framework;
using static CimSim.Tests.Cli.CliHarness;

namespace CimSim.Tests.Cli;

/// <summary>
/// <c>tiles: auto</c> as the commands meet it (run, arch, compile, cost), and the options the commands share: the same
/// name for the same thing everywhere (README.md, "Flags").
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class AutoTilesAndOptionsTests
{
    private string _dir = "";

    [SetUp] public void SetUp() => _dir = TempDir();
    [TearDown] public void TearDown() => Remove(_dir);

    private string F(string name) => Path.Combine(_dir, name);

    /// <summary>Every command that works in parallel, writes files or prints progress takes the shared spelling.</summary>
    [TestCase("search", "--workers", "-j", "-o", "--out", "--force", "--quiet")]
    [TestCase("sweep", "--workers", "-j", "-o", "--out", "--force", "--quiet")]
    [TestCase("accuracy", "--workers", "-j", "--images", "--quiet")]
    [TestCase("compile", "--workers", "-j", "-o", "--out", "--force", "--quiet")]
    [TestCase("compare", "-o", "--out", "--force", "--quiet")]
    [TestCase("cost", "--json", "--csv", "--force", "--quiet")]
    [TestCase("run", "--json", "--csv", "--force", "--quiet")]
    public void SharedOptionsHaveOneNameEverywhere(string command, params string[] options)
    {
        var r = Run(command, "--help");
        Assert.That(r.Code, Is.Zero, r.Err);
        var words = r.Out.Split([' ', ',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var o in options) Assert.That(words, Does.Contain(o), $"{command} --help lists {o}");
        Assert.That(words, Does.Not.Contain("--threads"), "--threads is a hidden alias of --workers");
        Assert.That(words, Does.Not.Contain("--output"), "--output is a hidden alias of --out");
    }

    /// <summary>The old spellings still work, with the same limits.</summary>
    [TestCase("search", "--threads", "-1", "--threads: must be 0 (every core) to 256, got -1")]
    [TestCase("sweep", "--threads", "999", "--threads: must be 0 (every core) to 256, got 999")]
    [TestCase("accuracy", "--threads", "-3", "--threads: must be 0 (every core) to 256, got -3")]
    [TestCase("accuracy", "--images", "-1", "--images: must be 0 to 2,147,483,647, got -1")]
    // Not a number at all: the parser's own one line, not the range check's exception.
    [TestCase("accuracy", "--images", "abc", "Cannot parse argument 'abc' for option '--images'")]
    [TestCase("accuracy", "--calibration", "", "Cannot parse argument '' for option '--calibration'")]
    [TestCase("search", "--workers", "x", "Cannot parse argument 'x' for option '--workers'")]
    [TestCase("sweep", "-j", "two", "Cannot parse argument 'two' for option '--workers'")]
    public void OldSpellingsKeepTheLimits(string command, string option, string value, string expected)
    {
        string[] rest = command switch
        {
            "search" => ["--space", "s.yaml", "-o", F("o")],
            "sweep" => ["s.yaml", "-o", F("o")],
            _ => ["--arch", Chip(), "--network", "m"],
        };
        var r = Run([command, .. rest, option, value]);
        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.ErrLines, Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.Contain(expected));
    }

    [Test]
    public void ReplicateOnAnAutoChipIsRefusedNotIgnored()
    {
        var r = Run("run", "--arch", Chip("adc7.yaml"), "--network", "resnet20", "--replicate", "--json", F("r.json"));
        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.ErrLines, Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.Contain("--replicate").And.Contain("tiles: auto").And.Contain("20 tiles for resnet20").And.Contain("no spare tiles"));
        Assert.That(File.Exists(F("r.json")), Is.False);
        r = Run("compile", "--arch", Chip("adc7.yaml"), "--network", "resnet20", "--replicate", "-o", F("t.trace"));
        Assert.That((r.Code, File.Exists(F("t.trace"))), Is.EqualTo((2, false)));
    }

    [Test]
    public void ArchShowsHowASensingPathClockIsMade()
    {
        var text = Run("arch", Chip("neurosim-vgg8-22nm.yaml"), "--network", "vgg8");
        Assert.That(text.Code, Is.Zero, text.Err);
        Assert.That(text.Out, Does.Contain("clock 1.697 ns (sensing path 1697 ps = 1.4 × (max(switch matrix 14.14, mux 3.760 + decoder 89.51)"));
        Assert.That(text.Out, Does.Contain("+ precharger 33.14 + sense amp 938.4 + encoder 147.6))"));
        Assert.That(Run("arch", Chip("adc7.yaml")).Out, Does.Not.Contain("sensing path"), "a chip that gives its clock");
    }

    [Test]
    public void ArchOnAnAutoChipSaysSoAndWithANetworkMatchesRun()
    {
        var text = Run("arch", Chip("adc7.yaml"));
        Assert.That(text.Code, Is.Zero, text.Err);
        Assert.That(text.Out, Does.Contain("tiles: auto (sized per network").And.Contain("figures below are for 1 tile"));
        var json = Run("arch", Chip("adc7.yaml"), "--json", "-");
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var h = doc.RootElement.GetProperty("hierarchy");
            Assert.That((h.GetProperty("tiles").ValueKind, h.GetProperty("tiles_auto").GetBoolean()), Is.EqualTo((JsonValueKind.Null, true)));
            Assert.That(doc.RootElement.GetProperty("figures_for_tiles").GetInt32(), Is.EqualTo(1));
        }
        // Sized for VGG16 / CIFAR-10 it is the chip run costs: the same tiles and area.
        var sized = Run("arch", Chip("adc7.yaml"), "--network", "vgg16", "--json", "-");
        var run = Run("run", "--arch", Chip("adc7.yaml"), "--network", "vgg16", "--json", "-");
        Assert.That((sized.Code, run.Code), Is.EqualTo((0, 0)), sized.Err + run.Err);
        using var a = JsonDocument.Parse(sized.Out);
        using var b = JsonDocument.Parse(run.Out);
        Assert.That(a.RootElement.GetProperty("hierarchy").GetProperty("tiles").GetInt32(), Is.EqualTo(229));
        Assert.That(a.RootElement.GetProperty("hierarchy").GetProperty("sized_for").GetString(), Is.EqualTo("vgg16 (cifar10)"));
        Assert.That(b.RootElement.GetProperty("tiles").GetInt32(), Is.EqualTo(229));
        Assert.That(a.RootElement.GetProperty("total_area_mm2").GetDouble(),
            Is.EqualTo(b.RootElement.GetProperty("totals").GetProperty("area_mm2").GetDouble()).Within(1e-9));
        Assert.That(run.Err, Is.Empty.Or.Not.Contain("error"));
    }

    /// <summary>A search space on a chip with tiles: auto: the baseline is that chip sized for the base network (as run sizes it).</summary>
    [Test]
    public void ASearchOnAnAutoChipSizesItsBaselineForTheBaseNetwork()
    {
        const string net = "vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16";
        File.WriteAllText(F("space.yaml"), $"""
            name: tinyauto
            base:
              chip: {Chip("adc7.yaml")}
              network: {net}
              dataset: cifar10
            layers: [conv1, conv2]
            knobs:
              channels: [8, 16]
              adc_type: [sar]
              column_sharing: [4, 8]
              input_bits: [3]
            search:
              evaluations: 2
              population: 2
              seed: 7
            """);
        var r = Run("search", "--space", F("space.yaml"), "-o", F("out"), "--workers", "1", "--quiet");
        Assert.That(r.Code, Is.Zero, r.Err);
        using var best = JsonDocument.Parse(File.ReadAllText(F("out/best.json")));
        var run = Run("run", "--arch", Chip("adc7.yaml"), "--network", net, "--json", "-");
        using var shipped = JsonDocument.Parse(run.Out);
        string summary = File.ReadAllText(F("out/summary.txt"));
        string area = shipped.RootElement.GetProperty("totals").GetProperty("area_mm2").GetDouble().ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(summary.Split('\n').Single(l => l.StartsWith("baseline (as shipped)", StringComparison.Ordinal)), Does.Contain(" " + area + " "));
        Assert.That(best.RootElement.ToString(), Does.Contain("\"tiles\""));
    }

    /// <summary>compile quantizes a chip's per-layer readouts (layers:) as run does, so its trace replays on that chip
    /// to run's very report; cost re-costs an auto chip's counts on the tiles they were made on.</summary>
    [Test]
    public void CompileHonoursPerLayerReadoutsAndCostTakesTheCountsTiles()
    {
        string chip = Chip("xpert-vgg16-searched.yaml");
        const string net = "vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4";
        var c = Run("compile", "--arch", chip, "--network", net, "-o", F("s.trace"), "--quiet");
        Assert.That(c.Code, Is.Zero, c.Err);
        var viaTrace = Run("run", "--arch", chip, "--trace", F("s.trace"), "--json", "-");
        var direct = Run("run", "--arch", chip, "--network", net, "--json", "-");
        Assert.That((viaTrace.Code, direct.Code), Is.EqualTo((0, 0)), viaTrace.Err + direct.Err);
        Assert.That(viaTrace.Out, Is.EqualTo(direct.Out));

        var counted = Run("run", "--arch", Chip("hcim.yaml"), "--network", "vgg8", "--counts", F("c.json"), "--json", F("r.json"), "--quiet");
        Assert.That(counted.Code, Is.Zero, counted.Err);
        var cost = Run("cost", "--arch", Chip("hcim.yaml"), "--counts", F("c.json"), "--json", "-");
        Assert.That(cost.Code, Is.Zero, cost.Err);
        using var a = JsonDocument.Parse(File.ReadAllText(F("r.json")));
        using var b = JsonDocument.Parse(cost.Out);
        Assert.That(b.RootElement.GetProperty("tiles").GetInt32(), Is.EqualTo(201));
        Assert.That(b.RootElement.GetProperty("totals").GetProperty("energy_pj").GetDouble(),
            Is.EqualTo(a.RootElement.GetProperty("totals").GetProperty("energy_pj").GetDouble()));
    }

    /// <summary>run --input/--weights compiles in the same process exactly what compile + run --trace replay.</summary>
    [Test]
    public void RunWithInputAndWeightsEqualsCompileThenReplay()
    {
        string model = Accuracy.TemplateModel.Write(F("model")), net = Path.Combine(model, "network.yaml");
        var image = CimSim.Workloads.Datasets.DatasetSource.Subset().Image(3);
        File.WriteAllBytes(F("in.npy"), Workloads.NpyFiles.Float32([1, 28, 28], image));
        string[] workload = ["--arch", Chip("adc7.yaml"), "--network", net, "--weights", model, "--input", F("in.npy")];
        Assert.That(Run(["compile", .. workload, "-o", F("t.trace"), "-q"]).Code, Is.Zero);
        Assert.That(Run("run", "--arch", Chip("adc7.yaml"), "--trace", F("t.trace"), "--json", F("a.json"), "-q").Code, Is.Zero);
        Assert.That(Run(["run", .. workload, "--no-accuracy", "--json", F("b.json"), "-q"]).Code, Is.Zero);
        string Totals(string f) => JsonDocument.Parse(File.ReadAllText(F(f))).RootElement.GetProperty("totals").GetRawText();
        Assert.That(Totals("b.json"), Is.EqualTo(Totals("a.json")));
        // A trace fixes its input and weights: giving them again is refused.
        var refused = Run("run", "--arch", Chip("adc7.yaml"), "--trace", F("t.trace"), "--input", F("in.npy"));
        Assert.That(refused.Code, Is.EqualTo(2));
        Assert.That(refused.Err, Does.Contain("--input"));
    }
}
