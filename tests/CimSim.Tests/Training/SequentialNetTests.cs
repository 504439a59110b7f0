using CimSim.Training;
using CimSim.Training.Export;
using CimSim.Training.Models;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using NUnit.Framework;
using static TorchSharp.torch;

namespace CimSim.Tests.Training;

/// <summary>
/// The spec-built sequential CNN (<see cref="SequentialNet"/>) against the simulator's own forward on the same
/// weights: float (batch norm folded on export) equals <see cref="ChipInference.FloatForward"/>; QAT at per-layer
/// precisions, exported, classifies every image of a batch exactly as ChipInference's ideal quantized network does;
/// and a few batches of float → QAT on a zoo VGG write a model CimSim loads. Seconds, no epochs.
/// </summary>
public class SequentialNetTests
{
    /// <summary>Every layer kind a sequential CNN may hold: strided conv, 1×1 and 5×5 kernels, max and padded average
    /// pooling, a ReLU on a pool, fc from a 4×4 map (flatten), hidden fc, per-layer input and weight bits.</summary>
    private const string Yaml = """
        name: seq-test
        dataset: fashion-mnist
        layers:
          - {name: c1, type: conv, out_channels: 6, kernel: 3, padding: 1, relu: true, input_bits: 8}
          - {name: p1, type: maxpool, kernel: 2}
          - {name: c2, type: conv, out_channels: 8, kernel: 3, stride: 2, padding: 1, relu: true, input_bits: 3}
          - {name: p2, type: avgpool, kernel: 3, stride: 2, padding: 1, relu: true}
          - {name: c3, type: conv, out_channels: 8, kernel: 1, relu: true, input_bits: 5, weight_bits: 5}
          - {name: c4, type: conv, out_channels: 8, kernel: 5, padding: 2, relu: true}
          - {name: fc1, type: fc, out_features: 16, relu: true, input_bits: 6}
          - {name: fc2, type: fc, out_features: 10}
        """;

    /// <summary>ADC readout (ideal arithmetic does not depend on it); W4 A4 where the network gives no precision.</summary>
    private static readonly MappingTarget Chip = new(128, 128, 1, SignedWeightScheme.Differential, 8, 8, 64, 4, 4, 1, ReadoutKind.Adc, 8, 8);

    private string _dir = "";

    [OneTimeSetUp]
    public void Setup() => TorchRuntime.Configure(1, 7);

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("cimsim-seq-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static Network Net() => NetworkYamlLoader.LoadText(Yaml, "seq-test.yaml");

    private static StageSetup SetupFor(Network net, TrainingStage stage) =>
        new(Chip, null, 10, new ModelInfo("seq-test.yaml", "fashion-mnist", stage, null, 0.5, "test") { NetworkYaml = Yaml }) { Network = net };

    /// <summary>Non-trivial batch-norm statistics (the fresh ones are the identity).</summary>
    private static void RandomizeBatchNorm(SequentialNet model)
    {
        using var _ = no_grad();
        foreach (var l in model.Layers)
            if (l.Bn is { } bn)
            {
                bn.weight!.copy_(rand(l.OutChannels) + 0.5);
                bn.bias!.copy_(randn(l.OutChannels) * 0.1);
                bn.running_mean!.copy_(randn(l.OutChannels) * 0.2);
                bn.running_var!.copy_(rand(l.OutChannels) + 0.5);
            }
    }

    private static float[] Logits(SequentialNet model, TrainingData d)
    {
        model.eval();
        using var _ = no_grad();
        return model.forward(TrainingRun.Tensor(d)).data<float>().ToArray();
    }

    [Test]
    public void FloatForwardEqualsTheSimulatorsFloatReference()
    {
        var net = Net();
        var model = new SequentialNet(net);
        RandomizeBatchNorm(model);
        var data = TrainingData.From(DatasetSource.Subset()).Take(6);
        var logits = Logits(model, data);
        ModelExporter.Write(model, SetupFor(net, TrainingStage.Float).Info, _dir);
        var loaded = TrainedModel.Load(_dir);
        Assert.That(loaded.Network.Layers.Select(l => l.Name), Is.EqualTo(net.Layers.Select(l => l.Name)), "network.yaml stored and read back");
        double maxAbs = logits.Max(Math.Abs);
        for (int i = 0; i < data.Count; i++)
        {
            var image = data.Images.AsSpan(i * data.ImageSize, data.ImageSize).ToArray();
            var reference = ChipInference.FloatForward(loaded, image);
            Assert.That(reference, Has.Length.EqualTo(10));
            for (int k = 0; k < 10; k++)
                Assert.That(reference[k], Is.EqualTo(logits[i * 10 + k]).Within(1e-4 * (1 + maxAbs)), $"image {i} class {k}");
        }
    }

    [Test]
    public void QatModelClassifiesAsChipInferencesIdealQuantizedNetwork()
    {
        var net = Net();
        var setup = SetupFor(net, TrainingStage.Qat);
        var model = (SequentialNet)TrainingRun.Structure(TrainingStage.Float, setup, 1, 28, 28);
        RandomizeBatchNorm(model);
        var all = TrainingData.From(DatasetSource.Subset());
        var data = all.Take(48);
        foreach (var l in model.Layers)
        {
            l.FoldBatchNorm();
            var (wb, ib) = setup.Precision(l.LayerName);
            l.EnableQuantization(Chip, wb, ib);
        }
        using (no_grad())
        {
            // An untrained classifier's bias picks one class for every image; without it the features decide.
            model.Layers[^1].Bias.zero_();
        }
        Assert.That(model.Layers.Select(l => l.Quantizer!.InputBits), Is.EqualTo(new[] { 8, 3, 5, 4, 6, 4 }));
        Assert.That(model.Layers.Select(l => l.Quantizer!.WeightBits), Is.EqualTo(new[] { 4, 4, 5, 4, 4, 4 }));
        // LSQ steps from one batch, as QAT initialises them.
        model.eval();
        using (no_grad())
        {
            foreach (var l in model.Layers) l.OnInput = (layer, x) => layer.Quantizer!.InitSteps(layer, x);
            model.forward(TrainingRun.Tensor(data)).Dispose();
            foreach (var l in model.Layers) l.OnInput = null;
        }
        var logits = Logits(model, data);
        var predicted = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
            predicted[i] = Enumerable.Range(0, 10).MaxBy(k => logits[i * 10 + k]);
        Assert.That(predicted.Distinct().Count(), Is.GreaterThan(1), "the random network does not give one class to everything");
        ModelExporter.Write(model, setup.Info, _dir);
        string yaml = File.ReadAllText(Path.Combine(_dir, "model.yaml"));
        Assert.That(yaml, Does.Contain("weight_bits: 4\ninput_bits: 8\n").And.Contain("c2: {input_bits: 3, weight_step:").And.Contain("c3: {weight_bits: 5, input_bits: 5,"));
        var loaded = TrainedModel.Load(_dir);
        Assert.That(loaded.Network.Layers.Where(l => l.IsCrossbar).Select(l => l.InputBits), Is.EqualTo(new int?[] { 8, 3, 5, 4, 6, 4 }));
        // Labels = the training forward's classes: the ideal quantized network must get every image "right".
        var images = new LabeledImages("fashion-mnist", "test", new TensorShape(1, 28, 28), data.Images, predicted, 10);
        var r = ChipInference.Run(loaded, Chip, images, new InferenceOptions { MaxThreads = 1 });
        Assert.That(r.IdealCorrect, Is.EqualTo(data.Count), "ideal quantized classes equal the QAT forward's");
        Assert.That(r.Layers.Select(l => l.InputBits), Is.EqualTo(new[] { 8, 3, 5, 4, 6, 4 }));
    }

    [Test]
    public void FloatThenQatOfAZooVggWritesAModelCimSimLoads()
    {
        var net = NetworkZoo.Create("vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16:input_bits=8,4,4,4,4,4,4,4,4,4,4,4,5", Dataset.FashionMnist);
        Assert.That(net.Layers.Count(l => l.Op == LayerOp.MaxPool), Is.EqualTo(4), "28→14→7→3→1: the fifth pool is left out");
        var train = TrainingData.From(DatasetSource.Subset()).Take(48);
        var empty = train.Take(0);
        var info = new ModelInfo(net.Name, "fashion-mnist", TrainingStage.Float, null, double.NaN, "test");
        var setup = new StageSetup(Chip, null, 10, info) { Network = net };
        string f = Path.Combine(_dir, "f"), q = Path.Combine(_dir, "q");
        var o = TrainingOptions.ForStage(TrainingStage.Float, 1) with { BatchSize = 16, Seed = 3 };
        Assert.That(TrainingRun.Run(o, setup, train, empty, f), Is.NaN, "no test images: nothing evaluated");
        TrainingRun.Run(TrainingOptions.ForStage(TrainingStage.Qat, 1) with { BatchSize = 16, Seed = 3 },
            setup with { FromDirectory = f, Info = info with { Stage = TrainingStage.Qat } }, train, empty, q);
        Assert.That(File.ReadAllText(Path.Combine(q, "model.yaml")), Does.Contain("network: \"vgg16:channels=16,").And.Not.Contain("test_accuracy"));
        var m = TrainedModel.Load(q);
        Assert.That(m.Stage, Is.EqualTo("qat"));
        Assert.That(m.Network.Layers.Where(l => l.IsCrossbar).Select(l => l.InputBits ?? 0).ToArray(), Is.EqualTo(new[] { 8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 4 }));
        var w = m.Layers["conv13"];
        Assert.That(w.IntegerWeights && w.WeightStep > 0 && w.InputStep > 0);
        Assert.That(w.Weights.Select(v => Math.Round(v / w.WeightStep!.Value)).All(v => Math.Abs(v) <= 7), "W4 integers in ±7");
    }

    [Test]
    public void ResidualNetworksOtherThanResNet20AreRefused()
    {
        var net = NetworkZoo.Create("resnet18", Dataset.Cifar10);
        Assert.That(SequentialNet.Unsupported(net), Does.Contain("residual add"));
        Assert.That(SequentialNet.Unsupported(NetworkZoo.Create("vgg8", Dataset.Cifar10)), Is.Null);
    }
}
