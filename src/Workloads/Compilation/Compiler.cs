using System.Diagnostics;
using CimSim.Workloads.Functional;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Quantization;
using CimSim.Workloads.Tracing;

namespace CimSim.Workloads.Compilation;

/// <summary>
/// The quantized-network compiler: maps a network onto a chip, runs one inference on real tensors through the
/// functional crossbar model and produces the trace the simulator replays. Activations propagate through the
/// exact integer (ideal) outputs, so every layer sees the same inputs whatever the chip's readout and its SQNR
/// measures that layer's readout alone. With <see cref="CompileOptions.LayerCache"/> a layer already compiled
/// with the same inputs, spec, readout and mapping is taken from the cache (the same trace, without its partial
/// sums). See docs/COMPILER.md.
/// </summary>
public static class Compiler
{
    /// <summary>Producer string written into traces.</summary>
    public const string Producer = "cimsim-compiler 1";

    /// <summary>Compiles the whole network into memory.</summary>
    public static NetworkTrace Compile(Network network, MappingTarget target, CompileOptions options, CompileStatistics? statistics = null)
    {
        var header = Header(network, target, options);
        var layers = CompileLayers(network, target, options, statistics).ToList();
        return new NetworkTrace
        {
            Network = header.Network, Dataset = header.Dataset, Architecture = header.Architecture,
            Target = target, Seed = options.Seed, Layers = layers, Producer = Producer,
        };
    }

    /// <summary>The trace header for this compilation (what a streaming writer needs first).</summary>
    public static TraceHeader Header(Network network, MappingTarget target, CompileOptions options) =>
        new(network.Name, options.Dataset ?? network.Dataset, options.Architecture, target, options.Seed, network.Layers.Count, Producer);

    /// <summary>
    /// Compiles layer by layer, yielding each as soon as it is done; only the activations still needed by later
    /// layers are kept. Checks the target, the overrides and the mapping before the first layer.
    /// </summary>
    public static IEnumerable<LayerTrace> CompileLayers(Network network, MappingTarget target, CompileOptions options,
        CompileStatistics? statistics = null)
    {
        TargetValidation.Check(target);
        if (options.InputBits is { } overrides)
            foreach (var (name, bits) in overrides)
            {
                if (!network.Layers.Any(l => l.Name == name && l.IsCrossbar))
                    throw new InputException(null, 0, 0, "input bits", $"'{name}' is not a crossbar layer of {network.Name}");
                if (bits < 1 || bits > 16) throw new InputException(null, 0, 0, "input bits", $"{name}: must be 1..16, got {bits}");
            }
        if (options.Readouts is { } readouts)
            foreach (var (name, readout) in readouts)
            {
                if (!network.Layers.Any(l => l.Name == name && l.IsCrossbar))
                    throw new InputException(null, 0, 0, "readouts", $"'{name}' is not a crossbar layer of {network.Name}");
                try { TargetValidation.Check(readout.ApplyTo(target)); }
                catch (InputException e) { throw new InputException(null, 0, 0, $"readouts.{name}", e.Reason); }
            }
        // A weights directory must cover every crossbar layer and name no other (checked before any work).
        var model = options.Model ?? (options.WeightsDirectory is { } dir ? TrainedModel.LoadWeights(dir, network) : null);
        if (model is not null) network = model.Network;
        var maps = NetworkMapper.Map(network, target, l => WeightBits(l, target), l => InputBits(l, target, options), options.Replicate,
            l => LayerTarget(l, target, options), options.ReplicateInTiles, l => Tiling(l, options));
        var input = InputSource.Get(network.Input, options);
        options.Checked?.Invoke();
        return Run(network, target, options, model, maps, input, statistics ?? new CompileStatistics());
    }

    /// <summary>The chip as layer <paramref name="l"/> sees it: with its own readout if the options give one.</summary>
    private static MappingTarget LayerTarget(Layer l, MappingTarget t, CompileOptions o) =>
        o.Readouts is { } r && r.TryGetValue(l.Name, out var readout) ? readout.ApplyTo(t) : t;

    private static LayerTiling? Tiling(Layer l, CompileOptions o) =>
        o.Tilings?.GetValueOrDefault(l.Name);

    private static int WeightBits(Layer l, MappingTarget t) => l.WeightBits ?? t.WeightBits;

    private static int InputBits(Layer l, MappingTarget t, CompileOptions o) =>
        o.InputBits is { } d && d.TryGetValue(l.Name, out int b) ? b : l.InputBits ?? t.InputBits;

    private static IEnumerable<LayerTrace> Run(Network network, MappingTarget target, CompileOptions options,
        TrainedModel? model, CrossbarMapping?[] maps, float[] input, CompileStatistics stats)
    {
        var parallel = Threads.Options(options.MaxThreads);
        var outputs = new float[]?[network.Layers.Count];
        var readers = new int[network.Layers.Count];
        foreach (var l in network.Layers) foreach (int s in l.Sources) if (s >= 0) readers[s]++;
        var cache = options.LayerCache;
        var keys = new UInt128[network.Layers.Count];
        var inputKey = cache is null ? default : LayerCacheKeys.Input(network.Input, input);

        foreach (var layer in network.Layers)
        {
            float[] Source(int i) => layer.Sources[i] < 0 ? input : outputs[layer.Sources[i]]!;
            UInt128[] SourceKeys() => layer.Sources.Select(s => s < 0 ? inputKey : keys[s]).ToArray();
            LayerTrace trace;
            if (layer.IsCrossbar)
            {
                int wBits = WeightBits(layer, target), iBits = InputBits(layer, target, options);
                var layerTarget = LayerTarget(layer, target, options);
                var map = maps[layer.Index]!;
                UInt128 readoutKey = default;
                (CachedReadout Readout, float[] Activations)? hit = null;
                if (cache is not null)
                {
                    keys[layer.Index] = LayerCacheKeys.CrossbarActivations(layer, SourceKeys(), wBits, iBits, target, options);
                    readoutKey = LayerCacheKeys.Readout(keys[layer.Index], layerTarget, map);
                    hit = cache.TryGet(readoutKey, keys[layer.Index]);
                }
                CachedReadout readout;
                if (hit is { } h)
                {
                    (readout, outputs[layer.Index]) = h;
                    stats.CachedLayers++;
                }
                else
                {
                    var (result, y) = CrossbarLayer(layer, Source(0), layerTarget, options, model, map, wBits, iBits, parallel, stats);
                    if (layer.Relu) DigitalLayers.Relu(y);
                    outputs[layer.Index] = y;
                    readout = new CachedReadout(result.Counts, result.SqnrDb, result.NonZeroPerRead, result.ReadoutsByDrivenRows);
                    cache?.Add(readoutKey, readout, keys[layer.Index], y);
                }
                trace = Trace(layer, map, readout, wBits, iBits, layerTarget == target ? null : LayerReadout.Of(layerTarget),
                    bias: model is not null && model.Layers[layer.Name].Bias is not null) with { Tiling = Tiling(layer, options) };
            }
            else
            {
                if (cache is not null) keys[layer.Index] = LayerCacheKeys.Digital(layer, SourceKeys());
                var y = DigitalLayer(layer, network, Source);
                if (layer.Relu) DigitalLayers.Relu(y);
                outputs[layer.Index] = y;
                trace = Trace(layer, null, null, 0, 0, null, bias: false);
            }
            foreach (int s in layer.Sources)
                if (s >= 0 && --readers[s] == 0) outputs[s] = null;
            yield return trace;
        }
    }

    /// <summary>Quantizes the input and weights, runs the partial-sum engine, and returns the real-valued output (C×H×W).</summary>
    private static (PartialSumResult, float[]) CrossbarLayer(Layer layer, float[] source, MappingTarget target,
        CompileOptions options, TrainedModel? model, CrossbarMapping map, int wBits, int iBits, ParallelOptions parallel, CompileStatistics stats)
    {
        var x = ActivationQuantizer.Quantize(source, iBits);
        var (w, bias) = WeightSource.Get(layer, wBits, model, options.Seed, parallel, options.LayerCache);
        var sw = Stopwatch.StartNew();
        var r = PartialSumEngine.Run(new CrossbarLayerInput
        {
            Op = layer.Op, Input = layer.Input, Output = layer.Output, KernelSize = layer.KernelSize,
            Stride = layer.Stride, Padding = layer.Padding, Activations = x.Values, InputBits = iBits,
            Weights = w.Values, WeightBits = wBits, Mapping = map, Target = target,
            Weighted = model is null && options.LayerCache is { } cache ? CachedWeights(cache, LayerCacheKeys.RandomWeights(layer, wBits, options.Seed)) : null,
        }, options.MaxThreads);
        stats.EngineSeconds += sw.Elapsed.TotalSeconds;
        stats.PartialSums += r.PartialSums;
        int C = layer.Output.Channels, V = (int)layer.InputVectors;
        double scale = x.Scale * w.Scale;
        var y = new float[(long)C * V];
        for (int v = 0; v < V; v++)
            for (int o = 0; o < C; o++)
                y[(long)o * V + v] = (float)(r.Ideal[(long)v * C + o] * scale + (bias?[o] ?? 0));
        return (r, y);
    }

    /// <summary>The random weights under <paramref name="weightsKey"/> as the engine reads them (bit planes, and bytes for the
    /// exact sums once asked for) from <paramref name="cache"/>, built and kept there when it does not hold them for the
    /// geometry asked.</summary>
    private static Func<CrossbarGeometry, Func<LayerWeights>, LayerWeights> CachedWeights(LayerCache cache, UInt128 weightsKey) => (g, build) =>
    {
        var key = LayerCacheKeys.Planes(weightsKey, g);
        if (cache.Find<LayerWeights>(key) is { } kept) return kept;
        var weights = build();
        cache.Keep(key, weights, weights.Cells.Sum(rb => rb.Sum(x => 8L * x.Length)) + (long)g.Outputs * ExactDot.PaddedRows(g));
        return weights;
    };

    private static float[] DigitalLayer(Layer l, Network network, Func<int, float[]> source)
    {
        TensorShape ShapeOf(int s) => s < 0 ? network.Input : network.Layers[s].Output;
        return l.Op switch
        {
            LayerOp.MaxPool => DigitalLayers.MaxPool(source(0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
            LayerOp.AvgPool => DigitalLayers.AvgPool(source(0), l.Input, l.Output, l.KernelSize, l.Stride, l.Padding),
            LayerOp.GlobalAvgPool => DigitalLayers.GlobalAvgPool(source(0), l.Input),
            LayerOp.ResidualAdd => DigitalLayers.ResidualAdd(
                l.Sources.Select((_, i) => source(i)).ToArray(), l.Sources.Select(ShapeOf).ToArray(), l.Output),
            _ => throw new InvalidOperationException($"{l.Op} is not a digital layer"),
        };
    }

    private static LayerTrace Trace(Layer l, CrossbarMapping? map, CachedReadout? r, int wBits, int iBits, LayerReadout? readout, bool bias) => new()
    {
        Readout = readout, Bias = bias,
        Index = l.Index, Name = l.Name, Op = l.Op, Input = l.Input, Output = l.Output,
        KernelSize = l.KernelSize, Stride = l.Stride, Padding = l.Padding, Sources = (int[])l.Sources.Clone(),
        Macs = l.Macs, Weights = l.Weights, WeightBits = wBits, InputBits = iBits, Relu = l.Relu, Mapping = map,
        Counts = r?.Counts ?? new LayerCounts(0, 0, 0, 0, 0, l.Output.Elements),
        SqnrDb = r?.SqnrDb ?? double.PositiveInfinity, NonZeroPerRead = r?.NonZeroPerRead, ReadoutsByDrivenRows = r?.ReadoutsByDrivenRows,
    };
}
