using System.Collections.Concurrent;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;

namespace CimSim.Search.Sweep;

/// <summary>
/// Runs one sweep point exactly as <c>cimsim run --arch CHIP --network NET --dataset DS --seed S</c> does: compile
/// (real partial sums, seeded; a trained model's own weights) and replay cycle by cycle, layer by layer; with the
/// accuracy figure, also <c>cimsim accuracy</c>'s chip-faithful top-1 accuracy on the spec's images. A point whose network cannot run on its
/// chip (an <see cref="InputException"/>, e.g. too few tiles) gives a result with that error, not an exception.
/// Thread-safe; results do not depend on the compile threads or the shared layer cache.
/// </summary>
public sealed class SweepEvaluator(SweepSpec spec, int compileThreads = 1, LayerCache? layerCache = null)
{
    private readonly ConcurrentDictionary<(string, string?), Lazy<TrainedModel>> _models = new();
    private readonly ConcurrentDictionary<string, Lazy<LabeledImages>> _images = new();

    /// <summary>Evaluates <paramref name="p"/>.</summary>
    public SweepResult Evaluate(SweepPoint p)
    {
        try
        {
            // A trained model directory: simulate its network with its weights (and measure its accuracy on the chip).
            var model = TrainedModel.IsModelDirectory(p.Network)
                ? _models.GetOrAdd((p.Network, p.Dataset), k => new Lazy<TrainedModel>(() => TrainedModel.Load(k.Item1, k.Item2))).Value : null;
            var net = model?.Network ?? NetworkSource.Load(p.Network, p.Dataset);
            var chip = ChipModel.Build(ChipAssembly.SizedFor(p.Chip, net)); // tiles: auto follows the point's network, as run does
            var trace = SimulationRunner.Compile(chip, net, new CompileOptions
            {
                Seed = p.Seed, Dataset = net.Dataset, MaxThreads = Math.Max(1, compileThreads), LayerCache = layerCache,
                WeightsDirectory = model?.Directory,
            });
            var t = SimulationRunner.Simulate(chip, trace, new ReplayOptions()).Totals;
            AccuracyResult? accuracy = null;
            if (spec.Accuracy is { } a && model is not null)
            {
                string source = a.Dataset ?? model.DatasetName ?? net.Dataset;
                var data = _images.GetOrAdd(source, s => new Lazy<LabeledImages>(() => DatasetSource.Open(s))).Value;
                if (a.Images > 0 && a.Images < data.Count) data = data.Take(a.Images);
                accuracy = ChipInference.Run(model, chip.Spec.ToMappingTarget(), data, new InferenceOptions
                {
                    MaxThreads = Math.Max(1, compileThreads), CalibrationImages = a.Calibration, Readouts = SimulationRunner.LayerReadouts(p.Chip, model.Network),
                    Tilings = SimulationRunner.LayerTilings(chip.Spec),
                });
            }
            return SweepResultJson.Ran(spec, p, p.NetworkLabel, net.Dataset, t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2,
                t.TopsPerW, t.TopsPerMm2, t.Ops / 2, accuracy);
        }
        catch (InputException e)
        {
            return SweepResultJson.Failed(spec, p, e.File is null ? e.Reason : e.Message);
        }
    }
}
