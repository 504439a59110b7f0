using System.Text;
using System.Text.Json;
using CimSim.Workloads.Json;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;

namespace CimSim.Search.Output;

/// <summary>
/// One line of <c>results.jsonl</c>: a <see cref="DesignResult"/> as a JSON object (schema
/// <c>cimsim.search-result/1</c>), with the judge's verdict for readers. Non-finite numbers are written as null
/// (<see cref="NonFiniteAsNull"/>, the one rule of every JSON file): a null SQNR reads back as +∞ (exact or no
/// readout); the string "inf" of older files is still read.
/// </summary>
public static class ResultJson
{
    /// <summary>Schema tag of every line.</summary>
    public const string Schema = "cimsim.search-result/1";

    /// <summary>The result as one line of JSON (no newline); <paramref name="space"/> is the space's fingerprint.</summary>
    public static string Write(DesignResult r, DesignAssessment? a, string space = "")
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("space", space);
            w.WriteString("key", r.Key);
            w.WriteString("origin", r.Origin);
            w.WriteString("network", r.NetworkSpec);
            w.WriteString("chip", r.ChipName);
            w.WriteNumber("tiles", r.Tiles);
            WriteFigures(w, r);
            if (a is not null)
            {
                w.WriteNumber("objective", a.Objective);
                w.WriteBoolean("feasible", a.Feasible);
                w.WriteStartArray("violations");
                foreach (var v in a.Violations) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.WriteNumber("seconds", Math.Round(r.Seconds, 3));
            w.WriteStartArray("layers");
            foreach (var l in r.Layers)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteNumber("latency_ns", l.LatencyNs);
                w.WriteNumber("energy_pj", l.EnergyPj);
                WriteSpecial(w, "sqnr_db", l.SqnrDb);
                WriteSpecial(w, "row_density", l.RowDensity);
                WriteSpecial(w, "nonzero_fraction", l.NonZeroFraction);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Reads one line; null when it is not a complete result of this schema (e.g. cut short by a kill).</summary>
    public static DesignResult? Read(string line) => Read(line, out _);

    /// <summary>Reads one line and the fingerprint of the space it was written for.</summary>
    public static DesignResult? Read(string line, out string space)
    {
        space = "";
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("schema", out var s) || s.GetString() != Schema) return null;
            space = o.TryGetProperty("space", out var sp) ? sp.GetString() ?? "" : "";
            var layers = new List<LayerOutcome>();
            foreach (var l in o.GetProperty("layers").EnumerateArray())
                layers.Add(new LayerOutcome(l.GetProperty("name").GetString()!, l.GetProperty("latency_ns").GetDouble(),
                    l.GetProperty("energy_pj").GetDouble(), ReadSpecial(l, "sqnr_db"), ReadSpecial(l, "row_density"), ReadSpecial(l, "nonzero_fraction")));
            return new DesignResult
            {
                Key = o.GetProperty("key").GetString()!,
                Origin = o.GetProperty("origin").GetString()!,
                NetworkSpec = o.GetProperty("network").GetString()!,
                ChipName = o.GetProperty("chip").GetString()!,
                Tiles = o.GetProperty("tiles").GetInt32(),
                Metrics = new DesignMetrics(o.GetProperty("energy_pj").GetDouble(), o.GetProperty("latency_ns").GetDouble(), o.GetProperty("area_mm2").GetDouble()),
                TopsPerW = o.GetProperty("tops_per_w").GetDouble(),
                TopsPerMm2 = o.GetProperty("tops_per_mm2").GetDouble(),
                Macs = o.GetProperty("macs").GetInt64(),
                Weights = o.GetProperty("weights").GetInt64(),
                Layers = layers,
                Seconds = o.TryGetProperty("seconds", out var sec) ? sec.GetDouble() : 0,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteSpecial(Utf8JsonWriter w, string name, double v) => NonFiniteAsNull.Write(w, name, v);

    private static double ReadSpecial(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null ? (name == "sqnr_db" ? double.PositiveInfinity : double.NaN)
        : e.ValueKind == JsonValueKind.String ? (e.GetString() == "inf" ? double.PositiveInfinity : throw new FormatException(name))
        : e.GetDouble();

    /// <summary>A design's headline figures, under the same keys wherever a search writes them.</summary>
    internal static void WriteFigures(Utf8JsonWriter w, DesignResult r)
    {
        w.WriteNumber("energy_pj", r.Metrics.EnergyPj);
        w.WriteNumber("latency_ns", r.Metrics.LatencyNs);
        w.WriteNumber("area_mm2", r.Metrics.AreaMm2);
        w.WriteNumber("edap_pj_ns_mm2", r.Metrics.EdapPjNsMm2);
        w.WriteNumber("tops_per_w", r.TopsPerW);
        w.WriteNumber("tops_per_mm2", r.TopsPerMm2);
        w.WriteNumber("macs", r.Macs);
        w.WriteNumber("weights", r.Weights);
    }
}
