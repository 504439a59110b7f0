using System.Text.Json.Nodes;
using CimSim.Simulator.Reports;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

public class ComparisonTests
{
    private static SimulationReport Report(string arch, double energy, double latency, double area, long macs) =>
        new(arch, "net", "ds", "layer-by-layer", false, ReportMetrics.Totals(energy, latency, area, macs),
            [new("adc", energy * 0.75), new("leakage", energy * 0.25)], [new("adc", area)], [new("macs", macs)],
            [new LayerReport("l0", "Conv", 0, latency, latency, energy, macs, 10, 20, 5, 2, double.PositiveInfinity)],
            [new ActionTally("adc", "adc", "convert", 20, energy * 0.75 / 20)], 7);

    [Test]
    public void AdvantagesReadAsTimesBetterThanTheBaseline()
    {
        var cmp = new Comparison([Report("base", 1000, 100, 10, 500), Report("chip", 250, 50, 20, 500)]);
        double Adv(string figure) => cmp.Advantage(1, Comparison.Figures.Select((f, i) => (f.Name, i)).Single(x => x.Name == figure).i);
        Assert.That(Adv("energy"), Is.EqualTo(4.0));
        Assert.That(Adv("dynamic_energy"), Is.EqualTo(4.0)); // leakage is a quarter of each
        Assert.That(Adv("latency"), Is.EqualTo(2.0));
        Assert.That(Adv("area"), Is.EqualTo(0.5));
        Assert.That(Adv("edap"), Is.EqualTo(4.0 * 2.0 * 0.5));
        Assert.That(Adv("tops_per_w"), Is.EqualTo(4.0));
        Assert.That(Adv("tops_per_mm2"), Is.EqualTo(2.0 * 0.5));
        Assert.That(cmp.Advantage(0, 0), Is.EqualTo(1.0));
        Assert.That(cmp.ToCsv().Split('\n')[2], Does.StartWith("chip,250,50,20,"));
    }

    [Test]
    public void SavedReportsReadBackExactlyAndPlotTheSame()
    {
        var reports = new[] { Report("a", 1000, 100, 10, 500), Report("b", 300, 40, 12, 500) };
        var dir = Path.Combine(Path.GetTempPath(), "cimsim-plot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var read = reports.Select((r, i) =>
            {
                var path = Path.Combine(dir, $"r{i}.json");
                File.WriteAllText(path, ReportJson.Write(r));
                return ReportJson.ReadFile(path);
            }).ToList();
            Assert.That(read.Select(ReportJson.Write), Is.EqualTo(reports.Select(ReportJson.Write)));
            var direct = ReportPlots.All(reports);
            var fromFiles = ReportPlots.All(read);
            Assert.That(fromFiles.Select(f => f.FileName), Is.EqualTo(ReportPlots.FileNames));
            Assert.That(ReportPlots.FileNames, Does.Contain("energy_breakdown.svg").And.Contain("layer_latency.csv"));
            Assert.That(fromFiles.Select(f => f.Content), Is.EqualTo(direct.Select(f => f.Content)));
            Assert.That(System.Text.Encoding.UTF8.GetString(direct.Single(f => f.FileName == "energy_breakdown.csv").Content), Does.Contain("a,750,250,1000"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>The golden reports were written by an older version (no dynamic/leakage split in <c>totals</c>): they still read, and write back every number they hold.</summary>
    [Test]
    public void ReportsOfEarlierVersionsReadBack()
    {
        var files = Directory.GetFiles(Path.Combine(CimSim.Tests.Architecture.RepoFiles.Root, "tests", "data", "golden-reports"), "*.json");
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var report = ReportJson.ReadFile(file);
            using var golden = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            using var again = System.Text.Json.JsonDocument.Parse(ReportJson.Write(report));
            foreach (var p in golden.RootElement.EnumerateObject())
            {
                if (p.Name == "totals")
                    foreach (var q in p.Value.EnumerateObject())
                        Assert.That(again.RootElement.GetProperty("totals").GetProperty(q.Name).GetRawText(), Is.EqualTo(q.Value.GetRawText()), $"{Path.GetFileName(file)}: totals.{q.Name}");
                else Assert.That(again.RootElement.GetProperty(p.Name).GetRawText(), Is.EqualTo(p.Value.GetRawText()), $"{Path.GetFileName(file)}: {p.Name}");
            }
            var t = again.RootElement.GetProperty("totals");
            Assert.That(t.GetProperty("dynamic_energy_pj").GetDouble() + t.GetProperty("leakage_energy_pj").GetDouble(),
                Is.EqualTo(report.Totals.EnergyPj).Within(1e-9 * report.Totals.EnergyPj), Path.GetFileName(file));
        }
    }

    [Test]
    public void PlotRefusesAReportWithoutLayersOrWithANegativeOrNonFiniteFigure()
    {
        // These gave an internal error from the charts, or a chart of a negative total without a word.
        var dir = Path.Combine(Path.GetTempPath(), "cimsim-badreport-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string good = ReportJson.Write(Report("a", 1000, 100, 10, 500));
            string path = Path.Combine(dir, "r.json"), outDir = Path.Combine(dir, "charts");
            foreach (var (change, expected) in new (Action<JsonNode>, string)[]
            {
                (r => r["layers"] = new JsonArray(), "layers: is empty; a report has at least one layer"),
                (r => r["energy_pj"]!["adc"] = -1e9, "energy_pj.adc: must be ≥ 0 and finite, got -1000000000"),
                (r => r["totals"]!["energy_pj"] = -5, "totals.energy_pj: must be ≥ 0 and finite, got -5"),
                (r => r["totals"]!["latency_ns"] = null, "totals.latency_ns: must be ≥ 0 and finite, got a non-finite value"),
                (r => r["layers"]![0]!["latency_ns"] = -1, "layers[0].latency_ns: must be ≥ 0 and finite, got -1"),
                (r => r["area_mm2"] = new JsonObject(), "area_mm2: names no component class; a report has at least one"),
            })
            {
                var json = JsonNode.Parse(good)!;
                change(json);
                File.WriteAllText(path, json.ToJsonString());
                var e = new StringWriter();
                int code = CimSim.Cli.Program.Run(["plot", path, "-o", outDir, "-q"], TextWriter.Null, e);
                Assert.That(code, Is.EqualTo(2), expected);
                Assert.That(e.ToString(), Is.EqualTo($"cimsim: error: {path}: {expected}{Environment.NewLine}"));
                Assert.That(Directory.Exists(outDir) ? Directory.GetFiles(outDir) : [], Is.Empty, "nothing written");
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void AForeignJsonFileGetsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), "cimsim-notareport-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ \"schema\": \"something/else\" }");
        try
        {
            var e = Assert.Throws<InputException>(() => ReportJson.ReadFile(path))!;
            Assert.That(e.Message, Does.Contain(path).And.Contain("schema").And.Contain("not a CimSim report"));
            File.WriteAllText(path, "{ \"schema\": ");
            e = Assert.Throws<InputException>(() => ReportJson.ReadFile(path))!;
            Assert.That(e.Message, Does.Contain("not valid JSON"));
        }
        finally { File.Delete(path); }
    }
}
