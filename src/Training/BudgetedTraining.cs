using CimSim.Training.Export;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Training;

/// <summary>What <see cref="BudgetedTraining.Run"/> trains.</summary>
/// <param name="Network">The network (a crossbar layer's <see cref="Layer.WeightBits"/> / <see cref="Layer.InputBits"/>, when set, override the chip's for QAT).</param>
/// <param name="NetworkSpec">model.yaml's <c>network</c>: a zoo spec, or a network YAML file (its text is then stored beside the model).</param>
/// <param name="Dataset">model.yaml's <c>dataset</c>.</param>
/// <param name="Chip">The chip whose precisions QAT uses (weight bits, default input bits); the readout is not trained.</param>
/// <param name="Train">Training images (already cut to the budget).</param>
/// <param name="FloatEpochs">Float epochs from a seeded initialisation (≥ 1).</param>
/// <param name="QatEpochs">QAT epochs after them (0: the float model is the result).</param>
/// <param name="Seed">Seed of the initialisation, shuffling and augmentation.</param>
/// <param name="Threads">libtorch threads (deterministic on one).</param>
public sealed record BudgetedRequest(Network Network, string NetworkSpec, string Dataset, MappingTarget Chip, TrainingData Train,
    int FloatEpochs, int QatEpochs, long Seed, int Threads);

/// <summary>
/// A training a search can afford, in one call: float for <see cref="BudgetedRequest.FloatEpochs"/> (stage defaults:
/// SGD Nesterov, lr 0.1 cosine to 0 per batch, batch 128, weight decay 5·10⁻⁴, shift/flip augmentation), batch norm
/// folded, then QAT (lr 0.01, LSQ steps initialised on the first 256 images) at the network's per-layer precisions.
/// The float model goes to <c>DIR/float</c> (its checkpoint deleted when QAT is done), the result to <c>DIR</c> in the
/// model format. No test set is evaluated (the caller measures accuracy on its own images). Cancellation is checked
/// after every batch; a cancelled run leaves a partial directory the caller discards.
/// </summary>
public static class BudgetedTraining
{
    /// <summary>Sub-directory of the float stage's model.</summary>
    public const string FloatDirectory = "float";

    /// <summary>Trains <paramref name="r"/> into <paramref name="dir"/>; <paramref name="log"/> receives one line per epoch.</summary>
    public static void Run(BudgetedRequest r, string dir, Action<string>? log, CancellationToken cancel)
    {
        if (r.FloatEpochs < 1) throw new ArgumentOutOfRangeException(nameof(r), "at least one float epoch");
        if (r.QatEpochs < 0) throw new ArgumentOutOfRangeException(nameof(r), "QAT epochs must not be negative");
        bool zoo = NetworkZoo.IsZooSpec(r.NetworkSpec);
        string? yaml = zoo ? null : File.ReadAllText(r.NetworkSpec);
        var empty = r.Train.Take(0);
        string floatDir = r.QatEpochs > 0 ? Path.Combine(dir, FloatDirectory) : dir;
        void Progress(TrainingProgress p, TrainingStage stage, int epochs)
        {
            cancel.ThrowIfCancellationRequested();
            if (p.TestAccuracy is not null)
                log?.Invoke(FormattableString.Invariant($"{r.Network.Name} {stage.ToString().ToLowerInvariant()} epoch {p.Epoch}/{epochs}: loss {p.MeanLoss:F4}, train {p.TrainAccuracy:P2}, {p.EpochSeconds:F0} s"));
        }
        var info = new ModelInfo(r.NetworkSpec, r.Dataset, TrainingStage.Float, null, double.NaN, "budgeted training (float then QAT)") { NetworkYaml = yaml };
        var o = TrainingOptions.ForStage(TrainingStage.Float, r.FloatEpochs) with { Seed = r.Seed, Threads = r.Threads };
        var setup = new StageSetup(r.Chip, null, r.Network.Layers[^1].Output.Channels, info) { Network = r.Network };
        TrainingRun.Run(o, setup, r.Train, empty, floatDir, p => Progress(p, TrainingStage.Float, r.FloatEpochs));
        if (r.QatEpochs == 0) return;
        var q = TrainingOptions.ForStage(TrainingStage.Qat, r.QatEpochs) with { Seed = r.Seed, Threads = r.Threads };
        TrainingRun.Run(q, setup with { FromDirectory = floatDir, Info = info with { Stage = TrainingStage.Qat } }, r.Train, empty, dir,
            p => Progress(p, TrainingStage.Qat, r.QatEpochs));
        File.Delete(Path.Combine(floatDir, TrainingRun.CheckpointFile));
    }
}
