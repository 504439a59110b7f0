namespace CimSim.Simulator.Replay;

/// <summary>
/// What happened in a replay, per layer: timing and the action counts the trace does not already hold
/// (data movement and digital post-processing, which depend on placement and schedule).
/// </summary>
public sealed class LayerReplay
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    /// <summary>First input arrival (ps) and last output delivered (ps).</summary>
    public long StartPs { get; internal set; } = long.MaxValue;
    public long EndPs { get; internal set; }
    public long LatencyPs => EndPs > StartPs ? EndPs - StartPs : 0;
    /// <summary>Output vectors produced.</summary>
    public long Vectors { get; internal set; }
    /// <summary>H-tree flits root → PE (activations) and PE → root (partial sums).</summary>
    public long HTreeFlits { get; internal set; }
    public long HTreeCollectFlits { get; internal set; }
    public long MeshFlitHops { get; internal set; }
    /// <summary>NeuroSim's layer-serial dataflow (<see cref="SerialStages.Traffic"/>): bits over the H-trees toward the PEs and
    /// back, along the PE buses, and bit-pitches over the X-Y bus toward the tiles and back.</summary>
    public long TreeSendBits { get; internal set; }
    public long TreeReturnBits { get; internal set; }
    public long PeSendBits { get; internal set; }
    public long PeReturnBits { get; internal set; }
    public long BusSendBitPitches { get; internal set; }
    public long BusReturnBitPitches { get; internal set; }
    /// <summary>Accumulator adds: all of them, and the part that merges weight-slice columns within a row block.</summary>
    public long AccumulatorAdds { get; internal set; }
    public long AccumulatorSliceMerges { get; internal set; }
    public long ActivationOps { get; internal set; }
    public long PoolingOps { get; internal set; }
    /// <summary>Buffer accesses (each of the buffer's width).</summary>
    public long TileBufferReads { get; internal set; }
    public long TileBufferWrites { get; internal set; }
    public long PeBufferReads { get; internal set; }
    public long PeBufferWrites { get; internal set; }
    public long GlobalBufferReads { get; internal set; }
    public long GlobalBufferWrites { get; internal set; }
}

/// <summary>The outcome of replaying a trace on a chip.</summary>
public sealed class ReplayResult
{
    public required IReadOnlyList<LayerReplay> Layers { get; init; }
    /// <summary>End of the last output delivered, ps: one inference's latency.</summary>
    public required long TotalPs { get; init; }
    public required long EventsProcessed { get; init; }
    /// <summary>Busy time of every shared resource instance (per tile: H-tree, accumulator, activation, pooling, router), by name.</summary>
    public IReadOnlyList<ResourceBusy> BusyTimes { get; init; } = [];
}
