using System.Diagnostics;
using CimSim.Search.Accuracy;
using CimSim.Simulator.Architecture;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Search;

[Explicit("timing probe")]
public class AccuracyProbeTests
{
    [Test]
    public void ChipInferenceSpeed()
    {
        var chip = ArchitectureLoader.LoadFile(RepoFiles.Architecture("xpert-vgg16-baseline.yaml"));
        foreach (var spec in new[] { "vgg16:channels=64,64,64,64,64,64,64,64,64,64,64,64,64", "vgg16" })
        {
            var net = NetworkZoo.Create(spec, Dataset.FashionMnist);
            string dir = Path.Combine(Path.GetTempPath(), "probe-" + Guid.NewGuid().ToString("N"));
            var m = new FakeTrainer().Train(new TrainingRequest
            {
                Network = net, NetworkSpec = spec, Chip = chip.ToMappingTarget(), Train = DatasetSource.Subset(), Budget = new TrainingBudget(), Directory = dir,
            }, CancellationToken.None);
            var sw = Stopwatch.StartNew();
            var r = ChipInference.Run(m, chip.ToMappingTarget(), DatasetSource.Subset().Take(100), new InferenceOptions { MaxThreads = 1 });
            TestContext.Out.WriteLine($"{spec}: 100 images {sw.Elapsed.TotalSeconds:F2} s, chip {r.ChipAccuracy:P1}");
            sw.Restart();
            var s = Naswot.Score(net, DatasetSource.Subset(), 128, 1, 1);
            TestContext.Out.WriteLine($"{spec}: naswot {s.Score:F1} in {sw.Elapsed.TotalSeconds:F2} s");
        }
    }
}
