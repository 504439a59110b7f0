using CimSim.Workloads.Datasets;

namespace CimSim.Training;

/// <summary>
/// Images as N×C×H×W floats in [0, 1] (pixel / 255, no normalisation: the chip's first layer reads unsigned
/// inputs, and the first conv's bias absorbs any shift) and their class labels.
/// </summary>
public sealed record TrainingData(float[] Images, byte[] Labels, int Channels, int Height, int Width)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Floats per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Copies a dataset's images (bytes / 255, or floats as they are) and labels.</summary>
    public static TrainingData From(LabeledImages d)
    {
        var images = new float[(long)d.Count * d.ImageSize];
        for (int i = 0; i < d.Count; i++) d.CopyImage(i, images.AsSpan(i * d.ImageSize, d.ImageSize));
        var labels = new byte[d.Count];
        for (int i = 0; i < d.Count; i++) labels[i] = checked((byte)d.Label(i));
        return new TrainingData(images, labels, d.Shape.Channels, d.Shape.Height, d.Shape.Width);
    }

    /// <summary>The first <paramref name="n"/> images (all if fewer).</summary>
    public TrainingData Take(int n)
    {
        n = Math.Min(n, Count);
        return this with { Images = Images[..(n * ImageSize)], Labels = Labels[..n] };
    }
}
