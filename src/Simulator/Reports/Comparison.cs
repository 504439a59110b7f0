using CimSim.Workloads.Csv;
using CimSim.Workloads.Json;

namespace CimSim.Simulator.Reports;

/// <summary>
/// Several chips' reports on the same compiled network, with each headline figure as a ratio against the
/// first chip (the baseline): ratio = baseline / chip for lower-is-better figures (energy, latency, area,
/// EDAP, area-normalised latency), so "8× lower energy" reads 8; chip / baseline for higher-is-better ones
/// (TOPS/W, TOPS/mm²).
/// </summary>
public sealed class Comparison
{
    public IReadOnlyList<SimulationReport> Reports { get; }

    /// <summary>The figures compared, their JSON name and whether higher is better.</summary>
    public static IReadOnlyList<(string Name, Func<SimulationReport, double> Value, bool HigherIsBetter)> Figures { get; } =
    [
        ("energy", r => r.Totals.EnergyPj, false),
        ("dynamic_energy", DynamicEnergyPj, false),
        ("latency", r => r.Totals.LatencyNs, false),
        ("area", r => r.Totals.AreaMm2, false),
        ("edap", r => r.Totals.EdapPjNsMm2, false),
        ("tops_per_w", r => r.Totals.TopsPerW, true),
        ("tops_per_mm2", r => r.Totals.TopsPerMm2, true),
        ("area_normalized_latency", r => r.Totals.AreaNormalizedLatencyNsMm2, false),
    ];

    /// <summary>Energy without leakage, pJ: what the actions cost, independent of how long the chip idles.</summary>
    public static double DynamicEnergyPj(SimulationReport r) => r.DynamicEnergyPj;

    public Comparison(IReadOnlyList<SimulationReport> reports)
    {
        if (reports.Count == 0) throw new ArgumentException("nothing to compare", nameof(reports));
        Reports = reports;
    }

    /// <summary>How many times better chip <paramref name="i"/> is than the baseline on figure <paramref name="f"/>.</summary>
    public double Advantage(int i, int f)
    {
        var (_, value, higher) = Figures[f];
        double b = value(Reports[0]), c = value(Reports[i]);
        return higher ? c / b : b / c;
    }

    /// <summary>Schema of <see cref="ToJson"/>.</summary>
    public const string Schema = "cimsim.compare/1";

    /// <summary>How <see cref="Advantage"/> reads, as the JSON says it.</summary>
    public const string RatioConvention = "advantage over the baseline: baseline/chip for energy, dynamic_energy (without leakage), latency, area, edap, area_normalized_latency; chip/baseline for tops_per_w, tops_per_mm2";

    public string ToJson() => JsonText.Document(new ComparisonDocument(Schema, Reports[0].Architecture, RatioConvention,
        [.. Reports.Select((r, i) => new ComparedChip(r.Architecture, Figures.Select((f, j) => KeyValuePair.Create(f.Name, Advantage(i, j))).ToDictionary(),
            ReportDocument.From(r)))]), ReportJsonContext.Default.ComparisonDocument);

    public string ToCsv()
    {
        bool accuracy = Reports.Any(r => r.Accuracy is not null);
        string[] header = ["architecture", "energy_pj", "latency_ns", "area_mm2", "edap_pj_ns_mm2", "tops_per_w", "tops_per_mm2",
            "area_normalized_latency_ns_mm2", .. Figures.Select(f => "advantage_" + f.Name),
            .. accuracy ? new[] { "accuracy_chip", "accuracy_ideal_quantized", "accuracy_float", "accuracy_images" } : []];
        return CsvText.Table(header, Reports.Select((r, i) =>
        {
            var t = r.Totals;
            var a = r.Accuracy;
            return (IEnumerable<string>)[r.Architecture, .. new[] { t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2, t.TopsPerW, t.TopsPerMm2, t.AreaNormalizedLatencyNsMm2 }
                .Concat(Figures.Select((_, f) => Advantage(i, f))).Select(CsvText.Number),
                .. accuracy ? new[] { a?.ChipAccuracy, a?.IdealAccuracy, a?.FloatAccuracy }.Select(v => v is { } x ? CsvText.Number(x) : "")
                    .Append(a is null ? "" : CsvText.Integer(a.Images)) : []];
        }));
    }
}

/// <summary>The comparison as it is written (schema <see cref="Comparison.Schema"/>).</summary>
internal sealed record ComparisonDocument(string Schema, string Baseline, string RatioConvention, IReadOnlyList<ComparedChip> Chips);

/// <summary>One chip of a comparison: its advantage on each figure and its whole report.</summary>
internal sealed record ComparedChip(string Architecture, Dictionary<string, double> AdvantageOverBaseline, ReportDocument Report);
