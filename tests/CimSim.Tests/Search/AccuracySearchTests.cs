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
        // Killed while training the phase-1 winner (the baseline's training, started ahead, finished).
        string baseline = AccuracyOracle.StructureOf(Space().NetworkSpec);
        Assert.Throws<OperationCanceledException>(() => CoSearch.Run(Space(),
            new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results, Trainer = new FakeTrainer { Cancels = s => s != baseline } }));
        Assert.That(Directory.GetDirectories(Path.Combine(dir, AccuracyOracle.ModelsDirectory)).Count(d => !d.EndsWith(".partial")), Is.EqualTo(1));
        var t = new FakeTrainer();
        var resumed = CoSearch.Run(Space(), new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results, Resume = true, Trainer = t });
        Assert.That(t.Calls, Is.LessThanOrEqualTo(1), "only the model that was not finished");
        Assert.That(resumed.Best.Design.Key, Is.EqualTo(straight.Best.Design.Key));
        Assert.That(resumed.Accuracy!.BestValidation, Is.EqualTo(straight.Accuracy!.BestValidation));
    }

    [Test]
    public void ATrainingStartedAheadIsWaitedForAndItsFailureReachesTheCaller()
    {
        var space = Space();
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"));
        var trainer = new FakeTrainer();
        using (var oracle = new AccuracyOracle(space, trainer, dir, resume: false, threads: 1))
        {
            oracle.TrainAhead(space.NetworkSpec);
            oracle.TrainAhead(space.NetworkSpec);
            var model = oracle.Model(space.NetworkSpec);
            Assert.That((trainer.Calls, oracle.Trained), Is.EqualTo((1, 1)), "asked ahead twice and once more: trained once");
            Assert.That(Path.GetFullPath(model.Directory), Is.EqualTo(oracle.ModelDirectory(space.NetworkSpec)));
        }
        using (var oracle = new AccuracyOracle(space, new FakeTrainer(), dir, resume: false, threads: 1))
        {
            oracle.TrainAhead(space.NetworkSpec);
            oracle.Model(space.NetworkSpec);
            Assert.That(oracle.Trained, Is.Zero, "a cached model is not trained ahead");
        }
        string other = Path.Combine(dir, "other");
        using (var oracle = new AccuracyOracle(space, new FakeTrainer { Cancels = _ => true }, other, resume: false, threads: 1))
        {
            oracle.TrainAhead(space.NetworkSpec);
            Assert.Throws<OperationCanceledException>(() => oracle.Model(space.NetworkSpec), "the failure of the training ahead");
            Assert.That(Directory.GetDirectories(Path.Combine(other, AccuracyOracle.ModelsDirectory)).Where(d => !d.EndsWith(".partial")), Is.Empty);
        }
        using (var oracle = new AccuracyOracle(space, null, Path.Combine(dir, "none"), resume: false, threads: 1))
            Assert.That(Assert.Throws<InputException>(() => oracle.TrainAhead(space.NetworkSpec))!.Message, Does.Contain("no trainer"), "on the caller's thread");
    }

    [Test]
    public void WhileTheBaselineTrainsAheadADesignsTestAccuracyIsMeasuredAndRecordedOnlyWhenAskedFor()
    {
        var space = Space();
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"));
        string baseline = AccuracyOracle.StructureOf(space.NetworkSpec);
        var design = new Design(space.LayerNames, space.Layers.Select(l => space.Phase1Default(l) with { Channels = 8 }).ToArray());
        var realized = CimSim.Search.Evaluation.DesignRealizer.Realize(space, design);
        double expected;
        using (var alone = new AccuracyOracle(space, new FakeTrainer(), Path.Combine(dir, "alone"), resume: false, threads: 2))
            expected = alone.Measure(design.Key, realized, test: true);

        var trainer = new FakeTrainer { Holds = s => s == baseline };
        string log = Path.Combine(dir, "ahead", AccuracyOracle.LogFile);
        var notes = new Notes();
        using (var oracle = new AccuracyOracle(space, trainer, Path.Combine(dir, "ahead"), resume: false, threads: 2) { Progress = notes })
        {
            oracle.TrainAhead(space.NetworkSpec);
            oracle.MeasureTestAhead(design.Key, realized);
            Assert.That(oracle.Known(AccuracyOracle.TestKey(design.Key)), Is.Null, "measured ahead, not yet recorded");
            Assert.That(File.ReadAllText(log), Does.Not.Contain("test|"));
            trainer.Release();
            oracle.Model(space.NetworkSpec);
            Assert.That(trainer.Calls, Is.EqualTo(2), "the baseline (held) and the design's network");
            Assert.That(oracle.Measure(design.Key, realized, test: true), Is.EqualTo(expected), "the value a measurement at the end gives");
            Assert.That(File.ReadAllText(log), Does.Contain("test|" + design.Key));
            Assert.That(notes.Lines.Count(l => l.StartsWith("measuring test accuracy")), Is.EqualTo(1), "measured once, ahead");
        }
        // With no training running ahead there is no core to spare: nothing is measured ahead.
        using (var oracle = new AccuracyOracle(space, new FakeTrainer(), Path.Combine(dir, "idle"), resume: false, threads: 2))
        {
            oracle.MeasureTestAhead(design.Key, realized);
            Assert.That(Directory.Exists(Path.Combine(dir, "idle", AccuracyOracle.ModelsDirectory)), Is.False, "no model trained, no image measured");
        }
    }

    private sealed class Notes : IProgress<string>
    {
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new();
        public void Report(string value) => Lines.Enqueue(value);
    }

    private sealed class LastProgress(Action<SearchProgress> keep) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => keep(value);
    }
}
