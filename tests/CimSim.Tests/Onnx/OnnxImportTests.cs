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
    public void CompileRefusesWeightsBesideAnOnnxModelAsRunDoes()
    {
        // compile ignored --weights for an ONNX model (the trace came out the same); run refused it.
        string path = SmallModel();
        foreach (var command in new[] { "compile", "run" })
        {
            string[] args = [command, "--arch", CimSim.Tests.Architecture.RepoFiles.Architecture("adc7.yaml"), "--network", path, "--weights", _dir,
                .. command == "compile" ? new[] { "-o", Path.Combine(_dir, "w.trace") } : ["--no-accuracy", "-q"]];
            var r = CimSim.Tests.Cli.CliHarness.Run(args);
            Assert.That((r.Code, r.Err), Is.EqualTo((2, $"cimsim: error: --weights: {path} is a trained model; it has its own weights\n")), command);
        }
        Assert.That(File.Exists(Path.Combine(_dir, "w.trace")), Is.False);
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

    /// <summary>A dataset named for a model whose input is not that dataset's images is refused (it once labelled an 8×8 model imagenet).</summary>
    [Test]
    public void ADatasetOfAnotherInputShapeIsRefused()
    {
        string path = SmallModel();
        var e = Assert.Throws<InputException>(() => OnnxImporter.Load(path, "imagenet"))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("3x8x8").And.Contain("imagenet has 3x224x224"));
        var r = CimSim.Tests.Cli.CliHarness.Run("net", path, "--dataset", "imagenet");
        Assert.That((r.Code, r.ErrLines.Length), Is.EqualTo((2, 1)), r.Err);
        Assert.That(OnnxImporter.Load(path).Network.Dataset, Is.EqualTo("custom"));
    }

    // --- bad input: each case is one line on stderr naming the file and the node/initializer/attribute, exit code 2 ---

    /// <summary>x[1,3,8,8] → Conv 'conv1' (w, b, 3×3 pad 1) → BatchNormalization 'bn' → Relu → MaxPool 'pool' 2×2/2 → Flatten → Gemm 'fc' (wf, bf) → y; <paramref name="tweak"/> breaks one thing.</summary>
    private string BadModel(Action<GraphProto> tweak)
    {
        var rng = new Random(5);
        var g = new GraphProto { Name = "bad" };
        g.Input.Add(Value("x", 1, 3, 8, 8));
        g.Output.Add(Value("y", 1, 5));
        g.Initializer.Add(Tensor("w", [4, 3, 3, 3], Random(rng, 108)));
        g.Initializer.Add(Tensor("b", [4], Random(rng, 4)));
        g.Initializer.Add(Tensor("gamma", [4], [1, 1, 1, 1]));
        g.Initializer.Add(Tensor("beta", [4], [0, 0, 0, 0]));
        g.Initializer.Add(Tensor("mean", [4], [0, 0, 0, 0]));
        g.Initializer.Add(Tensor("var", [4], [1, 1, 1, 1]));
        g.Initializer.Add(Tensor("wf", [5, 64], Random(rng, 320)));
        g.Initializer.Add(Tensor("bf", [5], Random(rng, 5)));
        g.Node.Add(Node("Conv", "conv1", ["x", "w", "b"], ["c"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1)));
        g.Node.Add(Node("BatchNormalization", "bn", ["c", "gamma", "beta", "mean", "var"], ["n"]));
        g.Node.Add(Node("Relu", "relu", ["n"], ["r"]));
        g.Node.Add(Node("MaxPool", "pool", ["r"], ["m"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        g.Node.Add(Node("Flatten", "flat", ["m"], ["f"]));
        g.Node.Add(Node("Gemm", "fc", ["f", "wf", "bf"], ["y"], Int("transB", 1)));
        tweak(g);
        var m = new ModelProto { IrVersion = 7, Graph = g, ProducerName = "cimsim-test" };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        string path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(path, m.ToByteArray());
        return path;
    }

    private static NodeProto NodeNamed(GraphProto g, string name) => g.Node.Single(n => n.Name == name);
    private static TensorProto Init(GraphProto g, string name) => g.Initializer.Single(t => t.Name == name);
    private static void SetAttr(NodeProto n, AttributeProto a)
    {
        if (n.Attribute.SingleOrDefault(x => x.Name == a.Name) is { } old) n.Attribute.Remove(old);
        n.Attribute.Add(a);
    }
    private static void SetValue(GraphProto g, string name, int i, float v) => Init(g, name).FloatData[i] = v;

    [TestCase("conv_no_output", "node 'conv1' (Conv)", "no output")]
    [TestCase("identity_no_output", "node 'id' (Identity)", "no output")]
    [TestCase("constant_no_output", "node 'k' (Constant)", "no output")]
    [TestCase("zero_channels", "initializer 'w'", "dimension 0")]
    [TestCase("gemm_zero_outputs", "initializer 'wf'", "dimension 0")]
    [TestCase("weights_nan", "initializer 'w'", "NaN")]
    [TestCase("weights_inf", "initializer 'w'", "Infinity")]
    [TestCase("conv_bias_nan", "initializer 'b'", "NaN")]
    [TestCase("gemm_bias_nan", "initializer 'bf'", "NaN")]
    [TestCase("bn_var_negative", "variance 'var'", "-1")]
    [TestCase("bn_var_nan", "initializer 'var'", "NaN")]
    [TestCase("bn_var_zero_eps_zero", "variance 'var'", "positive")]
    [TestCase("bn_eps_negative", "attribute 'epsilon'", "negative")]
    [TestCase("bn_mean_inf", "initializer 'mean'", "Infinity")]
    [TestCase("gemm_alpha_nan", "attribute 'alpha'", "NaN")]
    [TestCase("gemm_beta_inf", "attribute 'beta'", "not finite")]
    [TestCase("bn_fold_overflows", "layer 'conv1'", "non-finite")]
    [TestCase("conv_bias_wrong_length", "bias 'b'", "4 values")]
    [TestCase("input_dim_wraps", "graph input 'x'", "4294967304")]
    [TestCase("input_channels_wrap", "graph input 'x'", "4294967299")]
    [TestCase("stride_wraps", "attribute 'strides'", "4294967297")]
    [TestCase("pads_wrap", "attribute 'pads'", "4294967297")]
    [TestCase("pool_kernel_wraps", "attribute 'kernel_shape'", "4294967298")]
    [TestCase("weight_dims_overflow", "tensor 'w'", "too large")]
    [TestCase("kernel_shape_contradicts_weights", "attribute 'kernel_shape' [5, 5]", "3×3 weights 'w'")]
    [TestCase("three_strides", "attribute 'strides' [1, 1, 1]", "2 values")]
    [TestCase("three_dilations", "dilations [1, 1, 1]", "not supported")]
    public void BadNumbersAndShapesAreOneLineErrors(string what, string names, string reason)
    {
        // The untweaked model imports, so the error below is the tweak's.
        Assert.That(OnnxImporter.Load(BadModel(_ => { })).Network.Layers.Count, Is.EqualTo(3));
        string path = BadModel(g =>
        {
            switch (what)
            {
                case "conv_no_output": NodeNamed(g, "conv1").Output.Clear(); break;
                case "identity_no_output": g.Node.Insert(1, Node("Identity", "id", ["c"], [])); break;
                case "constant_no_output":
                    g.Node.Insert(0, Node("Constant", "k", [], [], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Tensor("kv", [2], [1, -1]) }));
                    break;
                case "zero_channels":
                    // A 0-channel conv followed by a BatchNormalization used to divide by zero.
                    Init(g, "w").Dims[0] = 0; Init(g, "w").FloatData.Clear();
                    foreach (var t in new[] { "b", "gamma", "beta", "mean", "var" }) { Init(g, t).Dims[0] = 0; Init(g, t).FloatData.Clear(); }
                    break;
                case "gemm_zero_outputs": Init(g, "wf").Dims[0] = 0; Init(g, "wf").FloatData.Clear(); Init(g, "bf").Dims[0] = 0; Init(g, "bf").FloatData.Clear(); break;
                case "weights_nan": SetValue(g, "w", 7, float.NaN); break;
                case "weights_inf": SetValue(g, "w", 7, float.PositiveInfinity); break;
                case "conv_bias_nan": SetValue(g, "b", 2, float.NaN); break;
                case "gemm_bias_nan": SetValue(g, "bf", 2, float.NaN); break;
                case "bn_var_negative": SetValue(g, "var", 1, -1); break;
                case "bn_var_nan": SetValue(g, "var", 1, float.NaN); break;
                case "bn_var_zero_eps_zero": SetValue(g, "var", 1, 0); SetAttr(NodeNamed(g, "bn"), Float("epsilon", 0)); break;
                case "bn_eps_negative": SetAttr(NodeNamed(g, "bn"), Float("epsilon", -2)); break;
                case "bn_mean_inf": SetValue(g, "mean", 0, float.NegativeInfinity); break;
                case "gemm_alpha_nan": SetAttr(NodeNamed(g, "fc"), Float("alpha", float.NaN)); break;
                case "gemm_beta_inf": SetAttr(NodeNamed(g, "fc"), Float("beta", float.PositiveInfinity)); break;
                case "bn_fold_overflows": SetValue(g, "gamma", 0, 3e38f); SetValue(g, "var", 0, 1e-30f); break;
                case "conv_bias_wrong_length": Init(g, "b").Dims[0] = 3; Init(g, "b").FloatData.RemoveAt(3); break;
                case "input_dim_wraps": g.Input[0] = Value("x", 1, 3, (1L << 32) + 8, 8); break;
                case "input_channels_wrap": g.Input[0] = Value("x", 1, (1L << 32) + 3, 8, 8); break;
                case "stride_wraps": SetAttr(NodeNamed(g, "conv1"), Ints("strides", (1L << 32) + 1, (1L << 32) + 1)); break;
                case "pads_wrap": SetAttr(NodeNamed(g, "conv1"), Ints("pads", (1L << 32) + 1, (1L << 32) + 1, (1L << 32) + 1, (1L << 32) + 1)); break;
                case "pool_kernel_wraps": SetAttr(NodeNamed(g, "pool"), Ints("kernel_shape", (1L << 32) + 2, (1L << 32) + 2)); break;
                case "weight_dims_overflow": Init(g, "w").Dims.Clear(); Init(g, "w").Dims.Add([1L << 32, 1L << 32, 1, 1]); Init(g, "w").FloatData.Clear(); break;
                case "kernel_shape_contradicts_weights": SetAttr(NodeNamed(g, "conv1"), Ints("kernel_shape", 5, 5)); break;
                case "three_strides": SetAttr(NodeNamed(g, "conv1"), Ints("strides", 1, 1, 1)); break;
                case "three_dilations": SetAttr(NodeNamed(g, "conv1"), Ints("dilations", 1, 1, 1)); break;
                default: throw new ArgumentException(what);
            }
        });
        var e = Assert.Throws<InputException>(() => OnnxImporter.Load(path))!;
        Assert.That(e.Message, Does.Contain("bad.onnx").And.Contain(names).And.Contain(reason));
        var o = new StringWriter();
        var err = new StringWriter();
        Assert.That(Program.Run(["net", path], o, err), Is.EqualTo(2), err.ToString());
        Assert.That(err.ToString().Trim(), Does.Not.Contain("\n").And.Contain("bad.onnx").And.Contain(names));
    }
}
