using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Tracing;

/// <summary>
/// The check a reader applies to each decoded layer, after the checksums: the layer must be one the compiler could
/// have written for the header's chip. Its structure is rebuilt as a network layer (<see cref="Network"/>'s own
/// rules: names, sources, kernel, stride, shapes, precisions), its mapping is mapped again (<see cref="LayerMapper"/>)
/// and its tiles placed as <see cref="NetworkMapper"/> places them, and every recorded field that follows from those
/// must equal them: shapes, MACs, weights, the mapping, crossbar reads, readouts and output elements; the data-dependent
/// counts must lie within what the reads allow. A hand-edited trace whose checksums were recomputed is then refused
/// with one line naming the layer, instead of costing a network that does not exist.
/// </summary>
internal sealed class TraceCheck(TraceHeader header, string file)
{
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private TensorShape? _input;
    private int _nextTile;

    /// <summary>Checks the header's chip and labels (the layers follow through <see cref="Add"/>).</summary>
    public void CheckHeader()
    {
        try { TargetValidation.Check(header.Target); }
        catch (InputException e) { throw new InputException(file, 0, 0, "header", $"the chip it was compiled for is not one CimSim compiles for: {e.Field}: {e.Reason}"); }
        if (string.IsNullOrWhiteSpace(header.Network)) throw new InputException(file, 0, 0, "header", "the network has no name");
        if (header.Dataset != Dataset.Custom && Dataset.Named(header.Dataset) is null)
            throw new InputException(file, 0, 0, "header", $"dataset '{header.Dataset}' is neither one CimSim knows ({string.Join(", ", Dataset.All.Select(d => d.Name))}) nor '{Dataset.Custom}'");
    }

    /// <summary>Checks <paramref name="l"/>, the next layer in order, against the layers before it.</summary>
    public void Add(LayerTrace l)
    {
        if (_input is null && Dataset.Named(header.Dataset) is { } ds && ds.Input != l.Input)
            throw Error(l, $"the network reads {l.Input} inputs; its dataset {ds.Name} has {ds.Input} images");
        _input ??= l.Input;
        bool crossbar = l.Op.IsCrossbar();
        var spec = new LayerSpec(l.Name, l.Op)
        {
            Inputs = l.Sources.Select(s => s < 0 ? Network.InputName : _layers[s].Name).ToArray(),
            OutChannels = l.Output.Channels, KernelSize = l.KernelSize, Stride = l.Stride, Padding = l.Padding, Relu = l.Relu,
            WeightBits = crossbar ? l.WeightBits : null, InputBits = crossbar ? l.InputBits : null,
        };
        Layer layer;
        try { layer = Network.BuildLayer(spec, _layers, _byName, _input.Value); }
        catch (InputException e) { throw Error(l, $"{e.Field}: {e.Reason}"); }

        Same(l, "input shape", l.Input, layer.Input, "its source's output is");
        Same(l, "output shape", l.Output, layer.Output, "its input, kernel, stride and padding give");
        if (layer.KernelSize != l.KernelSize || layer.Stride != l.Stride || layer.Padding != l.Padding)
            throw Error(l, $"a {l.Op} layer has kernel {layer.KernelSize}, stride {layer.Stride}, padding {layer.Padding}; the trace records {l.KernelSize}, {l.Stride}, {l.Padding}");
        Same(l, "MACs", l.Macs, layer.Macs, "its shapes give");
        Same(l, "weights", l.Weights, layer.Weights, "its shapes give");
        if (double.IsNaN(l.SqnrDb)) throw Error(l, "its SQNR is not a number");
        Same(l, "output elements", l.Counts.OutputElements, layer.Output.Elements, "its output shape gives");
        if (crossbar) CheckCrossbar(l, layer);
        else CheckDigital(l);
        _byName.Add(layer.Name, layer.Index);
        _layers.Add(layer);
    }

    private void CheckDigital(LayerTrace l)
    {
        var c = l.Counts;
        if (l.Mapping is not null || l.Readout is not null || l.ReadoutsByDrivenRows is not null || l.Bias || l.WeightBits != 0 || l.InputBits != 0
            || c.CrossbarReads != 0 || c.RowActivations != 0 || c.ColumnReads != 0 || c.NonZeroOutputs != 0 || c.AdcClipped != 0)
            throw Error(l, $"a {l.Op} layer is digital: it has no crossbar mapping, readout, precisions, bias or crossbar counts, and the trace records some");
    }

    private void CheckCrossbar(LayerTrace l, Layer layer)
    {
        var m = l.Mapping ?? throw Error(l, $"a {l.Op} layer runs on crossbars and the trace records no mapping");
        var target = l.Readout?.ApplyTo(header.Target) ?? header.Target;
        CrossbarMapping expected;
        try { expected = LayerMapper.Map(layer, target, l.WeightBits, l.InputBits, l.Tiling?.RowChunk ?? 0); }
        catch (InputException e) { throw Error(l, e.Reason); }
        if (m.MatrixRows != expected.MatrixRows || m.MatrixColumns != expected.MatrixColumns || m.WeightSlices != expected.WeightSlices
            || m.ColumnsPerWeight != expected.ColumnsPerWeight || m.InputSlices != expected.InputSlices || m.InputVectors != expected.InputVectors
            || m.DiagonalChannels != expected.DiagonalChannels || !m.RowsInBlock.SequenceEqual(expected.RowsInBlock)
            || !m.ColumnsInBlock.SequenceEqual(expected.ColumnsInBlock)
            || (m.ReadoutColumnsInBlock is { } ro && !ro.SequenceEqual(expected.ReadoutColumnsInBlock!)))
            throw Error(l, $"its mapping ({Describe(m)}) is not the one its shapes and {l.WeightBits}-bit weights, {l.InputBits}-bit inputs give on this chip ({Describe(expected)})");
        if (m.Replicas > NetworkMapper.MaxReplicas(m))
            throw Error(l, $"{m.Replicas} replicas of a layer with {m.InputVectors} input vectors of {m.InputSlices} slices (at most one copy per slice of each)");
        var tiling = l.Tiling ?? LayerTiling.Of(header.Target);
        long tiles = tiling.TilesFor((long)m.RowBlocks * m.ColumnBlocks * m.Replicas);
        if (m.FirstTile != _nextTile || m.TileCount != tiles)
            throw Error(l, $"mapped on tiles {m.FirstTile}..{(long)m.FirstTile + m.TileCount - 1}; its {m.RowBlocks * m.ColumnBlocks} crossbars × {m.Replicas} replicas take {tiles} tiles of {tiling.CrossbarsPerTile} from tile {_nextTile}, after the layers before it");
        _nextTile += m.TileCount;
        if (_nextTile > header.Target.Tiles)
            throw Error(l, $"mapped on tiles {m.FirstTile}..{_nextTile - 1}; the chip it was compiled for has {header.Target.Tiles}");

        var c = l.Counts;
        long readSets = m.InputVectors * m.InputSlices;
        Same(l, "column readouts", c.ColumnReads, readSets * m.RowBlocks * expected.ReadoutColumnsInBlock!.Sum(x => (long)x), "its reads × readout columns give");
        long rowsPerReadSet = (long)m.ColumnBlocks * m.RowsInBlock.Sum(x => (long)x);
        if (c.RowActivations > readSets * rowsPerReadSet)
            throw Error(l, $"{c.RowActivations} row activations, more than its reads can drive ({readSets * rowsPerReadSet})");
        foreach (var (what, n) in new[] { ("non-zero outputs", c.NonZeroOutputs), ("clipped ADC outputs", c.AdcClipped) })
            if (n > c.ColumnReads) throw Error(l, $"{n} {what}, more than its {c.ColumnReads} column readouts");
        bool psq = target.Readout != ReadoutKind.Adc;
        if (psq != l.NonZeroPerRead is not null)
            throw Error(l, psq ? "a comparator readout and no per-read non-zero counts" : "an ADC readout and per-read non-zero counts");
        if (l.ReadoutsByDrivenRows is { } h && h.Length != header.Target.CrossbarRows + 1)
            throw Error(l, $"readouts by driven rows for 0..{h.Length - 1} rows; a crossbar has {header.Target.CrossbarRows}");
    }

    private void Same<T>(LayerTrace l, string what, T recorded, T expected, string from) where T : IEquatable<T>
    {
        if (!recorded.Equals(expected)) throw Error(l, $"the trace records {what} {recorded}, but {from} {expected}");
    }

    private static string Describe(CrossbarMapping m) =>
        $"{m.MatrixRows}x{m.MatrixColumns} in {m.RowBlocks}x{m.ColumnBlocks} crossbars, {m.WeightSlices} weight slices, {m.InputSlices} input slices, {m.InputVectors} vectors";

    private InputException Error(LayerTrace l, string reason) => new(file, 0, 0, $"layer {l.Index} ('{l.Name}')", reason);
}
