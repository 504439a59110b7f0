using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;

namespace CimSim.Simulator.Runs;

/// <summary>
/// The whole job in one call: a chip and a network (or a compiled trace) in, a report out. The CLI's
/// <c>run</c>, <c>compare</c> and <c>search</c> all go through here so that they cost designs identically.
/// </summary>
public static class SimulationRunner
{
    /// <summary>
    /// Compiles <paramref name="network"/> for <paramref name="chip"/> (real partial sums, seeded); layers with
    /// their own peripherals (<see cref="ChipSpec.LayerPeripherals"/>) are quantized with their own readout.
    /// </summary>
    public static NetworkTrace Compile(ChipModel chip, Network network, CompileOptions options)
    {
        options = ForChip(chip.Spec, network, options);
        try
        {
            return Compiler.Compile(network, chip.Spec.ToMappingTarget(), options);
        }
        catch (InputException e) when (e.File is null && e.Field is "network" or "layers.hierarchy.tiles")
        {
            throw InChipFile(chip.Spec, e);
        }
    }

    /// <summary><paramref name="options"/> for compiling <paramref name="network"/> on <paramref name="spec"/>: its name, and the
    /// readouts and tiles its <c>layers:</c> entries give (checked against the network).</summary>
    public static CompileOptions ForChip(ChipSpec spec, Network network, CompileOptions options) =>
        options with { Architecture = spec.Name, Readouts = LayerReadouts(spec, network), Tilings = LayerTilings(spec) };

    /// <summary>The mapping found too few tiles (the chip's, or those a <c>layers:</c> entry gives its layer): say where the chip file sets them.</summary>
    public static InputException InChipFile(ChipSpec spec, InputException e)
    {
        if (e.Field == "network") return spec.FileName is { Length: > 0 } file ? new InputException(file, 0, 0, "hierarchy.tiles", e.Reason) : e;
        int i = spec.LayerPeripherals.ToList().FindIndex(p => p.Tiling is { Tiles: > 0 } && e.Reason.StartsWith(p.Layer + " ", StringComparison.Ordinal));
        return i < 0 ? e : new InputException(spec.FileName, spec.LayerPeripherals[i].Line, 0, $"layers[{i}].hierarchy.tiles", e.Reason);
    }

    /// <summary>
    /// Top-1 accuracy of <paramref name="model"/> on <paramref name="data"/> as <paramref name="spec"/> computes it (its
    /// per-layer readouts included), beside the float and ideal quantized network's (docs/ACCURACY.md). <c>run</c>,
    /// <c>compare</c>, <c>accuracy</c> and sweeps all measure it here.
    /// </summary>
    public static AccuracyResult Accuracy(ChipSpec spec, TrainedModel model, LabeledImages data, InferenceOptions? options = null)
    {
        spec = ChipAssembly.SizedFor(spec, model.Network); // tiles: auto (the tile count plays no part in the arithmetic)
        return ChipInference.Run(model, spec.ToMappingTarget(), data, (options ?? new InferenceOptions()) with { Readouts = LayerReadouts(spec, model.Network), Tilings = LayerTilings(spec) });
    }

    /// <summary>The chip's top-1 accuracy alone (<see cref="Accuracy"/>'s chip column: the same calibration, the same count),
    /// without the float and ideal passes or SQNR — the bit-sliced form, several times faster (docs/ACCURACY.md).</summary>
    public static double ChipAccuracy(ChipSpec spec, TrainedModel model, LabeledImages data, InferenceOptions? options = null)
    {
        spec = ChipAssembly.SizedFor(spec, model.Network);
        return ChipInference.ChipAccuracy(model, spec.ToMappingTarget(), data, (options ?? new InferenceOptions()) with { Readouts = LayerReadouts(spec, model.Network), Tilings = LayerTilings(spec) });
    }

    /// <summary>The compiler's per-layer readouts for a chip's per-layer peripherals (null when it has none).</summary>
    /// <param name="spec">The chip.</param>
    /// <param name="network">The network it runs: every <c>layers:</c> entry must name one of its crossbar layers (else one
    /// line at that entry of the chip file).</param>
    public static IReadOnlyDictionary<string, LayerReadout>? LayerReadouts(ChipSpec spec, Network network)
    {
        foreach (var p in spec.LayerPeripherals)
            if (!network.Layers.Any(l => l.Name == p.Layer && l.IsCrossbar))
                throw new InputException(spec.FileName, p.Line, 0, "layers.layer", $"'{p.Layer}' is not a crossbar layer of {network.Name}");
        return LayerReadouts(spec);
    }

    /// <summary>The readout of every layer with its own peripherals, whatever network runs (<see cref="LayerReadouts(ChipSpec, Network)"/> checks them against one).</summary>
    public static IReadOnlyDictionary<string, LayerReadout>? LayerReadouts(ChipSpec spec) =>
        spec.LayerPeripherals.Count == 0 ? null
        : spec.LayerPeripherals.ToDictionary(p => p.Layer, p => LayerReadout.Of(spec.ForLayer(p).ToMappingTarget()), StringComparer.Ordinal);

    /// <summary>The tiles of every layer the chip gives tiles of its own (<c>layers: [{ hierarchy: ... }]</c>); null when none.</summary>
    public static IReadOnlyDictionary<string, LayerTiling>? LayerTilings(ChipSpec spec) =>
        spec.LayerPeripherals.Any(p => p.Tiling is not null)
            ? spec.LayerPeripherals.Where(p => p.Tiling is not null).ToDictionary(p => p.Layer, p => p.Tiling!, StringComparer.Ordinal)
            : null;

    /// <summary>
    /// Tiles each layer with its own peripherals (<see cref="ChipSpec.LayerPeripherals"/>) occupies when
    /// <paramref name="network"/> is mapped onto <paramref name="spec"/> (the compiler's mapping, without compiling).
    /// </summary>
    public static IReadOnlyDictionary<string, int> LayerTiles(ChipSpec spec, Network network)
    {
        var target = spec.ToMappingTarget();
        var readouts = LayerReadouts(spec, network);
        var tilings = LayerTilings(spec);
        CrossbarMapping?[] maps;
        try
        {
            maps = NetworkMapper.Map(network, target, l => l.WeightBits ?? target.WeightBits, l => l.InputBits ?? target.InputBits, false,
                l => readouts is not null && readouts.TryGetValue(l.Name, out var r) ? r.ApplyTo(target) : target, inTiles: false,
                l => tilings?.GetValueOrDefault(l.Name));
        }
        catch (InputException e) when (e.File is null && e.Field == "layers.hierarchy.tiles") { throw InChipFile(spec, e); }
        var tiles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in network.Layers)
            if (maps[l.Index] is { } m) tiles[l.Name] = m.TileCount;
        return tiles;
    }

    /// <summary>Replays <paramref name="trace"/> on <paramref name="chip"/> and costs it.</summary>
    public static SimulationReport Simulate(ChipModel chip, NetworkTrace trace, ReplayOptions options) =>
        SimulateAndCount(chip, trace, options, out _);

    /// <summary>Replays <paramref name="trace"/> on <paramref name="chip"/>, costs it, and gives the counts the report was costed from.</summary>
    public static SimulationReport SimulateAndCount(ChipModel chip, NetworkTrace trace, ReplayOptions options, out ActivityCounts counts)
    {
        if (trace.Layers.Count == 0)
            throw new InputException(null, 0, 0, "layers", $"the trace of {trace.Network} has no layers: nothing to simulate");
        var target = chip.Spec.ToMappingTarget();
        if (trace.Target != target)
            throw new InputException(chip.Spec.FileName, 0, 0, null,
                $"the trace was compiled for a different chip ({Describe(trace.Target)}) than this one ({Describe(target)}); compile it again for this chip");
        foreach (var l in trace.Layers)
            if (l.Mapping is { } m && (m.FirstTile < 0 || (long)m.FirstTile + m.TileCount > chip.Spec.Tiles || (long)m.CrossbarsUsed > (long)m.TileCount * l.CrossbarsPerTile(target)))
                throw new InputException(null, 0, 0, "trace",
                    $"layer '{l.Name}' is mapped on tiles {m.FirstTile}..{(long)m.FirstTile + m.TileCount - 1} with {m.CrossbarsUsed} crossbars; the chip has tiles 0..{chip.Spec.Tiles - 1} of {l.CrossbarsPerTile(target)} crossbars: compile it again for this chip");
        var assembly = ChipAssembly.Build(chip.Spec, trace);
        var replay = ReplayEngine.Run(trace, assembly.Timing, options);
        counts = ActivityCounter.Count(chip.Spec.Name, assembly.Components, assembly.Structure, trace, replay, options, assembly.ComponentName);
        return ReportBuilder.Cost(chip.Spec.Name, assembly.Components, counts, leakagePj: assembly.LeakagePj(counts)) with { Tiles = chip.Spec.Tiles, TilesAuto = chip.Spec.AutoTiles };
    }

    /// <summary>
    /// Re-costs saved <paramref name="counts"/> on the chip <paramref name="spec"/> without simulating again
    /// (docs/COUNTS.md). The chip must have the counts' structure (<see cref="CountsStructure"/>); its unit costs
    /// (technology, circuit constants, overrides, models) may differ. <paramref name="countsFile"/> names the counts in messages.
    /// A chip with <c>hierarchy.tiles: auto</c> takes the counts' tile count (the tiles the network occupied).
    /// </summary>
    public static SimulationReport Cost(ChipSpec spec, ActivityCounts counts, string countsFile)
    {
        if (counts.Structure.Components.Count == 0)
            throw new InputException(countsFile, 0, 0, "structure", "these counts record no chip structure and cannot be re-costed");
        if (spec.AutoTiles) spec = spec with { Tiles = Math.Clamp(counts.Structure.Tiles, 1, ChipSpec.MaxTiles) };
        if (spec.Floorplan != FloorplanKind.None) spec = FloorplanOf(spec, counts.Structure);
        var layerTiles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in counts.Structure.Groups) layerTiles[g.Layer] = g.Tiles;
        foreach (var p in spec.LayerPeripherals)
            if (!layerTiles.ContainsKey(p.Layer))
                throw new InputException(countsFile, 0, 0, "structure.groups",
                    $"the chip gives layer '{p.Layer}' its own readout (layers:), the counts have no tile group for it; re-run the simulation for this chip");
        var assembly = ChipAssembly.Build(spec, layerTiles);
        if (counts.Structure.FirstDifference(assembly.Structure) is { } difference)
            throw new InputException(countsFile, 0, 0, null,
                $"{difference} ({spec.FileName}); counts re-cost only on a chip of the same structure (docs/COUNTS.md), re-run the simulation for this chip");
        return ReportBuilder.Cost(spec.Name, assembly.Components, counts, countsFile, assembly.LeakagePj(counts)) with { Tiles = spec.Tiles, TilesAuto = spec.AutoTiles };
    }

    /// <summary>A floorplan chip as the counts record it was sized (its tile shape and each tile group's; the structure
    /// check that follows refuses counts of another chip).</summary>
    private static ChipSpec FloorplanOf(ChipSpec spec, CountsStructure s)
    {
        var entries = spec.LayerPeripherals.ToList();
        foreach (var g in s.Groups.Where(g => g.PesPerTile is not null))
            LayerPeripherals.SetTiles(entries, g.Layer, spec.ReadoutSpec, new LayerTiling(g.PesPerTile!.Value, g.CrossbarsPerPe ?? s.CrossbarsPerPe, g.Tiles), g.HTreeWidthBits);
        return spec with { PesPerTile = s.PesPerTile, CrossbarsPerPe = s.CrossbarsPerPe, HTreeWidthBits = s.HTreeWidthBits, MeshWidthBits = s.MeshWidthBits, LayerPeripherals = entries };
    }

    private static string Describe(MappingTarget t) =>
        $"{t.CrossbarRows}x{t.CrossbarColumns}, {t.BitsPerCell} bit/cell, {t.Tiles} tiles of {t.CrossbarsPerTile}, " +
        $"{t.WeightBits}-bit weights, {t.InputBits}-bit inputs, {t.Readout}{(t.AdcBits > 0 ? $" {t.AdcBits}-bit, {t.AdcRange.ToString().ToLowerInvariant()} range" : "")}";
}
