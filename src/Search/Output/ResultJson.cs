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
