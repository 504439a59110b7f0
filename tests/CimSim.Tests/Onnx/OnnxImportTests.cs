using CimSim.Cli;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;
using Onnx;

using static CimSim.Tests.Onnx.OnnxGraph;

namespace CimSim.Tests.Onnx;

public sealed class OnnxImportTests
{
    /// <summary>ResNet18.onnx of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (restored by the test project's PackageDownload).</summary>
    public static string ResNet18Path
    {
        get
        {
            string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        }
    }

    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "cimsim-onnx-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static float[] OnnxRuntime(string path, float[] input, int[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        string name = session.InputMetadata.Keys.Single();
        var tensor = new DenseTensor<float>(input, shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, tensor)]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    /// <summary>max |ours − ORT| over the outputs, relative to the largest |ORT| output.</summary>
    private static double RelativeError(float[] ours, float[] reference)
    {
        double maxRef = reference.Max(v => Math.Abs((double)v)), maxErr = 0;
        for (int i = 0; i < ours.Length; i++) maxErr = Math.Max(maxErr, Math.Abs((double)ours[i] - reference[i]));
        return maxErr / maxRef;
    }

    [Test]
    public void ResNet18FeaturesMatchOnnxRuntime()
    {
        if (!File.Exists(ResNet18Path)) Assert.Inconclusive($"{ResNet18Path} not restored");
        var model = OnnxImporter.Load(ResNet18Path);
        var net = model.Network;
        Assert.That(net.Input, Is.EqualTo(new TensorShape(3, 224, 224)));
        // CNTK's variant (15.9 M weights) has a third basic block in stage 4: 22 convs, not torchvision's 20 (11.7 M).
        Assert.That(net.Layers.Count(l => l.Op == LayerOp.Conv), Is.EqualTo(22));
        Assert.That(net.Layers[^1].Output, Is.EqualTo(new TensorShape(512, 1, 1)));
        Assert.That(net.Weights, Is.EqualTo(15_885_504));
        // MACs: the zoo's ResNet-18 convolutions (1.81 G with its 512×1000 classifier) + the extra block's two 3×3 512→512 convs at 7×7.
        var zoo = NetworkZoo.Create("resnet18");
        long zooConvMacs = zoo.Layers.Where(l => l.Op == LayerOp.Conv).Sum(l => l.Macs);
        Assert.That(zoo.Macs / 1e9, Is.EqualTo(1.81).Within(0.005));
        Assert.That(net.Macs, Is.EqualTo(zooConvMacs + 2L * 7 * 7 * 512 * 512 * 9));
        var rng = new Random(7);
        var x = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(rng.NextDouble() * 255 - 128)).ToArray(); // mean-subtracted pixels
        var ours = ChipInference.FloatForward(model, x);
        var ort = OnnxRuntime(ResNet18Path, x, [1, 3, 224, 224]);
        Assert.That(ours.Length, Is.EqualTo(512));
        double err = RelativeError(ours, ort);
        TestContext.Out.WriteLine($"ResNet-18 features: max |CimSim − ORT| / max |ORT| = {err:E2}");
        Assert.That(err, Is.LessThan(1e-4));
    }

    [Test]
    public void NetCommandPrintsTheImportedLayersAndMacs()
    {
        if (!File.Exists(ResNet18Path)) Assert.Inconclusive($"{ResNet18Path} not restored");
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.That(Program.Run(["net", ResNet18Path], o, e), Is.Zero, e.ToString());
        Assert.That(o.ToString(), Does.Contain("total: 2,044,772,352 MACs").And.Contain("Convolution249+relu"));
    }

    // --- small hand-built graphs: every supported op, compared with ONNX Runtime ---

    private static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        return t;
    }

    private static float[] Random(Random rng, int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 2 * scale)).ToArray();

    /// <summary>conv+BN+ReLU → depthwise+ReLU → conv → Add (residual) → ReLU → MaxPool → AveragePool → Dropout → Flatten → Gemm → Identity.</summary>
    private string SmallModel(string extraOp = "")
    {
        var rng = new Random(3);
        var g = new GraphProto { Name = "small" };
        g.Input.Add(Value("x", 1, 3, 8, 8));
        g.Output.Add(Value("y", 1, 5));
        g.Initializer.Add(Tensor("w1", [4, 3, 3, 3], Random(rng, 108)));
        g.Initializer.Add(Tensor("b1", [4], Random(rng, 4)));
        g.Initializer.Add(Tensor("g", [4], Random(rng, 4).Select(v => v + 1.5f).ToArray()));
        g.Initializer.Add(Tensor("be", [4], Random(rng, 4)));
        g.Initializer.Add(Tensor("mu", [4], Random(rng, 4)));
        g.Initializer.Add(Tensor("var", [4], Random(rng, 4).Select(v => v + 1.5f).ToArray()));
        g.Initializer.Add(Tensor("wd", [4, 1, 3, 3], Random(rng, 36)));
        g.Initializer.Add(Tensor("w2", [4, 4, 1, 1], Random(rng, 16)));
        g.Initializer.Add(Tensor("wf", [5, 16], Random(rng, 80)));
        g.Initializer.Add(Tensor("bf", [5], Random(rng, 5)));
        g.Node.Add(Node("Conv", "conv1", ["x", "w1", "b1"], ["c1"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
        g.Node.Add(Node("BatchNormalization", "bn1", ["c1", "g", "be", "mu", "var"], ["n1"]));
        g.Node.Add(Node("Relu", "relu1", ["n1"], ["r1"]));
        g.Node.Add(Node("Conv", "dw", ["r1", "wd"], ["d"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("group", 4)));
        g.Node.Add(Node("Relu", "relu_dw", ["d"], ["rd"]));
        g.Node.Add(Node("Conv", "pw", ["rd", "w2"], ["p"], Ints("kernel_shape", 1, 1)));
        g.Node.Add(Node("Add", "add", ["p", "r1"], ["a"]));
        g.Node.Add(Node("Relu", "relu_add", ["a"], ["ra"]));
        g.Node.Add(Node("MaxPool", "pool", ["ra"], ["m"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        g.Node.Add(Node("AveragePool", "avg", ["m"], ["av"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        g.Node.Add(Node("Dropout", "drop", ["av"], ["dr"]));
        g.Node.Add(Node("Flatten", "flat", ["dr"], ["f"]));
        string last = "f";
        if (extraOp.Length > 0) { g.Node.Add(Node(extraOp, "odd_one", ["f"], ["o"])); last = "o"; }
        g.Node.Add(Node("Gemm", "fc", [last, "wf", "bf"], ["fcout"], Int("transB", 1)));
        g.Node.Add(Node("Identity", "id", ["fcout"], ["y"]));
        var m = new ModelProto { IrVersion = 7, Graph = g, ProducerName = "cimsim-test" };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        string path = Path.Combine(_dir, "small.onnx");
        File.WriteAllBytes(path, m.ToByteArray());
        return path;
    }

    [Test]
    public void EverySupportedOpMatchesOnnxRuntime()
    {
        string path = SmallModel();
        var model = OnnxImporter.Load(path);
        Assert.That(model.Network.Layers.Select(l => l.Op), Is.EqualTo(new[]
        {
            LayerOp.Conv, LayerOp.DepthwiseConv, LayerOp.Conv, LayerOp.ResidualAdd, LayerOp.MaxPool, LayerOp.AvgPool, LayerOp.FullyConnected,
        }));
        Assert.That(model.Network.Layers.Select(l => l.Relu), Is.EqualTo(new[] { true, true, false, true, false, false, false }));
        var rng = new Random(11);
        for (int trial = 0; trial < 3; trial++)
        {
            var x = Random(rng, 3 * 64);
            double err = RelativeError(ChipInference.FloatForward(model, x), OnnxRuntime(path, x, [1, 3, 8, 8]));
            Assert.That(err, Is.LessThan(1e-5));
        }
    }

    [Test]
    public void UnsupportedOpsAndBadFilesAreOneLineErrors()
    {
        var e = Assert.Throws<InputException>(() => OnnxImporter.Load(SmallModel("Softmax")))!;
        Assert.That(e.Message, Does.Contain("node 'odd_one' (Softmax)").And.Contain("unsupported op 'Softmax'"));
        string junk = Path.Combine(_dir, "junk.onnx");
        File.WriteAllBytes(junk, [1, 2, 3, 4, 5, 0xff, 0xff, 0xff]);
        Assert.That(() => OnnxImporter.Load(junk), Throws.TypeOf<InputException>().With.Message.Contains("junk.onnx"));
        Assert.That(() => OnnxImporter.Load(Path.Combine(_dir, "none.onnx")), Throws.TypeOf<InputException>().With.Message.Contains("file not found"));
        var o = new StringWriter();
        var err = new StringWriter();
        Assert.That(Program.Run(["net", SmallModel("Softmax")], o, err), Is.EqualTo(2));
        Assert.That(err.ToString().Trim(), Does.Not.Contain("\n").And.Contain("Softmax"));
    }
}
