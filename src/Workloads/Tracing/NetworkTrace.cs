using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Tracing;

/// <summary>Data-dependent counts measured by the functional model on real partial sums (one inference).</summary>
public sealed record LayerCounts(
    long CrossbarReads,
    long RowActivations,
    long ColumnReads,
    long NonZeroOutputs,
    long AdcClipped,
    long OutputElements);

/// <summary>
/// One layer of a compiled network as the replay sees it. Crossbar layers (conv, depthwise conv, fully
/// connected) carry a <see cref="Mapping"/> and per-read non-zero counts; digital layers (pooling, residual add)
/// carry only shapes and element counts.
/// </summary>
public sealed record LayerTrace
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required LayerOp Op { get; init; }
    public required TensorShape Input { get; init; }
    public required TensorShape Output { get; init; }
    public int KernelSize { get; init; } = 1;
    public int Stride { get; init; } = 1;
    public int Padding { get; init; }
    /// <summary>Indices of the layers whose outputs this layer reads; −1 is the network input.</summary>
    public required int[] Sources { get; init; }
    public long Macs { get; init; }
    public long Weights { get; init; }
    public int WeightBits { get; init; }
    public int InputBits { get; init; }
    /// <summary>Whether a ReLU follows the layer (done by the activation unit).</summary>
    public bool Relu { get; init; }
    /// <summary>Whether the layer adds a per-channel bias (a trained model's bias or folded batch norm) after the readout:
    /// one digital add per output element, on the accumulator.</summary>
    public bool Bias { get; init; }
    public CrossbarMapping? Mapping { get; init; }
    /// <summary>
    /// The layer's partial-sum readout when it differs from the chip's (<see cref="NetworkTrace.Target"/>);
    /// null means the chip's. Counts, SQNR and <see cref="NonZeroPerRead"/> are for this readout.
    /// </summary>
    public LayerReadout? Readout { get; init; }
    /// <summary>The layer's own tiles when they differ from the chip's shape (<see cref="NetworkTrace.Target"/>); null means the chip's.</summary>
    public LayerTiling? Tiling { get; init; }
    /// <summary>Crossbars in each of the layer's tiles.</summary>
    public int CrossbarsPerTile(MappingTarget chip) => Tiling?.CrossbarsPerTile ?? chip.CrossbarsPerTile;
    public required LayerCounts Counts { get; init; }
    /// <summary>SQNR of the layer's pre-activation output under the chip's readout vs ideal integer arithmetic, dB.</summary>
    public double SqnrDb { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// For binary/ternary readout: non-zero outputs q of each crossbar read, the DCiM unit's work per read.
    /// Indexed [rowBlock * ColumnBlocks + columnBlock][vector * InputSlices + slice]. Null for ADC readout.
    /// </summary>
    public ushort[][]? NonZeroPerRead { get; init; }
    /// <summary>
    /// Crossbar layers: column readouts (ADC conversions or comparator decisions) by the rows their read drove, index
    /// k = 0 … crossbar rows, summing to <see cref="LayerCounts.ColumnReads"/> (a read's column resistance depends on
    /// k: docs/MODELS.md §7.4). Null for digital layers and in traces older than format 1.3.
    /// </summary>
    public long[]? ReadoutsByDrivenRows { get; init; }
}

/// <summary>A whole compiled network: its layers in execution order and what it was compiled for.</summary>
public sealed class NetworkTrace
{
    public required string Network { get; init; }
    public required string Dataset { get; init; }
    public required string Architecture { get; init; }
    public required MappingTarget Target { get; init; }
    public required ulong Seed { get; init; }
    public required IReadOnlyList<LayerTrace> Layers { get; init; }
    /// <summary>Program and version that produced the trace.</summary>
    public string Producer { get; init; } = "";
}
