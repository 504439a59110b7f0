using CimSim.Search.Accuracy;
using CimSim.Workloads.Inference;

namespace CimSim.Cli.Commands;

/// <summary>
/// The co-search's trainer (<see cref="INetworkTrainer"/>, docs/SEARCH.md §"Accuracy") backed by CimSim.Training.
/// The search itself never references CimSim.Training (it depends on the simulator only); this adapter is where the
/// two meet. Until CimSim.Training has a trainer for VGG-style networks built from a <c>Network</c> (the "nettrain"
/// work), a space that needs training stops with a one-line error before any training starts.
/// </summary>
internal sealed class SearchTrainer : INetworkTrainer
{
    /// <inheritdoc />
    public string Name => "cimsim-training/none";

    /// <inheritdoc />
    public TrainedModel Train(TrainingRequest request, CancellationToken cancel) =>
        throw new InputException(null, 0, 0, "accuracy.training",
            $"cannot train {request.NetworkSpec}: this build of CimSim.Training has no trainer for VGG networks yet; put a trained model directory in {Path.GetDirectoryName(request.Directory)} or use a build with the network trainer");
}
