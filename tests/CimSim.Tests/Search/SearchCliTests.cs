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

    [Test]
    public void TheBestChipRunsWithCimsimRunAndReproducesTheSearchFigures()
    {
        string space = SearchFixtures.WriteTinySpace();
        string dir = Path.Combine(Path.GetDirectoryName(space)!, "out");
        var (code, output, err) = Run("search", "--space", space, "--out", dir, "--workers", "2");
        Assert.That(code, Is.EqualTo(0), err + output);
        foreach (var f in new[] { "results.jsonl", "best.yaml", "best.json", "pareto.csv", "pareto_energy_latency.svg", "pareto_energy_latency.pdf", "pareto_edap_area.svg", "summary.txt" })
            Assert.That(File.Exists(Path.Combine(dir, f)), f);
        Assert.That(output, Does.Contain("best against the baseline"));

        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "best.json")));
        var b = best.RootElement;
        string network = b.GetProperty("network").GetString()!;
        Assert.That(File.ReadAllText(Path.Combine(dir, "best.yaml")), Does.Contain("# network: " + network));
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

        // The results are there: a second search into the same directory must say how to continue.
        (code, _, err) = Run("search", "--space", space, "--out", dir);
        Assert.That(code, Is.EqualTo(Program.UserError));
        Assert.That(err, Does.Contain("--resume").And.Contain("--force"));
        (code, output, err) = Run("search", "--space", space, "--out", dir, "--resume", "--workers", "1");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("(0 simulated now"));
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
