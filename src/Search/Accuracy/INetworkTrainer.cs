using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Search.Accuracy;

/// <summary>
/// The training budget of a search space (<c>training:</c> in the space YAML, docs/SEARCH.md): every network the
/// search trains — the phase-1 winner and the baseline — gets the same one.
/// </summary>
public sealed record TrainingBudget
{
    /// <summary>Float epochs from a seeded random initialisation (batch norm, then folded).</summary>
    public int FloatEpochs { get; init; } = 1;
    /// <summary>Quantization-aware epochs after the float ones, at the request's precisions; 0: float only.</summary>
    public int QatEpochs { get; init; } = 1;
    /// <summary>Training images: the first this many of the dataset's training split (the validation images are never among them).</summary>
    public int Images { get; init; } = 10_000;
    /// <summary>Seed of the initialisation, shuffling and augmentation.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>A canonical text of the budget, part of a trained model's cache key.</summary>
    public string Canonical => $"float_epochs={FloatEpochs};qat_epochs={QatEpochs};images={Images};seed={Seed}";
}

/// <summary>One network to train (see <see cref="INetworkTrainer"/>).</summary>
public sealed record TrainingRequest
{
    /// <summary>
    /// The network (widths and classifier as the search built it, input shape of the dataset); a crossbar layer's
    /// <see cref="Layer.InputBits"/> / <see cref="Layer.WeightBits"/>, when set, override <see cref="Chip"/>'s for QAT.
    /// </summary>
    public required Network Network { get; init; }
    /// <summary>The network's spec (a zoo spec such as <c>vgg16:channels=…</c>), to write as model.yaml's <c>network</c>.</summary>
    public required string NetworkSpec { get; init; }
    /// <summary>The chip the network is trained for: weight bits and default input bits for QAT (the readout is not trained).</summary>
    public required MappingTarget Chip { get; init; }
    /// <summary>The training images (already cut to <see cref="TrainingBudget.Images"/>).</summary>
    public required LabeledImages Train { get; init; }
    /// <summary>Epochs, seed.</summary>
    public required TrainingBudget Budget { get; init; }
    /// <summary>
    /// Where to write the trained model as a model directory (model.yaml + .npy tensors, docs/MODEL_FORMAT.md). The
    /// directory does not exist yet (the trainer creates it); the search renames it into its cache when
    /// <see cref="INetworkTrainer.Train"/> returns, so a half-written model is never taken for a finished one.
    /// </summary>
    public required string Directory { get; init; }
    /// <summary>Threads the trainer may use (the search's workers are idle while it trains).</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Progress lines (epoch, loss, accuracy) for the terminal; may be null.</summary>
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// Trains a network for the co-search's phase 2 (docs/SEARCH.md §"Accuracy"). The search never references the
/// trainer's assembly: the CLI passes an implementation backed by CimSim.Training (TorchSharp), tests a fake one.
/// Must be deterministic for the same request (the search caches by request, and a resumed search must reach the
/// same answer).
/// </summary>
public interface INetworkTrainer
{
    /// <summary>Identifies the trainer and its version; part of the cache key of every model it trains.</summary>
    string Name { get; }

    /// <summary>
    /// Trains <paramref name="request"/>'s network, writes it to <see cref="TrainingRequest.Directory"/> and returns it
    /// loaded (<see cref="TrainedModel.Load"/>). Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    TrainedModel Train(TrainingRequest request, CancellationToken cancel);
}
