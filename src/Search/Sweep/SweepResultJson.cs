using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CimSim.Search.Sweep;

/// <summary>
/// One line of a sweep's <c>results.jsonl</c> or of a shard (schema <c>cimsim.sweep-result/1</c>): the point's index,
/// fingerprint and varied fields, what it ran, and its figures (or <c>error</c>). The same point always gives the same
/// bytes, so shards merge into exactly the file a local run writes.
/// </summary>
public static class SweepResultJson
{
    /// <summary>Schema tag of every line.</summary>
    public const string Schema = "cimsim.sweep-result/1";

    /// <summary>The line for a point that ran.</summary>
    public static SweepResult Ran(SweepSpec spec, SweepPoint p, string network, string dataset, double energyPj, double latencyNs,
        double areaMm2, double edap, double topsPerW, double topsPerMm2, long macs, CimSim.Workloads.Inference.AccuracyResult? accuracy = null)
    {
        string json = Write(spec, p, network, dataset, w =>
        {
            w.WriteNumber("energy_pj", energyPj);
            w.WriteNumber("latency_ns", latencyNs);
            w.WriteNumber("area_mm2", areaMm2);
            w.WriteNumber("edap_pj_ns_mm2", edap);
            w.WriteNumber("tops_per_w", topsPerW);
            w.WriteNumber("tops_per_mm2", topsPerMm2);
            w.WriteNumber("macs", macs);
            if (accuracy is null) w.WriteNull("accuracy");
            else
            {
                w.WriteNumber("accuracy", accuracy.ChipAccuracy);
                w.WriteNumber("accuracy_ideal", accuracy.IdealAccuracy);
                w.WriteNumber("accuracy_float", accuracy.FloatAccuracy);
                w.WriteNumber("accuracy_images", accuracy.Images);
            }
        });
        return new SweepResult
        {
            Point = p.Index, Fingerprint = p.Fingerprint, Json = json, EnergyPj = energyPj, LatencyNs = latencyNs, AreaMm2 = areaMm2,
            EdapPjNsMm2 = edap, TopsPerW = topsPerW, TopsPerMm2 = topsPerMm2, Accuracy = accuracy?.ChipAccuracy ?? double.NaN,
        };
    }

    /// <summary>The line for a point that could not run.</summary>
    public static SweepResult Failed(SweepSpec spec, SweepPoint p, string error) => new()
    {
        Point = p.Index, Fingerprint = p.Fingerprint, Error = error,
        Json = Write(spec, p, p.Network, p.Dataset ?? "", w => w.WriteString("error", error)),
    };

    private static string Write(SweepSpec spec, SweepPoint p, string network, string dataset, Action<Utf8JsonWriter> figures)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("sweep", spec.Name);
            w.WriteNumber("point", p.Index);
            w.WriteString("fingerprint", p.Fingerprint);
            w.WriteStartObject("fields");
            foreach (var v in p.Values)
            {
                if (decimal.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !v.Text.Contains('_')
                    && v.Field != "network" && v.Field != "dataset")
                    w.WriteNumber(v.Field, d);
                else w.WriteString(v.Field, v.Text);
            }
            w.WriteEndObject();
            w.WriteString("chip", p.Chip.Name);
            w.WriteString("network", network);
            w.WriteString("dataset", dataset);
            w.WriteNumber("seed", p.Seed);
            figures(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Reads a line back; null when it is not a complete line of this schema (e.g. cut short by a kill).</summary>
    public static SweepResult? Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("schema", out var s) || s.GetString() != Schema) return null;
            double Num(string k) => o.TryGetProperty(k, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
            return new SweepResult
            {
                Point = o.GetProperty("point").GetInt32(),
                Fingerprint = o.GetProperty("fingerprint").GetString()!,
                Json = line,
                EnergyPj = Num("energy_pj"), LatencyNs = Num("latency_ns"), AreaMm2 = Num("area_mm2"), EdapPjNsMm2 = Num("edap_pj_ns_mm2"),
                TopsPerW = Num("tops_per_w"), TopsPerMm2 = Num("tops_per_mm2"), Accuracy = Num("accuracy"),
                Error = o.TryGetProperty("error", out var err) ? err.GetString() : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
