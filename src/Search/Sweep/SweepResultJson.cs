using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CimSim.Workloads.Json;

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
        var line = new SweepRanLine
        {
            Schema = Schema, Sweep = spec.Name, Point = p.Index, Fingerprint = p.Fingerprint, Fields = Fields(p), Chip = p.Chip.Name,
            Network = network, Dataset = dataset, Seed = p.Seed,
            EnergyPj = energyPj, LatencyNs = latencyNs, AreaMm2 = areaMm2, EdapPjNsMm2 = edap, TopsPerW = topsPerW, TopsPerMm2 = topsPerMm2, Macs = macs,
            Accuracy = accuracy?.ChipAccuracy, AccuracyIdeal = accuracy?.IdealAccuracy, AccuracyFloat = accuracy?.FloatAccuracy, AccuracyImages = accuracy?.Images,
        };
        return new SweepResult
        {
            Point = p.Index, Fingerprint = p.Fingerprint, Json = JsonText.Line(line, SweepJsonContext.Default.SweepRanLine), EnergyPj = energyPj,
            LatencyNs = latencyNs, AreaMm2 = areaMm2, EdapPjNsMm2 = edap, TopsPerW = topsPerW, TopsPerMm2 = topsPerMm2,
            Accuracy = accuracy?.ChipAccuracy ?? double.NaN,
        };
    }

    /// <summary>The line for a point that could not run.</summary>
    public static SweepResult Failed(SweepSpec spec, SweepPoint p, string error) => new()
    {
        Point = p.Index, Fingerprint = p.Fingerprint, Error = error,
        Json = JsonText.Line(new SweepLine
        {
            Schema = Schema, Sweep = spec.Name, Point = p.Index, Fingerprint = p.Fingerprint, Fields = Fields(p), Chip = p.Chip.Name,
            Network = p.Network, Dataset = p.Dataset ?? "", Seed = p.Seed, Error = error,
        }, SweepJsonContext.Default.SweepLine),
    };

    /// <summary>The varied fields: a number where the value reads as one (not a network or dataset name, no digit separators), else text.</summary>
    private static Dictionary<string, JsonNode> Fields(SweepPoint p) => p.Values.ToDictionary(v => v.Field, v =>
        decimal.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !v.Text.Contains('_') && v.Field != "network" && v.Field != "dataset"
            ? (JsonNode)JsonValue.Create(d) : JsonValue.Create(v.Text));

    /// <summary>Reads a line back; null when it is not a complete line of this schema (e.g. cut short by a kill) or holds a
    /// figure no run gives (negative or infinite: an edited file).</summary>
    public static SweepResult? Read(string line) => JsonText.TryReadLine(line, Schema, SweepJsonContext.Default.SweepRanLine) is { } o
        && new[] { o.EnergyPj, o.LatencyNs, o.AreaMm2, o.EdapPjNsMm2, o.TopsPerW, o.TopsPerMm2, o.Accuracy }.All(v => v is not { } x || (x >= 0 && double.IsFinite(x)))
        ? new SweepResult
        {
            Point = o.Point, Fingerprint = o.Fingerprint, Json = line,
            EnergyPj = o.EnergyPj ?? double.NaN, LatencyNs = o.LatencyNs ?? double.NaN, AreaMm2 = o.AreaMm2 ?? double.NaN,
            EdapPjNsMm2 = o.EdapPjNsMm2 ?? double.NaN, TopsPerW = o.TopsPerW ?? double.NaN, TopsPerMm2 = o.TopsPerMm2 ?? double.NaN,
            Accuracy = o.Accuracy ?? double.NaN, Error = o.Error,
        }
        : null;
}

/// <summary>What every line holds (order −1), and the error of a point that could not run (order 1).</summary>
internal record SweepLine
{
    [JsonPropertyOrder(-1)] public required string Schema { get; init; }
    [JsonPropertyOrder(-1)] public required string Sweep { get; init; }
    [JsonPropertyOrder(-1)] public required int Point { get; init; }
    [JsonPropertyOrder(-1)] public required string Fingerprint { get; init; }
    [JsonPropertyOrder(-1)] public required Dictionary<string, JsonNode> Fields { get; init; }
    [JsonPropertyOrder(-1)] public required string Chip { get; init; }
    [JsonPropertyOrder(-1)] public required string Network { get; init; }
    [JsonPropertyOrder(-1)] public required string Dataset { get; init; }
    [JsonPropertyOrder(-1)] public required ulong Seed { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
}

/// <summary>The line of a point that ran: its figures; <c>accuracy</c> is null unless measured, and then comes with the ideal and float ones.</summary>
internal sealed record SweepRanLine : SweepLine
{
    public double? EnergyPj { get; init; }
    public double? LatencyNs { get; init; }
    public double? AreaMm2 { get; init; }
    public double? EdapPjNsMm2 { get; init; }
    public double? TopsPerW { get; init; }
    public double? TopsPerMm2 { get; init; }
    public long? Macs { get; init; }
    public double? Accuracy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AccuracyIdeal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AccuracyFloat { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? AccuracyImages { get; init; }
}

/// <summary>The JSON forms of sweeps: result lines and the Slurm manifest (<see cref="JsonText"/>'s rules).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(SweepLine))]
[JsonSerializable(typeof(SweepRanLine))]
[JsonSerializable(typeof(ManifestDocument))]
internal sealed partial class SweepJsonContext : JsonSerializerContext;
