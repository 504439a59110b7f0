using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class NetworkZooTests
{
    /// <summary>MACs of a k×k conv with "same" geometry: output h×h, c_in → c_out.</summary>
    private static long Conv(long h, long cin, long cout, long k = 3) => h * h * cout * cin * k * k;

    [Test]
    public void Vgg16Cifar10ConvolutionsHaveTheClosedFormMacs()
    {
        var net = NetworkZoo.Create("vgg16", Dataset.Cifar10);
        long convs = net.Layers.Where(l => l.Op == LayerOp.Conv).Sum(l => l.Macs);
        Assert.That(convs, Is.EqualTo(313_196_544L));
        Assert.That(net.Layers.Count(l => l.Op == LayerOp.Conv), Is.EqualTo(13));
        Assert.That(net.Layers[^1].Output, Is.EqualTo(new TensorShape(10, 1, 1)));
        Assert.That(net.Layers[^1].Macs, Is.EqualTo(512 * 10));
    }

    [Test]
    public void ResNet20Cifar10HasTheClosedFormMacs()
    {
        var net = NetworkZoo.Create("resnet20");
        Assert.That(net.Macs, Is.EqualTo(40_551_040L));
        long expected = Conv(32, 3, 16) + 6 * Conv(32, 16, 16) + Conv(16, 16, 32) + 5 * Conv(16, 32, 32)
                      + Conv(8, 32, 64) + 5 * Conv(8, 64, 64) + 64 * 10;
        Assert.That(net.Macs, Is.EqualTo(expected));
        Assert.That(net.Layers.Count(l => l.Op == LayerOp.ResidualAdd), Is.EqualTo(9));
        var down = net.Layers.Single(l => l.Name == "layer2.0.add");
        Assert.That(net.Layers[down.Sources[1]].Output, Is.EqualTo(new TensorShape(16, 32, 32)), "option A: the shortcut is the unprojected block input");
        Assert.That(down.Output, Is.EqualTo(new TensorShape(32, 16, 16)));
    }

    [Test]
    public void Vgg8AndResNet18HaveTheirClosedFormMacs()
    {
        var vgg8 = NetworkZoo.Create("vgg8");
        Assert.That(vgg8.Macs, Is.EqualTo(Conv(32, 3, 128) + Conv(32, 128, 128) + Conv(16, 128, 256) + Conv(16, 256, 256)
                                         + Conv(8, 256, 512) + Conv(8, 512, 512) + 8192L * 1024 + 1024 * 10));
        var r18 = NetworkZoo.Create("resnet18");
        Assert.That(r18.Dataset, Is.EqualTo("imagenet"));
        long expected = Conv(112, 3, 64, 7) + 4 * Conv(56, 64, 64)
                      + Conv(28, 64, 128) + 3 * Conv(28, 128, 128) + Conv(28, 64, 128, 1)
                      + Conv(14, 128, 256) + 3 * Conv(14, 256, 256) + Conv(14, 128, 256, 1)
                      + Conv(7, 256, 512) + 3 * Conv(7, 512, 512) + Conv(7, 256, 512, 1) + 512 * 1000;
        Assert.That(r18.Macs, Is.EqualTo(expected));
        Assert.That(r18.Layers.Single(l => l.Name == "avgpool").Input, Is.EqualTo(new TensorShape(512, 7, 7)));
    }

    [Test]
    public void TinyImageNetVariantsGrowTheClassifier()
    {
        var vgg16 = NetworkZoo.Create("vgg16", Dataset.TinyImageNet);
        Assert.That(vgg16.Layers[^1].Input, Is.EqualTo(new TensorShape(512, 2, 2)));
        Assert.That(vgg16.Layers[^1].Macs, Is.EqualTo(2048L * 200));
        var vgg8 = NetworkZoo.Create("vgg8", Dataset.TinyImageNet);
        Assert.That(vgg8.Layers.Single(l => l.Name == "fc1").Macs, Is.EqualTo(512L * 8 * 8 * 1024));
    }

    [Test]
    public void XPertSearchedWidthsAndInputBitsAreExpressible()
    {
        int[] ch = [128, 128, 256, 64, 64, 256, 512, 64, 256, 512, 512, 128, 128];
        var net = NetworkZoo.Create("vgg16:channels=" + string.Join(",", ch) + ":input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4");
        var convs = net.Layers.Where(l => l.Op == LayerOp.Conv).ToList();
        Assert.That(convs.Select(l => l.Output.Channels), Is.EqualTo(ch));
        Assert.That(convs.Select(l => l.InputBits), Is.EqualTo(new int?[] { 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 }));
        int[] h = [32, 32, 16, 16, 8, 8, 8, 4, 4, 4, 2, 2, 2];
        long expected = 0;
        for (int i = 0; i < 13; i++) expected += Conv(h[i], i == 0 ? 3 : ch[i - 1], ch[i]);
        Assert.That(convs.Sum(l => l.Macs), Is.EqualTo(expected));
    }

    [TestCase("vgg19", "unknown network")]
    [TestCase("vgg16:channels=64,64", "has 13 conv layers")]
    [TestCase("vgg16:channels=64,x,1", "is not an integer")]
    [TestCase("resnet20:channels=16", "unknown parameter 'channels'")]
    [TestCase("resnet20:input_bits=4", "has 19 conv layers")]
    [TestCase("vgg8:channels=128,128,256,256,512,512:channels=8,8,8,8,8,8", "'channels' is given twice")] // the last one won
    [TestCase("vgg8:input_bits=8,8,8,8,8,8:input_bits=4,4,4,4,4,4", "'input_bits' is given twice")]
    public void BadSpecsAreInputErrors(string spec, string message)
    {
        var e = Assert.Throws<InputException>(() => NetworkZoo.Create(spec));
        Assert.That(e!.Message, Does.Contain(message));
    }

    /// <summary>Crossbar reads per inference: vectors × input slices × row blocks × column blocks, summed.</summary>
    private static long Reads(IEnumerable<(long H, long Cin, long Cout, long K)> layers, long slices, long rows, long colsPerWeight, long cols) =>
        layers.Sum(l => l.H * l.H * slices * ((l.Cin * l.K * l.K + rows - 1) / rows) * ((l.Cout * colsPerWeight + cols - 1) / cols));

    [Test]
    public void EveryZooNetworkMapsToTheClosedFormCrossbarReads()
    {
        // 128×128, 1-bit cells, differential 8-bit weights (7 magnitude slices × 2 columns), 8 bit-serial inputs.
        var t = new MappingTarget(128, 128, 1, SignedWeightScheme.Differential, 16, 4, 100_000, 8, 8, 1, ReadoutKind.Adc, 7, 0);
        var expected = new Dictionary<string, (long H, long Cin, long Cout, long K)[]>
        {
            ["vgg16"] = [(32, 3, 64, 3), (32, 64, 64, 3), (16, 64, 128, 3), (16, 128, 128, 3), (8, 128, 256, 3), (8, 256, 256, 3), (8, 256, 256, 3),
                         (4, 256, 512, 3), (4, 512, 512, 3), (4, 512, 512, 3), (2, 512, 512, 3), (2, 512, 512, 3), (2, 512, 512, 3), (1, 512, 10, 1)],
            ["vgg8"] = [(32, 3, 128, 3), (32, 128, 128, 3), (16, 128, 256, 3), (16, 256, 256, 3), (8, 256, 512, 3), (8, 512, 512, 3),
                        (1, 8192, 1024, 1), (1, 1024, 10, 1)],
            ["resnet20"] = [(32, 3, 16, 3), .. Enumerable.Repeat((32L, 16L, 16L, 3L), 6), (16, 16, 32, 3), .. Enumerable.Repeat((16L, 32L, 32L, 3L), 5),
                            (8, 32, 64, 3), .. Enumerable.Repeat((8L, 64L, 64L, 3L), 5), (1, 64, 10, 1)],
            ["resnet18"] = [(112, 3, 64, 7), .. Enumerable.Repeat((56L, 64L, 64L, 3L), 4),
                            (28, 64, 128, 3), .. Enumerable.Repeat((28L, 128L, 128L, 3L), 3), (28, 64, 128, 1),
                            (14, 128, 256, 3), .. Enumerable.Repeat((14L, 256L, 256L, 3L), 3), (14, 128, 256, 1),
                            (7, 256, 512, 3), .. Enumerable.Repeat((7L, 512L, 512L, 3L), 3), (7, 256, 512, 1), (1, 512, 1000, 1)],
        };
        foreach (var (name, layers) in expected)
        {
            var net = NetworkZoo.Create(name);
            var maps = NetworkMapper.Map(net, t, _ => 8, _ => 8, replicate: false);
            Assert.That(maps.Where(m => m is not null).Sum(m => m!.CrossbarReads), Is.EqualTo(Reads(layers, 8, 128, 14, 128)), name);
            Assert.That(maps.Count(m => m is not null), Is.EqualTo(layers.Length), name);
        }
    }
}
