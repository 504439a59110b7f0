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
/// hyper-parameters of <see cref="Options"/>. It evaluates nothing (the request carries no held-out images: the search
/// measures accuracy itself), so the model it writes has no <c>test_accuracy</c>.
/// </summary>
internal sealed class SearchTrainer : INetworkTrainer
{
    /// <inheritdoc />
    public string Name => "cimsim-training/sequential/2;float lr 0.05;qat lr 0.001;batch 64;threads 1";

    /// <summary>
    /// The one-epoch budget's hyper-parameters (docs/TRAINING.md "Proposed budget", measured by the trainer's author):
    /// float peak lr 0.05 and QAT lr 0.001, batch 64, one libtorch thread (two are 3–4× slower here). The stage
    /// defaults (lr 0.1 / 0.01, batch 128) reach 49 % and collapse QAT to 21 % in one epoch.
    /// </summary>
    private static TrainingOptions Options(TrainingStage stage, int epochs, long seed) =>
        TrainingOptions.ForStage(stage, epochs) with
        {
            Seed = seed, Threads = 1, BatchSize = 64, LearningRate = stage == TrainingStage.Float ? 0.05 : 0.001,
        };

    /// <inheritdoc />
    public TrainedModel Train(TrainingRequest r, CancellationToken cancel)
    {
        var train = TrainingData.From(r.Train);
        // No evaluation during training: the search measures accuracy itself, on its held-out validation images, and
        // a model.yaml "test_accuracy" of training images would be mislabelled.
        var monitor = train.Take(0);
        var b = r.Budget;
        if (b.QatEpochs > 0 && b.FloatEpochs == 0)
            throw new InputException(null, 0, 0, "accuracy.training.float_epochs", "QAT starts from a float model: give float_epochs ≥ 1");
        string floatDir = b.QatEpochs > 0 ? r.Directory + "-float" : r.Directory;
        void Log(string s) => r.Progress?.Report(s);
        // Two networks may train at once (the baseline ahead of the phase-1 winner): every line names its network.
        Action<TrainingProgress> Epoch(string stage) => p =>
        {
            if (p.Batch == 0) Log($"  {r.NetworkSpec}, {stage} epoch {p.Epoch}: loss {p.MeanLoss:F4}, train accuracy {p.TrainAccuracy:P2}, {p.EpochSeconds:F0} s");
        };
        if (b.FloatEpochs > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Log($"training {r.NetworkSpec}: float, {b.FloatEpochs} epoch(s) on {r.Train.Count} images");
            TrainingRun.Run(Options(TrainingStage.Float, b.FloatEpochs, b.Seed),
                new StageSetup(null, null, r.Train.Classes, new ModelInfo(r.NetworkSpec, r.Network.Dataset, TrainingStage.Float, null, 0, "cimsim search")) { Network = r.Network },
                train, monitor, floatDir, Epoch("float"), Log);
        }
        if (b.QatEpochs > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Log($"training {r.NetworkSpec}: QAT, {b.QatEpochs} epoch(s)");
            TrainingRun.Run(Options(TrainingStage.Qat, b.QatEpochs, b.Seed),
                new StageSetup(r.Chip, b.FloatEpochs > 0 ? floatDir : null, r.Train.Classes,
                    new ModelInfo(r.NetworkSpec, r.Network.Dataset, TrainingStage.Qat, null, 0, "cimsim search")) { Network = r.Network },
                train, monitor, r.Directory, Epoch("QAT"), Log);
            if (b.FloatEpochs > 0 && Directory.Exists(floatDir)) Directory.Delete(floatDir, recursive: true);
        }
        return TrainedModel.Load(r.Directory);
    }
}
