using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Tracing;

/// <summary>
/// The payloads of the header and layer sections (field order in docs/TRACE_FORMAT.md), and the consistency
/// checks a reader applies after the checksums: array lengths agree with block counts, counts with the
/// mapping, sources point backwards.
/// </summary>
internal static class SectionCodec
{
    public static void WriteHeader(TraceHeader h, PayloadWriter w)
    {
        w.String(h.Producer);
        w.String(h.Network);
        w.String(h.Dataset);
        w.String(h.Architecture);
        w.UInt64(h.Seed);
        var t = h.Target;
        foreach (int v in (int[])[t.CrossbarRows, t.CrossbarColumns, t.BitsPerCell, (int)t.SignedWeights, t.CrossbarsPerPe,
                     t.PesPerTile, t.Tiles, t.WeightBits, t.InputBits, t.DacBits, (int)t.Readout, t.AdcBits, t.ScaleFactorBits])
            w.VarInt(v);
        w.VarUInt((ulong)h.LayerCount);
        w.VarInt((int)t.AdcRange); // minor 2
    }

    public static TraceHeader ReadHeader(ref PayloadReader r)
    {
        string producer = r.String(), network = r.String(), dataset = r.String(), arch = r.String();
        ulong seed = r.UInt64();
        var t = new MappingTarget(
            r.Int("crossbar rows", 1), r.Int("crossbar columns", 1), r.Int("bits per cell", 1, 16),
            (SignedWeightScheme)r.Int("signed-weight scheme", 0, Enum.GetValues<SignedWeightScheme>().Length - 1),
            r.Int("crossbars per PE", 1), r.Int("PEs per tile", 1), r.Int("tiles", 1), r.Int("weight bits", 1, 32),
            r.Int("input bits", 1, 32), r.Int("DAC bits", 1, 32),
            (ReadoutKind)r.Int("readout", 0, Enum.GetValues<ReadoutKind>().Length - 1),
            r.Int("ADC bits", 0, 32), r.Int("scale-factor bits", 0, 32));
        int layers = (int)r.Count("layer count", 1 << 20);
        if (!r.AtEnd) t = t with { AdcRange = (AdcRange)r.Int("ADC range", 0, Enum.GetValues<AdcRange>().Length - 1) }; // minor ≥ 2; unit before
        return new TraceHeader(network, dataset, arch, t, seed, layers, producer);
    }

    public static void WriteLayer(LayerTrace l, PayloadWriter w)
    {
        w.VarUInt((ulong)l.Index);
        w.String(l.Name);
        w.VarUInt((ulong)l.Op);
        foreach (var s in (TensorShape[])[l.Input, l.Output])
        {
            w.VarUInt((ulong)s.Channels); w.VarUInt((ulong)s.Height); w.VarUInt((ulong)s.Width);
        }
        w.VarUInt((ulong)l.KernelSize);
        w.VarUInt((ulong)l.Stride);
        w.VarUInt((ulong)l.Padding);
        w.Bool(l.Relu);
        w.IntArray(l.Sources);
        w.VarUInt((ulong)l.Macs);
        w.VarUInt((ulong)l.Weights);
        w.VarUInt((ulong)l.WeightBits);
        w.VarUInt((ulong)l.InputBits);
        w.Double(l.SqnrDb);
        var c = l.Counts;
        foreach (long v in (long[])[c.CrossbarReads, c.RowActivations, c.ColumnReads, c.NonZeroOutputs, c.AdcClipped, c.OutputElements])
            w.VarUInt((ulong)v);
        w.Bool(l.Mapping is not null);
        if (l.Mapping is { } m)
        {
            foreach (int v in (int[])[m.MatrixRows, m.MatrixColumns, m.WeightSlices, m.ColumnsPerWeight, m.RowBlocks, m.ColumnBlocks, m.Replicas])
                w.VarUInt((ulong)v);
            w.IntArray(m.RowsInBlock);
            w.IntArray(m.ColumnsInBlock);
            w.VarUInt((ulong)m.InputSlices);
            w.VarUInt((ulong)m.InputVectors);
            w.VarUInt((ulong)m.FirstTile);
            w.VarUInt((ulong)m.TileCount);
            w.VarUInt((ulong)m.DiagonalChannels);
            w.Bool(m.ReadoutColumnsInBlock is not null);
            if (m.ReadoutColumnsInBlock is { } ro) w.IntArray(ro);
        }
        w.Bool(l.NonZeroPerRead is not null);
        if (l.NonZeroPerRead is { } nz)
        {
            w.VarUInt((ulong)nz.Length);
            w.VarUInt((ulong)(nz.Length == 0 ? 0 : nz[0].Length));
            var one = new PayloadWriter();
            foreach (var xbar in nz)
            {
                one.Clear();
                NonZeroStreamCodec.Encode(xbar, one);
                w.VarUInt((ulong)one.Written.Length);
                w.Bytes(one.Written);
            }
        }
        w.Bool(l.Readout is not null);
        if (l.Readout is { } own)
        {
            w.VarInt((int)own.Kind); w.VarInt(own.AdcBits); w.VarInt(own.ScaleFactorBits);
        }
        w.Bool(l.Bias); // minor version 1
        w.Bool(l.ReadoutsByDrivenRows is not null); // minor version 2
        if (l.ReadoutsByDrivenRows is { } h)
        {
            w.VarUInt((ulong)h.Length);
            foreach (long n in h) w.VarUInt((ulong)n);
        }
        w.Bool(l.Tiling is not null); // minor version 3
        if (l.Tiling is { } tiling)
        {
            w.VarInt(tiling.PesPerTile); w.VarInt(tiling.CrossbarsPerPe); w.VarInt(tiling.Tiles); w.VarInt(tiling.RowChunk); w.VarInt(tiling.Copies);
        }
    }

    /// <summary>Decodes a layer; <paramref name="strict"/> (same or older minor version) rejects bytes after the known fields.</summary>
    public static LayerTrace ReadLayer(ref PayloadReader r, int expectedIndex, bool strict)
    {
        int index = (int)r.Count("layer index", int.MaxValue);
        if (index != expectedIndex) throw r.Error($"layer index {index} where layer {expectedIndex} was expected");
        string name = r.String();
        var op = (LayerOp)r.Count("layer op", Enum.GetValues<LayerOp>().Length - 1);
        var shapes = new TensorShape[2];
        for (int i = 0; i < 2; i++)
            shapes[i] = new TensorShape((int)r.Count("channels", int.MaxValue), (int)r.Count("height", int.MaxValue), (int)r.Count("width", int.MaxValue));
        int kernel = (int)r.Count("kernel", int.MaxValue), stride = (int)r.Count("stride", int.MaxValue), padding = (int)r.Count("padding", int.MaxValue);
        bool relu = r.Bool();
        var sources = r.IntArray("sources", 1 << 16, -1, index - 1);
        long macs = r.Count("MACs"), weights = r.Count("weights");
        int wBits = (int)r.Count("weight bits", 32), iBits = (int)r.Count("input bits", 32);
        double sqnr = r.Double();
        var counts = new LayerCounts(r.Count("crossbar reads"), r.Count("row activations"), r.Count("column reads"),
            r.Count("non-zero outputs"), r.Count("ADC clipped"), r.Count("output elements"));
        CrossbarMapping? map = null;
        if (r.Bool())
        {
            int[] v = new int[7];
            for (int i = 0; i < v.Length; i++) v[i] = (int)r.Count("mapping field", int.MaxValue);
            var rows = r.IntArray("rows in block", 1 << 24, 1);
            var cols = r.IntArray("columns in block", 1 << 24, 1);
            int slices = (int)r.Count("input slices", int.MaxValue);
            long vectors = r.Count("input vectors");
            int firstTile = (int)r.Count("first tile", int.MaxValue), tileCount = (int)r.Count("tile count", int.MaxValue);
            int diagonal = (int)r.Count("diagonal channels", int.MaxValue);
            int[]? readout = r.Bool() ? r.IntArray("readout columns in block", 1 << 24, 0) : null;
            foreach (var (what, value) in new[] { ("row blocks", v[4]), ("column blocks", v[5]), ("replicas", v[6]), ("input slices", slices), ("tiles", tileCount) })
                if (value < 1) throw r.Error($"mapping has {value} {what}; a crossbar layer has at least one");
            if (rows.Length != v[4]) throw r.Error($"mapping lists {rows.Length} row blocks, RowBlocks is {v[4]}");
            if (cols.Length != v[5]) throw r.Error($"mapping lists {cols.Length} column blocks, ColumnBlocks is {v[5]}");
            if (readout is not null && readout.Length != cols.Length) throw r.Error($"mapping lists {readout.Length} readout column counts for {cols.Length} column blocks");
            if (rows.Sum(x => (long)x) != v[0]) throw r.Error($"row blocks hold {rows.Sum(x => (long)x)} rows, the matrix has {v[0]}");
            map = new CrossbarMapping(v[0], v[1], v[2], v[3], v[4], v[5], v[6], rows, cols, slices, vectors, firstTile, tileCount)
            {
                DiagonalChannels = diagonal, ReadoutColumnsInBlock = readout,
            };
            if (counts.CrossbarReads != map.CrossbarReads)
                throw r.Error($"the layer counts {counts.CrossbarReads} crossbar reads, its mapping gives {map.CrossbarReads}");
        }
        ushort[][]? nz = null;
        if (r.Bool())
        {
            if (map is null) throw r.Error("per-read non-zero counts without a mapping");
            long xbars = r.Count("crossbars", int.MaxValue), reads = r.Count("reads per crossbar", int.MaxValue);
            if (xbars != (long)map.RowBlocks * map.ColumnBlocks || reads != map.InputVectors * map.InputSlices)
                throw r.Error($"non-zero counts for {xbars} crossbars × {reads} reads, the mapping has {map.RowBlocks * map.ColumnBlocks} × {map.InputVectors * map.InputSlices}");
            nz = new ushort[(int)xbars][];
            long total = 0;
            for (int i = 0; i < xbars; i++)
            {
                int bytes = (int)r.Count("crossbar stream length", int.MaxValue);
                var sub = new PayloadReader(r.Take(bytes), "", "", 0);
                try
                {
                    nz[i] = NonZeroStreamCodec.Decode(ref sub, reads);
                    if (!sub.AtEnd) throw sub.Error("extra bytes");
                }
                catch (InputException e) { throw r.Error($"crossbar {i}'s non-zero stream: {e.Reason}"); }
                foreach (var x in nz[i]) total += x;
            }
            if (total != counts.NonZeroOutputs) throw r.Error($"per-read non-zero counts add up to {total}, the layer counts {counts.NonZeroOutputs}");
        }
        LayerReadout? layerReadout = null;
        if (r.Bool())
        {
            if (map is null) throw r.Error("a readout override on a layer without a mapping");
            layerReadout = new LayerReadout((ReadoutKind)r.Int("readout", 0, Enum.GetValues<ReadoutKind>().Length - 1),
                r.Int("ADC bits", 0, 32), r.Int("scale-factor bits", 0, 32));
        }
        bool bias = !r.AtEnd && r.Bool(); // minor version 1; a minor-0 layer ends before it
        long[]? byDriven = null;
        if (!r.AtEnd && r.Bool()) // minor version 2; older layers end before it
        {
            if (map is null) throw r.Error("readouts by driven rows on a layer without a mapping");
            byDriven = new long[r.Count("driven-row histogram length", 1 << 16)];
            long total = 0;
            for (int k = 0; k < byDriven.Length; k++) total += byDriven[k] = r.Count("readouts by driven rows", counts.ColumnReads);
            if (total != counts.ColumnReads) throw r.Error($"readouts by driven rows add up to {total}, the layer counts {counts.ColumnReads} column readouts");
        }
        LayerTiling? tiling = null;
        if (!r.AtEnd && r.Bool()) // minor version 3; older layers end before it
        {
            if (map is null) throw r.Error("a tiling of its own on a layer without a mapping");
            tiling = new LayerTiling(r.Int("PEs per tile", 1, 4096), r.Int("crossbars per PE", 1, 4096), r.Int("tiles given", 0, int.MaxValue))
            {
                RowChunk = r.Int("row chunk", 0, int.MaxValue), Copies = r.Int("copies", 0, int.MaxValue),
            };
        }
        if (strict && !r.AtEnd) throw r.Error("unexpected bytes after the layer");
        return new LayerTrace
        {
            Index = index, Name = name, Op = op, Input = shapes[0], Output = shapes[1], KernelSize = kernel, Stride = stride,
            Padding = padding, Relu = relu, Sources = sources, Macs = macs, Weights = weights, WeightBits = wBits,
            InputBits = iBits, SqnrDb = sqnr, Counts = counts, Mapping = map, NonZeroPerRead = nz, Readout = layerReadout, Bias = bias,
            ReadoutsByDrivenRows = byDriven, Tiling = tiling,
        };
    }
}
