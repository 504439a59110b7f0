using System.Text.Json.Serialization;
using CimSim.Workloads.Json;

namespace CimSim.Simulator.Replay;

/// <summary>
/// What happened in one inference, apart from what it cost (Accelergy's split): per layer its timing and the
/// action counts of each component instance kind; the chip structure the counts are valid for. Costing is a
/// separate step (<c>Reports/ReportBuilder.Cost</c>): Σ count × unit energy + leakage × latency, area of the
/// chip's instances. Written by <c>cimsim run --counts</c> as schema <see cref="SchemaName"/> (docs/COUNTS.md).
/// </summary>
/// <param name="Schema">Always <see cref="SchemaName"/>.</param>
/// <param name="Architecture">Name of the chip that was simulated.</param>
/// <param name="Network">Network name.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Schedule">layer-by-layer or pipelined.</param>
/// <param name="Detailed">Whether the replay ran an event per crossbar read.</param>
/// <param name="LatencyPs">One inference's latency (end of the last output), ps: the busy time leakage is charged over.</param>
/// <param name="EventsProcessed">Kernel events of the replay.</param>
/// <param name="Structure">What a chip must match to re-cost these counts.</param>
/// <param name="Totals">Whole-network counts (the report's <c>counts</c> block), in report order.</param>
/// <param name="Layers">Per-layer timing, figures and action counts, in network order.</param>
public sealed record ActivityCounts(
    string Schema,
    string Architecture,
    string Network,
    string Dataset,
    string Schedule,
    bool Detailed,
    long LatencyPs,
    long EventsProcessed,
    CountsStructure Structure,
    Dictionary<string, long> Totals,
    IReadOnlyList<LayerActivity> Layers)
{
    /// <summary>Schema name of the counts file.</summary>
    public const string SchemaName = "cimsim.counts/1";

    /// <summary>How long each shared resource instance was busy in the inference (the kernel's statistics); empty in files written before they were recorded. Not costed.</summary>
    public IReadOnlyList<ResourceBusy> BusyTimes { get => _busyTimes; init => _busyTimes = value ?? []; }

    private readonly IReadOnlyList<ResourceBusy> _busyTimes = [];
}

/// <summary>The busy time of one resource instance (e.g. <c>htree[3]</c>, the H-tree of tile 3), ps.</summary>
public sealed record ResourceBusy(string Resource, long BusyPs);

/// <summary>One layer's timing, figures and action counts.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Op">Layer operation.</param>
/// <param name="StartPs">First input arrival, ps.</param>
/// <param name="EndPs">Last output delivered, ps.</param>
/// <param name="LatencyPs">End − start (0 when the layer did nothing), ps.</param>
/// <param name="Macs">Multiply-accumulates.</param>
/// <param name="CrossbarReads">Crossbar reads.</param>
/// <param name="Conversions">Column reads (ADC conversions or comparator decisions).</param>
/// <param name="NonZeroOutputs">Non-zero comparator outputs.</param>
/// <param name="Crossbars">Crossbars the layer occupies.</param>
/// <param name="SqnrDb">Partial-sum SQNR, dB (+∞ for an exact layer; written as null).</param>
/// <param name="Actions">Action counts of this layer, by component instance kind (e.g. <c>adc@conv3</c>) and action.</param>
public sealed record LayerActivity(
    string Name,
    string Op,
    long StartPs,
    long EndPs,
    long LatencyPs,
    long Macs,
    long CrossbarReads,
    long Conversions,
    long NonZeroOutputs,
    int Crossbars,
    double SqnrDb,
    IReadOnlyList<ActionCount> Actions);

/// <summary>How many times one component instance kind did one action.</summary>
public sealed record ActionCount(string Component, string Action, long Count)
{
    /// <summary>For column readouts (ADC conversions, comparator decisions): the same count split by the rows the read
    /// drove (index k, summing to <see cref="Count"/>), for components whose energy depends on it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? ByDrivenRows { get; init; }
}

/// <summary>
/// The chip structure counts are valid for: everything that decides what happens (the mapping target: tiles,
/// crossbar geometry, precision, readout kind and ADC bits; the widths that decide how many accesses and flits
/// move data; DCiM zero skipping; the per-layer tile groups) and the component instance kinds. Unit energies,
/// areas, leakage and technology are not part of it: they are what the cost step replaces.
/// </summary>
public sealed record CountsStructure(
    int Tiles, int PesPerTile, int CrossbarsPerPe, int Rows, int Columns, int BitsPerCell, string SignedWeights,
    int WeightBits, int InputBits, int DacBits, string Readout, int AdcBits, int ScaleFactorBits, bool ZeroSkipping,
    int PeBufferWidthBits, int TileBufferWidthBits, int GlobalBufferWidthBits,
    [property: JsonPropertyName("htree_width_bits")] int HTreeWidthBits, int MeshWidthBits,
    IReadOnlyList<TileGroup> Groups, IReadOnlyList<string> Components)
{
    /// <summary>How the ADCs' LSB is set (<c>readout.adc.range</c>): it decides clipping and the non-zero codes. Counts
    /// written before it was recorded read as <c>unit</c>.</summary>
    public string AdcRange { get; init; } = "unit";

    /// <summary>Counts made without a chip assembly (unit tests): no structure recorded; they cannot be re-costed.</summary>
    public static CountsStructure Unrecorded { get; } = new(0, 0, 0, 0, 0, 0, "", 0, 0, 0, "", 0, 0, false, 0, 0, 0, 0, 0, [], []);

    /// <summary>The first field that differs from <paramref name="chip"/>, as "field: A in the counts, B in the chip"; null when equal.</summary>
    public string? FirstDifference(CountsStructure chip)
    {
        (string Field, object A, object B)[] fields =
        [
            ("tiles", Tiles, chip.Tiles), ("pes_per_tile", PesPerTile, chip.PesPerTile), ("crossbars_per_pe", CrossbarsPerPe, chip.CrossbarsPerPe),
            ("rows", Rows, chip.Rows), ("columns", Columns, chip.Columns), ("bits_per_cell", BitsPerCell, chip.BitsPerCell),
            ("signed_weights", SignedWeights, chip.SignedWeights), ("weight_bits", WeightBits, chip.WeightBits),
            ("input_bits", InputBits, chip.InputBits), ("dac_bits", DacBits, chip.DacBits), ("readout", Readout, chip.Readout),
            ("adc_bits", AdcBits, chip.AdcBits), ("adc_range", AdcRange, chip.AdcRange), ("scale_factor_bits", ScaleFactorBits, chip.ScaleFactorBits),
            ("zero_skipping", ZeroSkipping, chip.ZeroSkipping), ("pe_buffer_width_bits", PeBufferWidthBits, chip.PeBufferWidthBits),
            ("tile_buffer_width_bits", TileBufferWidthBits, chip.TileBufferWidthBits),
            ("global_buffer_width_bits", GlobalBufferWidthBits, chip.GlobalBufferWidthBits),
            ("htree_width_bits", HTreeWidthBits, chip.HTreeWidthBits), ("mesh_width_bits", MeshWidthBits, chip.MeshWidthBits),
            ("groups", string.Join(" ", Groups), string.Join(" ", chip.Groups)),
            ("components", string.Join(",", Components), string.Join(",", chip.Components)),
        ];
        foreach (var (field, a, b) in fields)
            if (!Equals(a, b)) return $"structure.{field}: {Show(a)} in the counts, {Show(b)} in the chip";
        return null;
    }

    private static string Show(object v) => v switch
    {
        bool b => b ? "true" : "false",
        string { Length: 0 } => "(none)",
        _ => v.ToString()!,
    };
}

/// <summary>Tiles that hold one layer with its own peripherals (YAML <c>layers:</c>): that readout, and the tiles' shape when
/// the layer has its own (null: the chip's).</summary>
public sealed record TileGroup(string Layer, int Tiles, string Readout, int AdcBits)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? PesPerTile { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? CrossbarsPerPe { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? HTreeWidthBits { get; init; }

    public override string ToString() =>
        $"{Layer}:{Tiles}:{Readout}{(AdcBits > 0 ? $"-{AdcBits}b" : "")}{(PesPerTile is { } p ? $":{p}x{CrossbarsPerPe}" : "")}{(HTreeWidthBits is { } w ? $":htree-{w}b" : "")}";
}

/// <summary>The one JSON form of <see cref="ActivityCounts"/> (<see cref="JsonText"/>'s rules).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(ActivityCounts))]
internal sealed partial class CountsJsonContext : JsonSerializerContext;
