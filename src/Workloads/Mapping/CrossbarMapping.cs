namespace CimSim.Workloads.Mapping;

/// <summary>
/// How one crossbar layer's weight matrix sits on the chip. The matrix has
/// <see cref="MatrixRows"/> = C_in·k·k (per group) rows and <see cref="MatrixColumns"/> =
/// C_out · <see cref="ColumnsPerWeight"/> columns; it is cut into <see cref="RowBlocks"/> ×
/// <see cref="ColumnBlocks"/> crossbars, the whole set replicated <see cref="Replicas"/> times.
/// Crossbar (r, c) holds rows <c>RowStart(r)..</c> (<see cref="RowsInBlock"/>) and columns of block c
/// (<see cref="ColumnsInBlock"/>); every crossbar read drives one input slice of one input vector.
/// </summary>
public sealed record CrossbarMapping(
    int MatrixRows,
    int MatrixColumns,
    int WeightSlices,
    int ColumnsPerWeight,
    int RowBlocks,
    int ColumnBlocks,
    int Replicas,
    int[] RowsInBlock,
    int[] ColumnsInBlock,
    int InputSlices,
    long InputVectors,
    int FirstTile,
    int TileCount)
{
    /// <summary>
    /// Columns read out per read in each column block: physical columns for ADC readout (one conversion each),
    /// comparator banks for binary/ternary readout (a differential pair is one bank, so half the columns).
    /// Set by the compiler; null only in hand-built mappings.
    /// </summary>
    public int[]? ReadoutColumnsInBlock { get; init; }

    /// <summary>
    /// 0 for dense layers. For a depthwise conv packed block-diagonally: channels per crossbar (g). Then
    /// <see cref="MatrixRows"/> = C·k·k and <see cref="MatrixColumns"/> = C·<see cref="ColumnsPerWeight"/> describe the
    /// whole block-diagonal matrix, but only the C/g diagonal crossbars exist: <see cref="RowBlocks"/> = C/g,
    /// <see cref="ColumnBlocks"/> = 1, and crossbar r holds rows and columns of channels r·g .. r·g+g−1.
    /// </summary>
    public int DiagonalChannels { get; init; }

    /// <summary>Crossbars the layer occupies, replicas included.</summary>
    public int CrossbarsUsed => RowBlocks * ColumnBlocks * Replicas;
    /// <summary>Crossbar reads for one inference: every vector × input slice × crossbar of one replica set.</summary>
    public long CrossbarReads => InputVectors * InputSlices * RowBlocks * ColumnBlocks;
}
