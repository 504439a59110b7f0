using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>How a chip's tiles are chosen (YAML <c>hierarchy.floorplan</c>).</summary>
public enum FloorplanKind
{
    /// <summary>The chip's own <c>pes_per_tile</c>, <c>crossbars_per_pe</c> and <c>tiles</c>.</summary>
    None,
    /// <summary>NeuroSim V1.4's floorplan with its novel mapping (its default, <c>novelMapping = true</c>).</summary>
    NeuroSim,
    /// <summary>NeuroSim V1.4's floorplan, every layer conventionally mapped (<c>novelMapping = false</c>).</summary>
    NeuroSimConventional,
}

/// <summary>How a chip moves a layer's data (YAML <c>hierarchy.dataflow</c>).</summary>
public enum DataflowKind
{
    /// <summary>Each output vector's inputs go to its crossbars and its outputs to the next layer's tiles as soon as they
    /// exist; transfers overlap reads (the replay's default).</summary>
    Streaming,
    /// <summary>NeuroSim V1.4's layer-serial dataflow (<see cref="NeuroSimDataflow"/>): a layer's data passes through the
    /// global buffer, the bus, the tile and PE buffers and the adder trees, each step over the whole layer before the next.</summary>
    NeuroSim,
}

/// <summary>One crossbar layer as NeuroSim's floorplan sees it (its <c>netStructure</c> row).</summary>
/// <param name="Name">Layer name.</param>
/// <param name="InputChannels">C_in (NeuroSim's column 2).</param>
/// <param name="KernelArea">k × k (columns 3 × 4).</param>
/// <param name="OutputChannels">C_out (column 5).</param>
/// <param name="ColumnsPerWeight">Crossbar columns per weight (NeuroSim's <c>numColPerSynapse</c>).</param>
/// <param name="Dense">False for a block-diagonal (depthwise) layer, which NeuroSim has no novel mapping for.</param>
public sealed record FloorplanLayer(string Name, long InputChannels, int KernelArea, long OutputChannels, int ColumnsPerWeight, bool Dense = true)
{
    /// <summary>Weight-matrix rows, C_in·k·k (NeuroSim's <c>numRowPerSynapse</c> is 1).</summary>
    public long Rows => InputChannels * KernelArea;
    /// <summary>Weight-matrix columns, C_out × columns per weight.</summary>
    public long Columns => OutputChannels * ColumnsPerWeight;
}

/// <summary>A layer's place in the floorplan: novel-mapped or not, its tiles along the weight matrix's rows and columns
/// (NeuroSim's <c>numTileEachLayer</c>) and its weight copies along them (its <c>speedUpEachLayer</c>).</summary>
public sealed record FloorplanPlace(bool Novel, long TileRows, long TileColumns, long CopyRows, long CopyColumns)
{
    public long Tiles => TileRows * TileColumns;
    public long Copies => CopyRows * CopyColumns;
}

/// <summary>
/// NeuroSim V1.4's floorplan (<c>Chip.cpp</c> <c>ChipDesignInitialize</c>, <c>ChipFloorPlan</c>, <c>TileDesignCM</c>,
/// <c>TileDesignNM</c>, <c>PEDesign</c>, <c>SubArrayDup</c>, <c>OverallEachLayer</c>; layer-by-layer, <c>pipeline = false</c>),
/// restated (docs/MODELS.md §7.9). Sizes are in cells (rows = columns: NeuroSim's tiles and PEs are square).
/// <list type="number">
/// <item>Novel mapping: the PEs of a novel tile are the network's most common kernel area k² (≠ 1; the first such layer
/// wins ties); a layer is novel-mapped when its kernel area is that and C_in·k² reaches a subarray's rows. Its tiles hold
/// one PE per kernel position, each PE C_in × C_out·cols of that position.</item>
/// <item>Sizes: the novel PE starts at the largest 2^⌈log2(C_out·cols)⌉ of the novel layers (at least 2 subarrays), the
/// conventional tile at that of the others (at least 4 subarrays); each is then halved while it stays above 2 (4)
/// subarrays, keeping the size of highest utilization (mapped weights / cells of the tiles they take). The conventional
/// PE starts at half the tile and is halved likewise, kept only where its utilization with PE copies beats the tile's.</item>
/// <item>Tiles per layer: conventional ⌈C_in·k²/tile⌉ × ⌈C_out·cols/tile⌉; novel ⌈C_in/PE⌉ × ⌈C_out·cols/PE⌉.</item>
/// <item>Copies: whole PEs and whole subarrays of the layer's matrix that fit the unused ones, along rows and columns,
/// where the layer fits one tile (conventional) or one PE (novel) in at least one dimension.</item>
/// </list>
/// </summary>
public sealed record NeuroSimFloorplan(long TileSizeCm, long PeSizeCm, long PeSizeNm, int PesNm, IReadOnlyDictionary<string, FloorplanPlace> Layers)
{
    /// <summary>PEs in a conventional tile (⌈tile / PE⌉ a side).</summary>
    public int PesCm => (int)(CeilDiv(TileSizeCm, PeSizeCm) * CeilDiv(TileSizeCm, PeSizeCm));

    /// <summary>The floorplan of <paramref name="layers"/> on subarrays of <paramref name="rows"/> × <paramref name="columns"/>.
    /// Throws an <see cref="InputException"/> (field <c>hierarchy.floorplan</c>) where NeuroSim's hierarchy breaks (its
    /// "SubArray Size is too large" error): novel-mapped layers whose PEs would be under 2 subarrays a side, or, without
    /// novel mapping, tiles under 4. (NeuroSim also stops when novel mapping finds no layer to map; here such a network is
    /// all conventional.)</summary>
    public static NeuroSimFloorplan Plan(IReadOnlyList<FloorplanLayer> layers, int rows, int columns, bool novelMapping)
    {
        long r = rows;
        int numPeNm = 0;
        var novel = new bool[layers.Count];
        if (novelMapping)
        {
            // ChipDesignInitialize: the kernel area most layers share (a count starting at 1 for the layer itself, ≠ 1 areas counted).
            int most = 0;
            foreach (var a in layers)
            {
                int count = 1;
                foreach (var b in layers)
                {
                    if (a.KernelArea == b.KernelArea && a.KernelArea != 1) count++;
                    if (most < count) { most = count; numPeNm = a.KernelArea; }
                }
            }
            for (int i = 0; i < layers.Count; i++)
                novel[i] = layers[i].Dense && layers[i].KernelArea == numPeNm && layers[i].Rows >= r;
        }
        long maxPeNm = 0, maxTileCm = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            long cube = PowerOfTwoAtLeast(layers[i].Columns);
            if (novel[i]) maxPeNm = Math.Max(maxPeNm, cube); else maxTileCm = Math.Max(maxTileCm, cube);
        }
        if (novel.Any(n => n) && maxPeNm < 2 * r)
            throw new InputException(null, 0, 0, "hierarchy.floorplan",
                $"NeuroSim's novel-mapped PEs ({maxPeNm} columns, its largest novel layer's) would be under 2 subarrays of {rows} rows a side");
        if (!novelMapping && maxTileCm < 4 * r)
            throw new InputException(null, 0, 0, "hierarchy.floorplan",
                $"NeuroSim's tiles ({maxTileCm} columns, its largest layer's) would be under 4 subarrays of {rows} rows a side");

        // TileDesignNM / TileDesignCM: keep the size of highest utilization, halving from the largest.
        long peNm = Math.Max(maxPeNm, 2 * r), tileCm = Math.Max(maxTileCm, 4 * r);
        double bestNm = 0, bestCm = 0;
        for (long pe = peNm; pe > 2 * r; pe /= 2)
        {
            double u = Utilization(layers, novel, true, pe, numPeNm);
            if (u > bestNm) { bestNm = u; peNm = pe; }
        }
        for (long tile = tileCm; tile > 4 * r; tile /= 2)
        {
            double u = Utilization(layers, novel, false, tile, 1);
            if (u > bestCm) { bestCm = u; tileCm = tile; }
        }
        // PEDesign: a smaller conventional PE only where its copies raise the utilization above the tile's.
        long tilesCm = Enumerable.Range(0, layers.Count).Where(i => !novel[i]).Sum(i => TilesCm(layers[i], tileCm));
        long peCm = tileCm / 2;
        for (long pe = tileCm / 2; pe > 2 * r; pe /= 2)
        {
            double mapped = Enumerable.Range(0, layers.Count).Where(i => !novel[i])
                .Sum(i => { var c = PeCopies(layers[i], pe, tileCm); return (double)c.Rows * c.Columns * layers[i].Rows * layers[i].Columns; });
            double u = mapped / ((double)tilesCm * tileCm * tileCm);
            if (u > bestCm) { bestCm = u; peCm = pe; }
        }

        var places = new Dictionary<string, FloorplanPlace>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var (tileRows, tileColumns) = novel[i] ? (CeilDiv(l.InputChannels, peNm), CeilDiv(l.Columns, peNm)) : (CeilDiv(l.Rows, tileCm), CeilDiv(l.Columns, tileCm));
            var (copyRows, copyColumns) = novel[i] ? SubArrayCopies(l.InputChannels, l.Columns, peNm, rows, columns) : Times(PeCopies(l, peCm, tileCm), SubArrayCopies(l.Rows, l.Columns, peCm, rows, columns));
            places[l.Name] = new FloorplanPlace(novel[i], tileRows, tileColumns, copyRows, copyColumns);
        }
        return new NeuroSimFloorplan(tileCm, peCm, peNm, numPeNm, places);
    }

    /// <summary>
    /// <paramref name="spec"/> (<c>hierarchy.floorplan</c> set) as NeuroSim floorplans <paramref name="layers"/>: its tiles
    /// are conventional ones (⌈tile/PE⌉² PEs of ⌈PE/rows⌉·⌈PE/columns⌉ crossbars, an H-tree as wide as a PE row,
    /// <c>Tile.cpp</c> <c>TileInitialize</c>); each novel-mapped layer gets tiles of its own (one PE per kernel position, an
    /// H-tree of kernel positions × PE bits, its crossbars cut from each kernel position's C_in rows), and a conventional
    /// layer whose tiles NeuroSim counts by the matrix's shape (more than its crossbars need) or whose copies it counts by
    /// whole PEs and subarrays (fewer than its tiles hold) gets them (<see cref="LayerPeripherals"/>, merged with the chip's
    /// own entries). <paramref name="crossbars"/> gives a layer's crossbars as the compiler cuts them without row chunks.
    /// </summary>
    public static ChipSpec Size(ChipSpec spec, IReadOnlyList<FloorplanLayer> layers, Func<FloorplanLayer, long> crossbars)
    {
        var plan = Plan(layers, spec.Rows, spec.Columns, spec.Floorplan == FloorplanKind.NeuroSim);
        long Crossbars(long pe) => CeilDiv(pe, spec.Rows) * CeilDiv(pe, spec.Columns);
        long tiles = plan.Layers.Values.Sum(p => p.Tiles);
        foreach (var (what, n, max) in new[] { ("tiles", tiles, (long)ChipSpec.MaxTiles), ("PEs per tile", plan.PesCm, 4096L),
                     ("crossbars per PE", Crossbars(plan.PeSizeCm), 4096L), ("crossbars per novel-mapped PE", Crossbars(plan.PeSizeNm), 4096L),
                     ("H-tree bits", Math.Max(CeilDiv(plan.TileSizeCm, plan.PeSizeCm) * plan.PeSizeCm, plan.PesNm * plan.PeSizeNm), 65_536L) })
            if (n > max)
                throw new InputException(null, 0, 0, "hierarchy.floorplan", $"NeuroSim's floorplan gives {n:N0} {what}, more than a chip may have ({max:N0})");
        int perPeCm = (int)Crossbars(plan.PeSizeCm), perPeNm = (int)Crossbars(plan.PeSizeNm), perTileCm = plan.PesCm * perPeCm;
        var entries = spec.LayerPeripherals.ToList();
        foreach (var l in layers)
        {
            var place = plan.Layers[l.Name];
            // A conventional layer keeps the chip's tiles where they are NeuroSim's: as many as its crossbars need, and as many
            // copies as they hold.
            long x = crossbars(l), need = CeilDiv(x, perTileCm);
            if (!place.Novel && place.Tiles == need && place.Copies == place.Tiles * perTileCm / x) continue;
            var tiling = (place.Novel ? new LayerTiling(plan.PesNm, perPeNm, (int)place.Tiles) : new LayerTiling(plan.PesCm, perPeCm, (int)place.Tiles))
                with { RowChunk = place.Novel ? (int)l.InputChannels : 0, Copies = (int)Math.Min(place.Copies, int.MaxValue) };
            LayerPeripherals.SetTiles(entries, l.Name, spec.ReadoutSpec, tiling, place.Novel ? (int)(plan.PesNm * plan.PeSizeNm) : null);
        }
        return spec with
        {
            Tiles = (int)Math.Max(1, tiles), PesPerTile = plan.PesCm, CrossbarsPerPe = perPeCm,
            HTreeWidthBits = (int)(CeilDiv(plan.TileSizeCm, plan.PeSizeCm) * plan.PeSizeCm), LayerPeripherals = entries,
            MeshWidthBits = plan.GlobalBusBits(spec.ColumnSharing),
        };
    }

    /// <summary>The global X-Y bus's width, bits (<c>Chip.cpp</c> <c>ChipInitialize</c>, layer by layer): per layer a
    /// conventional tile's width plus its 1/column-sharing, or a novel PE row's (PE × ⌈√PEs⌉) plus its 1/column-sharing,
    /// summed over the layers and halved while above NeuroSim's 2,048-bit limit (<c>Param.cpp</c> <c>maxGlobalBusWidth</c>);
    /// rounded down to whole bits.</summary>
    public int GlobalBusBits(int columnSharing)
    {
        double bits = 0;
        foreach (var place in Layers.Values)
        {
            double w = place.Novel ? PeSizeNm * Math.Ceiling(Math.Sqrt(PesNm)) : TileSizeCm;
            bits += w + w / columnSharing;
        }
        while (bits > MaxGlobalBusBits) bits /= 2;
        return (int)Math.Max(1, Math.Floor(bits));
    }

    /// <summary>NeuroSim's upper bound on the global bus's width (<c>Param.cpp</c> <c>maxGlobalBusWidth</c>).</summary>
    public const int MaxGlobalBusBits = 2048;

    private static long TilesCm(FloorplanLayer l, long tile) => CeilDiv(l.Rows, tile) * CeilDiv(l.Columns, tile);

    private static double Utilization(IReadOnlyList<FloorplanLayer> layers, bool[] novel, bool forNovel, long size, int pes)
    {
        double tiles = 0, mapped = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            if (novel[i] != forNovel) continue;
            var l = layers[i];
            tiles += forNovel ? CeilDiv(l.InputChannels, size) * CeilDiv(l.Columns, size) : TilesCm(l, size);
            mapped += (double)l.Rows * l.Columns;
        }
        return mapped / (tiles * size * size * pes); // 0/0 (no such layers) is NaN, never the best
    }

    /// <summary>PEDesign: copies of the layer's matrix in whole PEs along the tile's rows and columns.</summary>
    private static (long Rows, long Columns) PeCopies(FloorplanLayer l, long pe, long tile)
    {
        if (l.Rows > tile && l.Columns > tile) return (1, 1);
        long perTile = CeilDiv(tile, pe);
        return (Math.Max(1, perTile / CeilDiv(l.Rows, pe)), Math.Max(1, perTile / CeilDiv(l.Columns, pe)));
    }

    private static (long Rows, long Columns) Times((long Rows, long Columns) a, (long Rows, long Columns) b) => (a.Rows * b.Rows, a.Columns * b.Columns);

    /// <summary>SubArrayDup: copies of the layer's matrix (<paramref name="matrixRows"/> × <paramref name="matrixColumns"/>) in
    /// whole subarrays along a PE of <paramref name="pe"/> cells a side.</summary>
    private static (long Rows, long Columns) SubArrayCopies(long matrixRows, long matrixColumns, long pe, int rows, int columns)
    {
        if (matrixRows > pe && matrixColumns > pe) return (1, 1);
        return (Math.Max(1, CeilDiv(pe, rows) / CeilDiv(matrixRows, rows)), Math.Max(1, CeilDiv(pe, columns) / CeilDiv(matrixColumns, columns)));
    }

    private static long PowerOfTwoAtLeast(long n) => n <= 1 ? 1 : 1L << (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1)));

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
