using System.Globalization;
using CimSim.Simulator.Plots;

namespace CimSim.Simulator.Reports;

/// <summary>
/// The standard charts of one or more reports, each as SVG and PDF with its data as CSV: energy and area
/// breakdowns (a stacked bar per chip, a colour per component class, the same colour for a class in every chart;
/// in the energy chart leakage is black, on top of the dynamic energy, and its share is written above each bar;
/// a second energy chart leaves leakage out, so that the dynamic energy's make-up can be read when leakage
/// dominates) and per-layer latency (grouped bars, a bar per chip, on a log axis).
/// </summary>
public static class ReportPlots
{
    /// <summary>The files <see cref="All"/> produces, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. ChartFiles.FileNames("energy_breakdown"), .. ChartFiles.FileNames("dynamic_energy_breakdown"), .. ChartFiles.FileNames("area_breakdown"), .. ChartFiles.FileNames("layer_latency")];

    /// <summary>File name → content for energy_breakdown, dynamic_energy_breakdown, area_breakdown and layer_latency (.svg, .pdf and .csv).</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> All(IReadOnlyList<SimulationReport> reports) =>
        Charts(reports).SelectMany(ChartFiles.Render).ToList();

    /// <summary>The four charts with their data, in <see cref="FileNames"/> order.</summary>
    /// <exception cref="InputException">The reports ran networks with different layers (per-layer latency cannot be compared).</exception>
    public static IReadOnlyList<Chart> Charts(IReadOnlyList<SimulationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0) throw new ArgumentException("no reports to plot", nameof(reports));
        var chips = ChipLabels(reports);
        return [EnergyBreakdown(reports, chips), DynamicEnergyBreakdown(reports, chips), AreaBreakdown(reports, chips), LayerLatency(reports, chips)];
    }

    /// <summary>Chip names, made unique (a repeated name gets " (2)", " (3)"…).</summary>
    private static List<string> ChipLabels(IReadOnlyList<SimulationReport> reports)
    {
        var labels = new List<string>();
        foreach (var r in reports)
        {
            string label = r.Architecture;
            for (int k = 2; labels.Contains(label); k++) label = $"{r.Architecture} ({k})";
            labels.Add(label);
        }
        return labels;
    }

    private static string Networks(IReadOnlyList<SimulationReport> reports)
    {
        var nets = reports.Select(r => r.Network).Distinct().ToList();
        return nets.Count == 1 ? nets[0] : string.Join(", ", nets);
    }

    private static Chart EnergyBreakdown(IReadOnlyList<SimulationReport> reports, List<string> chips)
    {
        var series = ClassSeries(reports.Select(r => r.EnergyPjByClass).ToList());
        var totals = Totals(series, chips.Count);
        var unit = UnitScale.ForEnergyPj(totals.Max());
        int leak = series.FindIndex(s => s.Name == "leakage");
        var labels = chips.Select((_, c) =>
        {
            string total = NumberText.Significant(unit.Convert(totals[c])) + " " + unit.Unit;
            if (leak < 0) return total;
            double share = totals[c] > 0 ? series[leak].Values[c] / totals[c] : 0;
            return total + "\n" + string.Create(CultureInfo.InvariantCulture, $"{share * 100:F0} % leakage");
        }).ToList();
        var model = BarChart.Stacked($"Energy per inference by component ({Networks(reports)})", chips,
            series.Select(unit.Convert).ToList(), unit.AxisLabel("Energy per inference"), "Chip",
            leak >= 0 ? "dynamic energy by component class; leakage (black) on top, its share above each bar" : "dynamic energy by component class",
            labels);
        return new Chart("energy_breakdown", model, ChartCsv.ForBars(chips, series, "chip [energy pj]", includeTotal: true));
    }

    private static Chart DynamicEnergyBreakdown(IReadOnlyList<SimulationReport> reports, List<string> chips)
    {
        var series = ClassSeries(reports.Select(r => r.EnergyPjByClass).ToList()).Where(s => s.Name != "leakage").ToList();
        var totals = Totals(series, chips.Count);
        var unit = UnitScale.ForEnergyPj(totals.Max());
        var labels = totals.Select(t => NumberText.Significant(unit.Convert(t)) + " " + unit.Unit).ToList();
        var model = BarChart.Stacked($"Dynamic energy per inference by component ({Networks(reports)})", chips,
            series.Select(unit.Convert).ToList(), unit.AxisLabel("Dynamic energy per inference"), "Chip",
            "leakage left out (see energy_breakdown); the total above each bar", labels);
        return new Chart("dynamic_energy_breakdown", model, ChartCsv.ForBars(chips, series, "chip [energy pj]", includeTotal: true));
    }

    private static Chart AreaBreakdown(IReadOnlyList<SimulationReport> reports, List<string> chips)
    {
        var series = ClassSeries(reports.Select(r => r.AreaMm2ByClass).ToList());
        var totals = Totals(series, chips.Count);
        var unit = UnitScale.ForAreaMm2(totals.Max());
        var labels = totals.Select(t => NumberText.Significant(unit.Convert(t)) + " " + unit.Unit).ToList();
        var model = BarChart.Stacked("Chip area by component", chips, series.Select(unit.Convert).ToList(),
            unit.AxisLabel("Area"), "Chip", null, labels);
        return new Chart("area_breakdown", model, ChartCsv.ForBars(chips, series, "chip [area mm²]", includeTotal: true));
    }

    private static Chart LayerLatency(IReadOnlyList<SimulationReport> reports, List<string> chips)
    {
        var layers = reports[0].Layers.Select(l => l.Name).ToList();
        for (int i = 1; i < reports.Count; i++)
            if (!reports[i].Layers.Select(l => l.Name).SequenceEqual(layers))
                throw new InputException($"per-layer latency needs the same network in every report; '{reports[i].Architecture}' ran {reports[i].Network} with other layers than '{reports[0].Architecture}'");
        var series = reports.Select((r, i) => new CategorySeries(chips[i], r.Layers.Select(l => l.LatencyNs).ToArray())).ToList();
        double max = series.Max(s => s.Values.Count == 0 ? 0 : s.Values.Max());
        var unit = UnitScale.ForTimeNs(max);
        if (layers.Count == 0)
            throw new InputException($"per-layer latency needs at least one layer; {reports[0].Network} has none");
        var csv = ChartCsv.ForBars(layers, series, "layer [latency ns]");
        // A log axis: layers differ by orders of magnitude, and equal ratios between chips look equal on every layer.
        bool log = series.All(s => s.Values.All(v => v > 0));
        var model = BarChart.Grouped($"Latency per layer ({Networks(reports)})", layers, series.Select(unit.Convert).ToList(),
            unit.AxisLabel("Latency") + (log ? ", log scale" : ""), "Layer (network order)", null, logValues: log);
        double width = Math.Max(ChartFiles.DefaultWidth, 200 + layers.Count * (10 + 8 * reports.Count));
        return new Chart("layer_latency", model, csv, width, 540);
    }

    /// <summary>One series per component class (classes in <see cref="ChartStyle.ComponentClasses"/> order, unknown ones after them by name), each with its fixed slot.</summary>
    private static List<CategorySeries> ClassSeries(List<IReadOnlyList<KeyValuePair<string, double>>> parts)
    {
        var classes = parts.SelectMany(p => p.Select(kv => kv.Key)).Distinct()
            .OrderBy(c => ChartStyle.IndexOf(c) is var i && i >= 0 ? i : int.MaxValue).ThenBy(c => c, StringComparer.Ordinal).ToList();
        int unknown = 0;
        return classes.Select(c => new CategorySeries(c, parts.Select(p => p.Where(kv => kv.Key == c).Sum(kv => kv.Value)).ToArray(),
            ChartStyle.ClassSlot(c, ChartStyle.IndexOf(c) < 0 ? unknown++ : 0))).ToList();
    }

    private static double[] Totals(List<CategorySeries> series, int categories) =>
        Enumerable.Range(0, categories).Select(c => series.Sum(s => s.Values[c])).ToArray();
}
