using CimSim.Workloads.Mapping;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// Where a design's crossbar layers sit on its chip: each layer's first tile and the chip's tile count (which sets
/// the mesh's width). A layer's latency depends on it, because its partial sums and outputs travel over the mesh
/// and contend for the same routers; the surrogate replays each segment at the layer's place.
/// </summary>
public sealed class Placement
{
    private readonly Dictionary<string, int> _first;

    /// <summary>Tiles of the chip.</summary>
    public int ChipTiles { get; }

    private Placement(Dictionary<string, int> first, int tiles) { _first = first; ChipTiles = tiles; }

    /// <summary>The placement of <paramref name="design"/> (as <see cref="DesignRealizer"/> builds it).</summary>
    public static Placement Of(SearchSpace space, Design design)
    {
        var r = DesignRealizer.Realize(space, design);
        var maps = NetworkMapper.Map(r.Network, r.Chip.ToMappingTarget(), l => l.WeightBits ?? r.Chip.WeightBits, l => l.InputBits ?? r.Chip.InputBits, false);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in r.Network.Layers) if (maps[l.Index] is { } m) first[l.Name] = m.FirstTile;
        return new Placement(first, r.Chip.Tiles);
    }

    /// <summary>First tile of layer <paramref name="layer"/> (0 when unknown).</summary>
    public int FirstTile(string layer) => _first.TryGetValue(layer, out int t) ? t : 0;

    /// <summary>Whether two placements put every layer on the same tiles of the same chip size.</summary>
    public bool SameAs(Placement other) =>
        ChipTiles == other.ChipTiles && _first.Count == other._first.Count && _first.All(kv => other.FirstTile(kv.Key) == kv.Value);
}
