using CimSim.Kernel;

namespace CimSim.Simulator.Replay;

/// <summary>
/// The chip's shared resources during a replay, each a <see cref="UnitBank"/> taken in event order:
/// per tile its H-tree, accumulator, activation and pooling units; per tile a mesh router. Work that a bank
/// of k parallel units does on n elements occupies the bank for ⌈n/k⌉ actions. A tile of a layer with tiles of its
/// own (<see cref="ChipTiming.Layers"/>) has that layer's units and H-tree.
/// </summary>
internal sealed class ChipResources
{
    public ChipTiming Timing { get; }
    private readonly UnitBank[] _htree, _accumulator, _activation, _pooling, _router;
    private readonly ChipTiming[] _tile; // the timing of each tile's kind

    public ChipResources(ChipTiming t, IReadOnlyList<Workloads.Tracing.LayerTrace> layers)
    {
        Timing = t;
        _tile = new ChipTiming[t.Tiles];
        Array.Fill(_tile, t);
        foreach (var l in layers)
            if (l.Mapping is { } m && t.Layers.TryGetValue(l.Name, out var own))
                for (int i = m.FirstTile; i < m.FirstTile + m.TileCount && i < t.Tiles; i++) _tile[i] = own;
        _htree = Banks(t.Tiles);
        _accumulator = Banks(t.Tiles);
        _activation = Banks(t.Tiles);
        _pooling = Banks(t.Tiles);
        _router = Banks(t.Tiles);
    }

    private static UnitBank[] Banks(int tiles)
    {
        var banks = new UnitBank[tiles];
        for (int i = 0; i < tiles; i++) banks[i] = new UnitBank(1);
        return banks;
    }

    /// <summary>
    /// How long each bank was busy, named per tile (<c>htree[3]</c>: tile 3's H-tree) and sorted by name (ordinal). Made
    /// when asked (a counts file), not for every replay: a search replays thousands of chips of hundreds of tiles.
    /// </summary>
    public IReadOnlyList<ResourceBusy> BusyTimes()
    {
        var all = new List<ResourceBusy>(5 * Timing.Tiles);
        foreach (var (name, banks) in new[] { ("htree", _htree), ("accumulator", _accumulator), ("activation", _activation), ("pooling", _pooling), ("router", _router) })
            for (int i = 0; i < banks.Length; i++) all.Add(new ResourceBusy($"{name}[{i}]", banks[i].BusyPs));
        all.Sort((a, b) => string.CompareOrdinal(a.Resource, b.Resource));
        return all;
    }

    /// <summary>Sends <paramref name="bits"/> from a tile's root to its PEs; returns when they are there.</summary>
    public long HTree(int tile, long bits, long readyPs, out long flits)
    {
        var t = _tile[tile];
        flits = CeilDiv(bits, t.HTreeWidthBits);
        return _htree[tile].Acquire(readyPs, flits * t.HTreeFlitPs) + flits * t.HTreeFlitPs;
    }

    /// <summary>Runs <paramref name="ops"/> accumulator adds on a tile; returns the finish time.</summary>
    public long Accumulate(int tile, long ops, long readyPs) =>
        Run(_accumulator[tile], ops, _tile[tile].AccumulatorsPerTile, _tile[tile].AccumulatePs, readyPs);

    public long Activate(int tile, long ops, long readyPs) =>
        Run(_activation[tile], ops, _tile[tile].ActivationUnitsPerTile, _tile[tile].ActivationPs, readyPs);

    public long Pool(int tile, long ops, long readyPs) =>
        Run(_pooling[tile], ops, _tile[tile].PoolingUnitsPerTile, _tile[tile].PoolPs, readyPs);

    private static long Run(UnitBank bank, long ops, int units, long actionPs, long readyPs)
    {
        if (ops == 0) return readyPs;
        long d = CeilDiv(ops, units) * actionPs;
        return bank.Acquire(readyPs, d) + d;
    }

    /// <summary>
    /// Sends <paramref name="bits"/> over the mesh. Tiles sit row-major on a grid of <c>MeshColumns</c> columns
    /// whose last row may be partly filled; routing is XY (dimension order), except from a tile of a partly
    /// filled last row to a tile above it, which goes YX so that the route never crosses a grid position with
    /// no tile (and no router). Both orders take the Manhattan distance in hops. Wormhole-style: the head flit
    /// moves one hop per hop latency; each router on the path is held for the whole packet (flits × hop
    /// latency), from when the head reaches it or the router frees, whichever is later. Returns the tail's
    /// arrival time.
    /// </summary>
    public long Mesh(int from, int to, long bits, long readyPs, out long flitHops)
    {
        flitHops = 0;
        if (from == to || bits == 0) return readyPs;
        long flits = CeilDiv(bits, Timing.MeshWidthBits);
        long hop = Timing.MeshHopPs, hold = flits * hop;
        int cols = Timing.MeshColumns;
        int x = from % cols, y = from / cols, tx = to % cols, ty = to / cols;
        int lastRow = (Timing.Tiles - 1) / cols;
        bool yFirst = y == lastRow && ty != lastRow && Timing.Tiles % cols != 0;
        long t = readyPs, arrival = readyPs;
        int hops = 0;
        while (x != tx || y != ty)
        {
            long start = _router[y * cols + x].Acquire(t, hold);
            arrival = start + hold;
            t = start + hop;
            if (yFirst ? y == ty : x != tx) x += Math.Sign(tx - x); else y += Math.Sign(ty - y);
            hops++;
        }
        flitHops = flits * hops;
        return arrival;
    }

    public static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
