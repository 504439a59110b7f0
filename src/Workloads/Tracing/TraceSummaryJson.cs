using System.Text.Json.Serialization;
using CimSim.Workloads.Json;
using CimSim.Workloads.Mapping;

namespace CimSim.Workloads.Tracing;

/// <summary><c>cimsim trace info --json</c>: a <see cref="TraceSummary"/> as JSON (schema <see cref="Schema"/>).</summary>
public static class TraceSummaryJson
{
    public const string Schema = "cimsim.trace/1";

    /// <summary>The summary, indented, ending in a newline. An SQNR of +∞ (exact) and the SQNR of a digital layer are null; others are rounded to 0.001 dB.</summary>
    public static string Write(TraceSummary s)
    {
        var h = s.Header;
        var t = h.Target;
        var doc = new TraceSummaryDocument(Schema, h.Network, h.Dataset, h.Architecture, h.Seed, h.Producer,
            new(t.CrossbarRows, t.CrossbarColumns, t.BitsPerCell, Lower(t.SignedWeights), t.CrossbarsPerPe, t.PesPerTile, t.Tiles,
                t.WeightBits, t.InputBits, t.DacBits, Lower(t.Readout), t.AdcBits, Lower(t.AdcRange), t.ScaleFactorBits),
            new(s.Macs, s.CrossbarReads, s.RowActivations, s.AdcConversions, s.ComparatorDecisions, s.NonZeroOutputs, s.AdcClipped, s.Crossbars, s.Tiles),
            [.. s.Layers.Select(l =>
            {
                var c = l.Counts;
                var r = l.Mapping is null ? null : s.ReadoutOf(l);
                return new TraceLayerDocument(l.Index, l.Name, l.Op.ToString(), l.Input.ToString(), l.Output.ToString(), l.Macs, l.Weights,
                    l.WeightBits, l.InputBits, l.Mapping?.CrossbarsUsed ?? 0, l.Mapping?.Replicas ?? 0, l.Mapping?.FirstTile ?? 0, l.Mapping?.TileCount ?? 0,
                    r is null ? null : Lower(r.Kind), r is null ? null : r.Kind == ReadoutKind.Adc ? r.AdcBits : 0,
                    c.CrossbarReads, c.RowActivations, c.ColumnReads, c.NonZeroOutputs, c.AdcClipped, c.OutputElements,
                    l.Mapping is null ? double.PositiveInfinity : Math.Round(l.SqnrDb, 3));
            })]);
        return JsonText.Document(doc, TraceJsonContext.Default.TraceSummaryDocument);
    }

    private static string Lower<T>(T v) where T : struct, Enum => v.ToString().ToLowerInvariant();
}

internal sealed record TraceSummaryDocument(string Schema, string Network, string Dataset, string Architecture, ulong Seed, string Producer,
    TraceTargetDocument Target, TraceTotalsDocument Totals, IReadOnlyList<TraceLayerDocument> Layers);

internal sealed record TraceTargetDocument(int CrossbarRows, int CrossbarColumns, int BitsPerCell, string SignedWeights, int CrossbarsPerPe,
    int PesPerTile, int Tiles, int WeightBits, int InputBits, int DacBits, string Readout, int AdcBits, string AdcRange, int ScaleFactorBits);

internal sealed record TraceTotalsDocument(long Macs, long CrossbarReads, long RowActivations, long AdcConversions, long ComparatorDecisions,
    [property: JsonPropertyName("nonzero_outputs")] long NonZeroOutputs, long AdcClipped, long Crossbars, long Tiles);

/// <summary>One layer; <c>readout</c> and <c>adc_bits</c> only for a layer on crossbars.</summary>
internal sealed record TraceLayerDocument(int Index, string Name, string Op, string Input, string Output, long Macs, long Weights,
    int WeightBits, int InputBits, int Crossbars, int Replicas, int FirstTile, int Tiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Readout,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AdcBits,
    long CrossbarReads, long RowActivations, long ColumnReads, [property: JsonPropertyName("nonzero_outputs")] long NonZeroOutputs,
    long AdcClipped, long OutputElements, double SqnrDb);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(TraceSummaryDocument))]
internal sealed partial class TraceJsonContext : JsonSerializerContext;
