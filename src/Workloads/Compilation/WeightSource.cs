using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Quantization;
using CimSim.Workloads.Randomness;

namespace CimSim.Workloads.Compilation;

/// <summary>
/// A crossbar layer's real-valued weights: from the trained model (<see cref="TrainedModel"/>, loaded from
/// <see cref="CompileOptions.WeightsDirectory"/>, which must then hold every crossbar layer's weights), otherwise drawn
/// at random. Random weights follow He (Kaiming) initialisation, N(0, 2/fan-in), approximated by
/// <see cref="Xoshiro256StarStar.NextStandardNormalApprox"/>; output channel o of layer i uses stream
/// (i + 1)·2^32 + o, so the draw does not depend on thread scheduling.
/// </summary>
internal static class WeightSource
{
    /// <summary>The layer's quantized weights and its bias (null for random weights or a layer without bias). Random weights
    /// are taken from <paramref name="cache"/> when it holds them, and stored there when drawn.</summary>
    public static ((WeightCodes Values, double Scale) Weights, float[]? Bias) Get(Layer layer, int bits, TrainedModel? model, ulong seed,
        ParallelOptions parallel, LayerCache? cache = null)
    {
        if (model is null)
        {
            if (cache is null) return (Random(layer, bits, seed, parallel), null);
            var key = LayerCacheKeys.RandomWeights(layer, bits, seed);
            if (cache.Find<Kept>(key) is { } cached) return ((cached.Codes, cached.Scale), null);
            var (codes, scale) = Random(layer, bits, seed, parallel);
            var kept = new Kept(codes.Compact(), scale); // one byte per weight in the cache where they fit
            cache.Keep(key, kept, kept.Codes.StorageBytes);
            return ((kept.Codes, kept.Scale), null);
        }
        var p = model.Layers[layer.Name];
        return (p.Quantize(layer.Name, bits, parallel), p.Bias);
    }

    /// <summary>Quantized random weights as a layer cache keeps them.</summary>
    private sealed record Kept(WeightCodes Codes, double Scale);

    private static (WeightCodes, double) Random(Layer layer, int bits, ulong seed, ParallelOptions parallel)
    {
        int perOutput = layer.MatrixRowsPerGroup, outputs = layer.Output.Channels;
        double sigma = Math.Sqrt(2.0 / perOutput);
        var w = new float[(long)perOutput * outputs];
        Parallel.For(0, outputs, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (o) =>
        {
            var rng = Xoshiro256StarStar.ForStream(seed, ((ulong)(layer.Index + 1) << 32) + (ulong)o);
            for (int r = 0; r < perOutput; r++) w[(long)o * perOutput + r] = (float)(sigma * rng.NextStandardNormalApprox());
        });
        var q = WeightQuantizer.Quantize(w, bits, parallel);
        return (q.Values, q.Scale);
    }
}
