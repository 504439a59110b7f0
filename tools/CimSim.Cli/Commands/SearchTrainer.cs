using CimSim.Search.Accuracy;
using CimSim.Training;
using CimSim.Training.Export;
using CimSim.Workloads.Inference;

namespace CimSim.Cli.Commands;

/// <summary>
/// The co-search's trainer (<see cref="INetworkTrainer"/>, docs/SEARCH.md §"Accuracy") backed by CimSim.Training.
/// The search itself never references CimSim.Training (it depends on the simulator only); this adapter is where the
/// two meet. A request trains the network from a seeded random start: float for the budget's float epochs (to
/// <c>DIR-float</c>), then quantization-aware at the request's precisions for its QAT epochs (to DIR), with the
/// stages' default hyper-parameters (docs/TRAINING.md). The per-epoch accuracy the trainer logs is measured on the
/// first 256 training images (the request carries no held-out images: the search measures accuracy itself).
/// </summary>
internal sealed class SearchTrainer : INetworkTrainer
{
    /// <summary>Images of the per-epoch accuracy the trainer records.</summary>
    private const int MonitorImages = 256;

    /// <inheritdoc />
    public string Name => "cimsim-training/sequential/1";

    /// <inheritdoc />
    public TrainedModel Train(TrainingRequest r, CancellationToken cancel)
    {
        var train = TrainingData.From(r.Train);
        var monitor = TrainingData.From(r.Train.Take(MonitorImages));
        var b = r.Budget;
        if (b.QatEpochs > 0 && b.FloatEpochs == 0)
            throw new InputException(null, 0, 0, "accuracy.training.float_epochs", "QAT starts from a float model: give float_epochs ≥ 1");
        string floatDir = b.QatEpochs > 0 ? r.Directory + "-float" : r.Directory;
        void Log(string s) => r.Progress?.Report(s);
        void Epoch(TrainingProgress p)
        {
            if (p.Batch == 0) Log($"  epoch {p.Epoch}: loss {p.MeanLoss:F4}, train accuracy {p.TrainAccuracy:P2}, {p.EpochSeconds:F0} s");
        }
        if (b.FloatEpochs > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Log($"training {r.NetworkSpec}: float, {b.FloatEpochs} epoch(s) on {r.Train.Count} images");
            TrainingRun.Run(TrainingOptions.ForStage(TrainingStage.Float, b.FloatEpochs) with { Seed = b.Seed, Threads = r.Threads },
                new StageSetup(null, null, r.Train.Classes, new ModelInfo(r.NetworkSpec, r.Network.Dataset, TrainingStage.Float, null, 0, "cimsim search")) { Network = r.Network },
                train, monitor, floatDir, Epoch, Log);
        }
        if (b.QatEpochs > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Log($"training {r.NetworkSpec}: QAT, {b.QatEpochs} epoch(s)");
            TrainingRun.Run(TrainingOptions.ForStage(TrainingStage.Qat, b.QatEpochs) with { Seed = b.Seed, Threads = r.Threads },
                new StageSetup(r.Chip, b.FloatEpochs > 0 ? floatDir : null, r.Train.Classes,
                    new ModelInfo(r.NetworkSpec, r.Network.Dataset, TrainingStage.Qat, null, 0, "cimsim search")) { Network = r.Network },
                train, monitor, r.Directory, Epoch, Log);
            if (b.FloatEpochs > 0 && Directory.Exists(floatDir)) Directory.Delete(floatDir, recursive: true);
        }
        return TrainedModel.Load(r.Directory);
    }
}
