using CimSim.Kernel;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;

namespace CimSim.Simulator.Replay;

/// <summary>
/// One layer during a replay: which of its output vectors may start (their inputs exist), how a vector's
/// inputs reach its crossbars, how the crossbars' pipelines process it, and how the reduced, activated
/// output travels to the layers that read it. Output vectors are output pixels in raster order (one vector
/// for a fully connected layer).
/// </summary>
internal sealed class LayerRunner
{
    private readonly ReplayEngine _engine;
    private readonly ChipResources _chip;
    private readonly ChipTiming _t;   // chip-wide timing (tiles, buffers, mesh, digital units)
    private readonly ChipTiming _xt;  // this layer's crossbar readout and post-processing timing
    public LayerTrace Trace { get; }
    public LayerReplay Result { get; }
    public long Vectors { get; }
    public int Slices { get; }

    // Inputs: one slot per source (source layer index, −1 = network input), and how much of it has arrived.
    private readonly int[] _sources;
    private readonly bool[] _needsAll;
    private readonly long[] _delivered;      // per slot: vectors 0.._delivered−1 have all arrived
    private readonly bool[]?[] _arrived;     // per slot: which vectors arrived (replicas and routes may reorder them)
    private long _next;
    public List<(LayerRunner Consumer, int Slot)> Consumers { get; } = new();
    /// <summary>Tile where the layer's outputs are reduced and leave from.</summary>
    public int OutputTile { get; private set; }

    // Crossbar layers.
    private readonly CrossbarMapping? _map;
    private readonly int _perReplica;
    private readonly int _tileOffset;
    private readonly FlowShop[]? _pipes;  // one per pipeline group (fast replay)
    private readonly PipeGroup[][] _groups; // per replica: its crossbars' pipeline groups
    private readonly long[][] _tileInBits;  // per replica and tile (from the replica's first): input bits its crossbars read
    private readonly long[][] _tileHeld;    // per replica and tile: readout columns its crossbars hold
    private readonly long _peReadsPerVector;
    private readonly DetailedCrossbarPipelines? _detailed;
    private readonly long[] _readoutPs;   // stage 1 duration per crossbar of one replica
    private readonly int[] _readoutCols;  // readout columns per crossbar of one replica
    private readonly ushort[][]? _nonZero;
    private readonly long[] _tileIn;      // scratch: input arrival per tile of the layer

    // Layer-serial dataflow (ChipTiming.Serial): the layer's time outside its reads, when it started, when its last output is ready.
    private readonly SerialStages? _serial;
    private long _serialStartPs = -1, _serialEndPs;

    /// <summary>
    /// Crossbars of one replica whose pipelines see the same items: the same tile (so the same input arrival), the same
    /// readout time and, unless the post-processing time depends on the crossbar's own data (zero skipping), the same
    /// post-processing time. Their flow shops start empty and take identical items, so they stay identical: one
    /// <see cref="FlowShop"/> stands for the group (<see cref="Crossbar"/> is one member, for its per-read times).
    /// </summary>
    private readonly record struct PipeGroup(int TileIndex, int Crossbar, int Pipe);

    public LayerRunner(ReplayEngine engine, ChipResources chip, LayerTrace trace, int[] sources, bool[] needsAll, bool detailed, Simulation sim)
    {
        _engine = engine; _chip = chip; _t = chip.Timing; _xt = _t.ForLayer(trace.Name); Trace = trace;
        Result = new LayerReplay { Index = trace.Index, Name = trace.Name };
        Vectors = (long)trace.Output.Height * trace.Output.Width;
        _sources = sources; _needsAll = needsAll;
        _delivered = new long[sources.Length];
        _arrived = new bool[sources.Length][];
        _map = trace.Mapping;
        _serial = _t.Serial.GetValueOrDefault(trace.Name);
        _readoutPs = Array.Empty<long>(); _readoutCols = Array.Empty<int>(); _tileIn = Array.Empty<long>();
        _groups = []; _tileInBits = []; _tileHeld = [];
        if (_map is null) { Slices = 0; return; }

        Slices = _map.InputSlices;
        _perReplica = _map.RowBlocks * _map.ColumnBlocks;
        _tileOffset = _map.FirstTile;
        OutputTile = _map.FirstTile;
        _readoutPs = new long[_perReplica];
        _readoutCols = new int[_perReplica];
        for (int rb = 0; rb < _map.RowBlocks; rb++)
            for (int cb = 0; cb < _map.ColumnBlocks; cb++)
            {
                int x = rb * _map.ColumnBlocks + cb;
                int cols = ReadoutColumns(_map, cb);
                _readoutCols[x] = cols;
                _readoutPs[x] = _xt.Readout == ReadoutKind.Adc
                    // Columns are multiplexed onto ADCs in adjacent groups of ColumnSharing: the busiest ADC converts min(m, columns).
                    ? Math.Min(_xt.ColumnSharing, _map.ColumnsInBlock[cb]) * _xt.ConvertPs
                    : _xt.ComparePs;
            }
        _nonZero = trace.NonZeroPerRead;
        if (_xt.Readout != ReadoutKind.Adc && _xt.ZeroSkipping && _nonZero is null)
            throw new InputException($"trace layer '{trace.Name}' has no non-zero counts, which a comparator readout needs");
        int crossbars = _map.CrossbarsUsed;
        _tileIn = new long[TileOf(crossbars - 1) - TileOf(0) + 1];
        for (int k = 0; k < _perReplica; k++)
        {
            int rb = k / _map.ColumnBlocks;
            _peReadsPerVector += Slices * ChipResources.CeilDiv((long)_map.RowsInBlock[rb] * Math.Max(1, trace.InputBits / Slices), _t.PeBufferWidthBits);
        }
        (_tileInBits, _tileHeld) = TileLoads();
        if (detailed) _detailed = new DetailedCrossbarPipelines(sim, this, crossbars, Vectors);
        else
        {
            _groups = Groups(perCrossbar: _xt.Readout != ReadoutKind.Adc && _xt.ZeroSkipping, out int pipes);
            _pipes = new FlowShop[pipes];
        }
    }

    /// <summary>Per replica and tile: the input bits its crossbars read (each row block it holds once) and the readout
    /// columns they hold.</summary>
    private (long[][] InBits, long[][] Held) TileLoads()
    {
        var m = _map!;
        var inBits = new long[m.Replicas][];
        var held = new long[m.Replicas][];
        for (int r = 0; r < m.Replicas; r++)
        {
            int first = r * _perReplica, tile0 = TileOf(first), tiles = TileOf(first + _perReplica - 1) - tile0 + 1;
            inBits[r] = new long[tiles];
            held[r] = new long[tiles];
            int lastRb = -1, lastTile = -1;
            for (int k = 0; k < _perReplica; k++)
            {
                int t = TileOf(first + k) - tile0, rb = k / m.ColumnBlocks;
                if (rb != lastRb || t != lastTile) { inBits[r][t] += (long)m.RowsInBlock[rb] * Trace.InputBits; lastRb = rb; lastTile = t; }
                held[r][t] += _readoutCols[k];
            }
        }
        return (inBits, held);
    }

    /// <summary>The pipeline groups of every replica (<see cref="PipeGroup"/>); one per crossbar when
    /// <paramref name="perCrossbar"/>.</summary>
    private PipeGroup[][] Groups(bool perCrossbar, out int pipes)
    {
        var m = _map!;
        var groups = new PipeGroup[m.Replicas][];
        pipes = 0;
        var seen = new HashSet<(int Tile, long ReadoutPs, long PostKey)>();
        var list = new List<PipeGroup>();
        for (int r = 0; r < m.Replicas; r++)
        {
            int first = r * _perReplica, tile0 = TileOf(first);
            seen.Clear();
            list.Clear();
            for (int k = 0; k < _perReplica; k++)
            {
                int t = TileOf(first + k) - tile0;
                // Without zero skipping the post-processing time depends on the crossbar only through its readout columns.
                var key = (t, _readoutPs[k], _xt.Readout == ReadoutKind.Adc ? 0L : _readoutCols[k]);
                if (!seen.Add(key) && !perCrossbar) continue;
                list.Add(new PipeGroup(t, k, pipes++));
            }
            groups[r] = list.ToArray();
        }
        return groups;
    }

    /// <summary>Places a digital layer (pooling, add) on the output tile of the layer it reads.</summary>
    public void PlaceAfter(LayerRunner? source) { if (_map is null) OutputTile = source?.OutputTile ?? 0; }

    private int TileOf(int crossbar) => _tileOffset + crossbar / _xt.CrossbarsPerTile;

    /// <summary>Vector <paramref name="vector"/> of input slot <paramref name="slot"/> has arrived; start what can start.</summary>
    public void Delivered(Simulation sim, int slot, long vector)
    {
        var arrived = _arrived[slot] ??= new bool[SourceVectors(slot)];
        if (arrived[vector]) throw new InvalidOperationException($"layer {Trace.Name}: input vector {vector} arrived twice");
        arrived[vector] = true;
        long d = _delivered[slot];
        while (d < arrived.Length && arrived[d]) d++;
        if (d == _delivered[slot]) return;
        _delivered[slot] = d;
        Issue(sim);
    }

    private long SourceVectors(int slot)
    {
        var shape = _sources[slot] < 0 ? Trace.Input : _engine.Layer(_sources[slot]).Trace.Output;
        return (long)shape.Height * shape.Width;
    }

    /// <summary>Marks the network input (slot) as fully present.</summary>
    public void InputPresent(int slot, long vectors) => _delivered[slot] = vectors;

    /// <summary>Starts every output vector whose inputs have all arrived.</summary>
    public void Issue(Simulation sim)
    {
        while (_next < Vectors)
        {
            for (int s = 0; s < _sources.Length; s++)
                if (_delivered[s] <= Required(s, _next)) return;
            Start(sim, _next++);
        }
    }

    /// <summary>The last vector of input slot <paramref name="slot"/> that output vector <paramref name="u"/> reads.</summary>
    private long Required(int slot, long u)
    {
        if (_needsAll[slot]) return SourceVectors(slot) - 1;
        int src = _sources[slot];
        var srcShape = src < 0 ? Trace.Input : _engine.Layer(src).Trace.Output;
        long oy = u / Trace.Output.Width, ox = u % Trace.Output.Width;
        long ry, rx;
        if (Trace.Op == LayerOp.ResidualAdd)
        {
            // Same pixel; a strided shortcut (option A) reads the source at the subsampled position.
            ry = oy * (srcShape.Height / Trace.Output.Height);
            rx = ox * (srcShape.Width / Trace.Output.Width);
        }
        else
        {
            ry = oy * Trace.Stride - Trace.Padding + Trace.KernelSize - 1;
            rx = ox * Trace.Stride - Trace.Padding + Trace.KernelSize - 1;
        }
        ry = Math.Clamp(ry, 0, srcShape.Height - 1);
        rx = Math.Clamp(rx, 0, srcShape.Width - 1);
        return ry * srcShape.Width + rx;
    }

    private void Start(Simulation sim, long v)
    {
        long now = sim.NowPs;
        if (now < Result.StartPs) Result.StartPs = now;
        if (_map is null) { StartDigital(sim, v, now); return; }

        long serialArrival = _serial is null ? 0 : SerialStart(now) + _serial.BeforeReadsPs;
        if (_serial is null) Result.PeBufferReads += _peReadsPerVector;
        long done = now;
        bool perSlice = _xt.Readout != ReadoutKind.Adc && _xt.ZeroSkipping;
        int sharers = Sharers(v);
        for (int j = 0; j < sharers; j++)
        {
            int replica = Copy(v, j), first = replica * _perReplica, tile0 = TileOf(first);
            int slices = (Slices - j + sharers - 1) / sharers; // slices j, j + sharers, …
            // Inputs: each tile receives, over its H-tree, the input rows of every row block it holds (of this copy's slices). In
            // a layer-serial dataflow they are all there when the layer's inputs have passed the buffers and trees
            // (_serial.BeforeReadsPs after its start).
            var inBits = _tileInBits[replica];
            for (int i = 0; i < inBits.Length; i++)
            {
                if (_serial is not null) { _tileIn[i] = serialArrival; continue; } // its traffic is counted for the layer (FinishSerial)
                long bits = ChipResources.CeilDiv(inBits[i] * slices, Slices);
                _tileIn[i] = _chip.HTree(tile0 + i, bits, now, out long flits);
                Result.HTreeFlits += flits;
                Result.TileBufferReads += ChipResources.CeilDiv(bits, _t.TileBufferWidthBits);
                Result.PeBufferWrites += ChipResources.CeilDiv(bits, _t.PeBufferWidthBits);
            }
            if (_detailed is not null)
            {
                for (int k = 0; k < _perReplica; k++)
                    _detailed.Arrive(sim, first + k, v, _tileIn[TileOf(first + k) - tile0], _perReplica);
                continue;
            }
            foreach (var g in _groups![replica])
            {
                ref var pipe = ref _pipes![g.Pipe];
                long arrival = _tileIn[g.TileIndex];
                if (perSlice)
                    for (int s = j; s < Slices; s += sharers) pipe.Process(arrival, _xt.CrossbarReadPs, _readoutPs[g.Crossbar], PostPs(g.Crossbar, v, s));
                else pipe.ProcessRepeated(arrival, _xt.CrossbarReadPs, _readoutPs[g.Crossbar], PostPs(g.Crossbar, v, 0), slices);
                done = Math.Max(done, pipe.LastDeparturePs);
            }
        }
        if (_detailed is null) CrossbarsDone(sim, v, done);
    }

    /// <summary>How many copies share vector <paramref name="v"/>: one (copy v mod R reads all its input slices) when the layer
    /// has at least as many vectors V as copies R; otherwise the copies v, v + V, v + 2V, … below R, which split its input
    /// slices (bit planes) among them, copy j reading slices j, j + sharers, … (NeuroSim's speed-up of a layer with more copies
    /// than vectors). Their partial sums are added after (<see cref="Computed"/>).</summary>
    private int Sharers(long v) => _map!.Replicas <= Vectors ? 1 : (int)((_map.Replicas - 1 - v) / Vectors + 1);

    /// <summary>The <paramref name="j"/>-th copy sharing vector <paramref name="v"/> (<see cref="Sharers"/>).</summary>
    private int Copy(long v, int j) => _map!.Replicas <= Vectors ? (int)(v % _map.Replicas) : (int)(v + j * Vectors);

    /// <summary>The input slices crossbar <paramref name="x"/> reads of vector <paramref name="v"/>: from
    /// <c>First</c> in steps of <c>Step</c> (<see cref="Sharers"/>).</summary>
    public (int First, int Step) SliceShare(int x, long v) =>
        _map!.Replicas <= Vectors ? (0, 1) : ((int)((x / _perReplica - v) / Vectors), Sharers(v));

    /// <summary>When the layer started in a layer-serial dataflow: the first vector's start (they all start together, their
    /// inputs being the whole previous layer's outputs).</summary>
    private long SerialStart(long now) => _serialStartPs < 0 ? _serialStartPs = now : _serialStartPs;

    /// <summary>Duration of pipeline stage <paramref name="stage"/> for one read of crossbar <paramref name="x"/>.</summary>
    public long StagePs(int x, int stage, long vector, int slice) => stage switch
    {
        0 => _xt.CrossbarReadPs,
        1 => _readoutPs[x % _perReplica],
        _ => PostPs(x % _perReplica, vector, slice),
    };

    /// <summary>Stage 2: shift-add (ADC) or the DCiM unit adding ±α for every non-zero q at its parallelism.</summary>
    private long PostPs(int k, long v, int s)
    {
        if (_xt.Readout == ReadoutKind.Adc) return _xt.ShiftAddPs;
        int work = _xt.ZeroSkipping ? _nonZero![k][v * Slices + s] : _readoutCols[k];
        return ChipResources.CeilDiv(work, _xt.DcimColumnsPerCycle) * _xt.DcimCyclePs;
    }

    /// <summary>All crossbar reads of vector <paramref name="v"/> are done at <paramref name="timePs"/>.</summary>
    public void CrossbarsDone(Simulation sim, long v, long timePs) => _engine.ScheduleComputed(this, v, timePs);

    /// <summary>Reduces and activates vector <paramref name="v"/>'s outputs, then sends them on.</summary>
    public void Computed(Simulation sim, long v)
    {
        long now = sim.NowPs;
        long ready = now;
        int outputs = Trace.Output.Channels;
        if (_map is not null)
        {
            int sharers = Sharers(v);
            int tile0 = TileOf(Copy(v, 0) * _perReplica);
            OutputTile = tile0;
            // Each tile's PEs send their partial sums up its H-tree: one per output its crossbars hold (the PE and tile
            // reduce their row blocks first); the other tiles' — and those of the other copies sharing the vector — then
            // travel over the mesh to the reducing tile.
            long totalReadout = 0;
            for (int cb = 0; cb < _map.ColumnBlocks; cb++) totalReadout += ReadoutColumns(_map, cb);
            // NeuroSim's dataflow counts and times the layer's traffic once (FinishSerial), not per vector.
            for (int j = 0; _serial is null && j < sharers; j++)
            {
                int copy = Copy(v, j), first = copy * _perReplica, tileA = TileOf(first), tileN = TileOf(first + _perReplica - 1);
                long perTileBits = (long)ChipResources.CeilDiv(outputs, tileN - tileA + 1) * _t.PartialSumBits;
                var tileHeld = _tileHeld[copy];
                for (int tile = tileA; tile <= tileN; tile++)
                {
                    long held = tileHeld[tile - tileA];
                    long bits = ChipResources.CeilDiv(outputs * Math.Min(held, totalReadout), Math.Max(1, totalReadout)) * _t.PartialSumBits;
                    long collected = _chip.HTree(tile, bits, now, out long flits);
                    Result.HTreeCollectFlits += flits;
                    if (tile == tile0) ready = Math.Max(ready, collected);
                    else
                    {
                        ready = Math.Max(ready, _chip.Mesh(tile, tile0, perTileBits, collected, out long fh));
                        Result.MeshFlitHops += fh;
                    }
                }
            }
            // Reduction: every output sums its readout columns (weight slices, ± columns) over all row blocks;
            // a block-diagonal depthwise layer has one row block per output channel group.
            // Of these, the merges of an output's further readout columns (weight slices, ± columns) within a row block.
            long adds, merges;
            if (_map.DiagonalChannels > 0)
                merges = adds = outputs * Math.Max(0, ReadoutColumns(_map, 0) / _map.DiagonalChannels - 1);
            else
            {
                long perOutput = totalReadout / Math.Max(1, outputs);
                adds = outputs * Math.Max(0, _map.RowBlocks * perOutput - 1);
                merges = outputs * _map.RowBlocks * Math.Max(0, perOutput - 1);
            }
            Result.AccumulatorSliceMerges += merges;
            adds += outputs * (sharers - 1); // the partial sums of copies that shared the vector's input slices
            if (Trace.Bias) adds += outputs; // the per-channel bias, added after the readout
            Result.AccumulatorAdds += adds;
            Result.ActivationOps += outputs;
            if (_serial is not null) ready = now + _serial.AfterReadsPs;
            else
            {
                ready = _chip.Accumulate(tile0, adds, ready);
                ready = _chip.Activate(tile0, outputs, ready);
            }
        }
        Finish(sim, v, ready, outputs);
    }

    private void StartDigital(Simulation sim, long v, long now)
    {
        int c = Trace.Output.Channels;
        long end;
        switch (Trace.Op)
        {
            case LayerOp.ResidualAdd:
                long adds = (long)c * Math.Max(1, Trace.Sources.Length - 1);
                Result.AccumulatorAdds += adds;
                end = _chip.Accumulate(OutputTile, adds, now);
                break;
            default: // pooling: every input element of the window (global pooling: the whole map)
                long window = Trace.Op == LayerOp.GlobalAvgPool
                    ? (long)Trace.Input.Height * Trace.Input.Width
                    : (long)Trace.KernelSize * Trace.KernelSize;
                long ops = c * window;
                Result.PoolingOps += ops;
                end = _serial is null ? _chip.Pool(OutputTile, ops, now) : SerialStart(now) + _serial.AfterReadsPs;
                break;
        }
        _engine.ScheduleComputed(this, v, end);
    }

    private void Finish(Simulation sim, long v, long readyPs, int outputs)
    {
        int outBits = Consumers.Count > 0 ? Consumers[0].Consumer.Trace.InputBits : Trace.InputBits;
        if (outBits <= 0) outBits = Trace.InputBits;
        long bits = (long)outputs * outBits;
        Result.Vectors++;
        if (_serial is not null) { FinishSerial(readyPs); return; }
        Result.TileBufferWrites += ChipResources.CeilDiv(bits, _t.TileBufferWidthBits);
        long end = readyPs;
        if (Consumers.Count == 0) Result.GlobalBufferWrites += ChipResources.CeilDiv(bits, _t.GlobalBufferWidthBits);
        foreach (var (consumer, slot) in Consumers)
        {
            long arrival = _chip.Mesh(OutputTile, consumer.InputTile, bits, readyPs, out long fh);
            Result.MeshFlitHops += fh;
            end = Math.Max(end, arrival);
            _engine.ScheduleDelivered(consumer, slot, v, arrival);
        }
        if (end > Result.EndPs) Result.EndPs = end;
    }

    /// <summary>Layer-serial dataflow: the outputs leave once the last one is ready, all together, and the layer's traffic
    /// (<see cref="SerialStages.Traffic"/>) is counted: bits on the H-trees, PE buses and X-Y bus, buffer accesses of their widths.</summary>
    private void FinishSerial(long readyPs)
    {
        _serialEndPs = Math.Max(_serialEndPs, readyPs);
        if (Result.Vectors < Vectors) return;
        if (_serial!.Traffic is { } t)
        {
            static long Bits(double b) => (long)Math.Ceiling(b);
            Result.TreeSendBits = Bits(t.TreeSendBits); Result.TreeReturnBits = Bits(t.TreeReturnBits);
            Result.PeSendBits = Bits(t.PeSendBits); Result.PeReturnBits = Bits(t.PeReturnBits);
            Result.BusSendBitPitches = Bits(t.BusSendBitPitches); Result.BusReturnBitPitches = Bits(t.BusReturnBitPitches);
            // Each tile-buffer bit is written once and read once; the PE buffers' DFFs are written (reading them is free).
            Result.TileBufferWrites = Result.TileBufferReads = Bits(t.TileBufferBits / _t.TileBufferWidthBits);
            Result.PeBufferWrites = Bits(t.PeBufferBits / _t.PeBufferWidthBits);
            Result.GlobalBufferReads = Bits(t.GlobalReadBits / _t.GlobalBufferWidthBits);
            Result.GlobalBufferWrites = Bits(t.GlobalWriteBits / _t.GlobalBufferWidthBits);
        }
        Result.EndPs = Math.Max(Result.EndPs, _serialEndPs);
        foreach (var (consumer, slot) in Consumers)
            for (long u = 0; u < Vectors; u++) _engine.ScheduleDelivered(consumer, slot, u, _serialEndPs);
    }

    private static int ReadoutColumns(CrossbarMapping m, int cb) => m.ReadoutColumnsInBlock?[cb] ?? m.ColumnsInBlock[cb];

    /// <summary>Tile where the layer's inputs are received.</summary>
    public int InputTile => _map?.FirstTile ?? OutputTile;
}
