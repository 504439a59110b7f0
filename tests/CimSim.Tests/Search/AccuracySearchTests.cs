using CimSim.Search;
using CimSim.Search.Accuracy;
using CimSim.Search.Output;
using CimSim.Search.Space;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Datasets;
using NUnit.Framework;

namespace CimSim.Tests.Search;

/// <summary>Searches with accuracy on real data (Fashion-MNIST's training split), trained by <see cref="FakeTrainer"/>.</summary>
public class AccuracySearchTests
{
    private static string SpaceYaml => $"""
        name: tiny-fmnist
        base:
          chip: {RepoFiles.Architecture("xpert-vgg16-baseline.yaml")}
          network: vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16
          dataset: fashion-mnist
        layers: [conv1, conv2, conv3, conv4]
        knobs:
          channels: [8, 16, 32]
          adc_type: [flash, sar]
          column_sharing: [4, 16]
          adc_bits: [4, 6]
          input_bits: [4, 8]
        constraints:
          area_mm2: {"{"} target: 36, tolerance: 0.05 {"}"}
        accuracy:
          dataset: fashion-mnist
          proxy: {"{"} images: 16, min_fraction: 0.99 {"}"}
          training: {"{"} float_epochs: 1, qat_epochs: 0, images: 64 {"}"}
          validation: {"{"} images: 24, designs: 3 {"}"}
          max_drop: 0.05
          test_images: 24
        search:
          evaluations: 6
          optimizers: [lagrangian-dp]
        """;

    private static SearchSpace Space() => SearchSpaceLoader.LoadText(SpaceYaml, "tiny-fmnist.yaml");

    [SetUp]
    public void NeedsTheTrainingSplit()
    {
        if (!DatasetSource.FashionMnistInstalled) Assert.Ignore("needs Fashion-MNIST's training split (tools/setup.sh data)");
    }

    [Test]
    public void TheSpaceFileIsReadAndChecked()
    {
        var a = Space().Accuracy!;
        Assert.That((a.ProxyImages, a.ValidationImages, a.ValidationDesigns, a.TestImages, a.Training.Images, a.Training.QatEpochs), Is.EqualTo((16, 24, 3, 24, 64, 0)));
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SpaceYaml.Replace("max_drop: 0.05", "max_drop: 2"), "x.yaml"))!;
        Assert.That(e.Message, Does.Contain("accuracy.max_drop"));
        var shipped = SearchSpaceLoader.LoadFile(Path.Combine(RepoFiles.Root, "architectures", "search", "xpert-vgg16-fashion-mnist.yaml"));
        Assert.That(shipped.Accuracy, Is.Not.Null);
        Assert.That(shipped.BaseNetwork.Layers.Count(l => l.Op == CimSim.Workloads.Networks.LayerOp.MaxPool), Is.EqualTo(4), "28×28: four pools");
    }

    [Test]
    public void SearchTrainsMeasuresAndResumesWithoutTrainingOrMeasuringAgain()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"));
        string results = Path.Combine(dir, "results.jsonl");
        var trainer = new FakeTrainer();
        SearchProgress? last = null;
        var first = CoSearch.Run(Space(), new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Trainer = trainer, Progress = new LastProgress(p => last = p) });
        var a = first.Accuracy!;
        // The last progress line names the search's answer (feasible only with its accuracy measured), not "none feasible yet".
        Assert.That(last!.Stage, Is.EqualTo("done"));
        Assert.That(last.BestObjective, Is.EqualTo(first.Best.Assessment.Feasible ? first.Best.Assessment.Objective : null));
        Assert.That(trainer.Calls, Is.InRange(1, 2), "the baseline and the phase-1 winner (once each)");
        Assert.That(a.Trained, Is.EqualTo(trainer.Calls));
        Assert.That(Directory.Exists(a.BaselineModel), Is.True);
        Assert.That(a.Floor, Is.EqualTo(a.BaselineValidation - 0.05).Within(1e-12));
        if (first.Best.Assessment.Feasible)
        {
            Assert.That(a.BestValidation, Is.GreaterThanOrEqualTo(a.Floor));
            Assert.That(a.BestTest, Is.Not.Null);
            // The best design's model directory runs as the design: its network carries the design's input bits.
            var m = CimSim.Workloads.Inference.TrainedModel.Load(a.BestModel!);
            var bits = first.Best.Design.LayerNames.Select((n, i) => (n, first.Best.Design.Choices[i].InputBits)).ToList();
            foreach (var (n, b) in bits) Assert.That(m.Network.Layers.First(l => l.Name == n).InputBits ?? 8, Is.EqualTo(b), n);
        }
        else Assert.That(first.Best.Assessment.Violations, Is.Not.Empty);
        // Every phase-1 design met the proxy floor or says it did not.
        foreach (var r in first.Runs.Where(r => r.Phase == 1))
            foreach (var e in r.Evaluated.Where(e => e.Assessment.Proxy is not null))
                Assert.That(e.Assessment.Proxy >= a.ProxyFloor || e.Assessment.Violations.Any(v => v.StartsWith("NASWOT")), Is.True, e.Design.Key);
        var files = SearchOutputs.Files(first);
        Assert.That(files.Select(f => f.Name), Does.Contain(SearchOutputs.AccuracyChartName + ".svg"));
        Assert.That(System.Text.Encoding.UTF8.GetString(files.First(f => f.Name == "summary.txt").Content), Does.Contain("validation: trained baseline"));

        // Resume: nothing trained, simulated or measured again; the same answer.
        var again = new FakeTrainer();
        var resumed = CoSearch.Run(Space(), new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results, Resume = true, Trainer = again });
        Assert.That(again.Calls, Is.Zero, "trained models come from the cache");
        Assert.That(resumed.Simulated, Is.Zero);
        Assert.That(resumed.Best.Design.Key, Is.EqualTo(first.Best.Design.Key));
        Assert.That(resumed.Accuracy!.BestTest, Is.EqualTo(a.BestTest));
        Assert.That(resumed.Accuracy.Validation, Is.EquivalentTo(a.Validation));
    }

    [Test]
    public void AnInterruptedTrainingLeavesNoModelAndTheResumedSearchTrainsIt()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"));
        string results = Path.Combine(dir, "results.jsonl");
        var straight = CoSearch.Run(Space(), new CoSearchOptions { Workers = 1, CompileThreads = 1, Trainer = new FakeTrainer() });
        // Killed while training the phase-1 winner (after the baseline's training).
        Assert.Throws<OperationCanceledException>(() => CoSearch.Run(Space(),
            new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results, Trainer = new FakeTrainer { CancelAfter = 1 } }));
        Assert.That(Directory.GetDirectories(Path.Combine(dir, AccuracyOracle.ModelsDirectory)).Count(d => !d.EndsWith(".partial")), Is.EqualTo(1));
        var t = new FakeTrainer();
        var resumed = CoSearch.Run(Space(), new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results, Resume = true, Trainer = t });
        Assert.That(t.Calls, Is.LessThanOrEqualTo(1), "only the model that was not finished");
        Assert.That(resumed.Best.Design.Key, Is.EqualTo(straight.Best.Design.Key));
        Assert.That(resumed.Accuracy!.BestValidation, Is.EqualTo(straight.Accuracy!.BestValidation));
    }

    private sealed class LastProgress(Action<SearchProgress> keep) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => keep(value);
    }
}
