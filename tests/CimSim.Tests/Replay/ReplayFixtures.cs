using CimSim.Simulator.Replay;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;

namespace CimSim.Tests.Replay;

/// <summary>Hand-built chips and traces for replay tests (no compiler involved).</summary>
internal static class ReplayFixtures
{
    public static ChipTiming Timing(ReadoutKind readout, int columnSharing = 8, int tiles = 16, int crossbarsPerTile = 4) => new()
    {
        ClockPs = 1000,
        Readout = readout,
        CrossbarReadPs = 1000,
        ConvertPs = 2000,
        ColumnSharing = columnSharing,
        ComparePs = 1000,
        DcimCyclePs = 1000,
        DcimColumnsPerCycle = 4,
        ShiftAddPs = 1000,
        AccumulatePs = 1000,
        AccumulatorsPerTile = 4,
        ActivationPs = 1000,
        ActivationUnitsPerTile = 16,
        PoolPs = 1000,
        PoolingUnitsPerTile = 8,
        HTreeFlitPs = 1000,
        HTreeWidthBits = 64,
        MeshHopPs = 1000,
        MeshWidthBits = 32,
        Tiles = tiles,
        MeshColumns = 4,
        CrossbarsPerTile = crossbarsPerTile,
        PartialSumBits = 16,
        PeBufferWidthBits = 64,
        TileBufferWidthBits = 128,
        GlobalBufferWidthBits = 256,
    };

    public static MappingTarget Target(ReadoutKind readout) =>
        new(128, 128, 1, SignedWeightScheme.Differential, 4, 1, 16, 4, 4, 1, readout, readout == ReadoutKind.Adc ? 7 : 0, readout == ReadoutKind.Adc ? 0 : 8);

    private static LayerCounts Counts(CrossbarMapping? m) =>
        new(m?.CrossbarReads ?? 0, 0, 0, 0, 0, 0);

    /// <summary>A crossbar layer with the given geometry; non-zero counts drawn from <paramref name="rng"/> when given.</summary>
    public static LayerTrace Crossbar(int index, string name, LayerOp op, TensorShape input, TensorShape output, int k, int stride, int pad,
        int[] sources, int rowBlocks, int colBlocks, int[] rows, int[] cols, int slices, int replicas, int firstTile, Random? rng, int tilesPerReplicaSet = 1)
    {
        long vectors = (long)output.Height * output.Width;
        var m = new CrossbarMapping(rows.Sum(), cols.Sum(), 1, 2, rowBlocks, colBlocks, replicas, rows, cols, slices, vectors, firstTile, tilesPerReplicaSet);
        ushort[][]? nz = null;
        if (rng is not null)
        {
            nz = new ushort[rowBlocks * colBlocks][];
            for (int x = 0; x < nz.Length; x++)
            {
                nz[x] = new ushort[vectors * slices];
                for (int r = 0; r < nz[x].Length; r++) nz[x][r] = (ushort)rng.Next(0, cols[x % colBlocks] + 1);
            }
        }
        return new LayerTrace
        {
            Index = index, Name = name, Op = op, Input = input, Output = output, KernelSize = k, Stride = stride, Padding = pad,
            Sources = sources, InputBits = slices, WeightBits = 1, Mapping = m, Counts = Counts(m), NonZeroPerRead = nz,
        };
    }

    public static LayerTrace Digital(int index, string name, LayerOp op, TensorShape input, TensorShape output, int k, int stride, int[] sources) => new()
    {
        Index = index, Name = name, Op = op, Input = input, Output = output, KernelSize = k, Stride = stride,
        Sources = sources, InputBits = 4, Counts = Counts(null),
    };

    public static NetworkTrace Network(ReadoutKind readout, params LayerTrace[] layers) => new()
    {
        Network = "fixture", Dataset = "none", Architecture = "fixture", Target = Target(readout), Seed = 1, Layers = layers,
    };

    /// <summary>A small residual network touching every replay path: conv, pooling, residual add, replicas, multi-tile layers, FC.</summary>
    public static NetworkTrace SmallResNet(ReadoutKind readout, int seed)
    {
        var rng = new Random(seed);
        Random? nz = readout == ReadoutKind.Adc ? null : rng;
        var s8 = new TensorShape(8, 8, 8);
        return Network(readout,
            Crossbar(0, "conv1", LayerOp.Conv, new(3, 8, 8), s8, 3, 1, 1, [-1], 1, 1, [27], [32], 4, 2, 0, nz),
            Crossbar(1, "conv2", LayerOp.Conv, s8, s8, 3, 1, 1, [0], 1, 2, [72], [64, 64], 4, 1, 1, nz),
            Crossbar(2, "conv3", LayerOp.Conv, s8, s8, 3, 1, 1, [1], 2, 3, [64, 8], [48, 48, 32], 4, 1, 2, nz, tilesPerReplicaSet: 2),
            Digital(3, "add", LayerOp.ResidualAdd, s8, s8, 1, 1, [2, 0]),
            Digital(4, "pool", LayerOp.MaxPool, s8, new(8, 4, 4), 2, 2, [3]),
            Digital(5, "gap", LayerOp.GlobalAvgPool, new(8, 4, 4), new(8, 1, 1), 4, 1, [4]),
            Crossbar(6, "fc", LayerOp.FullyConnected, new(8, 1, 1), new(10, 1, 1), 1, 1, 0, [5], 1, 1, [8], [40], 4, 1, 4, nz));
    }
}
