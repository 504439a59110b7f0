using System.Text.Json.Serialization;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Workloads.Json;

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
    public static string Write(DesignResult r, DesignAssessment? a, string space = "") => JsonText.Line(new ResultLine
    {
        Schema = Schema, Space = space, Key = r.Key, Origin = r.Origin, Network = r.NetworkSpec, Chip = r.ChipName, Tiles = r.Tiles,
        EnergyPj = r.Metrics.EnergyPj, LatencyNs = r.Metrics.LatencyNs, AreaMm2 = r.Metrics.AreaMm2, EdapPjNsMm2 = r.Metrics.EdapPjNsMm2,
        TopsPerW = r.TopsPerW, TopsPerMm2 = r.TopsPerMm2, Macs = r.Macs, Weights = r.Weights,
        Objective = a?.Objective, Feasible = a?.Feasible, Violations = a?.Violations,
        Seconds = Math.Round(r.Seconds, 3),
        Layers = [.. r.Layers.Select(l => new ResultLayer(l.Name, l.LatencyNs, l.EnergyPj, l.SqnrDb, l.RowDensity, l.NonZeroFraction))],
    }, OutputJsonContext.Default.ResultLine);

    /// <summary>Reads one line; null when it is not a complete result of this schema (e.g. cut short by a kill).</summary>
    public static DesignResult? Read(string line) => Read(line, out _);

    /// <summary>
    /// The first figure of <paramref name="r"/> no evaluation can give (e.g. a hand-edited line), as "field: why"; null when
    /// every one is in range. Energy, latency and area are positive, the other figures not negative, all finite; a
    /// layer's density and non-zero fraction lie in [0, 1] or are unknown, its SQNR is a number.
    /// </summary>
    public static string? Problem(DesignResult r)
    {
        static bool Finite(double v, bool positive) => double.IsFinite(v) && (positive ? v > 0 : v >= 0);
        var m = r.Metrics;
        foreach (var (field, v, positive) in new[] { ("energy_pj", m.EnergyPj, true), ("latency_ns", m.LatencyNs, true),
                     ("area_mm2", m.AreaMm2, true), ("tops_per_w", r.TopsPerW, false), ("tops_per_mm2", r.TopsPerMm2, false), ("seconds", r.Seconds, false) })
            if (!Finite(v, positive)) return $"{field}: {v} is not a {(positive ? "positive" : "non-negative")} finite number";
        if (r.Tiles < 1) return $"tiles: {r.Tiles} is below 1";
        if (r.Macs < 0 || r.Weights < 0) return r.Macs < 0 ? $"macs: {r.Macs} is negative" : $"weights: {r.Weights} is negative";
        foreach (var l in r.Layers)
        {
            if (!Finite(l.LatencyNs, false) || !Finite(l.EnergyPj, false)) return $"layers.{l.Name}: a negative or non-finite latency or energy";
            if (double.IsNaN(l.SqnrDb)) return $"layers.{l.Name}.sqnr_db: not a number";
            foreach (var (field, v) in new[] { ("row_density", l.RowDensity), ("nonzero_fraction", l.NonZeroFraction) })
                if (!double.IsNaN(v) && !(v >= 0 && v <= 1)) return $"layers.{l.Name}.{field}: {v} is outside [0, 1]";
        }
        return null;
    }

    /// <summary>Reads one line and the fingerprint of the space it was written for.</summary>
    public static DesignResult? Read(string line, out string space)
    {
        var o = JsonText.TryReadLine(line, Schema, OutputJsonContext.Default.ResultLine);
        space = o?.Space ?? "";
        return o is null ? null : new DesignResult
        {
            Key = o.Key, Origin = o.Origin, NetworkSpec = o.Network, ChipName = o.Chip, Tiles = o.Tiles,
            Metrics = new DesignMetrics(o.EnergyPj, o.LatencyNs, o.AreaMm2),
            TopsPerW = o.TopsPerW, TopsPerMm2 = o.TopsPerMm2, Macs = o.Macs, Weights = o.Weights,
            Layers = [.. o.Layers.Select(l => new LayerOutcome(l.Name, l.LatencyNs, l.EnergyPj, l.SqnrDb, l.RowDensity, l.NonzeroFraction))],
            Seconds = o.Seconds,
        };
    }
}

/// <summary>A design's headline figures, under the same keys wherever a search writes them (results.jsonl, best.json).</summary>
internal abstract record DesignFigures
{
    public required double EnergyPj { get; init; }
    public required double LatencyNs { get; init; }
    public required double AreaMm2 { get; init; }
    public required double EdapPjNsMm2 { get; init; }
    public required double TopsPerW { get; init; }
    public required double TopsPerMm2 { get; init; }
    public required long Macs { get; init; }
    public required long Weights { get; init; }
}

/// <summary>One line of results.jsonl: who (order −1), the figures, then the verdict and layers (order 1).</summary>
internal sealed record ResultLine : DesignFigures
{
    [JsonPropertyOrder(-1)] public required string Schema { get; init; }
    /// <summary>The space's fingerprint ("" in files written before it was recorded).</summary>
    [JsonPropertyOrder(-1)] public string Space { get; init; } = "";
    [JsonPropertyOrder(-1)] public required string Key { get; init; }
    [JsonPropertyOrder(-1)] public required string Origin { get; init; }
    [JsonPropertyOrder(-1)] public required string Network { get; init; }
    [JsonPropertyOrder(-1)] public required string Chip { get; init; }
    [JsonPropertyOrder(-1)] public required int Tiles { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Objective { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Feasible { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Violations { get; init; }
    [JsonPropertyOrder(1)] public double Seconds { get; init; }
    [JsonPropertyOrder(1)] public required IReadOnlyList<ResultLayer> Layers { get; init; }
}

/// <summary>One layer of a result; an absent or null SQNR reads as +∞, an absent or null density or fraction as NaN (unknown).</summary>
internal sealed record ResultLayer(
    string Name, double LatencyNs, double EnergyPj,
    double SqnrDb = double.PositiveInfinity,
    [property: JsonConverter(typeof(UnknownAsNull))] double RowDensity = double.NaN,
    [property: JsonConverter(typeof(UnknownAsNull))] double NonzeroFraction = double.NaN);

/// <summary>The JSON forms of the search's outputs (<see cref="JsonText"/>'s rules).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(ResultLine))]
[JsonSerializable(typeof(BestDocument))]
internal sealed partial class OutputJsonContext : JsonSerializerContext;
