using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Models;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim accuracy --arch CHIP --network MODEL --dataset D [--images N]</c>: top-1 accuracy of a trained network in
/// float, quantized with exact integer arithmetic, and as the chip computes it (bit-exact crossbars and readout, the
/// chip's reconstructed outputs propagated), plus per-layer SQNR (docs/ACCURACY.md); with <c>--chip-only</c> the chip's
/// alone, in the fast bit-sliced form.
/// </summary>
public static class AccuracyCommand
{
    public static Command Create(TextWriter stdout)
    {
        var arch = CommonOptions.Arch(required: true);
        var network = CommonOptions.NotEmpty(new Option<string>("--network") { Description = "A trained model directory (model.yaml + .npy, docs/MODEL_FORMAT.md), or a zoo network / network YAML with --weights.", Required = true });
        var weights = CommonOptions.Weights();
        var dataset = CommonOptions.NotEmpty(new Option<string?>("--dataset") { Description = "fashion-mnist, fashion-mnist-1k (shipped subset), an idx directory, IMAGES.npy[,LABELS.npy] (default: the model's dataset)." });
        var images = new Option<int>("--images") { Description = "Use the first N images (0: all).", DefaultValueFactory = _ => 0 }.Range(0, int.MaxValue);
        var calibration = new Option<int>("--calibration") { Description = "Images used to calibrate activation steps and α the model does not give.", DefaultValueFactory = _ => 64 }.Range(1, int.MaxValue);
        var chipOnly = new Option<bool>("--chip-only") { Description = "Only the chip's accuracy (no float, ideal quantized or SQNR): the same count, several times faster." };
        var workers = CommonOptions.Workers("Images evaluated in parallel.");
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("accuracy", "Top-1 accuracy of a trained network: float, ideal quantized and on the chip.")
        { arch, network, weights, dataset, images, calibration, chipOnly, workers.Workers, workers.Threads, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            var spec = ArchitectureLoader.LoadFile(r.GetValue(arch)!);
            string net = r.GetValue(network)!;
            string? ds = r.GetValue(dataset);
            if (!ModelSource.IsTrained(net) && r.GetValue(weights) is null)
                throw new InputException(null, 0, 0, "--network", $"'{net}' is not a trained model directory (no model.yaml) or ONNX file; give one, or a network with --weights DIR");
            var model = ModelSource.Load(net, ds, r.GetValue(weights)).Model!;
            var data = DatasetSource.Open(ds ?? model.DatasetName ?? model.Network.Dataset);
            if (r.GetValue(images) > 0) data = data.Take(r.GetValue(images));
            spec = ChipAssembly.SizedFor(spec, model.Network);
            var target = spec.ToMappingTarget();
            var sw = Stopwatch.StartNew();
            InferenceOptions Options(ProgressReporter progress) => new()
            {
                MaxThreads = CommonOptions.GetWorkers(r, workers), CalibrationImages = r.GetValue(calibration),
                Progress = new Counting(progress, data.Count),
            };
            if (r.GetValue(chipOnly))
            {
                double chip = term.Progress("accuracy", progress => SimulationRunner.ChipAccuracy(spec, model, data, Options(progress)));
                PrintHeader(term.Out, model, spec.Name, target, data);
                PrintLine(term.Out, "chip", chip, data.Count);
                term.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sw.Elapsed.TotalSeconds:F2} s"));
                return 0;
            }
            var result = term.Progress("accuracy", progress => SimulationRunner.Accuracy(spec, model, data, Options(progress)));
            Print(term.Out, model, spec.Name, target, data, result, sw.Elapsed.TotalSeconds);
            return 0;
        });
        return cmd;
    }

    /// <summary>Describes the chip's readout as the accuracy table names it.</summary>
    public static string Readout(MappingTarget t) => t.Readout switch
    {
        ReadoutKind.Adc => t.AdcRange == AdcRange.Unit ? $"{t.AdcBits}-bit ADC" : $"{t.AdcBits}-bit ADC ({t.AdcRange.ToString().ToLowerInvariant()} range)",
        ReadoutKind.Binary => $"binary PSQ ({t.ScaleFactorBits}-bit α)",
        _ => $"ternary PSQ ({t.ScaleFactorBits}-bit α)",
    };

    private static void PrintHeader(TextWriter o, TrainedModel model, string chip, MappingTarget t, LabeledImages data)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{model.Network.Name} ({model.Directory}) on {chip}: {Readout(t)}, {t.CrossbarRows}x{t.CrossbarColumns} crossbars, {t.BitsPerCell}-bit cells, {t.DacBits}-bit DAC, {t.SignedWeights.ToString().ToLowerInvariant()} weights"));
        o.WriteLine(string.Create(inv, $"{data.Count:N0} images of {data.Name} ({data.Source})"));
    }

    /// <summary>One accuracy row: the percentage and the count (accuracy × images is the exact count it came from).</summary>
    private static void PrintLine(TextWriter o, string what, double accuracy, int images) =>
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-16} {100 * accuracy,7:F2} %  ({(long)Math.Round(accuracy * images)}/{images})"));

    private static void Print(TextWriter o, TrainedModel model, string chip, MappingTarget t, LabeledImages data, AccuracyResult r, double seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        PrintHeader(o, model, chip, t, data);
        PrintLine(o, "float", r.FloatAccuracy, r.Images);
        PrintLine(o, "ideal quantized", r.IdealAccuracy, r.Images);
        PrintLine(o, "chip", r.ChipAccuracy, r.Images);
        o.WriteLine(t.Readout == ReadoutKind.Adc ? "  layer                     W/A bits  input step   SQNR (dB)  ADC LSB" : "  layer                     W/A bits  input step   SQNR (dB)  alpha");
        foreach (var l in r.Layers)
            o.WriteLine(string.Create(inv, $"  {l.Name,-25} {l.WeightBits,3}/{l.InputBits,-4} {l.InputStep,11:G4} {(double.IsPositiveInfinity(l.SqnrDb) ? "exact" : l.SqnrDb.ToString("F2", inv)),11}  {(l.AdcLsb > 0 ? l.AdcLsb.ToString("G4", inv) : l.LearnedAlpha ? "learned" : "calibrated")}"));
        long biasAdds = r.Layers.Sum(l => l.BiasAdds);
        o.WriteLine(string.Create(inv, $"{biasAdds:N0} digital bias adds per image; {seconds:F2} s"));
    }

    /// <summary>Images done, as the shared progress printer shows them.</summary>
    private sealed class Counting(ProgressReporter progress, int total) : IProgress<int>
    {
        public void Report(int value) => progress.Report(value, total, "images");
    }
}
