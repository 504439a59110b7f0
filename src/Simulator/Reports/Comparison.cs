using System.Text;
using System.Text.Json;
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

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "cimsim.compare/1");
            w.WriteString("baseline", Reports[0].Architecture);
            w.WriteString("ratio_convention", "advantage over the baseline: baseline/chip for energy, dynamic_energy (without leakage), latency, area, edap, area_normalized_latency; chip/baseline for tops_per_w, tops_per_mm2");
            w.WriteStartArray("chips");
            for (int i = 0; i < Reports.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("architecture", Reports[i].Architecture);
                w.WriteStartObject("advantage_over_baseline");
                for (int f = 0; f < Figures.Count; f++) Number(w, Figures[f].Name, Advantage(i, f));
                w.WriteEndObject();
                w.WritePropertyName("report");
                ReportJson.Write(w, Reports[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public string ToCsv()
    {
        var sb = new StringBuilder("architecture,energy_pj,latency_ns,area_mm2,edap_pj_ns_mm2,tops_per_w,tops_per_mm2,area_normalized_latency_ns_mm2");
        foreach (var f in Figures) sb.Append(",advantage_").Append(f.Name);
        bool accuracy = Reports.Any(r => r.Accuracy is not null);
        if (accuracy) sb.Append(",accuracy_chip,accuracy_ideal_quantized,accuracy_float,accuracy_images");
        sb.Append('\n');
        for (int i = 0; i < Reports.Count; i++)
        {
            var t = Reports[i].Totals;
            sb.Append(Csv(Reports[i].Architecture));
            foreach (var v in new[] { t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2, t.TopsPerW, t.TopsPerMm2, t.AreaNormalizedLatencyNsMm2 })
                sb.Append(',').Append(CsvText.Number(v));
            for (int f = 0; f < Figures.Count; f++) sb.Append(',').Append(CsvText.Number(Advantage(i, f)));
            if (accuracy)
            {
                var a = Reports[i].Accuracy;
                foreach (var v in new[] { a?.ChipAccuracy, a?.IdealAccuracy, a?.FloatAccuracy }) sb.Append(',').Append(v is { } x ? CsvText.Number(x) : "");
                sb.Append(',').Append(a?.Images.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Csv(string s) => CsvText.Cell(s);

    private static void Number(Utf8JsonWriter w, string name, double v) => NonFiniteAsNull.Write(w, name, v);
}
