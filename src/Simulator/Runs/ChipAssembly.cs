using CimSim.Components.Costs;
using CimSim.Simulator.Replay;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using CimSim.Simulator.Architecture;

namespace CimSim.Simulator.Runs;

/// <summary>
/// A chip as a compiled network occupies it: its components' costs and timing per layer. A homogeneous chip
/// is its <see cref="ChipModel"/>. A chip with per-layer peripherals (<see cref="ChipSpec.LayerPeripherals"/>)
/// is a set of tile groups: the tiles each overridden layer occupies form a homogeneous sub-chip with that
/// layer's readout and tile shape, the remaining tiles one with the chip's own; the global buffer and the mesh
/// span the whole chip, the mesh's links a grid of the largest tile's pitch. Each group is costed by the same
/// component models; a group's components are named <c>KIND@LAYER</c> (e.g. <c>adc@conv3</c>) and keep their
/// report class.
/// </summary>
public sealed class ChipAssembly
{
    private static readonly HashSet<string> ChipWide = [ComponentNames.GlobalBuffer, ComponentNames.Mesh];
    private readonly Dictionary<string, string> _groupOf = new(StringComparer.Ordinal); // layer name → group suffix

    public ChipSpec Spec { get; }
    /// <summary>Every component instance kind on the chip, names unique.</summary>
    public IReadOnlyList<ComponentCost> Components { get; }
    /// <summary>Timing of the chip-wide parts, with the overridden layers' readout timing in <see cref="ChipTiming.Layers"/>.</summary>
    public ChipTiming Timing { get; }
    /// <summary>The tile groups of layers with their own peripherals, in the order of <see cref="ChipSpec.LayerPeripherals"/>.</summary>
    public IReadOnlyList<TileGroup> Groups { get; }
    public double TotalAreaMm2 => Components.Sum(c => c.TotalAreaMm2);

    private ChipAssembly(ChipSpec spec, IReadOnlyList<ComponentCost> components, ChipTiming timing, IReadOnlyList<TileGroup> groups)
    {
        Spec = spec; Components = components; Timing = timing; Groups = groups;
        foreach (var g in groups) _groupOf[g.Layer] = g.Layer;
    }

    /// <summary>The name of component <paramref name="kind"/> serving layer <paramref name="layer"/>.</summary>
    public string ComponentName(string layer, string kind) =>
        !ChipWide.Contains(kind) && _groupOf.TryGetValue(layer, out var g) ? $"{kind}@{g}" : kind;

    /// <summary>The leakage energy of <paramref name="counts"/> on this chip, pJ, where the chip's dataflow charges it by its own
    /// rule (<see cref="NeuroSimLeakagePj"/>); null where every component leaks for the whole inference.</summary>
    public double? LeakagePj(ActivityCounts counts) => Spec.Dataflow == DataflowKind.NeuroSim ? NeuroSimLeakagePj(counts) : null;

    /// <summary>
    /// NeuroSim V1.4's leakage (<c>main.cpp</c>, layer by layer): while a layer runs, each of the chip's other tiles leaks as a
    /// tile of the running layer's kind does (every subarray with its periphery, adder trees, buffers, H-tree), and the layer's
    /// own tiles leak through their SRAM cells only, less the cells being read (<c>SubArray::CalculatePower</c>:
    /// rows·columns − rows·⌈columns / column sharing⌉ per subarray). The global buffer and the bus do not leak. A pooling layer
    /// counts as the crossbar layer before it (NeuroSim folds it into that layer).
    /// </summary>
    private double NeuroSimLeakagePj(ActivityCounts counts)
    {
        var s = Spec;
        var sub = new Components.NeuroSim.SramSubArray(s.Technology, s.Rows, s.Columns, s.ColumnSharing, s.AdcBits);
        double cellsInUseUw = sub.CellLeakageW * ((long)s.Rows * s.Columns - (long)s.Rows * ((s.Columns + s.ColumnSharing - 1) / s.ColumnSharing)) * 1e6;
        int rest = s.Tiles - Groups.Sum(g => g.Tiles);
        (double TileUw, double CellsUw, double CrossbarsPerTile) Kind(string? group)
        {
            var parts = Components.Where(c => !ChipWide.Contains(c.Name) && (group is null ? !c.Name.Contains('@') : c.Name.EndsWith("@" + group, StringComparison.Ordinal))).ToList();
            int tiles = Math.Max(1, group is null ? rest : Groups.First(g => g.Layer == group).Tiles);
            double crossbars = parts.Where(c => c.Name.Split('@')[0] == ComponentNames.Crossbar).Sum(c => (double)c.Instances) / tiles;
            return (parts.Sum(c => c.TotalLeakageUw) / tiles, crossbars * cellsInUseUw, crossbars);
        }
        double pj = 0;
        (double TileUw, double CellsUw, double CrossbarsPerTile) kind = Kind(null);
        double layerTiles = 0;
        foreach (var l in counts.Layers)
        {
            if (l.Crossbars > 0)
            {
                kind = Kind(_groupOf.ContainsKey(l.Name) ? l.Name : null);
                layerTiles = Math.Ceiling(l.Crossbars / Math.Max(1, kind.CrossbarsPerTile));
            }
            // µW × ps = 1e−18 J = 1e−6 pJ.
            pj += ((s.Tiles - layerTiles) * kind.TileUw + layerTiles * kind.CellsUw) * l.LatencyPs * 1e-6;
        }
        return pj;
    }

    /// <summary>What counts made on this assembly are valid for (<see cref="CountsStructure"/>).</summary>
    public CountsStructure Structure
    {
        get
        {
            var s = Spec;
            bool adc = s.Readout == ReadoutKind.Adc;
            return new CountsStructure(s.Tiles, s.PesPerTile, s.CrossbarsPerPe, s.Rows, s.Columns, s.BitsPerCell,
                s.SignedWeights.ToString().ToLowerInvariant(), s.WeightBits, s.InputBits, s.DacBits, s.Readout.ToString().ToLowerInvariant(),
                adc ? s.AdcBits : 0, adc ? 0 : s.ReadoutSpec.ScaleFactorBits, s.ReadoutSpec.ScaleFactorUnit?.ZeroSkipping ?? false, s.PeBufferWidthBits, s.TileBufferWidthBits,
                s.GlobalBufferWidthBits, s.HTreeWidthBits, s.MeshWidthBits, Groups, Components.Select(c => c.Name).ToList())
            { AdcRange = s.ReadoutSpec.AdcRange.ToString().ToLowerInvariant() };
        }
    }

    /// <summary>
    /// The chip <paramref name="spec"/> as it holds <paramref name="network"/>: a chip with <c>hierarchy.tiles: auto</c>
    /// gets the fewest tiles that hold the network's crossbar layers, each layer on whole tiles of its own
    /// (Σ per layer ⌈crossbars / crossbars per tile⌉, NeuroSim's tile count; a layer with its own readout
    /// (<see cref="ChipSpec.LayerPeripherals"/>) is mapped with it), one copy of each (no replicas: an auto chip has no
    /// spare tiles). A chip with <c>hierarchy.floorplan</c> gets NeuroSim's floorplan of the network
    /// (<see cref="NeuroSimFloorplan.Size"/>). A chip with a fixed tile count is returned as it is (the compiler checks
    /// that the network fits).
    /// </summary>
    public static ChipSpec SizedFor(ChipSpec spec, Network network)
    {
        if (!spec.AutoTiles) return spec;
        if (spec.Floorplan != FloorplanKind.None)
        {
            var target = (spec with { Tiles = 1 }).ToMappingTarget();
            return Floorplanned(spec, network.Layers.Where(l => l.IsCrossbar)
                .Select(l => (l.Name, l.KernelSize, LayerMapper.Map(l, target, l.WeightBits ?? spec.WeightBits, l.InputBits ?? spec.InputBits))).ToList());
        }
        long tiles = SimulationRunner.LayerTiles(spec with { Tiles = int.MaxValue }, network).Values.Sum(t => (long)t);
        if (tiles > ChipSpec.MaxTiles)
            throw new InputException(spec.FileName, 0, 0, "hierarchy.tiles",
                $"auto: {network.Name} needs {tiles:N0} tiles of {spec.CrossbarsPerTile} crossbars, more than a chip may have ({ChipSpec.MaxTiles:N0})");
        return spec with { Tiles = (int)Math.Max(1, tiles) };
    }

    /// <summary>
    /// The chip <paramref name="spec"/> as it replays <paramref name="trace"/>: with <c>hierarchy.tiles: auto</c>, the
    /// tiles the trace's layers occupy (for a trace compiled on this chip, the count <see cref="SizedFor(ChipSpec, Network)"/>
    /// gave); a chip with a fixed tile count unchanged. Replay checks that the trace was compiled for the result.
    /// </summary>
    public static ChipSpec SizedFor(ChipSpec spec, NetworkTrace trace)
    {
        if (!spec.AutoTiles) return spec;
        if (spec.Floorplan != FloorplanKind.None)
            return Floorplanned(spec, trace.Layers.Where(l => l.Mapping is not null).Select(l => (l.Name, l.KernelSize, l.Mapping!)).ToList());
        long tiles = trace.Layers.Sum(l => (long)(l.Mapping?.TileCount ?? 0));
        return spec with { Tiles = (int)Math.Clamp(tiles, 1, ChipSpec.MaxTiles) };
    }

    /// <summary>NeuroSim's floorplan of crossbar layers (name, kernel side, mapping) on <paramref name="spec"/>.</summary>
    private static ChipSpec Floorplanned(ChipSpec spec, IReadOnlyList<(string Name, int Kernel, CrossbarMapping Map)> layers)
    {
        var maps = layers.ToDictionary(l => l.Name, l => l.Map, StringComparer.Ordinal);
        try { return NeuroSimFloorplan.Size(spec, FloorplanLayers(layers), l => (long)maps[l.Name].RowBlocks * maps[l.Name].ColumnBlocks); }
        catch (InputException e) when (e.File is null) { throw new InputException(spec.FileName, 0, 0, e.Field, e.Reason); }
    }

    private static List<FloorplanLayer> FloorplanLayers(IReadOnlyList<(string Name, int Kernel, CrossbarMapping Map)> layers) =>
        layers.Select(l => new FloorplanLayer(l.Name, l.Map.MatrixRows / Math.Max(1, l.Kernel * l.Kernel), l.Kernel * l.Kernel,
            l.Map.MatrixColumns / l.Map.ColumnsPerWeight, l.Map.ColumnsPerWeight, l.Map.DiagonalChannels == 0)).ToList();

    /// <summary>Assembles <paramref name="spec"/> as <paramref name="trace"/> (compiled for it) occupies it.</summary>
    public static ChipAssembly Build(ChipSpec spec, NetworkTrace trace)
    {
        var a = BuildGroups(spec, trace);
        return spec.Dataflow == DataflowKind.NeuroSim ? new ChipAssembly(a.Spec, a.Components, a.Timing with { Serial = SerialStagesOf(spec, trace) }, a.Groups) : a;
    }

    /// <summary>NeuroSim's layer-serial dataflow on <paramref name="spec"/> for <paramref name="trace"/>: each crossbar layer's
    /// time outside its reads and each max-pool's time (<see cref="NeuroSimDataflow"/>), in whole ps of the chip clock.</summary>
    private static IReadOnlyDictionary<string, SerialStages> SerialStagesOf(ChipSpec spec, NetworkTrace trace)
    {
        var layers = trace.Layers;
        var crossbar = layers.Where(l => l.Mapping is not null).ToList();
        var plan = NeuroSimFloorplan.Plan(FloorplanLayers(crossbar.Select(l => (l.Name, l.KernelSize, l.Mapping!)).ToList()), spec.Rows, spec.Columns,
            spec.Floorplan == FloorplanKind.NeuroSim);
        bool Pooled(LayerTrace l) => layers.Any(c => c.Op == LayerOp.MaxPool && c.Sources.Contains(l.Index));
        var shapes = crossbar.Select(l =>
        {
            var m = l.Mapping!;
            int k = Math.Max(1, l.KernelSize);
            long pixels = l.Op == LayerOp.FullyConnected ? 1 : (long)(l.Input.Height + 2 * l.Padding) * (l.Input.Width + 2 * l.Padding);
            return new DataflowLayer(l.Name, m.MatrixRows / (k * k), k, pixels, m.MatrixColumns / m.ColumnsPerWeight, m.ColumnsPerWeight,
                (long)l.Output.Height * l.Output.Width, Pooled(l),
                spec.LayerPeripherals.FirstOrDefault(p => p.Layer == l.Name) is { } own ? spec.ForLayer(own).AdcBits : spec.AdcBits);
        }).ToList();
        double clockPs = spec.ClockPeriodPs;
        long Ps(double cycles) => (long)Math.Round(cycles * clockPs);
        var stages = new Dictionary<string, SerialStages>(StringComparer.Ordinal);
        foreach (var (name, c) in NeuroSimDataflow.Cycles(spec, plan, shapes)) stages[name] = new SerialStages(Ps(c.BeforeReads), Ps(c.AfterReads), c.Traffic);
        foreach (var l in layers.Where(l => l.Op == LayerOp.MaxPool))
            stages[l.Name] = new SerialStages(0, Ps(NeuroSimDataflow.PoolCycles(spec, plan, (long)l.Output.Height * l.Output.Width * l.Output.Channels, l.KernelSize * l.KernelSize)));
        return stages;
    }

    private static ChipAssembly BuildGroups(ChipSpec spec, NetworkTrace trace)
    {
        var groups = new List<TileGroup>();
        foreach (var p in spec.LayerPeripherals)
        {
            var layer = trace.Layers.FirstOrDefault(l => l.Name == p.Layer);
            if (layer?.Mapping is not { } m)
                throw new InputException(spec.FileName, p.Line, 0, "layers.layer",
                    layer is null ? $"'{p.Layer}' is not a layer of {trace.Network}" : $"'{p.Layer}' is not a crossbar layer");
            // The trace's counts must come from this layer's own readout (the compiler quantizes per layer).
            var expected = LayerReadout.Of(spec.ForLayer(p).ToMappingTarget());
            var compiled = layer.Readout ?? LayerReadout.Of(trace.Target);
            if (compiled != expected)
                throw new InputException(spec.FileName, p.Line, 0, "layers.readout",
                    $"'{p.Layer}': the trace was compiled with readout {compiled.Kind}{(compiled.AdcBits > 0 ? $" {compiled.AdcBits}-bit" : "")} for this layer, the chip has {expected.Kind}{(expected.AdcBits > 0 ? $" {expected.AdcBits}-bit" : "")}; compile it again for this chip");
            if (layer.Tiling != p.Tiling)
                throw new InputException(spec.FileName, p.Line, 0, "layers.hierarchy",
                    $"'{p.Layer}': the trace was compiled with {Describe(layer.Tiling)} for this layer, the chip gives it {Describe(p.Tiling)}; compile it again for this chip");
            groups.Add(GroupOf(spec, p, m.TileCount));
        }
        foreach (var l in trace.Layers)
            if ((l.Readout is not null || l.Tiling is not null) && !spec.LayerPeripherals.Any(p => p.Layer == l.Name))
                throw new InputException(spec.FileName, 0, 0, "layers",
                    $"the trace gives layer '{l.Name}' its own {(l.Readout is { } own ? $"readout ({own.Kind}{(own.Kind == ReadoutKind.Adc ? $" {own.AdcBits}-bit" : "")})" : Describe(l.Tiling))}; this chip has no layers: entry for it; compile it again for this chip");
        return Build(spec, groups);
    }

    /// <summary>Assembles <paramref name="spec"/> with the given tile count per layer that has its own peripherals
    /// (from a mapping, or from a counts file's <see cref="CountsStructure.Groups"/>).</summary>
    public static ChipAssembly Build(ChipSpec spec, IReadOnlyDictionary<string, int> layerTiles)
    {
        var groups = new List<TileGroup>();
        foreach (var p in spec.LayerPeripherals)
            groups.Add(GroupOf(spec, p, layerTiles.TryGetValue(p.Layer, out int t) ? t
                : throw new InputException(spec.FileName, p.Line, 0, "layers.layer", $"'{p.Layer}' is not a crossbar layer of the network")));
        return Build(spec, groups);
    }

    private static TileGroup GroupOf(ChipSpec spec, LayerPeripherals p, int tiles)
    {
        var s = spec.ForLayer(p);
        return new TileGroup(p.Layer, tiles, s.Readout.ToString().ToLowerInvariant(), s.Readout == ReadoutKind.Adc ? s.AdcBits : 0)
        {
            PesPerTile = p.Tiling?.PesPerTile, CrossbarsPerPe = p.Tiling?.CrossbarsPerPe, HTreeWidthBits = p.HTreeWidthBits,
        };
    }

    private static string Describe(LayerTiling? t) => t is null ? "the chip's tiles"
        : $"tiles of {t.PesPerTile} PEs × {t.CrossbarsPerPe} crossbars{(t.Tiles > 0 ? $", {t.Tiles} given" : "")}";

    private static ChipAssembly Build(ChipSpec spec, IReadOnlyList<TileGroup> groups)
    {
        if (spec.LayerPeripherals.Count == 0)
        {
            var chip = ChipModel.Build(spec);
            return new ChipAssembly(spec, chip.Components, ChipTiming.From(chip), []);
        }

        var components = new List<ComponentCost>();
        var layerTimings = new Dictionary<string, ChipTiming>(StringComparer.Ordinal);
        int overriddenTiles = 0;
        double largestTileUm2 = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            var (p, g) = (spec.LayerPeripherals[i], groups[i]);
            overriddenTiles += g.Tiles;
            var group = ChipModel.Build(spec.ForLayer(p) with { Tiles = g.Tiles });
            components.AddRange(group.Components.Where(c => !ChipWide.Contains(c.Name)).Select(c => c with { Name = $"{c.Name}@{p.Layer}" }));
            layerTimings[p.Layer] = ChipTiming.From(group);
            largestTileUm2 = Math.Max(largestTileUm2, group.TileAreaUm2);
        }
        int rest = spec.Tiles - overriddenTiles;
        if (rest > 0)
        {
            var own = ChipModel.Build(spec with { Tiles = rest, LayerPeripherals = [] });
            components.InsertRange(0, own.Components.Where(c => !ChipWide.Contains(c.Name)));
            largestTileUm2 = Math.Max(largestTileUm2, own.TileAreaUm2);
        }
        // The global buffer and the mesh span the whole chip, its links a grid of the largest tile's pitch.
        var whole = ChipModel.Build(spec, largestTileUm2);
        components.AddRange(whole.Components.Where(c => ChipWide.Contains(c.Name)));
        return new ChipAssembly(spec, components, ChipTiming.From(whole) with { Layers = layerTimings }, groups);
    }
}
