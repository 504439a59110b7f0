using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Cli;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>
/// Every shipped chip (<c>architectures/*.yaml</c>; the <c>search/</c> and <c>sweeps/</c> folders hold no chips) runs
/// every zoo network it is meant for. The rule for "meant for":
/// <list type="bullet">
/// <item>A chip whose tile count follows the network (<c>hierarchy.tiles: auto</c>) and that gives no layer its own
/// readout: every zoo network on its default dataset. A chip puts no limit on the input shape (every zoo network's
/// dataset is images of 3 channels, and a crossbar takes any unrolled window), so every dataset fits.</item>
/// <item>A chip with a fixed tile count is the design for one network (<see cref="DesignNetworks"/>, from its
/// header): that network, and every zoo network with no more weights than it (its tiles were sized for that many).</item>
/// <item>A chip that gives layers their own readouts or tiles (<c>layers:</c>) names one network's layers: that network only.</item>
/// </list>
/// Every pair is sized, mapped and assembled (the chip model with its tile groups: milliseconds); a few run whole
/// through <c>cimsim run</c> (the README's example, an ImageNet-sized network, a chip with per-layer readouts);
/// tests/data/golden-reports runs more. A zoo pair a chip is not meant for, where it fails, fails with one line that
/// names the tile count that would hold the network.
/// </summary>
public class ShippedChipPairTests
{
    /// <summary>The network each chip with a fixed tile count or per-layer readouts was designed for (its header says so).</summary>
    private static readonly Dictionary<string, string> DesignNetworks = new()
    {
        ["xpert-vgg16-baseline.yaml"] = "vgg16", // XPert's VGG16 / CIFAR-10 baseline hardware
        ["xpert-vgg16-searched.yaml"] =          // XPert's searched VGG16 (per-layer ADCs for these widths)
            "vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4",
    };

    private static IEnumerable<string> Chips() =>
        Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "architectures"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>Every (chip, network spec) pair the rule admits.</summary>
    public static IEnumerable<TestCaseData> Pairs() => MeantFor().Select(p => new TestCaseData(p.Chip, p.Network).SetArgDisplayNames(p.Chip, p.Network));

    private static List<(string Chip, string Network)> MeantFor()
    {
        var pairs = new List<(string, string)>();
        foreach (var chip in Chips())
        {
            var spec = ArchitectureLoader.LoadFile(RepoFiles.Architecture(chip));
            if (spec.AutoTiles && spec.LayerPeripherals.Count == 0)
            {
                pairs.AddRange(NetworkZoo.Names.Select(n => (chip, n)));
                continue;
            }
            if (!DesignNetworks.TryGetValue(chip, out var design))
                throw new AssertionException($"{chip} has a fixed tile count or per-layer readouts: name the network it is designed for in DesignNetworks");
            pairs.Add((chip, design));
            if (spec.LayerPeripherals.Count > 0) continue;
            long weights = NetworkZoo.Create(design).Weights;
            pairs.AddRange(NetworkZoo.Names.Where(n => n != design && NetworkZoo.Create(n).Weights <= weights).Select(n => (chip, n)));
        }
        return pairs;
    }

    [Test]
    public void TheRuleCoversEveryShippedChipAndMostPairs()
    {
        var pairs = MeantFor();
        TestContext.Out.WriteLine($"{pairs.Count} pairs: {string.Join(", ", pairs.Select(p => $"{Path.GetFileNameWithoutExtension(p.Chip)}×{p.Network.Split(':')[0]}"))}");
        Assert.That(pairs.Select(p => p.Chip).Distinct(), Is.EquivalentTo(Chips()), "every shipped chip runs something");
        // 7 chips × 4 zoo networks: the searched XPert chip takes only its own VGG16.
        Assert.That(pairs, Has.Count.GreaterThanOrEqualTo(25));
    }

    [TestCaseSource(nameof(Pairs))]
    public void TheChipHoldsTheNetwork(string chip, string network)
    {
        var spec = ArchitectureLoader.LoadFile(RepoFiles.Architecture(chip));
        var net = NetworkSource.Load(network, null);
        var sized = ChipAssembly.SizedFor(spec, net);
        // What run does before compiling: the mapping (throws when the network does not fit) and the chip with its tile groups.
        var layerTiles = SimulationRunner.LayerTiles(sized, net);
        long used = layerTiles.Values.Sum(t => (long)t);
        Assert.That(used, Is.LessThanOrEqualTo(sized.Tiles));
        if (spec.AutoTiles) Assert.That(sized.Tiles, Is.EqualTo(used), "tiles: auto is the fewest tiles that hold the network");
        var assembly = ChipAssembly.Build(sized, layerTiles);
        Assert.That(assembly.TotalAreaMm2, Is.GreaterThan(0));
        Assert.That(assembly.Groups.Sum(g => g.Tiles), Is.LessThanOrEqualTo(sized.Tiles));
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [TestCase("adc7.yaml", "vgg16", "cifar10")]          // the README's example
    [TestCase("hcim.yaml", "resnet18", null)]            // ImageNet-sized input on an auto chip
    [TestCase("xpert-vgg16-searched.yaml", null, null)]  // per-layer readouts on their network
    public void RunsWhole(string chip, string? network, string? dataset)
    {
        network ??= DesignNetworks[chip];
        string[] args = ["run", "--arch", RepoFiles.Architecture(chip), "--network", network, "--json", "-", "--quiet", .. dataset is null ? [] : new[] { "--dataset", dataset }];
        var r = Run(args);
        Assert.That(r.Code, Is.Zero, r.Err);
        using var report = System.Text.Json.JsonDocument.Parse(r.Out);
        var spec = ArchitectureLoader.LoadFile(RepoFiles.Architecture(chip));
        var net = NetworkSource.Load(network, dataset);
        Assert.That(report.RootElement.GetProperty("tiles").GetInt32(), Is.EqualTo(ChipAssembly.SizedFor(spec, net).Tiles));
        Assert.That(report.RootElement.GetProperty("tiles_auto").GetBoolean(), Is.EqualTo(spec.AutoTiles));
        Assert.That(report.RootElement.GetProperty("totals").GetProperty("energy_pj").GetDouble(), Is.GreaterThan(0));
    }

    /// <summary>A pair that does not fit fails with one line naming the tiles that would hold the network (every shipped
    /// chip holds every zoo network its rule admits, so the XPert baseline is cut to 64 tiles here).</summary>
    [Test]
    public void APairThatDoesNotFitNamesTheTilesThatWould()
    {
        string small = Path.Combine(Path.GetTempPath(), $"cimsim-x64-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(small, File.ReadAllText(RepoFiles.Architecture("xpert-vgg16-baseline.yaml")).Replace("\n  tiles: 128 ", "\n  tiles: 64 "));
        try
        {
            var r = Run("run", "--arch", small, "--network", "vgg16", "--quiet");
            Assert.That(r.Code, Is.EqualTo(2));
            Assert.That(r.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.Contain("needs 118 tiles").And.Contain("the chip has 64").And.Contain("hierarchy.tiles: 118 or more"));
        }
        finally { File.Delete(small); }
    }
}
