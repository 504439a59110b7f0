namespace CimSim.Workloads.Mapping;

/// <summary>
/// A layer's own tiles, in place of the chip's tile shape (NeuroSim's floorplan: its novel-mapping tiles of one PE per
/// kernel position beside conventional tiles, <c>Chip.cpp</c> <c>ChipFloorPlan</c>, docs/ARCHITECTURE_YAML.md).
/// </summary>
/// <param name="PesPerTile">Processing elements in each of the layer's tiles.</param>
/// <param name="CrossbarsPerPe">Crossbars in each of those processing elements.</param>
/// <param name="Tiles">Tiles the layer is given (unused crossbars stay empty, or hold weight copies); 0: as many as its
/// crossbars need.</param>
public sealed record LayerTiling(int PesPerTile, int CrossbarsPerPe, int Tiles)
{
    /// <summary>Rows of the weight matrix each PE starts its crossbars from (NeuroSim's novel-mapped PE holds the C_in rows of
    /// one kernel position): the layer's crossbars cut each run of this many rows from its top; 0: the whole matrix from
    /// the top (<see cref="LayerMapper"/>).</summary>
    public int RowChunk { get; init; }
    /// <summary>Weight copies in the layer's tiles with in-tile replication (NeuroSim's whole-PE and whole-subarray copies);
    /// 0: as many as the tiles' crossbars hold (<see cref="NetworkMapper"/>).</summary>
    public int Copies { get; init; }

    /// <summary>Crossbars in one of the layer's tiles.</summary>
    public int CrossbarsPerTile => PesPerTile * CrossbarsPerPe;

    /// <summary>The chip's own tile shape, as a layer without a tiling of its own has it.</summary>
    public static LayerTiling Of(MappingTarget chip) => new(chip.PesPerTile, chip.CrossbarsPerPe, 0);

    /// <summary>Tiles a layer of <paramref name="crossbars"/> crossbars (replicas included) occupies: what they need, at
    /// least <see cref="Tiles"/>.</summary>
    public long TilesFor(long crossbars) => Math.Max(Tiles, (crossbars + CrossbarsPerTile - 1) / CrossbarsPerTile);
}
