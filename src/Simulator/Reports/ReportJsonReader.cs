using System.Text.Json;

namespace CimSim.Simulator.Reports;

/// <summary>Reads a report written by <see cref="ReportJson"/> back, with clear errors for anything else.</summary>
public static class ReportJsonReader
{
    public static SimulationReport ReadFile(string path)
    {
        string text = InputFiles.ReadAllText(path, InputFiles.JsonMaxBytes);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException e) { throw new InputException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, null, $"not valid JSON: {e.Message}"); }
        using (doc) return Read(doc.RootElement, path);
    }

    public static SimulationReport Read(JsonElement root, string file)
    {
        string Str(JsonElement e, string name) => Get(e, name, file, JsonValueKind.String).GetString()!;
        double Num(JsonElement e, string name) => Get(e, name, file, JsonValueKind.Number, JsonValueKind.Null) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;
        long Int(JsonElement e, string name) => Get(e, name, file, JsonValueKind.Number).GetInt64();

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.GetString() != SimulationReport.Schema)
            throw new InputException(file, 0, 0, "schema", $"not a CimSim report (expected \"schema\": \"{SimulationReport.Schema}\")");
        var t = Get(root, "totals", file, JsonValueKind.Object);
        var totals = new ReportTotals(Num(t, "energy_pj"), Num(t, "latency_ns"), Num(t, "area_mm2"), Num(t, "edap_pj_ns_mm2"), Int(t, "ops"),
            Num(t, "tops_per_w"), Num(t, "tops_per_mm2"), Num(t, "area_normalized_latency_ns_mm2"), Num(t, "inferences_per_s"));
        var energy = Get(root, "energy_pj", file, JsonValueKind.Object).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Num(root.GetProperty("energy_pj"), p.Name))).ToList();
        var area = Get(root, "area_mm2", file, JsonValueKind.Object).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Num(root.GetProperty("area_mm2"), p.Name))).ToList();
        var counts = Get(root, "counts", file, JsonValueKind.Object).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Int(root.GetProperty("counts"), p.Name))).ToList();
        var layers = Get(root, "layers", file, JsonValueKind.Array).EnumerateArray().Select(l => new LayerReport(
            Str(l, "name"), Str(l, "op"), Num(l, "start_ns"), Num(l, "end_ns"), Num(l, "latency_ns"), Num(l, "energy_pj"), Int(l, "macs"),
            Int(l, "crossbar_reads"), Int(l, "conversions"), Int(l, "nonzero_outputs"), (int)Int(l, "crossbars"),
            l.TryGetProperty("sqnr_db", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDouble() : double.PositiveInfinity)).ToList();
        var tallies = Get(root, "actions", file, JsonValueKind.Array).EnumerateArray().Select(a => new ActionTally(
            Str(a, "component"), Str(a, "class"), Str(a, "action"), Int(a, "count"), Num(a, "energy_per_action_pj"))).ToList();
        return new SimulationReport(Str(root, "architecture"), Str(root, "network"), Str(root, "dataset"), Str(root, "schedule"),
            Get(root, "detailed", file, JsonValueKind.True, JsonValueKind.False).GetBoolean(), totals, energy, area, counts, layers, tallies,
            Int(root, "events_processed"))
        {
            Tiles = root.TryGetProperty("tiles", out var tiles) && tiles.ValueKind == JsonValueKind.Number && tiles.TryGetInt32(out int n) ? n : 0,
            TilesAuto = root.TryGetProperty("tiles_auto", out var auto) && auto.ValueKind == JsonValueKind.True,
            Accuracy = root.TryGetProperty("accuracy", out var a)
                ? new AccuracySummary(Str(a, "dataset"), (int)Int(a, "images"), (int)Int(a, "float_correct"), (int)Int(a, "ideal_quantized_correct"), (int)Int(a, "chip_correct"))
                : null,
        };
    }

    private static JsonElement Get(JsonElement e, string name, string file, params JsonValueKind[] kinds)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
            throw new InputException(file, 0, 0, name, "missing from the report");
        if (!kinds.Contains(v.ValueKind))
            throw new InputException(file, 0, 0, name, $"expected {string.Join(" or ", kinds).ToLowerInvariant()}, found {v.ValueKind.ToString().ToLowerInvariant()}");
        return v;
    }
}
