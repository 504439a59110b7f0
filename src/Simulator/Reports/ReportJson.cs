using System.Globalization;
using System.Text.Json.Serialization;
using CimSim.Workloads.Json;

namespace CimSim.Simulator.Reports;

/// <summary>
/// The JSON object of DESIGN.md §5 (schema <see cref="SimulationReport.Schema"/>): written and read through
/// <see cref="ReportDocument"/> and the source-generated <see cref="ReportJsonContext"/> (<see cref="JsonText"/>'s rules:
/// keys in a fixed order, numbers in shortest round-trip form, so equal reports are equal bytes; an SQNR of +∞ as null).
/// </summary>
public static class ReportJson
{
    public static string Write(SimulationReport r) => JsonText.Document(ReportDocument.From(r), ReportJsonContext.Default.ReportDocument);

    /// <summary>
    /// Reads a report written by <see cref="Write"/> back; anything else is an <see cref="InputException"/> naming the file
    /// (and the field: a report without layers or component classes, or with a negative or non-finite energy, latency or area, is not one).
    /// </summary>
    public static SimulationReport ReadFile(string path)
    {
        var document = JsonText.ReadFile(path, SimulationReport.Schema, "report", "; write one with cimsim run --json", ReportJsonContext.Default.ReportDocument);
        document.Check(path);
        return document.ToReport();
    }
}

/// <summary>The report as it is written: <see cref="SimulationReport"/> with its totals' energy split and named maps.</summary>
internal sealed record ReportDocument
{
    public required string Schema { get; init; }
    public required string Architecture { get; init; }
    public required string Network { get; init; }
    public required string Dataset { get; init; }
    public required string Schedule { get; init; }
    public required bool Detailed { get; init; }
    /// <summary>The chip's tiles and whether they were <c>tiles: auto</c>; left out when not recorded (and absent in older reports).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Tiles { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? TilesAuto { get; init; }
    public required ReportTotalsDocument Totals { get; init; }
    public required Dictionary<string, double> EnergyPj { get; init; }
    public required Dictionary<string, double> AreaMm2 { get; init; }
    public required Dictionary<string, long> Counts { get; init; }
    public required IReadOnlyList<LayerReport> Layers { get; init; }
    public required IReadOnlyList<ActionTally> Actions { get; init; }
    public required long EventsProcessed { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ReportAccuracyDocument? Accuracy { get; init; }

    public static ReportDocument From(SimulationReport r)
    {
        var t = r.Totals;
        return new()
        {
            Schema = SimulationReport.Schema, Architecture = r.Architecture, Network = r.Network, Dataset = r.Dataset, Schedule = r.Schedule,
            Detailed = r.Detailed, Tiles = r.Tiles > 0 ? r.Tiles : null, TilesAuto = r.Tiles > 0 ? r.TilesAuto : null,
            Totals = new(t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2, t.Ops, t.TopsPerW, t.TopsPerMm2, t.AreaNormalizedLatencyNsMm2,
                t.InferencesPerS, r.DynamicEnergyPj, r.LeakageEnergyPj),
            EnergyPj = r.EnergyPjByClass.ToDictionary(), AreaMm2 = r.AreaMm2ByClass.ToDictionary(), Counts = r.Counts.ToDictionary(),
            Layers = r.Layers, Actions = r.Tallies, EventsProcessed = r.EventsProcessed,
            Accuracy = r.Accuracy is { } a ? new(a.Dataset, a.Images, a.ChipAccuracy, a.IdealAccuracy, a.FloatAccuracy, a.ChipCorrect, a.IdealCorrect, a.FloatCorrect) : null,
        };
    }

    /// <summary>Checks what every report has: layers, component classes, and energies, latencies and areas that are finite and ≥ 0.</summary>
    public void Check(string file)
    {
        void Figure(string field, double value)
        {
            if (!(value >= 0) || !double.IsFinite(value))
                throw new InputException(file, 0, 0, field,
                    $"must be ≥ 0 and finite, got {(double.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture) : "a non-finite value")}");
        }
        var t = Totals;
        foreach (var (name, value) in new[] { ("energy_pj", t.EnergyPj), ("latency_ns", t.LatencyNs), ("area_mm2", t.AreaMm2), ("edap_pj_ns_mm2", t.EdapPjNsMm2),
                     ("area_normalized_latency_ns_mm2", t.AreaNormalizedLatencyNsMm2), ("dynamic_energy_pj", t.DynamicEnergyPj), ("leakage_energy_pj", t.LeakageEnergyPj) })
            Figure("totals." + name, value);
        foreach (var (name, map) in new[] { ("energy_pj", EnergyPj), ("area_mm2", AreaMm2) })
        {
            if (map.Count == 0) throw new InputException(file, 0, 0, name, "names no component class; a report has at least one");
            foreach (var (key, value) in map) Figure($"{name}.{key}", value);
        }
        if (Layers.Count == 0) throw new InputException(file, 0, 0, "layers", "is empty; a report has at least one layer");
        for (int i = 0; i < Layers.Count; i++)
        {
            var l = Layers[i];
            foreach (var (name, value) in new[] { ("start_ns", l.StartNs), ("end_ns", l.EndNs), ("latency_ns", l.LatencyNs), ("energy_pj", l.EnergyPj) })
                Figure($"layers[{i}].{name}", value);
        }
        for (int i = 0; i < Actions.Count; i++) Figure($"actions[{i}].energy_per_action_pj", Actions[i].EnergyPerActionPj);
    }

    public SimulationReport ToReport()
    {
        var t = Totals;
        return new(Architecture, Network, Dataset, Schedule, Detailed,
            new ReportTotals(t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2, t.Ops, t.TopsPerW, t.TopsPerMm2, t.AreaNormalizedLatencyNsMm2, t.InferencesPerS),
            [.. EnergyPj], [.. AreaMm2], [.. Counts], Layers, Actions, EventsProcessed)
        {
            Tiles = Tiles ?? 0, TilesAuto = TilesAuto ?? false,
            Accuracy = Accuracy is { } a ? new AccuracySummary(a.Dataset, a.Images, a.FloatCorrect, a.IdealQuantizedCorrect, a.ChipCorrect) : null,
        };
    }
}

/// <summary>The report's <c>totals</c>: <see cref="ReportTotals"/> and the dynamic/leakage split of the energy (derived; not read back).</summary>
internal sealed record ReportTotalsDocument(
    double EnergyPj, double LatencyNs, double AreaMm2, double EdapPjNsMm2, long Ops, double TopsPerW, double TopsPerMm2,
    double AreaNormalizedLatencyNsMm2, double InferencesPerS, double DynamicEnergyPj = 0, double LeakageEnergyPj = 0);

/// <summary>The report's <c>accuracy</c>: a trained network's top-1 accuracy on the chip (fractions, then the counts they come from; the counts are read back).</summary>
internal sealed record ReportAccuracyDocument(string Dataset, int Images, double Chip, double IdealQuantized, double Float,
    int ChipCorrect, int IdealQuantizedCorrect, int FloatCorrect);

/// <summary>The JSON forms of the Reports namespace: reports, comparisons, chip sheets (<see cref="JsonText"/>'s rules).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(ComparisonDocument))]
[JsonSerializable(typeof(ChipSheetDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
