using CimSim.Workloads.Networks;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// A crossbar layer of the base network as the surrogate model sees it: the layer, the digital layers that
/// follow it and read only it (its segment: pooling), the next crossbar layer (which receives its output), and
/// where it sits in the search.
/// </summary>
/// <param name="Layer">The crossbar layer in the base network.</param>
/// <param name="Trailing">Single-input digital layers right after it that form a chain from it (e.g. max pooling).</param>
/// <param name="Next">The next crossbar layer in execution order, or null for the last.</param>
/// <param name="SearchedIndex">Index among the space's searched layers, or −1.</param>
/// <param name="ChannelsFollowPrevious">Whether its input channels are the previous crossbar layer's output channels (VGG chains).</param>
public sealed record ChainLayer(Layer Layer, IReadOnlyList<Layer> Trailing, Layer? Next, int SearchedIndex, bool ChannelsFollowPrevious)
{
    /// <summary>The crossbar layers of <paramref name="space"/>'s base network, in order.</summary>
    public static IReadOnlyList<ChainLayer> Of(SearchSpace space)
    {
        var net = space.BaseNetwork;
        var names = space.LayerNames;
        var list = new List<ChainLayer>();
        Layer? previousCrossbar = null;
        foreach (var l in net.Layers.Where(l => l.IsCrossbar))
        {
            var trailing = new List<Layer>();
            int last = l.Index;
            for (int k = l.Index + 1; k < net.Layers.Count; k++)
            {
                var d = net.Layers[k];
                if (d.IsCrossbar || d.Sources.Length != 1 || d.Sources[0] != last || d.Op == Workloads.Networks.LayerOp.ResidualAdd) break;
                // Only when nothing else reads the layer before it.
                if (net.Layers.Any(o => o.Index != k && o.Sources.Contains(last))) break;
                trailing.Add(d);
                last = k;
            }
            var next = net.Layers.Skip(l.Index + 1).FirstOrDefault(x => x.IsCrossbar);
            // The input channels follow the previous crossbar layer when the chain between them only pools.
            bool follows = previousCrossbar is not null && space.ChannelsSearchable
                && l.Sources.Length == 1 && FeedsThroughPooling(net, previousCrossbar.Index, l.Sources[0]);
            list.Add(new ChainLayer(l, trailing, next, IndexOf(names, l.Name), follows));
            previousCrossbar = l;
        }
        return list;
    }

    /// <summary>The digital layers of the network that belong to no segment (their cost is fixed).</summary>
    public static IReadOnlyList<Layer> Unsegmented(SearchSpace space, IReadOnlyList<ChainLayer> chain)
    {
        var covered = new HashSet<int>(chain.SelectMany(c => c.Trailing.Select(t => t.Index).Append(c.Layer.Index)));
        return space.BaseNetwork.Layers.Where(l => !covered.Contains(l.Index)).ToList();
    }

    private static bool FeedsThroughPooling(Network net, int from, int source)
    {
        for (int s = source; ; )
        {
            if (s == from) return true;
            if (s < 0) return false;
            var l = net.Layers[s];
            if (l.IsCrossbar || l.Sources.Length != 1) return false;
            s = l.Sources[0];
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }
}
