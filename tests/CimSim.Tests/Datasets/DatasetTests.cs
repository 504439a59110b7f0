using System.Buffers.Binary;
using System.IO.Compression;
using CimSim.Tests.Workloads;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Datasets;

public sealed class DatasetTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "cimsim-ds-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static byte[] Idx(int magic, int[] dims, byte[] body, bool gzip)
    {
        var b = new byte[4 + 4 * dims.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * d), dims[d]);
        body.CopyTo(b, 4 + 4 * dims.Length);
        if (!gzip) return b;
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, true)) gz.Write(b);
        return ms.ToArray();
    }

    [Test]
    public void ShippedSubsetHasTheFirstThousandTestImages()
    {
        var s = DatasetSource.Open("fashion-mnist-1k");
        Assert.That(s.Count, Is.EqualTo(1000));
        Assert.That(s.Shape, Is.EqualTo(new TensorShape(1, 28, 28)));
        Assert.That(s.Classes, Is.EqualTo(10));
        Assert.That(s.IsBytes);
        // Per-class counts of the first 1,000 Fashion-MNIST test labels (counted independently with Python's gzip module).
        int[] perClass = new int[10];
        foreach (int l in s.Labels) perClass[l]++;
        Assert.That(perClass, Is.EqualTo(new[] { 107, 105, 111, 93, 115, 87, 97, 95, 95, 95 }));
        Assert.That(s.Labels.Take(5), Is.EqualTo(new[] { 9, 2, 1, 1, 6 })); // the well-known first test labels (ankle boot, pullover, trouser, trouser, shirt)
        var img = s.Image(0);
        Assert.That(img.Min(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(img.Max(), Is.LessThanOrEqualTo(1f));
        Assert.That(s.Dataset.Input, Is.EqualTo(Dataset.FashionMnist.Input));
    }

    [Test]
    public void FullSetMatchesTheSubsetWhereTheyOverlap()
    {
        if (!DatasetSource.FashionMnistInstalled) Assert.Ignore("dataset-fashion-mnist not installed (tools/setup.sh data)");
        var full = DatasetSource.Open("fashion-mnist");
        var train = DatasetSource.Open("fashion-mnist:train");
        Assert.That((full.Count, train.Count), Is.EqualTo((10000, 60000)));
        var sub = DatasetSource.Subset();
        Assert.That(full.Take(1000).Labels, Is.EqualTo(sub.Labels));
        Assert.That(full.ImageBytes(999).SequenceEqual(sub.ImageBytes(999)));
    }

    [Test]
    public void DatasetNamesGiveTheirShape()
    {
        Assert.That(Dataset.Get("fashion-mnist"), Is.EqualTo(Dataset.FashionMnist));
        Assert.That(Dataset.Get("Fashion-MNIST-1k").Input, Is.EqualTo(new TensorShape(1, 28, 28)));
        var net = NetworkZoo.Create("resnet20", Dataset.Get("fashion-mnist"));
        Assert.That(net.Input, Is.EqualTo(new TensorShape(1, 28, 28)));
        Assert.That(net.Layers[^1].Output.Channels, Is.EqualTo(10));
    }

    [Test]
    public void IdxDirectoryPlainAndGzipped([Values] bool gzip)
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        string ext = gzip ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte" + ext), Idx(2051, [2, 3, 4], pixels, gzip));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte" + ext), Idx(2049, [2], [3, 1], gzip));
        var d = DatasetSource.Open(_dir);
        Assert.That((d.Count, d.Shape, d.Classes), Is.EqualTo((2, new TensorShape(1, 3, 4), 4)));
        Assert.That(d.Image(1)[0], Is.EqualTo(120 / 255f));
        Assert.That(d.Labels, Is.EqualTo(new[] { 3, 1 }));
    }

    [TestCase(2049, new[] { 2, 3, 4 }, 24, "idx magic is 2049, expected 2051")]
    [TestCase(2051, new[] { 2, 3, 4 }, 23, "announces 2×3×4 = 24 bytes, the body has 23")]
    [TestCase(2051, new[] { 2, 3, 4 }, 25, "the body has 25")]
    public void BadIdxIsOneLineNamingTheFile(int magic, int[] dims, int bodyLength, string expected)
    {
        string p = Path.Combine(_dir, "t10k-images-idx3-ubyte.gz");
        File.WriteAllBytes(p, Idx(magic, dims, new byte[bodyLength], true));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), Idx(2049, [2], [0, 1], true));
        var e = Assert.Throws<InputException>(() => DatasetSource.Open(_dir))!;
        Assert.That(e.Message, Does.StartWith(p + ": ").And.Contain(expected));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void LabelCountMustMatchImageCount()
    {
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), Idx(2051, [2, 1, 1], [0, 0], true));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), Idx(2049, [3], [0, 1, 2], true));
        Assert.That(() => DatasetSource.Open(_dir), Throws.TypeOf<InputException>().With.Message.Contains("3 labels for 2 images"));
    }

    [Test]
    public void BrokenGzipIsAnInputError()
    {
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), Idx(2049, [1], [0], true));
        Assert.That(() => DatasetSource.Open(_dir), Throws.TypeOf<InputException>());
    }

    [Test]
    public void NpyFloatAndUInt8Batches()
    {
        var f = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => i * 0.5f - 3).ToArray();
        File.WriteAllBytes(Path.Combine(_dir, "cifar-images.npy"), NpyFiles.Float32([2, 3, 2, 2], f));
        File.WriteAllBytes(Path.Combine(_dir, "cifar-labels.npy"), NpyFiles.Bytes("<i8", [2], LongBytes(7, 2)));
        var d = DatasetSource.Open(Path.Combine(_dir, "cifar-images.npy"));
        Assert.That((d.Count, d.Shape, d.Classes, d.IsBytes), Is.EqualTo((2, new TensorShape(3, 2, 2), 8, false)));
        Assert.That(d.Image(1), Is.EqualTo(f[12..]));

        File.WriteAllBytes(Path.Combine(_dir, "images.npy"), NpyFiles.Bytes("|u1", [2, 1, 1, 2], [0, 255, 51, 102]));
        File.WriteAllBytes(Path.Combine(_dir, "labels.npy"), NpyFiles.Bytes("|u1", [2], [1, 0]));
        var u = DatasetSource.Open(_dir);
        Assert.That(u.IsBytes);
        Assert.That(u.Image(0), Is.EqualTo(new[] { 0f, 1f }));
        var pair = DatasetSource.Open(Path.Combine(_dir, "images.npy") + "," + Path.Combine(_dir, "labels.npy"));
        Assert.That(pair.Labels, Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void NpyErrorsNameTheFile()
    {
        string img = Path.Combine(_dir, "x-images.npy");
        File.WriteAllBytes(img, NpyFiles.Float32([4], new float[4]));
        File.WriteAllBytes(Path.Combine(_dir, "x-labels.npy"), NpyFiles.Bytes("|u1", [4], [0, 0, 0, 0]));
        Assert.That(() => DatasetSource.Open(img), Throws.TypeOf<InputException>().With.Message.Contains("N×C×H×W"));
        File.WriteAllBytes(img, NpyFiles.Float32([2, 1, 1, 1], new float[2]));
        Assert.That(() => DatasetSource.Open(img), Throws.TypeOf<InputException>().With.Message.Contains("4 labels for 2 images"));
        Assert.That(() => DatasetSource.Open(Path.Combine(_dir, "nothing")), Throws.TypeOf<InputException>().With.Message.Contains("neither a dataset name"));
    }

    private static byte[] LongBytes(params long[] v)
    {
        var b = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }
}
