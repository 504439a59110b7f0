using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Networks;

public class NetworkYamlLoaderTests
{
    private const string Good = """
        name: mobile-ish
        dataset: cifar10
        layers:
          - {name: stem, type: conv, out_channels: 16, kernel: 3, padding: 1, relu: true, input_bits: 6}
          - {name: dw, type: depthwise_conv, kernel: 3, stride: 2, padding: 1, relu: true}
          - {name: pw, type: conv, out_channels: 32, kernel: 1, weight_bits: 4}
          - {name: skip, type: add, inputs: [pw, stem], relu: true}
          - {type: maxpool, kernel: 2}
          - {type: avgpool, kernel: 3, stride: 1, padding: 1}
          - {type: global_avgpool}
          - {name: head, type: fc, out_features: 10}
        """;

    [Test]
    public void LoadsEveryLayerKindWithShapes()
    {
        var net = NetworkYamlLoader.LoadText(Good, "net.yaml");
        Assert.That(net.Name, Is.EqualTo("mobile-ish"));
        Assert.That(net.Input, Is.EqualTo(new TensorShape(3, 32, 32)));
        Assert.That(net.Layers.Select(l => l.Op), Is.EqualTo(new[] { LayerOp.Conv, LayerOp.DepthwiseConv, LayerOp.Conv, LayerOp.ResidualAdd,
            LayerOp.MaxPool, LayerOp.AvgPool, LayerOp.GlobalAvgPool, LayerOp.FullyConnected }));
        Assert.That(net.Layers[1].Output, Is.EqualTo(new TensorShape(16, 16, 16)));
        Assert.That(net.Layers[3].Output, Is.EqualTo(new TensorShape(32, 16, 16)), "option A: the 16×32×32 stem is subsampled and zero-padded");
        Assert.That(net.Layers[4].Name, Is.EqualTo("maxpool_1"));
        Assert.That(net.Layers[4].Output, Is.EqualTo(new TensorShape(32, 8, 8)), "pool stride defaults to the kernel");
        Assert.That(net.Layers[5].Output, Is.EqualTo(new TensorShape(32, 8, 8)));
        Assert.That((net.Layers[0].InputBits, net.Layers[2].WeightBits), Is.EqualTo(((int?)6, (int?)4)));
        Assert.That(net.Layers[1].Macs, Is.EqualTo(16L * 16 * 16 * 9));
        Assert.That(net.Layers[^1].Macs, Is.EqualTo(320));
        Assert.That(NetworkYamlLoader.LoadText(Good, "net.yaml", Dataset.TinyImageNet).Input.Height, Is.EqualTo(64), "a dataset argument overrides the file's");
    }

    [TestCase("name: x\nlayers: []\n", 1, 1, "input", "give the input shape")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: conv, kernel: 3}\n", 3, 5, "layers[0].out_channels", "needs out_channels")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: conv, out_channels: 4, kernal: 3}\n", 3, 35, "layers[0].kernal", "unknown key")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: pool, kernel: 2}\n", 3, 12, "layers[0].type", "unknown layer type 'pool'")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: conv, out_channels: 4, kernel: 9}\n", 3, 5, "layers[0] (conv_1).kernel", "larger than the padded input")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: conv, out_channels: 4, kernel: x}\n", 3, 43, "layers[0].kernel", "expected an integer")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {name: a, type: conv, out_channels: 4, kernel: 1}\n  - {type: add, inputs: [a, b]}\n", 4, 5, "layers[1] (add_1).inputs", "'b' is not an earlier layer")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {name: a, type: conv, out_channels: 4, kernel: 3}\n  - {type: add, inputs: [a, input]}\n", 4, 5, "layers[1] (add_1).inputs", "cannot add")]
    [TestCase("dataset: cifar10\ninput: [3, 8, 8]\nlayers: []\n", 2, 8, "input", "does not match the dataset cifar10")]
    [TestCase("input: [3, 8, 8]\nlayers:\n  - {type: conv, out_channels: 4, kernel: 1, relu: yes}\n", 3, 52, "layers[0].relu", "expected true or false")]
    [TestCase("input: [3, 8, 8]\nlayers: [\n", 3, 1, null, "YAML syntax")]
    // More weights than an array holds: refused at the layer, not an overflow mid-compile.
    [TestCase("input: [512, 64, 64]\nlayers:\n  - {name: c1, type: conv, out_channels: 65536, kernel: 11, padding: 5}\n", 3, 5, "layers[0]", "has 4,060,086,272 weights")]
    public void MistakesPointAtTheirLineAndColumn(string yaml, int line, int column, string? field, string reason)
    {
        var e = Assert.Throws<InputException>(() => NetworkYamlLoader.LoadText(yaml, "bad.yaml"));
        Assert.That((e!.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", line, column)), e.Message);
        Assert.That(e.Field, Is.EqualTo(field), e.Message);
        Assert.That(e.Reason, Does.Contain(reason));
    }

    [Test]
    public void NetworkSourceTellsZooNamesFromFiles()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cimsim-net-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, Good);
        try
        {
            Assert.That(NetworkSource.Load(path, null).Name, Is.EqualTo("mobile-ish"));
            Assert.That(NetworkSource.Load("resnet20", "cifar100").Layers[^1].Output.Channels, Is.EqualTo(100));
            Assert.That(Assert.Throws<InputException>(() => NetworkSource.Load("missing.yaml", null))!.Message, Does.Contain("missing.yaml: file not found"));
        }
        finally { File.Delete(path); }
    }
}
