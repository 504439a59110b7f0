using CimSim.Components.NeuroSim;

namespace CimSim.Simulator.Architecture;

/// <summary>One crossbar layer as NeuroSim's performance model sees it (its <c>netStructure</c> row and input count).</summary>
/// <param name="Name">Layer name.</param>
/// <param name="InputChannels">C_in.</param>
/// <param name="Kernel">Kernel side k (1 for a fully connected layer).</param>
/// <param name="InputPixels">Pixels of the padded input map, (H + 2p)·(W + 2p) (NeuroSim's columns 0 × 1).</param>
/// <param name="OutputChannels">C_out.</param>
/// <param name="ColumnsPerWeight">Crossbar columns per weight (<c>numColPerSynapse</c>).</param>
/// <param name="Vectors">Input vectors, one per output pixel (<c>numInVector</c>).</param>
/// <param name="Pooled">Followed by a 2 × 2 max-pool (NeuroSim's column 6).</param>
/// <param name="AdcBits">Its ADC's bits (NeuroSim's log2 <c>levelOutput</c>; the chip's unless its <c>layers:</c> entry gives its own).</param>
public sealed record DataflowLayer(string Name, long InputChannels, int Kernel, long InputPixels, long OutputChannels, int ColumnsPerWeight, long Vectors, bool Pooled,
    int AdcBits)
{
    public long Rows => InputChannels * Kernel * Kernel;
    public long Columns => OutputChannels * ColumnsPerWeight;
}

/// <summary>A crossbar layer in NeuroSim's dataflow: its time outside its crossbar reads, in clock cycles — before the reads
/// (the global buffer's read and the bus to the tiles, then each tile's input buffer, H-tree, PE buffers, adder trees and
/// output buffer: the slowest tile's) and after them (activation, the adds across tiles, the bus back and the global
/// buffer's write) — and the data it moves.</summary>
public sealed record DataflowCycles(double BeforeReads, double AfterReads, DataflowTraffic Traffic);

/// <summary>The bits a layer moves in NeuroSim's dataflow, summed over its tiles and PEs (<c>Tile.cpp</c>,
/// <c>ProcessingUnit.cpp</c>, <c>Chip.cpp</c> <c>CalculatePower</c> calls): over the tile H-trees toward the PEs and back, along
/// the PE input and output buses, over the X-Y bus (bits × tile pitches: toward the tiles ⌈grid columns / 2⌉ pitches, back
/// grid rows − ⌈grid rows / 2⌉ − 1), written to and read from the tile buffers, written to the PE buffers, and read from and
/// written to the global buffer.</summary>
public sealed record DataflowTraffic(double TreeSendBits, double TreeReturnBits, double PeSendBits, double PeReturnBits,
    double BusSendBitPitches, double BusReturnBitPitches, double TileBufferBits, double PeBufferBits, double GlobalReadBits, double GlobalWriteBits);

/// <summary>
/// NeuroSim V1.4's layer-serial dataflow (<c>pipeline = false</c>, <c>synchronous</c>, <c>chipActivation</c>, register-file
/// buffers, the X-Y bus), restated from <c>Chip.cpp</c> <c>ChipCalculatePerformance</c>, <c>Tile.cpp</c>
/// <c>TileInitialize</c>/<c>TileCalculatePerformance</c> and <c>ProcessingUnit.cpp</c> (docs/MODELS.md §7.10). A layer runs
/// alone: its inputs leave the global buffer over the bus, pass each tile's input buffer, H-tree and PE buffers, the
/// crossbars read them, and the partial sums go back through the PE and tile adder trees, the output buffers, the bus and
/// the global adder to the global buffer — each step over all of the layer's data before the next starts, one buffer line
/// or one bus transfer per cycle. The crossbar reads (with the layer's weight copies) are simulated by the replay; this
/// gives the rest of the layer's time. Sizes are NeuroSim's: buffers of 32 × 32-bit cores (tile) and 128 × 128 (global),
/// a 128-bit global port.
/// </summary>
public static class NeuroSimDataflow
{
    // Param.cpp: tileBufferCoreSizeRow/Col and globalBufferCoreSizeRow/Col.
    private const int TileCoreRows = 32, TileCoreColumns = 32, GlobalCoreRows = 128, GlobalCoreColumns = 128;

    /// <summary>The cycles of every crossbar layer of <paramref name="layers"/> (in network order) on <paramref name="spec"/>
    /// floorplanned as <paramref name="plan"/>.</summary>
    public static IReadOnlyDictionary<string, DataflowCycles> Cycles(ChipSpec spec, NeuroSimFloorplan plan, IReadOnlyList<DataflowLayer> layers)
    {
        var g = new Geometry(spec, plan, layers);
        var result = new Dictionary<string, DataflowCycles>(StringComparer.Ordinal);
        foreach (var l in layers) result[l.Name] = g.Layer(l, plan.Layers[l.Name]);
        return result;
    }

    /// <summary>Cycles of a max-pool of <paramref name="outputs"/> output elements over a window of <paramref name="window"/>
    /// inputs (<c>MaxPooling.cpp</c>: a tree of comparators, one cycle a stage, ⌈max(tile, novel PE) / column sharing⌉ units).</summary>
    public static double PoolCycles(ChipSpec spec, NeuroSimFloorplan plan, long outputs, int window)
    {
        int stages = 0, n = window, odd = n % 2;
        while (n != 0) { stages++; n /= 2; }
        stages += odd;
        double units = Math.Max(plan.TileSizeCm / (double)spec.ColumnSharing, plan.PeSizeNm / (double)spec.ColumnSharing);
        return Math.Ceiling(outputs / units) * stages;
    }

    /// <summary>Cycles of one pass through an adder tree of <paramref name="inputs"/> inputs whose first stage adds
    /// <paramref name="bits"/>-bit numbers (<c>AdderTree::CalculateLatency</c>: the first stage's adder, then a 2-bit adder
    /// per further stage, rounded up to whole cycles).</summary>
    public static long AdderTreeCycles(ChipSpec spec, int inputs, int bits)
    {
        var d = NeuroSimDevice.For(spec.Technology);
        int stages = (int)Math.Ceiling(Math.Log2(Math.Max(1, inputs)));
        double s = NeuroSimDigital.AdderDelayS(d, bits) + Math.Max(0, stages - 1) * NeuroSimDigital.AdderDelayS(d, 2);
        return (long)Math.Ceiling(Math.Round(s / (spec.ClockPeriodPs * 1e-12), 9));
    }

    /// <summary>The chip-wide sizes NeuroSim derives from its floorplan (<c>TileInitialize</c>, <c>ChipInitialize</c>).</summary>
    private sealed class Geometry
    {
        private readonly ChipSpec _s;
        private readonly NeuroSimFloorplan _p;
        private readonly int _inBits, _mux;
        private readonly bool _novelMapping;
        private readonly long _totalTileRows, _totalTileColumns, _globalCores, _addsFromSubarrays;
        private readonly double _units; // ReLU units and global adder trees: ⌈max(tile, novel PE) / column sharing⌉

        public Geometry(ChipSpec spec, NeuroSimFloorplan plan, IReadOnlyList<DataflowLayer> layers)
        {
            _s = spec; _p = plan;
            _inBits = spec.InputBits; _mux = spec.ColumnSharing;
            _novelMapping = spec.Floorplan == FloorplanKind.NeuroSim;
            long tiles = plan.Layers.Values.Sum(p => p.Tiles);
            _totalTileRows = (long)Math.Ceiling(Math.Sqrt(tiles));
            _totalTileColumns = (long)Math.Ceiling(tiles / (double)_totalTileRows);
            long maxInput = layers.Count == 0 ? 0 : layers.Max(l => l.InputPixels * l.InputChannels);
            _globalCores = CeilDiv(_inBits * maxInput, (long)GlobalCoreRows * GlobalCoreColumns);
            _units = Math.Ceiling((_novelMapping ? Math.Max(plan.TileSizeCm, plan.PeSizeNm) : plan.TileSizeCm) / (double)_mux);
            _addsFromSubarrays = _novelMapping
                ? Math.Max(CeilDiv(plan.PeSizeCm, spec.Rows), CeilDiv(plan.PeSizeNm, spec.Rows)) * Math.Max(CeilDiv(plan.TileSizeCm, plan.PeSizeCm), (long)Math.Ceiling(Math.Sqrt(plan.PesNm)))
                : CeilDiv(plan.PeSizeCm, spec.Rows) * CeilDiv(plan.TileSizeCm, plan.PeSizeCm);
        }

        /// <summary>numBitSubarrayOutput (parallel read of all rows): log2 levels + input bits + (columns per weight − 1)·cell bits + 1.</summary>
        private int SubarrayBits(DataflowLayer l) => l.AdcBits + _inBits + (l.ColumnsPerWeight - 1) * _s.BitsPerCell + 1;

        public DataflowCycles Layer(DataflowLayer l, FloorplanPlace place)
        {
            double tile = 0;
            var t = new Traffic();
            long tileRows = place.Novel ? _p.PeSizeNm * _p.PesNm : _p.TileSizeCm, tileColumns = place.Novel ? _p.PeSizeNm : _p.TileSizeCm;
            for (long i = 0; i < place.TileRows; i++)
                for (long j = 0; j < place.TileColumns; j++)
                {
                    long rows = Math.Min(tileRows, l.Rows - i * tileRows), columns = Math.Min(tileColumns, l.Columns - j * tileColumns);
                    tile = Math.Max(tile, place.Novel ? NovelTile(l, place, rows, columns, t) : ConventionalTile(l, place, rows, columns, t));
                }

            // Chip.cpp: the global buffer (a 128-bit line per cycle, as many cores at once as the bus is 128-bit lines wide)
            // and the X-Y bus (a transfer per cycle, shared among the grid's tile rows or columns as the layer has fewer).
            long outputs = l.Columns / l.ColumnsPerWeight;
            double toTiles = (double)l.Rows * _inBits * l.Vectors / (place.Novel ? l.Kernel : 1);
            double fromTiles = (double)outputs * _inBits * l.Vectors / (l.Pooled ? 4 : 1);
            double globalLines = Math.Min(_globalCores, Math.Ceiling(_s.MeshWidthBits / (double)GlobalCoreColumns));
            double globalRead = toTiles / GlobalCoreColumns / globalLines, globalWrite = fromTiles / GlobalCoreColumns / globalLines;
            double busIn = Math.Ceiling(toTiles / _s.MeshWidthBits * _totalTileRows / place.TileRows) * _s.MeshHopLatencyCycles;
            double busOut = Math.Ceiling(fromTiles / _s.MeshWidthBits * _totalTileColumns / place.TileColumns) * _s.MeshHopLatencyCycles;
            double relu = Math.Ceiling(l.Vectors * outputs / _units);
            double gaccum = place.TileRows > 1
                ? Math.Ceiling(outputs * (l.Vectors / _units)) * AdderTreeCycles(_s, (int)place.TileRows, SubarrayBits(l) + (int)Math.Ceiling(Math.Log2(_addsFromSubarrays)))
                : 0;
            var traffic = new DataflowTraffic(t.TreeSend, t.TreeReturn, t.PeSend, t.PeReturn, toTiles * Math.Ceiling(_totalTileColumns / 2.0),
                fromTiles * Math.Max(0, _totalTileRows - Math.Ceiling(_totalTileRows / 2.0) - 1), t.TileBuffer, t.PeBuffer, toTiles, fromTiles);
            return new DataflowCycles(globalRead + busIn + tile, relu + gaccum + globalWrite + busOut, traffic);
        }

        /// <summary>A layer's traffic, summed over its tiles and PEs as they are timed.</summary>
        private sealed class Traffic
        {
            public double TreeSend, TreeReturn, PeSend, PeReturn, TileBuffer, PeBuffer;

            /// <summary>One tile's H-tree and tile-buffer traffic.</summary>
            public void Tile(double toPes, double fromPes) { TreeSend += toPes; TreeReturn += fromPes; TileBuffer += toPes + fromPes; }
        }

        /// <summary>One PE's bus and buffer traffic (<c>ProcessingUnit.cpp</c>: its input bus and buffer carry every input bit of
        /// its rows; its output bus the tree's (B_s + tree stages)-bit sums, its output buffer the B_s-bit ones).</summary>
        private void PeTraffic(DataflowLayer l, long rows, long columns, long side, Traffic t)
        {
            double bitVectors = (double)l.Vectors * _inBits, outputs = columns / l.ColumnsPerWeight;
            t.PeSend += rows * bitVectors;
            t.PeReturn += outputs * (SubarrayBits(l) + Stages(side)) * l.Vectors;
            t.PeBuffer += rows * bitVectors + outputs * SubarrayBits(l) * l.Vectors;
        }

        /// <summary>A novel-mapped tile's time outside the crossbar reads (<c>TileCalculatePerformance</c>, novel branch):
        /// its PEs' (one per kernel position, each a 1/PEs share of the rows) over the copies, the tile adder tree, the input
        /// and output buffers and the H-tree.</summary>
        private double NovelTile(DataflowLayer l, FloorplanPlace place, long rows, long columns, Traffic t)
        {
            int pes = _p.PesNm;
            long side = SubarraySide(_p.PeSizeNm);
            int peOutBits = SubarrayBits(l) + (int)side, stages = Stages(pes);
            double bitVectors = (double)l.Vectors * _inBits;
            double toPes = rows * bitVectors / Math.Sqrt(pes);
            double fromPes = CeilDiv(columns, l.ColumnsPerWeight) * (double)(stages + peOutBits) * bitVectors / _inBits;
            long htreeBits = pes * _p.PeSizeNm;
            t.Tile(toPes, fromPes);
            for (int k = 0; k < pes; k++) PeTraffic(l, rows / pes, columns, side, t);
            return PeOverhead(l, rows / pes, columns, side) / place.Copies
                + TreePasses(l) * AdderTreeCycles(_s, pes, peOutBits)
                + Buffer(toPes, pes * _inBits * (double)_s.Rows, pes * _s.Rows, htreeBits)
                + Buffer(fromPes, (double)(peOutBits + stages) * pes * (_s.Columns / _mux), (peOutBits + stages) * pes, htreeBits)
                + (toPes + fromPes) / htreeBits * _s.HTreeLatencyCycles;
        }

        /// <summary>A conventional tile's time outside the crossbar reads (<c>TileCalculatePerformance</c>, conventional branch).</summary>
        private double ConventionalTile(DataflowLayer l, FloorplanPlace place, long rows, long columns, Traffic t)
        {
            long pe = _p.PeSizeCm, pesSide = CeilDiv(_p.TileSizeCm, pe);
            long side = SubarraySide(pe);
            int peOutBits = SubarrayBits(l) + (int)side, stages = Stages(pesSide);
            double core;
            if (place.Copies > 1 && place.CopyRows >= pesSide && place.CopyColumns >= pesSide)
            {
                // More copies than PEs a side: one PE holds the tile's matrix, duplicated in its subarrays; the tile divides by its PEs.
                long dupRows = CeilDiv(place.CopyRows, pesSide), dupColumns = CeilDiv(place.CopyColumns, pesSide);
                double tree = dupRows < CeilDiv(pe, _s.Rows) || dupColumns < CeilDiv(pe, _s.Columns)
                    ? TreePasses(l) * AdderTreeCycles(_s, (int)CeilDiv(rows, _s.Rows), SubarrayBits(l)) / (dupRows * dupColumns) : 0;
                core = (tree + PeBuffers(l, rows, columns, side)) / (pesSide * pesSide);
                PeTraffic(l, rows, columns, side, t);
            }
            else
            {
                // Each PE a block of the tile's matrix (with copies: as many blocks as the matrix has; without: all of the tile's).
                long peRows = place.Copies > 1 ? CeilDiv(rows, pe) : pesSide, peColumns = place.Copies > 1 ? CeilDiv(columns, pe) : pesSide;
                double worst = 0;
                for (long i = 0; i < peRows; i++)
                    for (long j = 0; j < peColumns; j++)
                        if (i * pe < rows && j * pe < columns)
                        {
                            worst = Math.Max(worst, PeOverhead(l, Math.Min(pe, rows - i * pe), Math.Min(pe, columns - j * pe), side));
                            PeTraffic(l, Math.Min(pe, rows - i * pe), Math.Min(pe, columns - j * pe), side, t);
                        }
                core = worst / place.Copies;
                if (place.Copies == 1 || peRows > 1) core += TreePasses(l) * AdderTreeCycles(_s, (int)peRows, peOutBits);
            }
            double bitVectors = (double)l.Vectors * _inBits;
            double toPes = rows * bitVectors;
            double fromPes = CeilDiv(columns, l.ColumnsPerWeight) * (double)(stages + peOutBits) * bitVectors / _inBits;
            long htreeBits = pesSide * pe;
            t.Tile(toPes, fromPes);
            return core
                + Buffer(toPes, pesSide * _inBits * (double)_s.Rows, pesSide * _s.Rows, htreeBits)
                + Buffer(fromPes, (double)(peOutBits + stages) * pesSide * (_s.Columns / _mux), (peOutBits + stages) * pesSide, htreeBits)
                + (toPes + fromPes) / htreeBits * _s.HTreeLatencyCycles;
        }

        /// <summary>A PE's time outside its subarrays' reads (<c>ProcessingUnitCalculatePerformance</c>): its adder tree over
        /// the subarray rows, then its buffers.</summary>
        private double PeOverhead(DataflowLayer l, long rows, long columns, long side) =>
            TreePasses(l) * AdderTreeCycles(_s, (int)CeilDiv(rows, _s.Rows), SubarrayBits(l)) + PeBuffers(l, rows, columns, side);

        /// <summary>The PE's input and output DFF buffers, one access of all their DFFs per cycle, in NeuroSim's integer
        /// arithmetic: rows × bit-vectors / (input bits × rows) and outputs × subarray-output bits × vectors / ((columns /
        /// column sharing) × (subarray-output bits + tree stages)).</summary>
        private double PeBuffers(DataflowLayer l, long rows, long columns, long side)
        {
            long bitVectors = l.Vectors * _inBits, subarrayBits = SubarrayBits(l);
            long inDffs = (long)_inBits * _s.Rows, outDffs = (_s.Columns / _mux) * (subarrayBits + Stages(side));
            return rows * bitVectors / inDffs + columns / l.ColumnsPerWeight * subarrayBits * bitVectors / _inBits / outDffs;
        }

        /// <summary>Adder-tree passes of a layer: one per input vector per ⌈column sharing / columns per weight⌉. NeuroSim
        /// computes this quotient in integers in its PE and novel-mapping tile trees (<c>ProcessingUnit.cpp</c>, <c>Tile.cpp</c>
        /// <c>ceil(numColMuxed/numColPerSynapse)</c>) but in reals in its conventional tile trees: with fewer columns per sense
        /// amplifier than per weight (4 and 8) its integer form gives no pass, and the partial sums are never added. CimSim takes
        /// the ceiling everywhere; the two agree whenever the sharing is a multiple of the weight's columns (docs/VALIDATION.md §4).</summary>
        private double TreePasses(DataflowLayer l) => l.Vectors * Math.Ceiling((double)_mux / l.ColumnsPerWeight);

        /// <summary>Side of a PE's subarray grid, ⌈√subarrays⌉.</summary>
        private long SubarraySide(long pe) => (long)Math.Ceiling(Math.Sqrt(CeilDiv(pe, _s.Rows) * CeilDiv(pe, _s.Columns)));

        private static int Stages(long inputs) => (int)Math.Ceiling(Math.Log2(inputs));

        /// <summary>A register-file buffer's write and read of <paramref name="bits"/>: a line per cycle each way, as many cores at
        /// once as the H-tree is lines wide (<c>Buffer::CalculateLatency</c>, synchronous; <c>Tile.cpp</c>). A buffer of
        /// <paramref name="size"/> bits under one core is one core of <paramref name="smallLine"/>-bit lines; a larger one is
        /// ⌈size / core⌉ cores of 32-bit lines.</summary>
        private static double Buffer(double bits, double size, long smallLine, long htreeBits)
        {
            double coreBits = TileCoreRows * TileCoreColumns;
            double line = size < coreBits ? smallLine : TileCoreColumns;
            double parallel = Math.Min(Math.Ceiling(size / coreBits), Math.Ceiling(htreeBits / line));
            return bits / line / parallel;
        }
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
