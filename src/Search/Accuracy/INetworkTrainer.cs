using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Search.Space;

namespace CimSim.Search.Accuracy;

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
    /// <summary>Threads the trainer may use (the search's own count: a training started ahead shares the machine with
    /// the search's evaluations and with another training).</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Progress lines (epoch, loss, accuracy) for the terminal; may be null.</summary>
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// Trains a network for the co-search's phase 2 (docs/SEARCH.md §"Accuracy"). The search never references the
/// trainer's assembly: the CLI passes an implementation backed by CimSim.Training (TorchSharp), tests a fake one.
/// Must be deterministic for the same request (the search caches by request, and a resumed search must reach the
/// same answer), also when two requests train at once on two threads (<see cref="AccuracyOracle.TrainAhead"/>).
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
