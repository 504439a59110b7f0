using System.Globalization;
using System.Text;
using CimSim.Search;
using CimSim.Search.Output;
using CimSim.Simulator.Plots;
using CimSim.Tests.Search;
using NUnit.Framework;
using OxyPlot.Series;

namespace CimSim.Tests.Plots;

public class ParetoChartTests
{
    [Test]
    public void TheSearchChartsDrawTheFrontThatParetoCsvFlags()
    {
        var outcome = CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1 });
        var files = SearchOutputs.Files(outcome);
        Assert.That(files.Select(f => f.Name), Is.EqualTo(SearchOutputs.FileNames));
        var csv = Encoding.UTF8.GetString(files.Single(f => f.Name == "pareto.csv").Content).TrimEnd('\n').Split('\n');
        var header = Cells(csv[0]);
        int Col(string name) => Array.IndexOf(header, name);
        var rows = csv.Skip(1).Select(Cells).ToList();
        double D(string[] r, string col) => double.Parse(r[Col(col)], CultureInfo.InvariantCulture);
        var flagged = rows.Where(r => r[Col("energy_latency_front")] == "true")
            .Select(r => (X: D(r, "latency_ns") * 1e-3, Y: D(r, "energy_pj") * 1e-6)).OrderBy(p => p.X).ToList();
        Assert.That(flagged, Is.Not.Empty);

        var (energyLatency, edapArea) = SearchOutputs.ParetoCharts(outcome);
        Assert.That(energyLatency.Title, Does.Contain("energy against latency").And.Contain("Pareto front"));
        Assert.That(edapArea.Title, Does.Contain("EDAP against chip area").And.Contain("Pareto front"));
        Assert.That(energyLatency.Axes.Select(a => a.Title), Has.Some.StartsWith("Latency per inference (µs").And.Some.StartsWith("Energy per inference (µJ"));
        Assert.That(edapArea.Axes.Select(a => a.Title), Has.Some.StartsWith("Chip area (mm²").And.Some.StartsWith("EDAP (pJ·ns·mm²"));
        var rings = energyLatency.Series.OfType<ScatterSeries>().Single(s => s.Title is null);
        Assert.That(rings.Points.Select(p => (p.X, p.Y)), Is.EqualTo(flagged));
        Assert.That(energyLatency.Series.OfType<LineSeries>().Single().Title, Is.EqualTo(ScatterChart.FrontName));
        var designs = energyLatency.Series.OfType<ScatterSeries>().Where(s => s.Title is not null).ToList();
        Assert.That(designs.Select(s => s.MarkerStroke), Is.Unique);
        int feasible = rows.Count(r => r[Col("feasible")] == "true");
        Assert.That(designs.Sum(s => s.Points.Count), Is.EqualTo(feasible), "every feasible design is drawn, nothing else");
        bool baselineFeasible = rows[0][Col("feasible")] == "true";
        Assert.That(designs.Any(s => s.Title == "baseline chip"), Is.EqualTo(baselineFeasible));
        Assert.That(energyLatency.Subtitle, Does.Contain($"the front ({flagged.Count})"));
        var svg = Encoding.UTF8.GetString(files.Single(f => f.Name == "pareto_energy_latency.svg").Content);
        Assert.That(svg, Does.StartWith("<?xml").And.Contain("Pareto front"));
    }

    /// <summary>The cells of one RFC 4180 line (quoted cells may hold commas and doubled quotes).</summary>
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }
}
