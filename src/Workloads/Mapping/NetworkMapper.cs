using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Mapping;

/// <summary>
/// Places a network's crossbar layers on the chip. Each layer gets whole tiles of its own (as in NeuroSim and
/// XPert's tile count ceil(crossbars / crossbars-per-tile)), in layer order from tile 0. Optional replication
/// then spends the spare tiles on extra copies of the slowest layers: repeatedly, the layer with the most
/// crossbar reads per replica (input vectors × input slices / replicas, ties to the earlier layer) gets one more
/// replica if the tiles it needs are still free and it has fewer replicas than input vectors; a layer that does
/// not fit is skipped from then on. Copies in tiles (NeuroSim's weight duplication, <c>Chip.cpp</c> <c>PEDesign</c>,
/// <c>SubArrayDup</c>) come first when asked for: a layer fills the unused crossbars of its own tiles with as many
/// whole copies as fit (⌊tiles × crossbars per tile / crossbars per copy⌋, or the copies its tiling gives, at most one per
/// input vector), without
/// taking another tile; the replay divides its input vectors among all copies. A layer with a tiling of its own
/// (<see cref="LayerTiling"/>) is placed on tiles of its shape, at least as many as the tiling gives.
/// </summary>
public static class NetworkMapper
{
    /// <summary>
    /// Mappings for every layer of <paramref name="network"/> (null for digital layers). Throws an
    /// <see cref="InputException"/> when the network needs more tiles than the chip has.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="target">The chip (its tiles and crossbars).</param>
    /// <param name="weightBits">Weight precision of a layer.</param>
    /// <param name="inputBits">Input precision of a layer.</param>
    /// <param name="replicate">Spend spare tiles on replicas.</param>
    /// <param name="layerTarget">The chip as a layer sees it (a per-layer readout changes its readout columns); null: <paramref name="target"/>.</param>
    /// <param name="inTiles">Fill each layer's own tiles with copies first.</param>
    /// <param name="tiling">A layer's own tiles (null: the chip's shape, as many as it needs).</param>
    public static CrossbarMapping?[] Map(Network network, MappingTarget target, Func<Layer, int> weightBits,
        Func<Layer, int> inputBits, bool replicate, Func<Layer, MappingTarget>? layerTarget = null, bool inTiles = false,
        Func<Layer, LayerTiling?>? tiling = null)
    {
        var maps = new CrossbarMapping?[network.Layers.Count];
        var tilings = new LayerTiling[network.Layers.Count];
        foreach (var l in network.Layers)
            if (l.IsCrossbar)
            {
                tilings[l.Index] = tiling?.Invoke(l) ?? LayerTiling.Of(target);
                maps[l.Index] = LayerMapper.Map(l, layerTarget?.Invoke(l) ?? target, weightBits(l), inputBits(l), tilings[l.Index].RowChunk);
            }

        long TilesFor(int i, int replicas) => tilings[i].TilesFor((long)maps[i]!.RowBlocks * maps[i]!.ColumnBlocks * replicas);
        string Shape(int i) => $"{tilings[i].CrossbarsPerTile} crossbars";

        foreach (var l in network.Layers)
            if (maps[l.Index] is { } m && tilings[l.Index].Tiles > 0 && TilesFor(l.Index, 1) > tilings[l.Index].Tiles)
                throw new InputException(null, 0, 0, "layers.hierarchy.tiles",
                    $"{l.Name} needs {TilesFor(l.Index, 1)} tiles of {Shape(l.Index)} ({m.RowBlocks * m.ColumnBlocks} crossbars), it is given {tilings[l.Index].Tiles}");

        var crossbarLayers = network.Layers.Where(l => maps[l.Index] is not null).Select(l => l.Index).ToList();
        long needed = crossbarLayers.Sum(i => TilesFor(i, 1));
        if (needed > target.Tiles)
        {
            var biggest = crossbarLayers.OrderByDescending(i => TilesFor(i, 1)).Take(3).Select(i => $"{network.Layers[i].Name} {TilesFor(i, 1)}");
            throw new InputException(null, 0, 0, "network",
                $"{network.Name} needs {needed} tiles of {target.CrossbarsPerTile} crossbars ({target.CrossbarRows}x{target.CrossbarColumns}), the chip has {target.Tiles} (largest layers: {string.Join(", ", biggest)}); a chip of hierarchy.tiles: {needed} or more holds it (hierarchy.tiles: auto sizes the chip for each network)");
        }

        var replicas = maps.Select((m, i) => m is null ? 0
            : inTiles ? (int)Math.Clamp(tilings[i].Copies > 0 ? tilings[i].Copies : TilesFor(i, 1) * tilings[i].CrossbarsPerTile / ((long)m.RowBlocks * m.ColumnBlocks),
                1, MaxReplicas(m))
            : 1).ToArray();
        if (replicate)
        {
            long spare = target.Tiles - needed;
            var active = new HashSet<int>(Enumerable.Range(0, maps.Length).Where(i => maps[i] is not null && MaxReplicas(maps[i]!) > 1));
            while (active.Count > 0 && spare > 0)
            {
                int best = -1;
                double bestLoad = -1;
                foreach (int i in active.Order())
                {
                    double load = (double)maps[i]!.InputVectors * maps[i]!.InputSlices / replicas[i];
                    if (load > bestLoad) { bestLoad = load; best = i; }
                }
                var m = maps[best]!;
                long cost = TilesFor(best, replicas[best] + 1) - TilesFor(best, replicas[best]);
                if (cost <= spare && replicas[best] < MaxReplicas(m))
                {
                    replicas[best]++;
                    spare -= cost;
                }
                else active.Remove(best);
            }
        }

        int tile = 0;
        for (int i = 0; i < maps.Length; i++)
        {
            if (maps[i] is not { } m) continue;
            int count = (int)TilesFor(i, replicas[i]);
            maps[i] = m with { Replicas = replicas[i], FirstTile = tile, TileCount = count };
            tile += count;
        }
        return maps;
    }

    /// <summary>The most copies a layer can use: one per input vector, and beyond that one per input slice of each
    /// (copies then share a vector's bit planes, as NeuroSim's speed-up assumes).</summary>
    public static int MaxReplicas(CrossbarMapping m) => (int)Math.Min(int.MaxValue, Math.Max(1, m.InputVectors) * m.InputSlices);
}
