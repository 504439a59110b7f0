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
/// whole copies as fit (⌊tiles × crossbars per tile / crossbars per copy⌋, at most one per input vector), without
/// taking another tile; the replay divides its input vectors among all copies.
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
    public static CrossbarMapping?[] Map(Network network, MappingTarget target, Func<Layer, int> weightBits,
        Func<Layer, int> inputBits, bool replicate, Func<Layer, MappingTarget>? layerTarget = null, bool inTiles = false)
    {
        var maps = new CrossbarMapping?[network.Layers.Count];
        foreach (var l in network.Layers)
            if (l.IsCrossbar) maps[l.Index] = LayerMapper.Map(l, layerTarget?.Invoke(l) ?? target, weightBits(l), inputBits(l));

        int perTile = target.CrossbarsPerTile;
        long TilesFor(CrossbarMapping m, int replicas) => ((long)m.RowBlocks * m.ColumnBlocks * replicas + perTile - 1) / perTile;

        long needed = maps.Where(m => m is not null).Sum(m => TilesFor(m!, 1));
        if (needed > target.Tiles)
        {
            var biggest = network.Layers.Where(l => maps[l.Index] is not null)
                .OrderByDescending(l => TilesFor(maps[l.Index]!, 1)).Take(3)
                .Select(l => $"{l.Name} {TilesFor(maps[l.Index]!, 1)}");
            throw new InputException(null, 0, 0, "network",
                $"{network.Name} needs {needed} tiles of {perTile} crossbars ({target.CrossbarRows}x{target.CrossbarColumns}), the chip has {target.Tiles} (largest layers: {string.Join(", ", biggest)}); a chip of hierarchy.tiles: {needed} or more holds it (hierarchy.tiles: auto sizes the chip for each network)");
        }

        var replicas = maps.Select(m => m is null ? 0
            : inTiles ? (int)Math.Clamp(TilesFor(m, 1) * perTile / ((long)m.RowBlocks * m.ColumnBlocks), 1, Math.Max(1, m.InputVectors))
            : 1).ToArray();
        if (replicate)
        {
            long spare = target.Tiles - needed;
            var active = new HashSet<int>(Enumerable.Range(0, maps.Length).Where(i => maps[i] is not null && maps[i]!.InputVectors > 1));
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
                long cost = TilesFor(m, replicas[best] + 1) - TilesFor(m, replicas[best]);
                if (cost <= spare && replicas[best] < m.InputVectors)
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
            int count = (int)TilesFor(m, replicas[i]);
            maps[i] = m with { Replicas = replicas[i], FirstTile = tile, TileCount = count };
            tile += count;
        }
        return maps;
    }
}
