using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Datasets;

/// <summary>
/// A batch of labelled images in N×C×H×W order: either bytes (pixel value / 255 in [0, 1], as idx and uint8 .npy
/// files store them) or float pixels taken as they are. Immutable.
/// </summary>
public sealed class LabeledImages
{
    private readonly byte[]? _bytes;
    private readonly float[]? _floats;
    private readonly int[] _labels;

    /// <summary>Short name (the dataset name for a known dataset, the file name otherwise).</summary>
    public string Name { get; }
    /// <summary>Where the images came from (files read, or "shipped subset"), for reports.</summary>
    public string Source { get; }
    /// <summary>Number of images N.</summary>
    public int Count { get; }
    /// <summary>Shape of one image (C, H, W).</summary>
    public TensorShape Shape { get; }
    /// <summary>Number of classes; every label is in [0, Classes).</summary>
    public int Classes { get; }
    /// <summary>True when pixels are stored as bytes (value / 255), false when as floats.</summary>
    public bool IsBytes => _bytes is not null;
    /// <summary>Elements per image, C·H·W.</summary>
    public int ImageSize => checked((int)Shape.Elements);
    /// <summary>Labels, one per image.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Byte images (pixel = byte / 255).</summary>
    public LabeledImages(string name, string source, TensorShape shape, byte[] pixels, int[] labels, int classes)
        : this(name, source, shape, pixels, null, labels, classes) { }

    /// <summary>Float images (pixels used as they are).</summary>
    public LabeledImages(string name, string source, TensorShape shape, float[] pixels, int[] labels, int classes)
        : this(name, source, shape, null, pixels, labels, classes) { }

    private LabeledImages(string name, string source, TensorShape shape, byte[]? bytes, float[]? floats, int[] labels, int classes)
    {
        long size = (long)shape.Channels * shape.Height * shape.Width;
        long n = (bytes?.LongLength ?? floats!.LongLength);
        if (size <= 0 || n % size != 0) throw new ArgumentException($"{n} pixels are not a whole number of {shape} images");
        if (n / size != labels.Length) throw new ArgumentException($"{n / size} images but {labels.Length} labels");
        foreach (int l in labels)
            if (l < 0 || l >= classes) throw new ArgumentException($"label {l} outside [0, {classes})");
        Name = name; Source = source; Shape = shape; _bytes = bytes; _floats = floats; _labels = labels; Classes = classes;
        Count = labels.Length;
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Writes image <paramref name="index"/> as floats (bytes / 255) into <paramref name="destination"/> (C·H·W).</summary>
    public void CopyImage(int index, Span<float> destination)
    {
        int size = ImageSize;
        if (destination.Length < size) throw new ArgumentException("destination too short", nameof(destination));
        if (_bytes is not null)
        {
            var src = _bytes.AsSpan(index * size, size);
            for (int i = 0; i < size; i++) destination[i] = src[i] / 255f;
        }
        else _floats.AsSpan(index * size, size).CopyTo(destination);
    }

    /// <summary>Image <paramref name="index"/> as a new float array (C·H·W).</summary>
    public float[] Image(int index)
    {
        var a = new float[ImageSize];
        CopyImage(index, a);
        return a;
    }

    /// <summary>The raw bytes of image <paramref name="index"/>; only for byte images.</summary>
    public ReadOnlySpan<byte> ImageBytes(int index) =>
        _bytes is null ? throw new InvalidOperationException("float images have no bytes") : _bytes.AsSpan(index * ImageSize, ImageSize);

    /// <summary>The first <paramref name="count"/> images (all when count ≥ <see cref="Count"/>).</summary>
    public LabeledImages Take(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        if (count >= Count) return this;
        int size = ImageSize;
        var labels = _labels[..count];
        return _bytes is not null
            ? new LabeledImages(Name, Source, Shape, _bytes[..(count * size)], labels, Classes)
            : new LabeledImages(Name, Source, Shape, _floats![..(count * size)], labels, Classes);
    }

    /// <summary>Images <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 (a copy).</summary>
    public LabeledImages Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"images {start}..{start + count} of {Count}");
        int size = ImageSize;
        var labels = _labels[start..(start + count)];
        return _bytes is not null
            ? new LabeledImages(Name, Source, Shape, _bytes[(start * size)..((start + count) * size)], labels, Classes)
            : new LabeledImages(Name, Source, Shape, _floats![(start * size)..((start + count) * size)], labels, Classes);
    }

    /// <summary>The network-side view: name, input shape and class count.</summary>
    public Dataset Dataset => new(Name, Shape, Classes);
}
