using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Onnx;

namespace CimSim.Workloads.Models;

/// <summary>A network argument resolved: the network, and its trained weights when it has them.</summary>
/// <param name="Network">The network (with the model's per-layer precisions when a model gives them).</param>
/// <param name="Model">The trained weights, biases, steps and α; null for a zoo network or network YAML without weights.</param>
public sealed record ResolvedNetwork(Network Network, TrainedModel? Model);

/// <summary>
/// The one place where a <c>--network</c> argument becomes a network: an ONNX file (.onnx), a trained model directory
/// (model.yaml + .npy, docs/MODEL_FORMAT.md), or a zoo network / network YAML — optionally with a directory of trained
/// weights (<c>--weights</c>). <c>run</c>, <c>compare</c>, <c>accuracy</c> and <c>net</c> read it the same way.
/// </summary>
public static class ModelSource
{
    /// <summary>True when <paramref name="network"/> names something with trained weights (an ONNX file or a model directory).</summary>
    public static bool IsTrained(string network) =>
        network.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || TrainedModel.IsModelDirectory(network);

    /// <summary>
    /// Resolves <paramref name="network"/>; <paramref name="dataset"/> (null: the network's or model's own) picks the input
    /// shape and may be a dataset name or a data path (then the shape of its images decides); <paramref name="weights"/> is
    /// a weights directory for a network that has none of its own.
    /// </summary>
    public static ResolvedNetwork Load(string network, string? dataset, string? weights = null)
    {
        string? shape = dataset is null ? null : ShapeName(dataset);
        if (IsTrained(network) && weights is not null)
            throw new InputException(null, 0, 0, "--weights", $"{network} is a trained model; it has its own weights");
        if (network.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var m = OnnxImporter.Load(network, shape);
            return new ResolvedNetwork(m.Network, m);
        }
        if (TrainedModel.IsModelDirectory(network))
        {
            var m = TrainedModel.Load(network, shape);
            return new ResolvedNetwork(m.Network, m);
        }
        var net = NetworkSource.Load(network, shape);
        if (weights is null) return new ResolvedNetwork(net, null);
        var model = TrainedModel.LoadWeights(weights, net);
        return new ResolvedNetwork(model.Network, model);
    }

    /// <summary>
    /// The trained model in <paramref name="modelsDirectory"/> that fits a chip best, for commands run without
    /// <c>--network</c>: among quantized models (stage qat or psq) whose precision is the chip's weight and input
    /// precision — the one most of its crossbar layers have, so a W3A3 network whose first layer reads the 8-bit image
    /// is a W3A3 network — a PSQ model trained for this very chip file (<c>trained_for</c>) with a binary/ternary
    /// readout first, then a QAT model; null when none fits (the caller falls back to a zoo network). Between models of one rank the
    /// higher recorded test accuracy wins (none recorded: lowest), then the directory name in ordinal order, so the choice
    /// does not depend on the file system.
    /// </summary>
    public static string? DefaultModelFor(string modelsDirectory, string chipFile, int weightBits, int inputBits, ReadoutKind readout)
    {
        if (!System.IO.Directory.Exists(modelsDirectory)) return null;
        string chipName = Path.GetFileName(chipFile);
        (int Rank, double Accuracy, string Dir)? best = null;
        foreach (var dir in System.IO.Directory.GetDirectories(modelsDirectory).Order(StringComparer.Ordinal))
        {
            if (!TrainedModel.IsModelDirectory(dir)) continue;
            var m = TrainedModel.Load(dir);
            var precision = m.Network.Layers.Where(l => l.IsCrossbar).CountBy(l => (l.WeightBits, l.InputBits))
                .OrderByDescending(p => p.Value).First().Key;
            if (precision != (weightBits, inputBits)) continue;
            int rank = m.Stage switch
            {
                "psq" when readout != ReadoutKind.Adc && m.TrainedFor is { } tf && Path.GetFileName(tf) == chipName => 0,
                "qat" => 1,
                _ => -1,
            };
            double accuracy = m.TestAccuracy ?? double.NegativeInfinity;
            if (rank >= 0 && (best is null || rank < best.Value.Rank || (rank == best.Value.Rank && accuracy > best.Value.Accuracy)))
                best = (rank, accuracy, dir);
        }
        return best?.Dir;
    }

    /// <summary>
    /// The images a trained model is measured on when none are named: its own dataset, except that Fashion-MNIST models
    /// use the shipped 1,000-image subset (always present, so a default run needs nothing installed).
    /// </summary>
    public static string DefaultEvaluationSet(TrainedModel model)
    {
        string ds = model.DatasetName ?? model.Network.Dataset;
        return ds == DatasetSource.FashionMnist ? DatasetSource.FashionMnistSubset : ds;
    }

    /// <summary>The network-shape name of a dataset argument: a known name as it is, else the shape of the data itself.</summary>
    public static string ShapeName(string dataset)
    {
        try { return Dataset.Get(dataset).Name; }
        catch (InputException) { }
        if (!DatasetSource.Refers(dataset))
            throw new InputException(null, 0, 0, "--dataset",
                $"'{dataset}' is neither a dataset name ({string.Join(", ", Dataset.All.Select(k => k.Name).Union(DatasetSource.Names))}) nor an existing file or directory");
        var d = DatasetSource.Open(dataset).Take(1);
        return Dataset.All.FirstOrDefault(k => k.Input == d.Shape && k.Classes == d.Classes)?.Name
            ?? throw new InputException(null, 0, 0, "--dataset", $"{dataset}: images of {d.Shape}; no known dataset has that shape (use a network YAML with input: [C, H, W])");
    }
}
