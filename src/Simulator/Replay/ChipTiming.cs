using CimSim.Components.Costs;
using CimSim.Kernel;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Replay;

/// <summary>
/// The timing facts the replay needs, in integer picoseconds, each rounded up to whole cycles of the chip
/// clock: the chip's controller steps every block on clock edges, so an action of 1.3 cycles occupies 2.
/// Built from the chip model by <see cref="From"/>; tests build it directly.
/// </summary>
public sealed record ChipTiming
{
    /// <summary>Clock period, ps.</summary>
    public required long ClockPs { get; init; }
    /// <summary>Readout of every crossbar column's partial sum.</summary>
    public required ReadoutKind Readout { get; init; }
    /// <summary>One crossbar read: DAC drive plus analog settle, ps.</summary>
    public required long CrossbarReadPs { get; init; }
    /// <summary>ADC chips: one conversion, ps.</summary>
    public long ConvertPs { get; init; }
    /// <summary>Columns read one after another by one readout unit: the ADC's column sharing; 1 for comparators
    /// (<see cref="ReadoutSpec.ColumnSharing"/>, defaulted and checked there).</summary>
    public required int ColumnSharing { get; init; }
    /// <summary>Comparator chips: one decision of all columns in parallel, ps.</summary>
    public long ComparePs { get; init; }
    /// <summary>Comparator chips: one DCiM cycle, ps.</summary>
    public long DcimCyclePs { get; init; }
    /// <summary>Comparator chips: non-zero outputs the DCiM unit processes per cycle.</summary>
    public int DcimColumnsPerCycle { get; init; } = 1;
    /// <summary>Comparator chips: whether the DCiM unit skips q = 0 (otherwise it processes every column).</summary>
    public bool ZeroSkipping { get; init; } = true;
    /// <summary>ADC chips: shift-add of one read's conversions after the last one, ps.</summary>
    public long ShiftAddPs { get; init; }
    /// <summary>One accumulator add, ps; <see cref="AccumulatorsPerTile"/> work in parallel.</summary>
    public required long AccumulatePs { get; init; }
    public required int AccumulatorsPerTile { get; init; }
    /// <summary>Activation of one output element, ps; <see cref="ActivationUnitsPerTile"/> in parallel.</summary>
    public required long ActivationPs { get; init; }
    public required int ActivationUnitsPerTile { get; init; }
    /// <summary>Pooling of one input element, ps; <see cref="PoolingUnitsPerTile"/> in parallel.</summary>
    public required long PoolPs { get; init; }
    public required int PoolingUnitsPerTile { get; init; }
    /// <summary>One H-tree flit from a tile's root to its PEs, ps, and the flit width.</summary>
    public required long HTreeFlitPs { get; init; }
    public required int HTreeWidthBits { get; init; }
    /// <summary>One mesh hop (router + link) of one flit, ps, and the flit width.</summary>
    public required long MeshHopPs { get; init; }
    public required int MeshWidthBits { get; init; }
    /// <summary>Tiles on the chip and the mesh's width (tiles per row).</summary>
    public required int Tiles { get; init; }
    public required int MeshColumns { get; init; }
    public required int CrossbarsPerTile { get; init; }
    /// <summary>Bits of one partial output sent between tiles before reduction.</summary>
    public required int PartialSumBits { get; init; }
    /// <summary>Access widths of the PE, tile and global buffers, bits.</summary>
    public required int PeBufferWidthBits { get; init; }
    public required int TileBufferWidthBits { get; init; }
    public required int GlobalBufferWidthBits { get; init; }

    /// <summary>The timing of a built chip: every action latency of its component models, in whole cycles.</summary>
    public static ChipTiming From(ChipModel chip)
    {
        var s = chip.Spec;
        long clk = s.ClockPeriodPs;
        long Cyc(double ns) => ToCyclesPs(ns, clk);
        int PerTile(long instances) => (int)Math.Max(1, instances / s.Tiles);
        if (chip.Dcim is { CrossbarsPerUnit: > 1 })
            throw new InputException(s.FileName, 0, 0, "scale_factor_unit.crossbars_per_unit",
                "the replay models one DCiM unit per crossbar (its pipeline's third stage); a unit shared by several crossbars is not simulated yet");
        return new ChipTiming
        {
            ClockPs = clk,
            Readout = s.Readout,
            CrossbarReadPs = Cyc(chip.Crossbar[ActionNames.Read].LatencyNs + chip.Dac[ActionNames.Drive].LatencyNs),
            ConvertPs = chip.Adc is { } adc ? Cyc(adc[ActionNames.Convert].LatencyNs) : 0,
            ColumnSharing = s.ColumnSharing,
            ComparePs = chip.Comparator is { } cmp ? Cyc(cmp[ActionNames.Decide].LatencyNs) : 0,
            DcimCyclePs = chip.Dcim is { } d ? Cyc(d[ActionNames.Accumulate].LatencyNs) : 0,
            DcimColumnsPerCycle = chip.Dcim?.ColumnsPerCycle ?? 1,
            ZeroSkipping = chip.Dcim?.ZeroSkipping ?? false,
            ShiftAddPs = chip.ShiftAdd is { } sa ? Cyc(sa[ActionNames.ShiftAdd].LatencyNs) : 0,
            AccumulatePs = Cyc(chip.Accumulator[ActionNames.Add].LatencyNs),
            AccumulatorsPerTile = PerTile(chip.Accumulator.Instances),
            ActivationPs = Cyc(chip.Activation[ActionNames.Apply].LatencyNs),
            ActivationUnitsPerTile = PerTile(chip.Activation.Instances),
            PoolPs = Cyc(chip.Pooling[ActionNames.Apply].LatencyNs),
            PoolingUnitsPerTile = PerTile(chip.Pooling.Instances),
            HTreeFlitPs = Cyc(chip.HTree[ActionNames.Transfer].LatencyNs),
            HTreeWidthBits = chip.HTree.WidthBits,
            MeshHopPs = Cyc(chip.Mesh[ActionNames.Hop].LatencyNs),
            MeshWidthBits = chip.Mesh.WidthBits,
            Tiles = s.Tiles,
            MeshColumns = (int)Math.Ceiling(Math.Sqrt(s.Tiles)),
            CrossbarsPerTile = s.CrossbarsPerTile,
            PartialSumBits = s.AccumulatorBits,
            PeBufferWidthBits = chip.PeBuffer.WidthBits,
            TileBufferWidthBits = chip.TileBuffer.WidthBits,
            GlobalBufferWidthBits = chip.GlobalBuffer.WidthBits,
        };
    }

    /// <summary>Readout timing of layers whose tiles have their own peripherals (layer name → timing); empty when homogeneous.</summary>
    public IReadOnlyDictionary<string, ChipTiming> Layers { get; init; } = new Dictionary<string, ChipTiming>();

    /// <summary>Layers that run in NeuroSim's layer-serial dataflow (<c>hierarchy.dataflow: neurosim</c>; layer name →
    /// its time outside the crossbar reads); empty in the streaming dataflow.</summary>
    public IReadOnlyDictionary<string, SerialStages> Serial { get; init; } = new Dictionary<string, SerialStages>();

    /// <summary>The timing that applies to the crossbars of layer <paramref name="layer"/>.</summary>
    public ChipTiming ForLayer(string layer) => Layers.TryGetValue(layer, out var t) ? t : this;

    /// <summary>Rounds a latency in ns up to whole clock cycles, in ps: ns → whole ps (float noise rounded away), then
    /// the kernel's clock conversion (<see cref="ClockDomain.CyclesCovering"/>), the one clock conversion of the house.</summary>
    public static long ToCyclesPs(double latencyNs, long clockPs)
    {
        if (double.IsNaN(latencyNs) || latencyNs < 0) throw new ArgumentOutOfRangeException(nameof(latencyNs));
        long ps = (long)Math.Ceiling(Math.Round(latencyNs * 1000.0, 6));
        var clock = new ClockDomain("chip", clockPs);
        return clock.CyclesToPs(clock.CyclesCovering(ps));
    }

    /// <summary>Mesh hops between two tiles (XY routing on a row-major grid).</summary>
    public int Hops(int fromTile, int toTile)
    {
        int dx = Math.Abs(fromTile % MeshColumns - toTile % MeshColumns);
        int dy = Math.Abs(fromTile / MeshColumns - toTile / MeshColumns);
        return dx + dy;
    }
}

/// <summary>A layer's time outside its crossbar reads in a layer-serial dataflow, ps: before its first read can start (its
/// inputs on their way from the global buffer to the crossbars) and after its last read (its outputs on their way back).
/// A digital layer (pooling) has only <see cref="AfterReadsPs"/>, its whole time. <see cref="Traffic"/>: what a crossbar layer
/// moves on the way (counted for it in place of the streaming replay's per-vector transfers).</summary>
public sealed record SerialStages(long BeforeReadsPs, long AfterReadsPs, Architecture.DataflowTraffic? Traffic = null);
