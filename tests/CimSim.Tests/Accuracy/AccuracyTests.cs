using CimSim.Cli;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Tests.Architecture;
using CimSim.Tests.Workloads;
using CimSim.Workloads.Csv;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Accuracy;

public sealed class AccuracyTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Path.GetTempPath(), "cimsim-acc-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static MappingTarget Chip(string file) => RepoFiles.SizedChip(file).ToMappingTarget();

    /// <summary>An ADC chip that never clips: 128 rows × 1-bit cells × 1-bit inputs give partial sums ≤ 128 &lt; 2^8.</summary>
    private static MappingTarget ExactChip(int bits) => new(128, 128, 1, SignedWeightScheme.Differential, 2, 8, 24, bits, bits, 1, ReadoutKind.Adc, 8, 0);

    [Test]
    public void FloatAccuracyMatchesANaiveClassifier()
    {
        var model = TrainedModel.Load(TemplateModel.Write(_dir));
        var data = DatasetSource.Subset().Take(200);
        var r = ChipInference.Run(model, ExactChip(8), data);
        var (w, b) = TemplateModel.Classifier();
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var f = TemplateModel.Features(data.Image(i));
            int best = -1;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < 10; c++)
            {
                double s = b[c];
                for (int j = 0; j < f.Length; j++) s += w[c * f.Length + j] * f[j];
                if (s > bestScore) (best, bestScore) = (c, s);
            }
            if (best == data.Label(i)) correct++;
        }
        Assert.That(r.FloatCorrect, Is.EqualTo(correct));
        Assert.That(r.FloatAccuracy, Is.InRange(0.6, 0.8), "a nearest-mean classifier on Fashion-MNIST");
    }

    [Test]
    public void AChipThatNeverClipsIsTheIdealQuantizedNetwork()
    {
        var model = TrainedModel.Load(TemplateModel.Write(_dir));
        var r = ChipInference.Run(model, ExactChip(6), DatasetSource.Subset().Take(100));
        Assert.That(r.ChipCorrect, Is.EqualTo(r.IdealCorrect));
        Assert.That(r.Layers.Select(l => l.SqnrDb), Is.All.EqualTo(double.PositiveInfinity));
        Assert.That(r.Layers.Select(l => (l.WeightBits, l.InputBits)), Is.All.EqualTo((6, 6)));
        Assert.That(r.Layers.Single(l => l.Name == "fc").BiasAdds, Is.EqualTo(10));
    }

    [Test]
    public void TheBiasCostsOneAccumulatorAddPerOutputElementAsAccuracyCountsIt()
    {
        // The template's fc has a bias, conv1 none: with the bias file the trace marks fc, survives the file format,
        // and the replay charges exactly the bias adds the accuracy run counts on top of the same model without it.
        TemplateModel.Write(_dir);
        var chip = ChipModel.Build(RepoFiles.Sized(ArchitectureLoader.LoadFile(RepoFiles.Architecture("adc7.yaml"))));
        long AccumulatorAdds(TrainedModel m, out NetworkTrace trace)
        {
            var t = SimulationRunner.Compile(chip, m.Network, new CompileOptions { Model = m, Seed = 1, Dataset = "fashion-mnist" });
            var file = Path.Combine(_dir, "t.trace");
            using (var f = File.Create(file)) TraceWriter.Write(t, f);
            trace = TraceReader.ReadFile(file);
            var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
            return report.Counts.Single(c => c.Key == "accumulator_adds").Value;
        }
        var withBias = TrainedModel.Load(_dir);
        long biased = AccumulatorAdds(withBias, out var read);
        Assert.That(read.Layers.Where(l => l.Bias).Select(l => l.Name), Is.EqualTo(new[] { "fc" }));
        var inference = ChipInference.Run(withBias, chip.Spec.ToMappingTarget(), DatasetSource.Subset().Take(1));
        File.Delete(Path.Combine(_dir, "fc.bias.npy"));
        long plain = AccumulatorAdds(TrainedModel.Load(_dir), out var readPlain);
        Assert.That(readPlain.Layers.Any(l => l.Bias), Is.False);
        Assert.That(biased - plain, Is.EqualTo(inference.Layers.Sum(l => l.BiasAdds)).And.EqualTo(10));
    }

    [Test]
    public void ShippedChipsOnTheSubsetArePinned()
    {
        // Same images, same model ⇒ same counts. Pinned from the first run; any change to quantization, slicing,
        // readout or propagation shows up here.
        var model = TrainedModel.Load(TemplateModel.Write(_dir, "weight_bits: 4\ninput_bits: 4\n"));
        var data = DatasetSource.Subset().Take(300);
        var got = new[] { "adc7.yaml", "adc4.yaml", "hcim.yaml" }.Select(c =>
        {
            var r = ChipInference.Run(model, Chip(c), data);
            return $"{c}: {r.FloatCorrect}/{r.IdealCorrect}/{r.ChipCorrect}";
        }).ToArray();
        Assert.That(got, Is.EqualTo(new[] { "adc7.yaml: 201/189/189", "adc4.yaml: 201/189/58", "hcim.yaml: 201/189/94" }));
    }

    [Test]
    public void ACalibratedAdcRangeStopsTheClippingOfAUnitLsb()
    {
        // adc4 with unit LSB clips the template's fc partial sums at 15 (58/300 above); with a calibrated range the
        // LSB is the largest calibration partial sum / 15, so fc reads coarsely but without clipping. An 8-bit ADC that
        // never clips keeps LSB 1 when calibrated: still the ideal network.
        var model = TrainedModel.Load(TemplateModel.Write(_dir, "weight_bits: 4\ninput_bits: 4\n"));
        var data = DatasetSource.Subset().Take(300);
        var unit = ChipInference.Run(model, Chip("adc4.yaml"), data);
        var calibrated = ChipInference.Run(model, Chip("adc4.yaml") with { AdcRange = AdcRange.Calibrated }, data);
        var full = ChipInference.Run(model, Chip("adc4.yaml") with { AdcRange = AdcRange.Full }, data);
        Assert.That(unit.Layers.Select(l => l.AdcLsb), Is.All.EqualTo(1.0));
        var fc = calibrated.Layers.Single(l => l.Name == "fc");
        Assert.That(fc.AdcLsb, Is.GreaterThan(1));
        Assert.That(fc.SqnrDb, Is.GreaterThan(unit.Layers.Single(l => l.Name == "fc").SqnrDb + 3));
        Assert.That(full.Layers.Select(l => l.AdcLsb), Is.All.EqualTo(128.0 / 15), "128 rows × 1-bit cells × 1-bit DAC over 15 codes");
        Assert.That($"{unit.ChipCorrect}/{calibrated.ChipCorrect}/{full.ChipCorrect}", Is.EqualTo("58/184/66"), "ideal 189: the calibrated range keeps most of it");
        var exact = ChipInference.Run(model, ExactChip(4) with { AdcRange = AdcRange.Calibrated }, data.Take(50));
        Assert.That(exact.Layers.Select(l => l.AdcLsb), Is.All.EqualTo(1.0));
        Assert.That(exact.ChipCorrect, Is.EqualTo(exact.IdealCorrect));
        var one = ChipInference.Run(model, Chip("adc4.yaml") with { AdcRange = AdcRange.Calibrated }, data.Take(40), new InferenceOptions { MaxThreads = 1, CalibrationImages = 8 });
        var two = ChipInference.Run(model, Chip("adc4.yaml") with { AdcRange = AdcRange.Calibrated }, data.Take(40), new InferenceOptions { MaxThreads = 2, CalibrationImages = 8 });
        Assert.That(two.Layers, Is.EqualTo(one.Layers));
        Assert.That(two.ChipCorrect, Is.EqualTo(one.ChipCorrect));
    }

    [Test]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var model = TrainedModel.Load(TemplateModel.Write(_dir));
        var data = DatasetSource.Subset().Take(64);
        var one = ChipInference.Run(model, Chip("hcim.yaml"), data, new InferenceOptions { MaxThreads = 1, CalibrationImages = 16 });
        var two = ChipInference.Run(model, Chip("hcim.yaml"), data, new InferenceOptions { MaxThreads = 2, CalibrationImages = 16 });
        Assert.That((two.FloatCorrect, two.IdealCorrect, two.ChipCorrect), Is.EqualTo((one.FloatCorrect, one.IdealCorrect, one.ChipCorrect)));
        Assert.That(two.Layers, Is.EqualTo(one.Layers));
        // The chip's accuracy alone (the co-search's measure) is the full run's, whatever the chip.
        foreach (var chip in new[] { "hcim.yaml", "adc4.yaml" })
            Assert.That(ChipInference.ChipAccuracy(model, Chip(chip), data, new InferenceOptions { MaxThreads = 2, CalibrationImages = 16 }),
                Is.EqualTo(ChipInference.Run(model, Chip(chip), data, new InferenceOptions { MaxThreads = 1, CalibrationImages = 16 }).ChipAccuracy), chip);
    }

    [Test]
    public void LearnedAlphaIsUsedAndItsShapeChecked()
    {
        TemplateModel.Write(_dir, "weight_bits: 3\ninput_bits: 3\n");
        var chip = Chip("hcim.yaml");
        var data = DatasetSource.Subset().Take(50);
        var calibrated = ChipInference.Run(TrainedModel.Load(_dir), chip, data);
        // conv1: 9 rows → 1 row block; 3 input slices; 2 outputs; 2 weight slices (3-bit differential: 2 magnitude bits, 1-bit cells).
        File.WriteAllBytes(Path.Combine(_dir, "conv1.alpha.npy"), NpyFiles.Float32([1, 3, 2, 2], Enumerable.Repeat(1000f, 12).ToArray()));
        int fcBlocks = (1568 + 127) / 128;
        File.WriteAllBytes(Path.Combine(_dir, "fc.alpha.npy"), NpyFiles.Float32([fcBlocks, 3, 10, 2], Enumerable.Repeat(1000f, fcBlocks * 60).ToArray()));
        var learned = ChipInference.Run(TrainedModel.Load(_dir), chip, data);
        Assert.That(learned.Layers.Select(l => l.LearnedAlpha), Is.All.True);
        Assert.That(calibrated.Layers.Select(l => l.LearnedAlpha), Is.All.False);
        // α = 1000 puts every ternary threshold above any partial sum: all q = 0, the chip outputs only biases.
        Assert.That(learned.ChipCorrect, Is.EqualTo(data.Labels.Count(l => l == TemplateModel.Classifier().B.Select((v, i) => (v, i)).Max().i)));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.alpha.npy"), NpyFiles.Float32([1, 3, 2, 1], new float[6]));
        var e = Assert.Throws<InputException>(() => ChipInference.Run(TrainedModel.Load(_dir), chip, data))!;
        Assert.That(e.Message, Does.Contain("conv1.alpha.npy").And.Contain("(1, 3, 2, 2)"));
    }

    [Test]
    public void BatchNormFoldsIntoWeightsAndBias()
    {
        Directory.CreateDirectory(_dir);
        var net = NetworkYamlLoader.LoadText(TemplateModel.NetworkYaml, "net.yaml");
        var w = TemplateModel.Conv1Weights();
        File.WriteAllBytes(Path.Combine(_dir, "conv1.npy"), NpyFiles.Float32([2, 1, 3, 3], w));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.bias.npy"), NpyFiles.Float32([2], [0.5f, -1f]));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.bn_weight.npy"), NpyFiles.Float32([2], [2f, 3f]));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.bn_bias.npy"), NpyFiles.Float32([2], [0.1f, 0.2f]));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.bn_mean.npy"), NpyFiles.Float32([2], [1f, 2f]));
        File.WriteAllBytes(Path.Combine(_dir, "conv1.bn_var.npy"), NpyFiles.Float32([2], [4f - 1e-5f, 9f - 1e-5f]));
        File.WriteAllBytes(Path.Combine(_dir, "fc.npy"), NpyFiles.Float32([10, 1568], new float[15680]));
        var p = TrainedModel.LoadWeights(_dir, net).Layers["conv1"];
        // s = γ/√(var + ε) = 1 for both channels: w unchanged, bias = (b − mean)·s + β.
        Assert.That(p.Weights, Is.EqualTo(w).Within(1e-6));
        Assert.That(p.Bias, Is.EqualTo(new[] { (0.5f - 1f) * 1 + 0.1f, (-1f - 2f) * 1 + 0.2f }).Within(1e-6));
        File.Delete(Path.Combine(_dir, "conv1.bn_var.npy"));
        Assert.That(() => TrainedModel.LoadWeights(_dir, net), Throws.TypeOf<InputException>().With.Message.Contains("all four"));
    }

    [Test]
    public void ANegativeBatchNormEpsilonIsAnErrorAtItsLine()
    {
        // With a batch norm to fold, ε < 0 made NaN weights (an internal error); without one it passed unseen.
        TemplateModel.Write(_dir, "bn_eps: -1\n");
        string Run()
        {
            var e = new StringWriter();
            int code = Program.Run(["accuracy", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", _dir, "--dataset", "fashion-mnist-1k", "--images", "10"], TextWriter.Null, e);
            Assert.That(code, Is.EqualTo(2), e.ToString());
            return e.ToString().Trim();
        }
        string expected = $"cimsim: error: {Path.Combine(_dir, "model.yaml")}:5";
        Assert.That(Run(), Does.StartWith(expected).And.Contain("bn_eps: must be a finite number > 0, got -1").And.Not.Contain("\n"));
        foreach (var (suffix, value) in new[] { ("bn_weight", 1f), ("bn_bias", 0f), ("bn_mean", 0f), ("bn_var", 1f) })
            File.WriteAllBytes(Path.Combine(_dir, $"conv1.{suffix}.npy"), NpyFiles.Float32([2], [value, value]));
        Assert.That(Run(), Does.StartWith(expected).And.Contain("bn_eps").And.Not.Contain("\n"));
        File.WriteAllText(Path.Combine(_dir, "model.yaml"), File.ReadAllText(Path.Combine(_dir, "model.yaml")).Replace("bn_eps: -1", "bn_eps: 0"));
        Assert.That(() => TrainedModel.Load(_dir), Throws.TypeOf<InputException>().With.Message.Contains("bn_eps: must be a finite number > 0, got 0"));
    }

    [Test]
    public void ADirectoryWhereAnOptionalLayerFileBelongsIsAnError()
    {
        // A directory named like a bias, batch-norm or α file was taken for "no such file": the bias was dropped unseen.
        TemplateModel.Write(_dir);
        byte[] fcBias = File.ReadAllBytes(Path.Combine(_dir, "fc.bias.npy"));
        File.Delete(Path.Combine(_dir, "fc.bias.npy"));
        foreach (var name in new[] { "fc.bias.npy", "conv1.bias.npy", "conv1.bn_mean.npy", "conv1.alpha.npy" })
        {
            string path = Path.Combine(_dir, name);
            Directory.CreateDirectory(path);
            Assert.That(() => TrainedModel.Load(_dir), Throws.TypeOf<InputException>().With.Message.EqualTo($"{path}: is a directory, not a file"), name);
            Directory.Delete(path);
        }
        Directory.CreateDirectory(Path.Combine(_dir, "fc.bias.npy"));
        var e = new StringWriter();
        int code = Program.Run(["accuracy", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", _dir, "--dataset", "fashion-mnist-1k", "--images", "10"], TextWriter.Null, e);
        Assert.That(code, Is.EqualTo(2), e.ToString());
        Assert.That(e.ToString(), Is.EqualTo($"cimsim: error: {Path.Combine(_dir, "fc.bias.npy")}: is a directory, not a file{Environment.NewLine}"));
        Directory.Delete(Path.Combine(_dir, "fc.bias.npy"));
        File.WriteAllBytes(Path.Combine(_dir, "fc.bias.npy"), fcBias);
        // A bare weights directory (--weights) whose optional model.yaml is a directory.
        File.Delete(Path.Combine(_dir, "model.yaml"));
        var net = NetworkYamlLoader.LoadText(TemplateModel.NetworkYaml, "net.yaml");
        Assert.That(TrainedModel.LoadWeights(_dir, net).Layers["fc"].Bias, Is.Not.Null);
        Directory.CreateDirectory(Path.Combine(_dir, "model.yaml"));
        Assert.That(() => TrainedModel.LoadWeights(_dir, net), Throws.TypeOf<InputException>().With.Message.EqualTo($"{Path.Combine(_dir, "model.yaml")}: is a directory, not a file"));
    }

    [Test]
    public void WeightsDirectoriesAreCheckedBeforeAnyWork()
    {
        var net = TestNetworks.Tiny();
        var chip = TestNetworks.Chip();
        string Error(string dir) => Assert.Throws<InputException>(() => Compiler.Compile(net, chip, new CompileOptions { WeightsDirectory = dir }))!.Message;
        Assert.That(Error(_dir), Does.Contain("directory not found"));
        Directory.CreateDirectory(_dir);
        Assert.That(Error(_dir), Does.Contain("no .npy files"));
        string file = Path.Combine(_dir, "c1.npy");
        File.WriteAllBytes(file, NpyFiles.Float32([8, 3, 3, 3], new float[216]));
        Assert.That(Error(file), Does.Contain("is a file"));
        Assert.That(Error(_dir), Does.Contain("no weights for crossbar layer 'dw'"));
        File.WriteAllBytes(Path.Combine(_dir, "C2.npy"), NpyFiles.Float32([16, 8, 3, 3], new float[1152]));
        Assert.That(Error(_dir), Does.Contain("C2.npy").And.Contain("did you mean 'c2'"));
        File.Delete(Path.Combine(_dir, "C2.npy"));
        File.WriteAllBytes(Path.Combine(_dir, "pool.npy"), NpyFiles.Float32([1], new float[1]));
        Assert.That(Error(_dir), Does.Contain("'pool' is not a crossbar layer"));
        Assert.That(Error(_dir), Does.Not.Contain("\n"));
    }

    [Test]
    public void AccuracyCommandPrintsTheThreeAccuracies()
    {
        TemplateModel.Write(_dir);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(["accuracy", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", _dir, "--dataset", "fashion-mnist-1k", "--images", "40"], o, e);
        Assert.That(code, Is.Zero, e.ToString());
        Assert.That(o.ToString(), Does.Contain("40 images of fashion-mnist").And.Contain("float").And.Contain("ideal quantized").And.Contain("chip").And.Contain("conv1"));
        // --chip-only: the same chip line (same count), nothing else measured.
        string chipLine = o.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("chip ", StringComparison.Ordinal));
        var only = new StringWriter();
        code = Program.Run(["accuracy", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", _dir, "--dataset", "fashion-mnist-1k", "--images", "40", "--chip-only"], only, e);
        Assert.That(code, Is.Zero, e.ToString());
        Assert.That(only.ToString(), Does.Contain(chipLine).And.Not.Contain("float").And.Not.Contain("SQNR"));
        code = Program.Run(["accuracy", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", _dir, "--dataset", "cifar10"], o, e = new StringWriter());
        Assert.That(code, Is.EqualTo(2));
        Assert.That(e.ToString().Trim(), Does.Not.Contain("\n"));
    }

    [Test]
    public void RunAndCompareReportTheAccuracyTheInferenceGives()
    {
        // run and compare measure a trained network on the chip (same images, same chip ⇒ the same counts as
        // ChipInference) and put it in the report; --no-accuracy leaves it out; a zoo network has none.
        TemplateModel.Write(_dir, "weight_bits: 4\ninput_bits: 4\n");
        var model = TrainedModel.Load(_dir);
        var data = DatasetSource.Subset().Take(30);
        var expected = new[] { "adc4.yaml", "hcim.yaml" }.Select(c =>
            SimulationRunner.Accuracy(ArchitectureLoader.LoadFile(RepoFiles.Architecture(c)), model, data)).ToArray();
        string json = Path.Combine(_dir, "r.json");
        var e = new StringWriter();
        int code = Program.Run(["run", "--arch", RepoFiles.Architecture("hcim.yaml"), "--network", _dir, "--images", "30", "--json", json, "-q"], TextWriter.Null, e);
        Assert.That(code, Is.Zero, e.ToString());
        var a = ReportJson.ReadFile(json).Accuracy!;
        Assert.That((a.Images, a.FloatCorrect, a.IdealCorrect, a.ChipCorrect),
            Is.EqualTo((30, expected[1].FloatCorrect, expected[1].IdealCorrect, expected[1].ChipCorrect)));
        Assert.That(a.Dataset, Is.EqualTo("fashion-mnist"));

        string outDir = Path.Combine(_dir, "cmp");
        code = Program.Run(["compare", RepoFiles.Architecture("adc4.yaml"), RepoFiles.Architecture("hcim.yaml"), "--network", _dir, "--images", "30", "-o", outDir, "-q"], TextWriter.Null, e);
        Assert.That(code, Is.Zero, e.ToString());
        var csv = File.ReadAllLines(Path.Combine(outDir, "compare.csv"));
        Assert.That(csv[0], Does.EndWith(",accuracy_chip,accuracy_ideal_quantized,accuracy_float,accuracy_images"));
        for (int i = 0; i < 2; i++)
            Assert.That(csv[i + 1], Does.EndWith($",{CsvText.Number(expected[i].ChipAccuracy)},{CsvText.Number(expected[i].IdealAccuracy)},{CsvText.Number(expected[i].FloatAccuracy)},30"));

        File.Delete(json);
        code = Program.Run(["run", "--arch", RepoFiles.Architecture("hcim.yaml"), "--network", _dir, "--no-accuracy", "--json", json, "-q"], TextWriter.Null, e);
        Assert.That(code, Is.Zero, e.ToString());
        Assert.That(ReportJson.ReadFile(json).Accuracy, Is.Null);
    }
}
