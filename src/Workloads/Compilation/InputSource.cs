using CimSim.Workloads.Numpy;
using CimSim.Workloads.Randomness;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Compilation;

/// <summary>
/// The network's input image: a <c>.npy</c> file when given, otherwise uniform random intensities in [0, 1)
/// from stream 0 of the seed. The crossbars take unsigned inputs, so a file with negative values (a normalised
/// image) is shifted by its minimum; the shift is a constant per input channel, equivalent to a bias in the
/// first layer.
/// </summary>
internal static class InputSource
{
    public static float[] Get(TensorShape shape, CompileOptions options)
    {
        if (options.InputNpyPath is { } path)
        {
            var a = NpyReader.ReadFile(path);
            int[] chw = [shape.Channels, shape.Height, shape.Width];
            if (!a.Shape.SequenceEqual(chw) && !a.Shape.SequenceEqual([1, .. chw]))
                throw new InputException(path, 0, 0, null, $"the network input is {shape}: expected shape ({string.Join(", ", chw)}) or (1, {string.Join(", ", chw)}), the file has {a.ShapeText}");
            float min = a.Values.Min();
            if (min < 0) for (int i = 0; i < a.Values.Length; i++) a.Values[i] -= min;
            return a.Values;
        }
        var rng = Xoshiro256StarStar.ForStream(options.Seed, 0);
        var x = new float[shape.Elements];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        return x;
    }
}
