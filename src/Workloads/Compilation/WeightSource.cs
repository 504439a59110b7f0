using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Numpy;
using CimSim.Workloads.Quantization;
using CimSim.Workloads.Randomness;

namespace CimSim.Workloads.Compilation;

/// <summary>
/// A crossbar layer's real-valued weights: read from <c>&lt;directory&gt;/&lt;layer name&gt;.npy</c> when present,
/// otherwise drawn at random. Random weights follow He (Kaiming) initialisation, N(0, 2/fan-in), approximated by
/// <see cref="Xoshiro256StarStar.NextStandardNormalApprox"/>; output channel o of layer i uses stream
/// (i + 1)·2^32 + o, so the draw does not depend on thread scheduling.
/// </summary>
internal static class WeightSource
{
    public static QuantizedTensor<int> Get(Layer layer, int bits, CompileOptions options, ParallelOptions parallel)
    {
        if (options.WeightsDirectory is { } dir)
        {
            string path = Path.Combine(dir, layer.Name + ".npy");
            if (File.Exists(path)) return FromFile(layer, bits, path, parallel);
        }
        return Random(layer, bits, options.Seed, parallel);
    }

    private static QuantizedTensor<int> Random(Layer layer, int bits, ulong seed, ParallelOptions parallel)
    {
        int perOutput = layer.MatrixRowsPerGroup, outputs = layer.Output.Channels;
        double sigma = Math.Sqrt(2.0 / perOutput);
        var w = new float[(long)perOutput * outputs];
        Parallel.For(0, outputs, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (o) =>
        {
            var rng = Xoshiro256StarStar.ForStream(seed, ((ulong)(layer.Index + 1) << 32) + (ulong)o);
            for (int r = 0; r < perOutput; r++) w[(long)o * perOutput + r] = (float)(sigma * rng.NextStandardNormalApprox());
        });
        return WeightQuantizer.Quantize(w, bits, parallel);
    }

    private static QuantizedTensor<int> FromFile(Layer layer, int bits, string path, ParallelOptions parallel)
    {
        var a = NpyReader.ReadFile(path);
        int k = layer.KernelSize;
        int[][] accepted = layer.Op switch
        {
            LayerOp.Conv => [[layer.Output.Channels, layer.Input.Channels, k, k]],
            LayerOp.DepthwiseConv => [[layer.Output.Channels, 1, k, k], [layer.Output.Channels, k, k]],
            _ => [[layer.Output.Channels, layer.MatrixRowsPerGroup]],
        };
        if (!accepted.Any(s => s.SequenceEqual(a.Shape)))
            throw new InputException(path, 0, 0, null,
                $"weights of layer '{layer.Name}' must have shape {string.Join(" or ", accepted.Select(s => "(" + string.Join(", ", s) + ")"))}, the file has {a.ShapeText}");
        if (!a.IsInteger) return WeightQuantizer.Quantize(a.Values, bits, parallel);
        int q = (1 << (bits - 1)) - 1;
        var values = new int[a.Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = a.Values[i];
            if (v < -q || v > q)
                throw new InputException(path, 0, 0, null, $"integer weight {v} at element {i} is outside ±{q} ({bits}-bit weights of layer '{layer.Name}')");
            values[i] = (int)v;
        }
        return new QuantizedTensor<int>(values, 1.0);
    }
}
