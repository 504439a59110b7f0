using System.Diagnostics;
using CimSim.Training;
using CimSim.Training.Export;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Mapping;
using CimSim.Tests.Architecture;
using CimSim.Tests.Cli;
using NUnit.Framework;

namespace CimSim.Tests.Training;

/// <summary>
/// A few batches of every stage on the shipped subset (seconds, not epochs): the chain float → QAT → PSQ runs,
/// writes a model directory in the documented format, is deterministic for a seed, and a resumed run equals an
/// uninterrupted one. Plus the command line's refusals, and that commands other than train never load libtorch.
/// </summary>
public class TrainingSmokeTests
{
    private string _dir = "";
    private static readonly MappingTarget Hcim = new(128, 128, 1, SignedWeightScheme.Differential, 2, 8, 24, 3, 3, 1, ReadoutKind.Ternary, 0, 8);

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("cimsim-train-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static TrainingData Subset(int n) => TrainingData.From(DatasetSource.Subset()).Take(n);

    private static TrainingOptions Tiny(TrainingStage s, int epochs) =>
        TrainingOptions.ForStage(s, epochs) with { BatchSize = 16, EvalBatchSize = 32 };

    private static StageSetup Setup(TrainingStage s, string? from) =>
        new(s == TrainingStage.Float ? null : Hcim, from, 10, new ModelInfo("resnet20", "fashion-mnist", s, "hcim", 0, "test"));

    [Test]
    public void StagesChainAndWriteTheModelFormat()
    {
        // Few images: the PSQ forward costs input bits × weight slices times a conv (about 6× here).
        var train = Subset(16);
        var test = Subset(8);
        string f = Path.Combine(_dir, "float"), q = Path.Combine(_dir, "qat"), p = Path.Combine(_dir, "psq");
        double fa = TrainingRun.Run(Tiny(TrainingStage.Float, 1), Setup(TrainingStage.Float, null), train, test, f);
        double qa = TrainingRun.Run(Tiny(TrainingStage.Qat, 1), Setup(TrainingStage.Qat, f), train, test, q);
        double pa = TrainingRun.Run(Tiny(TrainingStage.Psq, 1) with { BatchSize = 8 }, Setup(TrainingStage.Psq, q), train.Take(8), test, p);
        foreach (var a in new[] { fa, qa, pa }) Assert.That(a, Is.InRange(0.0, 1.0));
        Assert.That(ModelImporter.StageOf(f), Is.EqualTo(TrainingStage.Float));
        Assert.That(ModelImporter.StageOf(p), Is.EqualTo(TrainingStage.Psq));
        string yaml = File.ReadAllText(Path.Combine(p, "model.yaml"));
        Assert.That(yaml, Does.Contain("format: 1").And.Contain("layer3.2.conv2: {weight_step: ").And.Contain("alpha_step: "));
        // 20 crossbar layers, each with weights and bias; PSQ: α codes (row blocks, input slices, C_out, weight slices).
        Assert.That(Directory.GetFiles(p, "*.bias.npy"), Has.Length.EqualTo(20));
        var w = CimSim.Workloads.Numpy.NpyReader.ReadFile(Path.Combine(p, "layer3.0.conv2.npy"));
        Assert.That(w.IsInteger && w.Values.All(v => v is >= -3 and <= 3), "W3 integers in ±3");
        var alpha = CimSim.Workloads.Numpy.NpyReader.ReadFile(Path.Combine(p, "layer3.0.conv2.alpha.npy"));
        Assert.That(alpha.Shape, Is.EqualTo(new[] { 5, 3, 64, 2 }), "576 rows = 5 blocks of 128, 3 input bits, 64 outputs, 2 magnitude slices");
        Assert.That(alpha.IsUInt8);
        var fw = CimSim.Workloads.Numpy.NpyReader.ReadFile(Path.Combine(f, "fc.npy"));
        Assert.That(fw.Shape, Is.EqualTo(new[] { 10, 64 }));
    }

    [Test]
    public void DistillationLossIsTheTemperedKlDivergence()
    {
        TorchRuntime.Configure(1, 1);
        double[] student = [1.0, 2.0, 0.5], teacher = [3.0, -1.0, 0.0];
        const double T = 2;
        double[] Soft(double[] z) { var e = z.Select(v => Math.Exp(v / T)).ToArray(); double s = e.Sum(); return e.Select(v => v / s).ToArray(); }
        var (ps, pt) = (Soft(student), Soft(teacher));
        double expected = T * T * pt.Select((p, i) => p * Math.Log(p / ps[i])).Sum();
        using var sl = TorchSharp.torch.tensor(student.Select(v => (float)v).ToArray(), [1, 3]);
        using var tl = TorchSharp.torch.tensor(teacher.Select(v => (float)v).ToArray(), [1, 3]);
        Assert.That(Trainer.DistillationLoss(sl, tl, T).item<float>(), Is.EqualTo(expected).Within(1e-5));
        Assert.That(Trainer.DistillationLoss(tl, tl, T).item<float>(), Is.EqualTo(0).Within(1e-6), "no loss when the student answers as the teacher");
    }

    [Test]
    public void QatWithDistillationTrainsFromTheFloatTeacher()
    {
        var train = Subset(32);
        var test = Subset(8);
        string f = Path.Combine(_dir, "float"), plain = Path.Combine(_dir, "qat"), kd = Path.Combine(_dir, "qat-kd");
        double floatAccuracy = TrainingRun.Run(Tiny(TrainingStage.Float, 1), Setup(TrainingStage.Float, null), train, test, f);
        TrainingRun.Run(Tiny(TrainingStage.Qat, 1), Setup(TrainingStage.Qat, f), train, test, plain);
        TrainingRun.Run(Tiny(TrainingStage.Qat, 1) with { Distill = 0.5 }, Setup(TrainingStage.Qat, f), train, test, kd);
        Assert.That(File.ReadAllBytes(Path.Combine(kd, "layer2.1.conv2.npy")), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(plain, "layer2.1.conv2.npy"))),
            "the distillation term changes the training");
        var history = TrainingHistory.Read(Path.Combine(kd, TrainingRun.HistoryFile));
        Assert.That((history.Distill, history.DistillTemperature), Is.EqualTo((0.5, (double?)4)));
        Assert.That(TrainingHistory.Read(Path.Combine(plain, TrainingRun.HistoryFile)).DistillTemperature, Is.Null);
        // The teacher is the float model: on the test images it scores what the float stage's own evaluation (unfolded batch norm) gave.
        var teacher = TrainingRun.Teacher(TrainingStage.Qat, Setup(TrainingStage.Qat, f), 1, 28, 28);
        using var x = TrainingRun.Tensor(test);
        using var predicted = teacher.Module.forward(x).argmax(1);
        int correct = Enumerable.Range(0, test.Count).Count(i => predicted[i].item<long>() == test.Labels[i]);
        Assert.That((double)correct / test.Count, Is.EqualTo(floatAccuracy));
    }

    [Test]
    public void PsqKeepsAnAdcLayerOfTheChipExactAndClassifiesAsTheChip()
    {
        // hcim with its classifier on 7-bit ADCs (a chip YAML's `layers:`): PSQ learns α for the 19 convs only, and the
        // training forward of the exported model gives every image the class the simulator's chip gives it.
        TorchRuntime.Configure(1, 1);
        var readouts = new Dictionary<string, LayerReadout> { ["fc"] = new(ReadoutKind.Adc, 7, 0) };
        var setup = Setup(TrainingStage.Psq, Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-w3a3")) with { Readouts = readouts };
        var data = Subset(24);
        var model = TrainingRun.Start(Tiny(TrainingStage.Psq, 1), setup, data);
        Assert.That(model.Layers.Where(l => l.Quantizer!.Psq).Select(l => l.LayerName).ToList(), Has.Count.EqualTo(19).And.No.Contains("fc"));
        ModelExporter.FixAlpha(model);
        model.Module.eval();
        int[] predicted;
        using (TorchSharp.torch.no_grad())
        using (var x = TrainingRun.Tensor(data))
        using (var classes = model.Module.forward(x).argmax(1))
            predicted = [.. classes.data<long>().Select(c => (int)c)];
        string dir = Path.Combine(_dir, "psq");
        ModelExporter.Write(model, setup.Info, dir);
        Assert.That(File.Exists(Path.Combine(dir, "fc.alpha.npy")), Is.False, "the ADC layer has no α");
        Assert.That(File.Exists(Path.Combine(dir, "layer3.2.conv2.alpha.npy")), Is.True);
        var images = new LabeledImages("fashion-mnist", "test", new TensorShape(1, 28, 28), data.Images, predicted, 10);
        var r = ChipInference.Run(TrainedModel.Load(dir), Hcim, images, new InferenceOptions { MaxThreads = 1, Readouts = readouts });
        Assert.That(r.ChipCorrect, Is.EqualTo(data.Count), "the chip's classes equal the PSQ training forward's");
    }

    [Test]
    public void ResumedRunEqualsTheUninterruptedOneAndRunsAreDeterministic()
    {
        var train = Subset(32);
        var test = Subset(8);
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        TrainingRun.Run(Tiny(TrainingStage.Float, 2), Setup(TrainingStage.Float, null), train, test, a);
        // b: stop after epoch 1 (a run of the same options that was interrupted), then resume.
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Run(Tiny(TrainingStage.Float, 2), Setup(TrainingStage.Float, null), train, test, b,
            progress: p => { if (p.Epoch == 2) throw new OperationCanceledException(); }));
        Assert.That(TrainingRun.EpochsDone(b), Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(b, "model.yaml")), Is.False, "no model before the last epoch");
        // A resume that would change the interrupted schedule is refused before any training.
        var e = Assert.Throws<InputException>(() =>
            TrainingRun.Run(Tiny(TrainingStage.Float, 2) with { LearningRate = 0.05 }, Setup(TrainingStage.Float, null), train, test, b));
        Assert.That((e!.Field, e.Reason), Is.EqualTo(("--lr", "the checkpoint was trained with 0.1, this run asks for 0.05; resume with the same options, or pass --force to start over")));
        Assert.That(TrainingRun.EpochsDone(b), Is.EqualTo(1), "the refused run trained nothing");
        TrainingRun.Run(Tiny(TrainingStage.Float, 2), Setup(TrainingStage.Float, null), train, test, b);
        foreach (var name in new[] { "conv1.npy", "layer2.1.conv2.npy", "fc.npy", "fc.bias.npy" })
            Assert.That(File.ReadAllBytes(Path.Combine(b, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, name))), name);
    }

    [Test]
    public void TwoTrainingsAtOnceOnTwoThreadsEqualEachAlone()
    {
        // The search trains the baseline on a thread of its own while it trains the phase-1 winner (AccuracyOracle.TrainAhead):
        // libtorch's generator is process-wide and its thread counts are per thread, so each must be set where it trains.
        var train = Subset(16);
        var none = train.Take(0);
        string Run(long seed, string name)
        {
            string d = Path.Combine(_dir, name);
            TrainingRun.Run(Tiny(TrainingStage.Float, 1) with { Seed = seed }, Setup(TrainingStage.Float, null), train, none, d);
            return d;
        }
        string a = Run(1, "a"), b = Run(2, "b");
        string a2 = "", b2 = "";
        using var start = new Barrier(2);
        var threads = new[] { new Thread(() => { start.SignalAndWait(); a2 = Run(1, "a2"); }), new Thread(() => { start.SignalAndWait(); b2 = Run(2, "b2"); }) };
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        foreach (var name in new[] { "conv1.npy", "layer2.1.conv2.npy", "fc.npy" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(a2, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, name))), "seed 1: " + name);
            Assert.That(File.ReadAllBytes(Path.Combine(b2, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(b, name))), "seed 2: " + name);
        }
        Assert.That(File.ReadAllBytes(Path.Combine(b, "fc.npy")), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(a, "fc.npy"))), "the seeds differ");
    }

    [Test]
    public void TrainRefusesBadInputBeforeTraining()
    {
        string existing = Path.Combine(_dir, "m");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "model.yaml"), "format: 1\nstage: float\n");
        var r = CliHarness.Run("train", "--stage", "float", "--epochs", "1", "--out", existing);
        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("already holds a trained model; pass --force"));
        r = CliHarness.Run("train", "--stage", "qat", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --arch: --stage qat needs the chip (--arch FILE)\n")));
        r = CliHarness.Run("train", "--stage", "psq", "--arch", CimSim.Tests.Architecture.RepoFiles.Architecture("hcim.yaml"), "--from", existing, "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That(r.Code, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("is a float model; --stage psq starts from a qat model"));
        string qat = Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-w3a3");
        r = CliHarness.Run("train", "--stage", "psq", "--arch", RepoFiles.Architecture("adc7.yaml"), "--from", qat, "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --arch: adc7 reads every layer out with ADCs; PSQ training needs a binary or ternary readout\n")));
        string chip = Path.Combine(_dir, "hcim-fc.yaml");
        File.WriteAllText(chip, File.ReadAllText(RepoFiles.Architecture("hcim.yaml")) + "\nlayers:\n  - { layer: fc9, readout: { kind: adc, adc: { type: sar, bits: 7, column_sharing: 8 } } }\n");
        int line = File.ReadAllLines(chip).Length;
        r = CliHarness.Run("train", "--stage", "psq", "--arch", chip, "--from", qat, "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, $"cimsim: error: {chip}:{line}: layers.layer: 'fc9' is not a crossbar layer of resnet20\n")));
        r = CliHarness.Run("train", "--stage", "psq", "--arch", RepoFiles.Architecture("hcim.yaml"), "--from", Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-w3a3-in8-kd"), "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --network: conv1 would train at W3A3, the --from model has it at W3A8: pass --network resnet20:input_bits=8,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n")));
        string floatModel = Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-float");
        r = CliHarness.Run("train", "--network", "vgg8", "--stage", "qat", "--arch", RepoFiles.Architecture("hcim.yaml"), "--from", floatModel, "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, $"cimsim: error: --from: '{floatModel}' holds resnet20, whose crossbar layer 1 is conv1 (16×9 weights); --network vgg8 has conv1 (128×9): train the network the model was trained as\n")));
        foreach (var (option, value, rule) in new[] { ("--lr", "-1", "a positive number"), ("--train-images", "-3", "at least 1"), ("--test-images", "-1", "at least 0") })
        {
            r = CliHarness.Run("train", "--stage", "float", "--epochs", "1", option, value, "--out", Path.Combine(_dir, "x"));
            Assert.That((r.Code, r.Err), Is.EqualTo((2, $"cimsim: error: {option}: must be {rule}, got {value}\n")));
        }
        r = CliHarness.Run("train", "--stage", "float", "--epochs", "1", "--seed", "-1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --seed: must be 0 to 9,223,372,036,854,775,807, got -1 (cimsim --help for usage)\n")));
        r = CliHarness.Run("train", "--stage", "float", "--from", existing, "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --from: --stage float trains from scratch; --from is the previous stage's model, for qat and psq\n")));
        string aFile = Path.Combine(_dir, "a-file");
        File.WriteAllText(aFile, "mine");
        r = CliHarness.Run("train", "--stage", "float", "--epochs", "1", "--out", aFile);
        Assert.That((r.Code, r.Err), Is.EqualTo((2, $"cimsim: error: --out: '{aFile}' is a file; --out is the model directory to write\n")));
        Assert.That(File.ReadAllText(aFile), Is.EqualTo("mine"));
        r = CliHarness.Run("train", "--stage", "float", "--distill", "0.5", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --distill: --stage float has no teacher: distillation is for qat and psq, from the --from model\n")));
        r = CliHarness.Run("train", "--stage", "qat", "--distill", "1.5", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --distill: must be between 0 and 1, got 1.5\n")));
        r = CliHarness.Run("train", "--stage", "fp16", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That(r.Code, Is.EqualTo(2));
        r = CliHarness.Run("train", "--network", "resnet18", "--stage", "float", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --network: layer 'layer1.0.add' is a residual add; training supports sequential CNNs (conv, fc, pooling, ReLU) and resnet20\n")));
        r = CliHarness.Run("train", "--network", "vgg16", "--dataset", "cifar10", "--stage", "float", "--epochs", "1", "--out", Path.Combine(_dir, "x"));
        Assert.That(r.Code, Is.EqualTo(2));
    }

    [Test]
    public void OtherCommandsDoNotLoadLibtorch()
    {
        // LD_DEBUG=files makes the dynamic loader list every shared object it opens.
        string cli = Path.Combine(AppContext.BaseDirectory, "cimsim.dll");
        var psi = new ProcessStartInfo("dotnet", [cli, "net", "resnet20"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["LD_DEBUG"] = "files";
        using var proc = Process.Start(psi)!;
        var err = proc.StandardError.ReadToEndAsync();
        var stdout = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        Assert.That(proc.ExitCode, Is.EqualTo(0), stdout);
        Assert.That(err.Result, Does.Contain("file=").And.Not.Contain("libtorch").And.Not.Contain("LibTorchSharp"));
    }
}
