using System.Text.Json.Serialization;
using CimSim.Workloads.Json;

namespace CimSim.Search.Accuracy;

/// <summary>One line of <c>accuracy.jsonl</c>: a measurement (proxy score or accuracy) of a design of a space, keyed
/// as <see cref="AccuracyOracle"/> keys them; one JSON form (<see cref="JsonText"/>'s rules).</summary>
public sealed record AccuracyLogLine(string Schema, string Space, string Key, double Value)
{
    /// <summary>The schema tag.</summary>
    public const string SchemaTag = "cimsim.accuracy-log/1";

    /// <summary>A line of the log (without its newline).</summary>
    public string ToLine() => JsonText.Line(this, AccuracyJsonContext.Default.AccuracyLogLine);

    /// <summary>A complete line of the log, or null (e.g. one cut short by a kill: measured again).</summary>
    public static AccuracyLogLine? TryRead(string line) => JsonText.TryReadLine(line, SchemaTag, AccuracyJsonContext.Default.AccuracyLogLine);
}

/// <summary>The one JSON form of <see cref="AccuracyLogLine"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(AccuracyLogLine))]
internal sealed partial class AccuracyJsonContext : JsonSerializerContext;
