using System.Globalization;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// Turns a <see cref="Design"/> into a network and a chip. The network is the base zoo network with the searched
/// layers' widths and input precisions (written as a zoo spec); the chip is the base chip with exactly as many
/// tiles as the network occupies (each crossbar layer on whole tiles of its own) and, for every searched layer,
/// its peripherals as a <see cref="LayerPeripherals"/> entry. Chip area therefore follows the network, which is
/// what an area budget constrains.
/// </summary>
public static class DesignRealizer
{
    /// <summary>Realizes <paramref name="design"/> in <paramref name="space"/>.</summary>
    public static RealizedDesign Realize(SearchSpace space, Design design)
    {
        string spec = NetworkSpecFor(space, design);
        var network = NetworkZoo.Create(spec, space.Dataset);
        var peripherals = design.LayerNames.Select((n, i) =>
        {
            var c = design.Choices[i];
            return new LayerPeripherals(n, c.Readout, c.AdcType, c.AdcBits, c.ColumnSharing);
        }).ToArray();
        var chip = space.BaseChip with
        {
            Name = $"{space.Name}-{Fingerprint.Of(design.Key)}",
            Tiles = TilesNeeded(network, space.BaseChip),
            LayerPeripherals = peripherals,
        };
        return new RealizedDesign(design, spec, network, chip);
    }

    /// <summary>
    /// The zoo spec of the design's network: the base network's name, then <c>channels=</c> (VGG, when a width
    /// differs from the zoo's) and <c>input_bits=</c> (when a conv layer's precision differs from the chip's).
    /// </summary>
    public static string NetworkSpecFor(SearchSpace space, Design design)
    {
        var convs = space.BaseNetwork.Layers.Where(l => l.Op == LayerOp.Conv).ToList();
        var channels = convs.Select(l => design.For(l.Name)?.Channels ?? l.Output.Channels).ToArray();
        var bits = convs.Select(l => design.For(l.Name)?.InputBits ?? l.InputBits ?? space.BaseChip.InputBits).ToArray();
        string zoo = space.NetworkZooName;
        var parts = new List<string> { zoo };
        var zooDefault = NetworkZoo.Create(zoo, space.Dataset).Layers.Where(l => l.Op == LayerOp.Conv).Select(l => l.Output.Channels);
        if (space.ChannelsSearchable && !channels.SequenceEqual(zooDefault))
            parts.Add("channels=" + string.Join(",", channels.Select(c => c.ToString(CultureInfo.InvariantCulture))));
        if (bits.Any(b => b != space.BaseChip.InputBits))
            parts.Add("input_bits=" + string.Join(",", bits.Select(b => b.ToString(CultureInfo.InvariantCulture))));
        return string.Join(":", parts);
    }

    /// <summary>Tiles <paramref name="network"/> occupies on <paramref name="chip"/> (each crossbar layer on whole tiles of its own, no replicas).</summary>
    public static int TilesNeeded(Network network, ChipSpec chip)
    {
        var target = chip.ToMappingTarget() with { Tiles = int.MaxValue };
        var maps = NetworkMapper.Map(network, target, l => l.WeightBits ?? chip.WeightBits, l => l.InputBits ?? chip.InputBits, false);
        long tiles = maps.Where(m => m is not null).Sum(m => (long)m!.TileCount);
        return (int)Math.Max(1, tiles);
    }

}
