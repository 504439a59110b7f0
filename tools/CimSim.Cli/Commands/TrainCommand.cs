using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Training;
using CimSim.Training.Export;
using CimSim.Training.Models;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim train --network resnet20 --dataset fashion-mnist [--arch CHIP] --stage float|qat|psq [--from DIR]
/// --epochs E --out DIR</c>: one training stage (docs/TRAINING.md). Float trains from scratch; QAT starts from a
/// float model directory, PSQ from a QAT one (<c>--from</c>). The output directory is a model CimSim loads
/// (docs/MODEL_FORMAT.md) plus <c>checkpoint.bin</c> and <c>training.json</c>; a run interrupted after an epoch
/// resumes from its checkpoint when started again with the same stage and epochs. libtorch (TorchSharp) is
/// loaded only when this command runs: everything touching it sits behind <see cref="Execute"/>.
/// </summary>
public static class TrainCommand
{
    private static readonly string[] OwnFiles = ["model.yaml", "checkpoint.bin", "training.json", ModelExporter.NetworkFile];

    public static Command Create(TextWriter stdout)
    {
        var network = new Option<string>("--network") { Description = "Network to train: resnet20, a sequential zoo CNN (vgg8, vgg16[:channels=…][:input_bits=…]) or a network YAML file of conv/fc/pooling layers.", DefaultValueFactory = _ => "resnet20" };
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (training set from tools/setup.sh data) or a dataset path.", DefaultValueFactory = _ => DatasetSource.FashionMnist };
        var arch = new Option<string?>("--arch") { Description = "Chip whose arithmetic QAT/PSQ mirror (precisions, crossbar, readout); required for qat and psq." };
        var stage = new Option<string>("--stage") { Description = "float, qat or psq.", Required = true };
        var from = new Option<string?>("--from") { Description = "The previous stage's model directory (qat: a float model; psq: a QAT model)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of this stage (the cosine schedule spans them).", Required = true };
        var output = CommonOptions.Out("Output model directory.", required: true);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing model or checkpoint in --out." };
        var seed = new Option<long>("--seed") { Description = "Seed (initialisation, shuffling, augmentation; 0 or more).", DefaultValueFactory = _ => 1 }.Range(0L, long.MaxValue);
        var threads = new Option<int>("--threads") { Description = "libtorch threads (results are deterministic for a seed on one thread).", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default: float 0.1, qat 0.002, psq 0.001)." };
        var distill = new Option<double>("--distill") { Description = "Weight (0–1) of distillation from the --from model's outputs (qat, psq; temperature 4): loss = (1 − w)·cross-entropy + w·distillation. 0: labels only.", DefaultValueFactory = _ => 0 };
        var trainImages = new Option<int?>("--train-images") { Description = "Use only the first N training images." };
        var testImages = new Option<int?>("--test-images") { Description = "Evaluate on the first N test images (default: all)." };
        var cmd = new Command("train", "Train a network for a chip: float, quantization-aware (LSQ) or partial-sum-aware (PSQ).")
        { network, dataset, arch, stage, from, epochs, output, force, seed, threads, batch, lr, distill, trainImages, testImages };
        cmd.SetAction(r =>
        {
            string net = r.GetValue(network)!;
            if (!Enum.TryParse<TrainingStage>(r.GetValue(stage), true, out var st) || !Enum.IsDefined(st))
                throw new InputException(null, 0, 0, "--stage", $"float, qat or psq, got '{r.GetValue(stage)}'");
            int e = r.GetValue(epochs);
            foreach (var (name, value, min) in new (string, int?, int)[] { ("--epochs", e, 1), ("--threads", r.GetValue(threads), 1),
                ("--batch-size", r.GetValue(batch), 1), ("--train-images", r.GetValue(trainImages), 1), ("--test-images", r.GetValue(testImages), 0) })
                if (value < min) throw new InputException(null, 0, 0, name, $"must be at least {min}, got {value}");
            if (r.GetValue(lr) is double rate && !(rate > 0 && double.IsFinite(rate))) throw new InputException(null, 0, 0, "--lr", $"must be a positive number, got {rate}");
            double w = r.GetValue(distill);
            if (!(w >= 0 && w <= 1)) throw new InputException(null, 0, 0, "--distill", $"must be between 0 and 1, got {w}");
            if (w > 0 && st == TrainingStage.Float) throw new InputException(null, 0, 0, "--distill", "--stage float has no teacher: distillation is for qat and psq, from the --from model");
            string? archPath = r.GetValue(arch), fromDir = r.GetValue(from);
            if (st == TrainingStage.Float && fromDir is not null)
                throw new InputException(null, 0, 0, "--from", "--stage float trains from scratch; --from is the previous stage's model, for qat and psq");
            ChipSpec? chip = null;
            if (st != TrainingStage.Float)
            {
                if (archPath is null) throw new InputException(null, 0, 0, "--arch", $"--stage {Name(st)} needs the chip (--arch FILE)");
                chip = ArchitectureLoader.LoadFile(archPath);
                // Training mirrors the chip's arithmetic (precisions, crossbar, readout); the tile count plays no part,
                // so a chip with hierarchy.tiles: auto is taken as one tile rather than sized for a network.
                if (!chip.IsSized) chip = chip with { Tiles = 1 };
                if (fromDir is null) throw new InputException(null, 0, 0, "--from", $"--stage {Name(st)} starts from a {(st == TrainingStage.Qat ? "float" : "QAT")} model directory (--from DIR)");
                var want = st == TrainingStage.Qat ? TrainingStage.Float : TrainingStage.Qat;
                if (!File.Exists(Path.Combine(fromDir, "model.yaml"))) throw new InputException(null, 0, 0, "--from", $"'{fromDir}' has no model.yaml");
                if (ModelImporter.StageOf(fromDir) is var got && got != want)
                    throw new InputException(null, 0, 0, "--from", $"'{fromDir}' is a {(got is null ? "model without a stage" : Name(got.Value) + " model")}; --stage {Name(st)} starts from a {Name(want)} model");
                if (st == TrainingStage.Psq && Readouts(chip) is var readouts && readouts.All(r => r == CimSim.Workloads.Mapping.ReadoutKind.Adc))
                    throw new InputException(null, 0, 0, "--arch", $"{chip.Name} reads every layer out with ADCs; PSQ training needs a binary or ternary readout");
            }
            string outDir = r.GetValue(output)!;
            bool resume = CheckOutput(outDir, st, e, r.GetValue(force));
            var train = DatasetSource.Open(r.GetValue(dataset)!, DatasetSplit.Train);
            var test = DatasetSource.Open(r.GetValue(dataset)!, DatasetSplit.Test);
            var netSpec = TrainableNetwork(net, train);
            if (chip is not null) SimulationRunner.LayerReadouts(chip, netSpec.Network); // its layers: entries name the network's layers
            if (st != TrainingStage.Float) CheckStartsFrom(fromDir!, netSpec.Network, st == TrainingStage.Psq ? chip!.ToMappingTarget() : null);
            string command = "cimsim " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ') ? $"'{a}'" : a));
            return Execute(stdout, new Job(st, e, r.GetValue(seed), r.GetValue(threads), r.GetValue(batch), r.GetValue(lr), w,
                r.GetValue(trainImages), r.GetValue(testImages), train, test, chip, archPath, fromDir, outDir, resume, command, netSpec.Network, netSpec.Yaml));
        });
        return cmd;
    }

    private static string Name(TrainingStage s) => s.ToString().ToLowerInvariant();

    /// <summary>
    /// The --from model must be the network being trained: the same crossbar layers with the same weight shapes, and for
    /// PSQ (<paramref name="chip"/> given), which keeps the QAT model's learned steps, the same precisions (a network spec
    /// that leaves them to the chip may not have them).
    /// </summary>
    private static void CheckStartsFrom(string fromDir, Network network, CimSim.Workloads.Mapping.MappingTarget? chip)
    {
        var from = TrainedModel.Load(fromDir).Network;
        static string Shape(Layer l) => $"{l.Output.Channels}×{l.MatrixRowsPerGroup}";
        var mine = network.Layers.Where(l => l.IsCrossbar).ToList();
        var theirs = from.Layers.Where(l => l.IsCrossbar).ToList();
        for (int i = 0; i < Math.Max(mine.Count, theirs.Count); i++)
        {
            var (l, f) = (mine.ElementAtOrDefault(i), theirs.ElementAtOrDefault(i));
            if (l is null || f is null || l.Name != f.Name || Shape(l) != Shape(f))
                throw new InputException(null, 0, 0, "--from",
                    $"'{fromDir}' holds {from.Name}, whose crossbar layer {i + 1} is {(f is null ? "missing" : $"{f.Name} ({Shape(f)} weights)")}; " +
                    $"--network {network.Name} has {(l is null ? "no such layer" : $"{l.Name} ({Shape(l)})")}: train the network the model was trained as");
            if (chip is null) continue;
            int w = l.WeightBits ?? chip.WeightBits, a = l.InputBits ?? chip.InputBits;
            if (f.WeightBits != w || f.InputBits != a)
                throw new InputException(null, 0, 0, "--network",
                    $"{l.Name} would train at W{w}A{a}, the --from model has it at W{f.WeightBits}A{f.InputBits}: pass --network {from.Name}");
        }
    }

    /// <summary>The chip's readout kinds: its own and its layers' (<c>layers:</c>).</summary>
    private static List<CimSim.Workloads.Mapping.ReadoutKind> Readouts(ChipSpec chip) =>
        [chip.ToMappingTarget().Readout, .. SimulationRunner.LayerReadouts(chip)?.Values.Select(r => r.Kind) ?? []];

    /// <summary>
    /// The network to train for <paramref name="data"/>'s images (a zoo spec or a YAML file, whose text the model
    /// directory then keeps); refused unless ResNet-20 or a sequential CNN whose input and classes fit the data.
    /// </summary>
    private static (Network Network, string? Yaml) TrainableNetwork(string spec, LabeledImages data)
    {
        string? datasetName = Dataset.All.Any(d => d.Input == data.Shape && d.Classes == data.Classes && data.Name.StartsWith(d.Name, StringComparison.OrdinalIgnoreCase))
            ? Dataset.All.First(d => data.Name.StartsWith(d.Name, StringComparison.OrdinalIgnoreCase)).Name : null;
        bool zoo = NetworkZoo.IsZooSpec(spec);
        var network = zoo ? NetworkZoo.Create(spec, datasetName is null ? null : Dataset.Get(datasetName)) : NetworkSource.Load(spec, datasetName);
        if (network.Input != data.Shape)
            throw new InputException(null, 0, 0, "--network", $"{network.Name} takes {network.Input} images, {data.Name} has {data.Shape}");
        if (network.Layers[^1].Output.Elements != data.Classes)
            throw new InputException(null, 0, 0, "--network", $"{network.Name} ends in {network.Layers[^1].Output}, {data.Name} has {data.Classes} classes");
        if (!StageSetup.IsResNet20Network(network) && SequentialNet.Unsupported(network) is { } why)
            throw new InputException(null, 0, 0, "--network", why);
        return (network, zoo ? null : File.ReadAllText(spec));
    }

    /// <summary>True to resume; throws when the directory holds something this run must not overwrite.</summary>
    private static bool CheckOutput(string dir, TrainingStage stage, int epochs, bool force)
    {
        if (File.Exists(dir)) throw new InputException(null, 0, 0, "--out", $"'{dir}' is a file; --out is the model directory to write");
        if (!Directory.Exists(dir)) return false;
        var files = Directory.GetFiles(dir);
        if (files.Length == 0) return false;
        if (force)
        {
            foreach (var f in files)
                if (OwnFiles.Contains(Path.GetFileName(f)) || f.EndsWith(".npy", StringComparison.Ordinal)) File.Delete(f);
            return false;
        }
        bool finished = File.Exists(Path.Combine(dir, "model.yaml"));
        int done = TrainingRun.EpochsDone(dir);
        if (!finished && done > 0 && TrainingRun.StageOf(dir) == stage && done < epochs) return true;
        throw new InputException(null, 0, 0, "--out", finished
            ? $"'{dir}' already holds a trained model; pass --force to overwrite it"
            : $"'{dir}' is not empty and holds no checkpoint of this stage to resume; pass --force to overwrite it");
    }

    private sealed record Job(TrainingStage Stage, int Epochs, long Seed, int Threads, int Batch, double? Lr, double Distill, int? TrainImages,
        int? TestImages, LabeledImages Train, LabeledImages Test, ChipSpec? Chip, string? ArchPath, string? From, string Out,
        bool Resume, string Command, Network Network, string? NetworkYaml);

    /// <summary>Everything that touches TorchSharp; not inlined, so libtorch loads only when a training runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Execute(TextWriter stdout, Job j)
    {
        var train = TrainingData.From(j.Train);
        var test = TrainingData.From(j.Test);
        if (j.TrainImages is int n) train = train.Take(n);
        if (j.TestImages is int m) test = test.Take(m);
        var o = TrainingOptions.ForStage(j.Stage, j.Epochs) with { Seed = j.Seed, Threads = j.Threads, BatchSize = j.Batch, Distill = j.Distill };
        if (j.Lr is double lr) o = o with { LearningRate = lr };
        var info = new ModelInfo(j.Network.Name, j.Train.Name, j.Stage, j.ArchPath, double.NaN, j.Command) { NetworkYaml = j.NetworkYaml };
        var setup = new StageSetup(j.Chip?.ToMappingTarget(), j.From, j.Train.Classes, info)
        { Network = j.Network, Readouts = j.Chip is null ? null : SimulationRunner.LayerReadouts(j.Chip, j.Network) };
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train {j.Network.Name} {Name(j.Stage)} on {j.Train.Name}: {train.Count:N0} training images, {test.Count:N0} test images, {j.Epochs} epochs, batch {o.BatchSize}, lr {o.LearningRate}{(o.Distill > 0 ? $", distillation {o.Distill} at T = {o.DistillTemperature}" : "")}, seed {o.Seed}, {o.Threads} thread(s){(j.Chip is null ? "" : $", chip {j.Chip.Name}")}"));
        var bar = new ProgressLine(stdout);
        double acc = TrainingRun.Run(o, setup, train, test, j.Out, p => bar.Report(p, j.Epochs), stdout.WriteLine);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {j.Out} (test accuracy {acc:P2})"));
        return 0;
    }

    /// <summary>Progress: a redrawn bar on a terminal, a line every 10 % of an epoch otherwise; a line per finished epoch.</summary>
    private sealed class ProgressLine(TextWriter w)
    {
        private readonly bool _tty = ReferenceEquals(w, Console.Out) && !Console.IsOutputRedirected;
        private int _lastTenth = -1;

        public void Report(TrainingProgress p, int epochs)
        {
            if (p.TestAccuracy is double acc)
            {
                if (_tty) w.Write('\r');
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {p.Epoch}/{epochs}: loss {p.MeanLoss:F4}, train {p.TrainAccuracy:P2}, test {acc:P2}, {p.EpochSeconds:F0} s"));
                _lastTenth = -1;
                return;
            }
            int tenth = p.Batch * 10 / p.Batches;
            string bar = new string('#', p.Batch * 30 / p.Batches).PadRight(30, '.');
            string text = string.Create(CultureInfo.InvariantCulture,
                $"epoch {p.Epoch}/{epochs} [{bar}] {p.Batch}/{p.Batches} loss {p.MeanLoss:F4} acc {p.TrainAccuracy:P2} {p.EpochSeconds:F0} s");
            if (_tty) w.Write("\r" + text);
            else if (tenth != _lastTenth) { w.WriteLine(text); _lastTenth = tenth; }
        }
    }
}
