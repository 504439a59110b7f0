using System.Text.Json;
using CimSim.Cli;
using NUnit.Framework;

namespace CimSim.Tests.Search;

public class SearchCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [TestCase(false)]
    [TestCase(true, TestName = "TheBestChipRunsWithCimsimRunAndReproducesTheSearchFigures(with base.set)")]
    public void TheBestChipRunsWithCimsimRunAndReproducesTheSearchFigures(bool set)
    {
        string space = SearchFixtures.WriteTinySpace();
        if (set) File.WriteAllText(space, File.ReadAllText(space).Replace("  dataset: cifar10\n", "  dataset: cifar10\n  set: { crossbar.signed_weights: differential }\n"));
        string dir = Path.Combine(Path.GetDirectoryName(space)!, "out");
        var (code, output, err) = Run("search", "--space", space, "--out", dir, "--workers", "2");
        Assert.That(code, Is.EqualTo(0), err + output);
        foreach (var f in new[] { "results.jsonl", "best.yaml", "best.json", "pareto.csv", "pareto_energy_latency.svg", "pareto_energy_latency.pdf", "pareto_edap_area.svg", "summary.txt" })
            Assert.That(File.Exists(Path.Combine(dir, f)), f);
        Assert.That(output, Does.Contain("best against the baseline"));

        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "best.json")));
        var b = best.RootElement;
        string network = b.GetProperty("network").GetString()!;
        string bestYaml = File.ReadAllText(Path.Combine(dir, "best.yaml"));
        Assert.That(bestYaml, Does.Contain("# network: " + network));
        Assert.That(bestYaml, Does.Contain(set ? "signed_weights: differential" : "signed_weights: offset"));
        string json = Path.Combine(dir, "rerun.json");
        (code, _, err) = Run("run", "--arch", Path.Combine(dir, "best.yaml"), "--network", network, "--dataset", "cifar10",
            "--seed", b.GetProperty("seed").GetUInt64().ToString(), "--json", json, "--quiet");
        Assert.That(code, Is.EqualTo(0), err);
        using var rerun = JsonDocument.Parse(File.ReadAllText(json));
        var totals = rerun.RootElement.GetProperty("totals");
        var figures = b.GetProperty("best");
        foreach (var (report, search) in new[] { ("energy_pj", "energy_pj"), ("latency_ns", "latency_ns"), ("area_mm2", "area_mm2") })
            Assert.That(totals.GetProperty(report).GetDouble(), Is.EqualTo(figures.GetProperty(search).GetDouble()).Within(1e-9).Percent, report);
        Assert.That(figures.GetProperty("feasible").GetBoolean(), Is.True);
        var phases = b.GetProperty("optimizers").EnumerateArray().ToList();
        Assert.That(phases.Sum(p => p.GetProperty("simulated").GetInt32()), Is.InRange(1, b.GetProperty("simulated").GetInt32() - 1),
            "the phases simulate designs; the baseline is simulated before them");
        Assert.That(phases.All(p => p.GetProperty("simulated").GetInt32() <= p.GetProperty("evaluations").GetInt32()
            && p.GetProperty("simulation_seconds").GetDouble() <= p.GetProperty("seconds").GetDouble()), Is.True);

        // The results are there: a second search into the same directory must say how to continue.
        (code, _, err) = Run("search", "--space", space, "--out", dir);
        Assert.That(code, Is.EqualTo(Program.UserError));
        Assert.That(err, Does.Contain("--resume").And.Contain("--force"));
        (code, output, err) = Run("search", "--space", space, "--out", dir, "--resume", "--workers", "1");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("(0 simulated now"));
        using var resumed = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "best.json")));
        Assert.That(resumed.RootElement.GetProperty("optimizers").EnumerateArray().Select(p => p.GetProperty("simulated").GetInt32()), Is.All.EqualTo(0));
    }

    [Test]
    public void ABrokenSpaceIsOneLineAndExitCodeTwo()
    {
        string space = SearchFixtures.WriteTinySpace("knobs:\n  channels: [8, x]\n");
        var (code, _, err) = Run("search", "--space", space, "--out", Path.Combine(Path.GetDirectoryName(space)!, "out"));
        Assert.That(code, Is.EqualTo(Program.UserError));
        Assert.That(err.Trim(), Does.StartWith($"cimsim: error: {space}:7:").And.Contain("knobs.channels"));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }
}
