using CimSim.Workloads.Networks;
using CimSim.Workloads.Numpy;

namespace CimSim.Workloads.Datasets;

/// <summary>Which half of a dataset.</summary>
public enum DatasetSplit
{
    /// <summary>The test set (Fashion-MNIST: 10,000 images).</summary>
    Test,
    /// <summary>The training set (Fashion-MNIST: 60,000 images).</summary>
    Train,
}

/// <summary>
/// Opens labelled images by name or path.
/// <list type="bullet">
/// <item><c>fashion-mnist</c>: Debian's <c>dataset-fashion-mnist</c> (<see cref="FashionMnistDirectory"/>, installed by
/// <c>tools/setup.sh data</c>); the test split falls back to the shipped 1,000-image subset when the package is not
/// installed (<see cref="LabeledImages.Source"/> says which was read).</item>
/// <item><c>fashion-mnist-1k</c>: always the shipped subset, the first 1,000 test images (embedded in this assembly
/// from <c>data/fashion-mnist/</c>), so tests and default runs need nothing installed.</item>
/// <item>A name may end in <c>:train</c> or <c>:test</c> to choose the split.</item>
/// <item>A path: <c>IMAGES.npy,LABELS.npy</c>; an <c>.npy</c> whose name contains <c>images</c> (labels: the same name
/// with the last <c>images</c> replaced by <c>labels</c>); a directory holding <c>images.npy</c> + <c>labels.npy</c> or
/// idx files (<c>t10k-images-idx3-ubyte[.gz]</c>, <c>train-…</c>); an idx image file (labels: <c>images-idx3</c> →
/// <c>labels-idx1</c>). Image .npy files are N×C×H×W (or N×H×W, one channel) of uint8 (pixel / 255) or float32/64
/// (used as they are); labels are a 1-D integer array.</item>
/// </list>
/// </summary>
public static class DatasetSource
{
    /// <summary>The name of Fashion-MNIST.</summary>
    public const string FashionMnist = "fashion-mnist";
    /// <summary>The name of the shipped subset (first 1,000 Fashion-MNIST test images).</summary>
    public const string FashionMnistSubset = "fashion-mnist-1k";
    /// <summary>Images in the shipped subset.</summary>
    public const int SubsetCount = 1000;
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs its files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";
    /// <summary>Shell command that installs the full sets.</summary>
    public const string InstallHint = "tools/setup.sh data (apt-get install dataset-fashion-mnist)";

    /// <summary>Directory of the full Fashion-MNIST idx files: <c>CIMSIM_FASHION_MNIST</c> if set, else Debian's.</summary>
    public static string FashionMnistDirectory =>
        Environment.GetEnvironmentVariable("CIMSIM_FASHION_MNIST") is { Length: > 0 } d ? d : DebianFashionMnistDirectory;

    /// <summary>True when the full Fashion-MNIST set is installed.</summary>
    public static bool FashionMnistInstalled =>
        File.Exists(Path.Combine(FashionMnistDirectory, "t10k-images-idx3-ubyte.gz")) &&
        File.Exists(Path.Combine(FashionMnistDirectory, "train-images-idx3-ubyte.gz"));

    /// <summary>Names <see cref="Open"/> knows (besides paths).</summary>
    public static IReadOnlyList<string> Names { get; } = [FashionMnist, FashionMnistSubset];

    /// <summary>True when <paramref name="nameOrPath"/> is a dataset name (not a path), with or without a split suffix.</summary>
    public static bool IsName(string nameOrPath) =>
        Names.Contains(SplitSuffix(nameOrPath, out _).ToLowerInvariant());

    /// <summary>True when <paramref name="nameOrPath"/> is a dataset name or names an existing file or directory (its images' path,
    /// before a <c>,LABELS.npy</c> and a split suffix).</summary>
    public static bool Refers(string nameOrPath)
    {
        string spec = SplitSuffix(nameOrPath, out _);
        int comma = spec.IndexOf(',');
        if (comma >= 0) spec = spec[..comma];
        return IsName(nameOrPath) || File.Exists(spec) || Directory.Exists(spec);
    }

    /// <summary>
    /// Opens <paramref name="nameOrPath"/> (see the class summary). <paramref name="split"/> applies to named
    /// datasets and idx directories; a <c>:train</c>/<c>:test</c> suffix overrides it. Errors are one-line
    /// <see cref="InputException"/>s.
    /// </summary>
    public static LabeledImages Open(string nameOrPath, DatasetSplit split = DatasetSplit.Test)
    {
        string spec = SplitSuffix(nameOrPath, out var suffix);
        if (suffix is { } s) split = s;
        switch (spec.ToLowerInvariant())
        {
            case FashionMnistSubset:
                if (split == DatasetSplit.Train) throw new InputException(null, 0, 0, "--dataset", $"{FashionMnistSubset} has only test images");
                return Subset();
            case FashionMnist:
                if (FashionMnistInstalled) return Idx(FashionMnistDirectory, split, FashionMnist, 10);
                if (split == DatasetSplit.Test) return Subset();
                throw new InputException(null, 0, 0, "--dataset",
                    $"the Fashion-MNIST training set is not installed (no {FashionMnistDirectory}/train-images-idx3-ubyte.gz); install it with {InstallHint}");
        }
        return OpenPath(spec, split);
    }

    /// <summary>The shipped subset: the first 1,000 Fashion-MNIST test images and labels.</summary>
    public static LabeledImages Subset()
    {
        const string prefix = "CimSim.Workloads.Data.FashionMnist.";
        var images = IdxReader.Parse(Resource(prefix + "t10k-1k-images-idx3-ubyte.gz"), "shipped t10k-1k-images", IdxReader.ImagesMagic);
        var labels = IdxReader.Parse(Resource(prefix + "t10k-1k-labels-idx1-ubyte.gz"), "shipped t10k-1k-labels", IdxReader.LabelsMagic);
        return FromIdx(FashionMnist, "shipped subset data/fashion-mnist (first 1,000 test images)", images, labels.Body, 10, "shipped subset");
    }

    private static byte[] Resource(string name)
    {
        using var s = typeof(DatasetSource).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} missing from the build");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static string SplitSuffix(string spec, out DatasetSplit? split)
    {
        split = null;
        foreach (var (text, value) in new[] { (":train", DatasetSplit.Train), (":test", DatasetSplit.Test) })
            if (spec.EndsWith(text, StringComparison.OrdinalIgnoreCase)) { split = value; return spec[..^text.Length]; }
        return spec;
    }

    private static LabeledImages OpenPath(string spec, DatasetSplit split)
    {
        int comma = spec.IndexOf(',');
        if (comma >= 0) return Npy(spec[..comma], spec[(comma + 1)..]);
        if (Directory.Exists(spec))
        {
            string imagesNpy = Path.Combine(spec, "images.npy");
            if (File.Exists(imagesNpy)) return Npy(imagesNpy, Path.Combine(spec, "labels.npy"));
            return Idx(spec, split, Path.GetFileName(Path.TrimEndingDirectorySeparator(spec)), null);
        }
        if (!File.Exists(spec))
            throw new InputException(null, 0, 0, "--dataset",
                $"'{spec}' is neither a dataset name ({string.Join(", ", Names)}) nor an existing file or directory");
        string file = Path.GetFileName(spec);
        if (spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            int at = file.LastIndexOf("images", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
                throw new InputException(spec, 0, 0, null, "cannot tell where the labels are: name the pair as IMAGES.npy,LABELS.npy or put 'images' in the file name");
            return Npy(spec, Path.Combine(Path.GetDirectoryName(spec) ?? "", file[..at] + "labels" + file[(at + 6)..]));
        }
        if (file.Contains("images-idx3", StringComparison.OrdinalIgnoreCase))
        {
            string labels = Path.Combine(Path.GetDirectoryName(spec) ?? "", file.Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase));
            return IdxPair(spec, labels, file.Split('-')[0], null);
        }
        throw new InputException(spec, 0, 0, null, "not a dataset file: expected an .npy of images or an idx file named *-images-idx3-ubyte[.gz]");
    }

    private static LabeledImages Idx(string directory, DatasetSplit split, string name, int? classes)
    {
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte"), labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        return IdxPair(images, labels, name, classes);
    }

    private static string Find(string directory, string stem)
    {
        foreach (string candidate in new[] { stem + ".gz", stem })
        {
            string p = Path.Combine(directory, candidate);
            if (File.Exists(p)) return p;
        }
        throw new InputException(directory, 0, 0, null, $"no {stem}.gz (or {stem}) in this directory");
    }

    private static LabeledImages IdxPair(string imagesPath, string labelsPath, string name, int? classes)
    {
        if (!File.Exists(labelsPath)) throw new InputException(labelsPath, 0, 0, null, $"labels for {imagesPath} not found");
        var images = IdxReader.Read(imagesPath, IdxReader.ImagesMagic);
        var labels = IdxReader.Read(labelsPath, IdxReader.LabelsMagic).Body;
        return FromIdx(name, $"{imagesPath} + {labelsPath}", images, labels, classes, labelsPath);
    }

    private static LabeledImages FromIdx(string name, string source, (int[] Dims, byte[] Body) images, byte[] labelBytes, int? classes, string labelsFile)
    {
        int n = images.Dims[0];
        if (labelBytes.Length != n)
            throw new InputException(labelsFile, 0, 0, null, $"{labelBytes.Length} labels for {n} images");
        var labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = labelBytes[i];
        int k = CheckLabels(labels, classes, labelsFile);
        return new LabeledImages(name, source, new TensorShape(1, images.Dims[1], images.Dims[2]), images.Body, labels, k);
    }

    private static int CheckLabels(int[] labels, int? classes, string labelsFile)
    {
        int max = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new InputException(labelsFile, 0, 0, null, $"label {labels[i]} of example {i} is negative");
            if (classes is { } c && labels[i] >= c)
                throw new InputException(labelsFile, 0, 0, null, $"label {labels[i]} of example {i} is outside [0, {c})");
            max = Math.Max(max, labels[i]);
        }
        return classes ?? max + 1;
    }

    private static LabeledImages Npy(string imagesPath, string labelsPath)
    {
        if (!File.Exists(imagesPath)) throw new InputException(imagesPath, 0, 0, null, "images file not found");
        if (!File.Exists(labelsPath)) throw new InputException(labelsPath, 0, 0, null, $"labels file for {imagesPath} not found");
        var img = NpyReader.ReadFile(imagesPath);
        var lab = NpyReader.ReadFile(labelsPath);
        TensorShape shape = img.Shape.Length switch
        {
            4 => new TensorShape(img.Shape[1], img.Shape[2], img.Shape[3]),
            3 => new TensorShape(1, img.Shape[1], img.Shape[2]),
            _ => throw new InputException(imagesPath, 0, 0, null, $"images must be N×C×H×W (or N×H×W), the file has shape {img.ShapeText}"),
        };
        int n = img.Shape[0];
        if (n == 0 || shape.Elements == 0) throw new InputException(imagesPath, 0, 0, null, $"no images in shape {img.ShapeText}");
        if (lab.Shape.Length != 1 || !lab.IsInteger)
            throw new InputException(labelsPath, 0, 0, null, $"labels must be a 1-D integer array, the file has shape {lab.ShapeText}{(lab.IsInteger ? "" : " of floats")}");
        if (lab.Shape[0] != n) throw new InputException(labelsPath, 0, 0, null, $"{lab.Shape[0]} labels for {n} images in {imagesPath}");
        var labels = lab.Values.Select(v => (int)v).ToArray();
        int classes = CheckLabels(labels, null, labelsPath);
        string name = Path.GetFileNameWithoutExtension(imagesPath);
        string source = $"{imagesPath} + {labelsPath}";
        if (img.IsUInt8)
        {
            var bytes = new byte[img.Values.Length];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)img.Values[i];
            return new LabeledImages(name, source, shape, bytes, labels, classes);
        }
        if (img.IsInteger) throw new InputException(imagesPath, 0, 0, null, "integer images must be uint8 (pixel / 255); save floats otherwise");
        return new LabeledImages(name, source, shape, img.Values, labels, classes);
    }
}
