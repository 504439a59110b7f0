using System.CommandLine;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Models;

namespace CimSim.Cli.Commands;

/// <summary>
/// The accuracy line of <c>run</c> and <c>compare</c>: when the network has trained weights, its top-1 accuracy on the
/// chip is measured (bit-exact, docs/ACCURACY.md) on the first <c>--images</c> images of its dataset, beside energy.
/// </summary>
internal static class RunAccuracy
{
    /// <summary>Images measured when none are named: the shipped Fashion-MNIST subset's size.</summary>
    public const int DefaultImages = 1000;

    public static Option<int> Images() => new Option<int>("--images")
    {
        Description = $"For a trained network (a model directory or .onnx): measure its accuracy on the first N images of --dataset (default: the shipped 1,000-image subset for Fashion-MNIST models, else the model's dataset; 0: every image).",
        DefaultValueFactory = _ => DefaultImages,
    }.Range(0, int.MaxValue);

    public static Option<bool> Skip() => new("--no-accuracy") { Description = "Do not measure a trained network's accuracy (energy, latency and area only)." };

    /// <summary>The images to measure on, opened (and so checked) before any simulation; null when there is nothing to measure.</summary>
    public static LabeledImages? OpenImages(TrainedModel? model, string? dataset, int images, bool skip)
    {
        if (model is null || skip) return null;
        var data = DatasetSource.Open(dataset ?? ModelSource.DefaultEvaluationSet(model));
        return images > 0 && images < data.Count ? data.Take(images) : data;
    }

    /// <summary>Refuses --images when none of the networks has trained weights (there is no accuracy to measure).</summary>
    public static void CheckImagesGiven(ParseResult r, Option<int> images, IEnumerable<TrainedModel?> models)
    {
        if (CommonOptions.Given(r, images) && models.All(m => m is null))
            throw new InputException(null, 0, 0, "--images", "accuracy is measured for a trained network only (a model directory or .onnx); this one has no trained weights");
    }

    /// <summary>Measures <paramref name="model"/> on <paramref name="spec"/> with a progress bar.</summary>
    public static AccuracySummary Measure(ChipSpec spec, TrainedModel model, LabeledImages data, Terminal term)
    {
        var r = term.Progress($"accuracy on {spec.Name}", p =>
            SimulationRunner.Accuracy(spec, model, data, new InferenceOptions { Progress = new Progress(p, data.Count) }));
        return AccuracySummary.Of(data.Name, r);
    }

    private sealed class Progress(ProgressReporter reporter, int total) : IProgress<int>
    {
        public void Report(int value) => reporter.Report(value, total);
    }
}
