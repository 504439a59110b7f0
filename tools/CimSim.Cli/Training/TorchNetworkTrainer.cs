using System.Runtime.CompilerServices;
using CimSim.Search.Accuracy;
using CimSim.Training;
using CimSim.Workloads.Inference;

namespace CimSim.Cli.Training;

/// <summary>
/// The co-search's <see cref="INetworkTrainer"/> backed by CimSim.Training (TorchSharp): float for the budget's float
/// epochs, then QAT at the request's per-layer precisions (<see cref="BudgetedTraining"/>), written as a model
/// directory and loaded back. libtorch loads only when <see cref="Train"/> runs. Deterministic for a request on one
/// thread (the search asks for one).
/// </summary>
public sealed class TorchNetworkTrainer : INetworkTrainer
{
    /// <inheritdoc />
    /// <remarks>Change the version when the training changes what it produces (cache key of trained models).</remarks>
    public string Name => "cimsim-training/1 (float+qat, sgd-nesterov lr 0.1/0.01 cosine, batch 128, shift2+flip)";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.NoInlining)]
    public TrainedModel Train(TrainingRequest request, CancellationToken cancel)
    {
        var r = new BudgetedRequest(request.Network, request.NetworkSpec, request.Network.Dataset, request.Chip,
            TrainingData.From(request.Train), request.Budget.FloatEpochs, request.Budget.QatEpochs, request.Budget.Seed, request.Threads);
        BudgetedTraining.Run(r, request.Directory, line => request.Progress?.Report(line), cancel);
        return TrainedModel.Load(request.Directory);
    }
}
