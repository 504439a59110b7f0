using System.Text;
using System.Text.Json;
using CimSim.Workloads.Json;

namespace CimSim.Simulator.Reports;

/// <summary>
/// Writes a <see cref="SimulationReport"/> as the JSON object of DESIGN.md §5. Keys come out in a fixed
/// order and numbers in shortest round-trip form, so equal reports are equal bytes. Non-finite numbers
/// (an SQNR of +∞ for an exact layer) are written as null (<see cref="NonFiniteAsNull"/>, the one rule for every JSON file).
/// </summary>
public static class ReportJson
{
    public static string Write(SimulationReport r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(w, r);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the report as one JSON object into an open writer (for reports nested in other documents).</summary>
    public static void Write(Utf8JsonWriter w, SimulationReport r)
    {
        w.WriteStartObject();
        w.WriteString("schema", SimulationReport.Schema);
        w.WriteString("architecture", r.Architecture);
        w.WriteString("network", r.Network);
        w.WriteString("dataset", r.Dataset);
        w.WriteString("schedule", r.Schedule);
        w.WriteBoolean("detailed", r.Detailed);
        if (r.Tiles > 0)
        {
            w.WriteNumber("tiles", r.Tiles);
            w.WriteBoolean("tiles_auto", r.TilesAuto);
        }
        var t = r.Totals;
        w.WriteStartObject("totals");
        Number(w, "energy_pj", t.EnergyPj);
        Number(w, "latency_ns", t.LatencyNs);
        Number(w, "area_mm2", t.AreaMm2);
        Number(w, "edap_pj_ns_mm2", t.EdapPjNsMm2);
        w.WriteNumber("ops", t.Ops);
        Number(w, "tops_per_w", t.TopsPerW);
        Number(w, "tops_per_mm2", t.TopsPerMm2);
        Number(w, "area_normalized_latency_ns_mm2", t.AreaNormalizedLatencyNsMm2);
        Number(w, "inferences_per_s", t.InferencesPerS);
        Number(w, "dynamic_energy_pj", r.DynamicEnergyPj);
        Number(w, "leakage_energy_pj", r.LeakageEnergyPj);
        w.WriteEndObject();
        w.WriteStartObject("energy_pj");
        foreach (var (k, v) in r.EnergyPjByClass) Number(w, k, v);
        w.WriteEndObject();
        w.WriteStartObject("area_mm2");
        foreach (var (k, v) in r.AreaMm2ByClass) Number(w, k, v);
        w.WriteEndObject();
        w.WriteStartObject("counts");
        foreach (var (k, v) in r.Counts) w.WriteNumber(k, v);
        w.WriteEndObject();
        w.WriteStartArray("layers");
        foreach (var l in r.Layers)
        {
            w.WriteStartObject();
            w.WriteString("name", l.Name);
            w.WriteString("op", l.Op);
            Number(w, "start_ns", l.StartNs);
            Number(w, "end_ns", l.EndNs);
            Number(w, "latency_ns", l.LatencyNs);
            Number(w, "energy_pj", l.EnergyPj);
            w.WriteNumber("macs", l.Macs);
            w.WriteNumber("crossbar_reads", l.CrossbarReads);
            w.WriteNumber("conversions", l.Conversions);
            w.WriteNumber("nonzero_outputs", l.NonZeroOutputs);
            w.WriteNumber("crossbars", l.Crossbars);
            Number(w, "sqnr_db", l.SqnrDb);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("actions");
        foreach (var a in r.Tallies)
        {
            w.WriteStartObject();
            w.WriteString("component", a.Component);
            w.WriteString("class", a.ComponentClass);
            w.WriteString("action", a.Action);
            w.WriteNumber("count", a.Count);
            Number(w, "energy_per_action_pj", a.EnergyPerActionPj);
            Number(w, "energy_pj", a.EnergyPj);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("events_processed", r.EventsProcessed);
        if (r.Accuracy is { } acc)
        {
            w.WriteStartObject("accuracy");
            w.WriteString("dataset", acc.Dataset);
            w.WriteNumber("images", acc.Images);
            w.WriteNumber("chip", acc.ChipAccuracy);
            w.WriteNumber("ideal_quantized", acc.IdealAccuracy);
            w.WriteNumber("float", acc.FloatAccuracy);
            w.WriteNumber("chip_correct", acc.ChipCorrect);
            w.WriteNumber("ideal_quantized_correct", acc.IdealCorrect);
            w.WriteNumber("float_correct", acc.FloatCorrect);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double v) => NonFiniteAsNull.Write(w, name, v);
}
