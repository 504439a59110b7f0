using System.Collections.Concurrent;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// The fast per-layer cost model behind the surrogate optimiser. It costs one crossbar layer choice by replaying
/// a <em>segment</em> — the layer, the pooling layers that follow it, and a one-vector stand-in for the next
/// crossbar layer (so the output's trip over the mesh is charged) — on a homogeneous chip with that layer's
/// peripherals, through the same <see cref="SimulationRunner.Simulate"/> (replay rules of docs/REPLAY.md,
/// component unit costs of <see cref="ChipModel"/>) as a full evaluation. Only the compiler's partial sums are
/// skipped: the data-dependent counts (rows driven with a non-zero input slice, non-zero comparator outputs) are
/// synthesised from densities measured by a full evaluation of a reference design. Area and leakage are the
/// layer's tiles × the per-tile cost of a chip with its peripherals.
/// </summary>
public sealed class SegmentCostModel
{
    private const string StubName = "__next";
    private readonly SearchSpace _space;
    private readonly DesignResult _reference;
    private readonly DesignResult? _comparatorCalibration;
    private readonly ConcurrentDictionary<string, (double AreaMm2, double LeakageUw)> _perTile = new(StringComparer.Ordinal);

    /// <summary>Cost of everything outside the segments: the global buffer's area and leakage, and digital layers no segment holds.</summary>
    public LayerCost Fixed { get; }

    /// <summary>
    /// A model for <paramref name="space"/>. <paramref name="reference"/> (a full evaluation) supplies each layer's
    /// input density and the fixed digital layers' cost; <paramref name="comparatorCalibration"/> (optional, a full
    /// evaluation with comparator readout) the non-zero fraction of comparator outputs.
    /// </summary>
    public SegmentCostModel(SearchSpace space, IReadOnlyList<ChainLayer> chain, DesignResult reference, DesignResult? comparatorCalibration)
    {
        _space = space;
        _reference = reference;
        _comparatorCalibration = comparatorCalibration;
        var whole = ChipModel.Build(space.BaseChip with { LayerPeripherals = [] });
        var fixedDigital = ChainLayer.Unsegmented(space, chain).Select(l => reference.Layer(l.Name)).Where(l => l is not null).ToList();
        Fixed = new LayerCost(fixedDigital.Sum(l => l!.LatencyNs), fixedDigital.Sum(l => l!.EnergyPj),
            whole.GlobalBuffer.TotalAreaMm2, whole.GlobalBuffer.TotalLeakageUw, 0, 0);
    }

    /// <summary>
    /// The cost of <paramref name="c"/> with <paramref name="inChannels"/> input channels and <paramref name="choice"/>
    /// (null: the base chip's readout, the layer's own width and precision), its output read by a next layer of
    /// <paramref name="nextInputBits"/>-bit inputs, the layer placed as <paramref name="placement"/> says.
    /// </summary>
    public LayerCost Cost(ChainLayer c, int inChannels, LayerChoice? choice, int nextInputBits, Placement placement)
    {
        var l = c.Layer;
        var chipBase = _space.BaseChip with { LayerPeripherals = [] };
        var chip = choice is null ? chipBase
            : chipBase.ForLayer(new LayerPeripherals(l.Name, choice.Readout, choice.AdcType, choice.AdcBits, choice.ColumnSharing));
        int inputBits = choice?.InputBits ?? l.InputBits ?? chip.InputBits;

        var specs = new List<LayerSpec>
        {
            new(l.Name, l.Op)
            {
                OutChannels = choice?.Channels ?? l.Output.Channels, KernelSize = l.KernelSize, Stride = l.Stride,
                Padding = l.Padding, Relu = l.Relu, WeightBits = l.WeightBits, InputBits = inputBits,
            },
        };
        foreach (var t in c.Trailing)
            specs.Add(new LayerSpec(t.Name, t.Op) { KernelSize = t.KernelSize, Stride = t.Stride, Padding = t.Padding, Relu = t.Relu });
        if (c.Next is not null) specs.Add(new LayerSpec(StubName, LayerOp.FullyConnected) { OutChannels = 1, InputBits = nextInputBits });
        var net = Network.Build("segment", _space.Dataset.Name, new TensorShape(inChannels, l.Input.Height, l.Input.Width), specs);

        // The segment sits where the layer sits, on a mesh as wide as the chip's.
        int first = placement.FirstTile(l.Name);
        int tiles = Math.Max(placement.ChipTiles, first + DesignRealizer.TilesNeeded(net, chip));
        chip = chip with { Tiles = tiles };
        var target = chip.ToMappingTarget();
        var maps = NetworkMapper.Map(net, target with { Tiles = int.MaxValue }, x => x.WeightBits ?? chip.WeightBits, x => x.InputBits ?? chip.InputBits, false)
            .Select(m => m is null ? null : m with { FirstTile = m.FirstTile + first }).ToArray();
        var traces = new List<LayerTrace>();
        foreach (var x in net.Layers)
            traces.Add(Synthesize(x, maps[x.Index], x.WeightBits ?? chip.WeightBits, x.InputBits ?? chip.InputBits, chip.Readout));
        var trace = new NetworkTrace
        {
            Network = net.Name, Dataset = _space.Dataset.Name, Architecture = chip.Name, Target = target,
            Seed = _space.CompileSeed, Layers = traces,
        };
        var report = SimulationRunner.Simulate(ChipModel.Build(chip), trace, new ReplayOptions());

        int members = 1 + c.Trailing.Count;
        double latency = 0, energy = 0;
        for (int i = 0; i < members; i++) { latency += report.Layers[i].LatencyNs; energy += report.Layers[i].EnergyPj; }
        if (l.Sources.Any(s => s >= 0))
        {
            // In the network this layer's input comes over the mesh (charged to the previous segment), not from the global buffer.
            var gb = report.Tallies.FirstOrDefault(t => t.Component == "global_buffer" && t.Action == "read");
            if (gb is not null) energy -= gb.EnergyPj;
        }
        var (area, leak) = PerTile(chip);
        var main = net.Layers[0];
        int layerTiles = maps[0]!.TileCount;
        return new LayerCost(latency, energy, area * layerTiles, leak * layerTiles, main.Macs, main.Weights);
    }

    private (double AreaMm2, double LeakageUw) PerTile(ChipSpec chip)
    {
        string key = $"{chip.Readout}/{chip.AdcType}/{chip.AdcBits}/{chip.ColumnSharing}";
        return _perTile.GetOrAdd(key, _ =>
        {
            var one = ChipModel.Build(chip with { Tiles = 1 });
            return (one.TotalAreaMm2 - one.GlobalBuffer.TotalAreaMm2, one.TotalLeakageUw - one.GlobalBuffer.TotalLeakageUw);
        });
    }

    /// <summary>A trace layer with counts synthesised from the reference densities instead of real partial sums.</summary>
    private LayerTrace Synthesize(Layer x, CrossbarMapping? m, int weightBits, int inputBits, ReadoutKind readout)
    {
        LayerCounts counts;
        ushort[][]? nonZeroPerRead = null;
        if (m is null) counts = new LayerCounts(0, 0, 0, 0, 0, x.Output.Elements);
        else
        {
            string refName = x.Name == StubName ? "" : x.Name;
            double density = _reference.Layer(refName)?.RowDensity is { } d && double.IsFinite(d) ? d : 0.5;
            double nz = readout == ReadoutKind.Adc ? 1
                : (_comparatorCalibration?.Layer(refName)?.NonZeroFraction is { } f && double.IsFinite(f) ? f : 0.5);
            long vs = m.InputVectors * m.InputSlices;
            long readoutPerSet = 0;
            for (int cb = 0; cb < m.ColumnBlocks; cb++) readoutPerSet += m.ReadoutColumnsInBlock?[cb] ?? m.ColumnsInBlock[cb];
            readoutPerSet *= m.RowBlocks;
            long columnReads = vs * readoutPerSet;
            long rowActs = (long)Math.Round(density * vs * m.ColumnBlocks * m.MatrixRows);
            counts = new LayerCounts(m.CrossbarReads, rowActs, columnReads, (long)Math.Round(nz * columnReads), 0, x.Output.Elements);
            if (readout != ReadoutKind.Adc)
            {
                nonZeroPerRead = new ushort[m.RowBlocks * m.ColumnBlocks][];
                for (int rb = 0; rb < m.RowBlocks; rb++)
                    for (int cb = 0; cb < m.ColumnBlocks; cb++)
                    {
                        int cols = m.ReadoutColumnsInBlock?[cb] ?? m.ColumnsInBlock[cb];
                        var a = new ushort[vs];
                        Array.Fill(a, (ushort)Math.Round(nz * cols));
                        nonZeroPerRead[rb * m.ColumnBlocks + cb] = a;
                    }
            }
        }
        return new LayerTrace
        {
            Index = x.Index, Name = x.Name, Op = x.Op, Input = x.Input, Output = x.Output, KernelSize = x.KernelSize,
            Stride = x.Stride, Padding = x.Padding, Sources = (int[])x.Sources.Clone(), Macs = x.Macs, Weights = x.Weights,
            WeightBits = m is null ? 0 : weightBits, InputBits = m is null ? 0 : inputBits, Relu = x.Relu, Mapping = m,
            Counts = counts, NonZeroPerRead = nonZeroPerRead,
        };
    }
}
