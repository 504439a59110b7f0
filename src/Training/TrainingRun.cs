using CimSim.Training.Export;
using CimSim.Training.Models;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using static TorchSharp.torch;

namespace CimSim.Training;

/// <summary>What a stage needs besides its hyper-parameters.</summary>
/// <param name="Chip">The chip whose arithmetic QAT/PSQ mirror (precisions, crossbar, readout); null for float.</param>
/// <param name="FromDirectory">The previous stage's output directory (QAT: float; PSQ: QAT); null for float.</param>
/// <param name="Classes">Classes of the dataset.</param>
/// <param name="Info">Recorded in model.yaml.</param>
public sealed record StageSetup(MappingTarget? Chip, string? FromDirectory, int Classes, ModelInfo Info)
{
    /// <summary>The network to train (its layer names, shapes and per-layer precisions); null: ResNet-20 (the zoo's
    /// <c>resnet20</c>). ResNet-20 is built by <see cref="ResNet20"/>, any other network by <see cref="SequentialNet"/>.</summary>
    public Network? Network { get; init; }

    /// <summary>Whether the network is ResNet-20 (built by <see cref="ResNet20"/>).</summary>
    public bool IsResNet20 => Network is null || IsResNet20Network(Network);

    /// <summary>Whether <paramref name="n"/> is the zoo's ResNet-20 (residual adds, named resnet20).</summary>
    public static bool IsResNet20Network(Network n) =>
        n.Name.Split(':')[0].Equals("resnet20", StringComparison.OrdinalIgnoreCase) && n.Layers.Any(l => l.Op == LayerOp.ResidualAdd);

    /// <summary>Per-layer readouts of the chip (its <c>layers:</c> section: a layer on ADCs in an otherwise ADC-less chip,
    /// XPert's per-layer ADC bits); null when every layer has the chip's.</summary>
    public IReadOnlyDictionary<string, LayerReadout>? Readouts { get; init; }

    /// <summary>The chip as crossbar layer <paramref name="name"/> sees it (its own readout, else the chip's).</summary>
    public MappingTarget Target(string name) =>
        Readouts is { } r && r.TryGetValue(name, out var ro) ? ro.ApplyTo(Chip!) : Chip!;

    /// <summary>Whether the PSQ stage reads crossbar layer <paramref name="name"/> out binary or ternary (with learned α);
    /// a layer on ADCs keeps QAT's exact partial sums.</summary>
    public bool IsPsqLayer(string name) => Target(name).Readout != ReadoutKind.Adc;

    /// <summary>Weight and input bits of crossbar layer <paramref name="name"/>: the network's, else the chip's.</summary>
    public (int WeightBits, int InputBits) Precision(string name)
    {
        var l = Network?.Layers.FirstOrDefault(x => x.Name == name);
        return (l?.WeightBits ?? Chip!.WeightBits, l?.InputBits ?? Chip!.InputBits);
    }
}

/// <summary>
/// One training stage end to end: builds the model (QAT: the float model with batch norm folded and LSQ steps
/// initialised on the first 256 training images; PSQ: the QAT model with α calibrated on the same images, in chunks),
/// resumes from <c>checkpoint.bin</c> in the output directory if one is there, trains the remaining epochs with a
/// checkpoint after each (temporary name, then rename), and writes <c>training.json</c> (options, per-epoch loss,
/// accuracy and seconds) and the model files (docs/MODEL_FORMAT.md).
/// </summary>
public static class TrainingRun
{
    /// <summary>File of the last checkpoint in a stage's output directory.</summary>
    public const string CheckpointFile = "checkpoint.bin";
    /// <summary>History and options of a stage.</summary>
    public const string HistoryFile = "training.json";
    /// <summary>Images the steps and α are initialised on (the first of the training set, unaugmented).</summary>
    public const int CalibrationImages = 256;

    /// <summary>The stage a directory's training.json records, or null.</summary>
    public static TrainingStage? StageOf(string dir)
    {
        string p = Path.Combine(dir, HistoryFile);
        if (!File.Exists(p)) return null;
        return Enum.TryParse<TrainingStage>(TrainingHistory.Read(p).Stage, ignoreCase: true, out var st) ? st : null;
    }

    /// <summary>Epochs completed in a stage directory (0 without a checkpoint).</summary>
    public static int EpochsDone(string dir)
    {
        string p = Path.Combine(dir, HistoryFile);
        if (!File.Exists(p) || !File.Exists(Path.Combine(dir, CheckpointFile))) return 0;
        return TrainingHistory.Read(p).Epochs.Count;
    }

    /// <summary>A fresh float model of the setup's network (random parameters from libtorch's generator).</summary>
    public static ICrossbarNetwork Create(StageSetup setup, int channels) =>
        setup.IsResNet20 ? new ResNet20(channels, setup.Classes) : new SequentialNet(setup.Network!);

    /// <summary>Builds the model of <paramref name="stage"/> with random parameters in the stage's structure.</summary>
    public static ICrossbarNetwork Structure(TrainingStage stage, StageSetup setup, int channels, int height, int width)
    {
        var model = Create(setup, channels);
        if (stage == TrainingStage.Float) return model;
        foreach (var l in model.Layers)
        {
            l.FoldBatchNorm();
            var (wb, ib) = setup.Precision(l.LayerName);
            l.EnableQuantization(setup.Target(l.LayerName), wb, ib);
        }
        if (stage == TrainingStage.Psq)
        {
            using var zero = zeros(1, channels, height, width);
            CalibratePsq(model, setup, zero);
        }
        return model;
    }

    /// <summary>Images per forward of the PSQ calibration: one layer's partial sums for 256 images at once
    /// (ResNet-20 on hcim: ≈ 0.6 GB for the first layer) held in every layer outgrew a 24 GB machine.</summary>
    private const int PsqCalibrationChunk = 32;

    /// <summary>PSQ's α: 2·mean |p| of every (row block, input slice, readout column) over <paramref name="x"/>'s images,
    /// the partial sums computed on each layer's input in the QAT network (exact arithmetic upstream), in chunks of
    /// <see cref="PsqCalibrationChunk"/> images; then every binary/ternary layer switches to the crossbar readout
    /// (a layer the chip reads with ADCs stays exact).</summary>
    private static void CalibratePsq(ICrossbarNetwork model, StageSetup setup, Tensor x)
    {
        for (long start = 0; start < x.shape[0]; start += PsqCalibrationChunk)
        {
            using var scope = NewDisposeScope();
            var chunk = x.narrow(0, start, Math.Min(PsqCalibrationChunk, x.shape[0] - start));
            Calibrate(model, chunk, (l, input) => { if (setup.IsPsqLayer(l.LayerName)) l.Quantizer!.AccumulateCalibration(l, input); });
        }
        foreach (var l in model.Layers)
            if (setup.IsPsqLayer(l.LayerName)) l.EnablePsq();
    }

    private static void Calibrate(ICrossbarNetwork model, Tensor x, Action<CrossbarLayer, Tensor> onInput)
    {
        model.Module.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // every temporary stays referenced until the pass ends (TorchRuntime)
        foreach (var l in model.Layers) l.OnInput = onInput;
        try { model.Module.forward(x).Dispose(); }
        finally { foreach (var l in model.Layers) l.OnInput = null; }
    }

    /// <summary>
    /// The stage's starting model: fresh (float), or the previous stage's model directory loaded into the folded,
    /// quantized structure — QAT then initialises the LSQ steps on the calibration images (a float model has none),
    /// PSQ keeps the QAT steps and calibrates α.
    /// </summary>
    public static ICrossbarNetwork Start(TrainingOptions o, StageSetup setup, TrainingData train)
    {
        int c = train.Channels, h = train.Height, w = train.Width;
        if (o.Stage == TrainingStage.Float) return Create(setup, c);
        using var calib = Tensor(train.Take(CalibrationImages)); // referenced until calibrated (TorchRuntime)
        var model = Structure(TrainingStage.Qat, setup, c, h, w);
        ModelImporter.Load(model, setup.FromDirectory!);
        if (o.Stage == TrainingStage.Qat) Calibrate(model, calib, (l, x) => l.Quantizer!.InitSteps(l, x));
        else CalibratePsq(model, setup, calib);
        return model;
    }

    /// <summary>
    /// The distillation teacher of <paramref name="stage"/>: the model it starts from, as trained — QAT: the float model
    /// (batch norm folded, the same function); PSQ: the QAT model (its steps as learned) — in evaluation mode.
    /// </summary>
    public static ICrossbarNetwork Teacher(TrainingStage stage, StageSetup setup, int channels, int height, int width)
    {
        if (stage == TrainingStage.Float || setup.FromDirectory is null) throw new ArgumentException("only a QAT or PSQ stage, started from a model directory, has a teacher", nameof(stage));
        ICrossbarNetwork model;
        if (stage == TrainingStage.Psq) model = Structure(TrainingStage.Qat, setup, channels, height, width);
        else
        {
            model = Create(setup, channels);
            foreach (var l in model.Layers) l.FoldBatchNorm();
        }
        ModelImporter.Load(model, setup.FromDirectory);
        model.Module.eval();
        return model;
    }

    internal static Tensor Tensor(TrainingData d) => tensor(d.Images, [d.Count, d.Channels, d.Height, d.Width]);

    /// <summary>A resumed run continues the schedule it interrupted: the options that shape it must be the recorded ones
    /// (the thread count may differ).</summary>
    private static void CheckResumable(TrainingHistory h, TrainingOptions options, string historyFile)
    {
        var now = TrainingHistory.Of(options, h.Epochs);
        (string Option, object Recorded, object Given)[] fields =
        [
            ("--stage", h.Stage, now.Stage), ("--epochs", h.EpochsPlanned, now.EpochsPlanned), ("--batch-size", h.BatchSize, now.BatchSize),
            ("--lr", h.LearningRate, now.LearningRate), ("--seed", h.Seed, now.Seed), ("--distill", h.Distill, now.Distill),
            ("momentum", h.Momentum, now.Momentum), ("weight decay", h.WeightDecay, now.WeightDecay),
            ("augmentation", (h.AugmentShift, h.AugmentFlip), (now.AugmentShift, now.AugmentFlip)),
        ];
        foreach (var (option, was, given) in fields)
            if (!Equals(was, given))
                throw new InputException(historyFile, 0, 0, option,
                    $"the checkpoint was trained with {was}, this run asks for {given}; resume with the same options, or pass --force to start over");
    }

    /// <summary>Runs (or resumes) a stage and writes the model to <paramref name="outDir"/>; returns the final test accuracy.</summary>
    public static double Run(TrainingOptions options, StageSetup setup, TrainingData train, TrainingData test, string outDir,
        Action<TrainingProgress>? progress = null, Action<string>? log = null)
    {
        Directory.CreateDirectory(outDir);
        string ckpt = Path.Combine(outDir, CheckpointFile), histPath = Path.Combine(outDir, HistoryFile);
        int done = EpochsDone(outDir);
        if (done > 0) CheckResumable(TrainingHistory.Read(histPath), options, histPath);
        var (net, teacher) = TorchRuntime.Configure(options.Threads, options.Seed, () =>
            (done > 0 ? Structure(options.Stage, setup, train.Channels, train.Height, train.Width) : Start(options, setup, train),
             options.Distill > 0 ? Teacher(options.Stage, setup, train.Channels, train.Height, train.Width) : null));
        var model = net.Module;
        var trainer = new Trainer(model, options, teacher?.Module);
        var history = new List<EpochRecord>();
        if (done > 0)
        {
            history = [.. TrainingHistory.Read(histPath).Epochs];
            trainer.LoadState(TensorFile.Read(ckpt));
            log?.Invoke($"resuming after epoch {done} of {options.Epochs} from {ckpt}");
        }
        else if (options.Stage != TrainingStage.Float && test.Count > 0)
            log?.Invoke($"starting from {setup.FromDirectory}: test accuracy {Trainer.Evaluate(model, test, options.EvalBatchSize):P2} before training");
        double acc = done > 0 ? history[done - 1].TestAccuracy ?? double.NaN : double.NaN;
        for (int epoch = done + 1; epoch <= options.Epochs; epoch++)
        {
            var start = DateTime.UtcNow;
            var (loss, trainAcc) = trainer.TrainEpoch(epoch, train, progress);
            if (!double.IsFinite(loss))
                throw new InputException(null, 0, 0, "--lr", $"training diverged: the mean loss of epoch {epoch} is {loss} (try a lower learning rate than {options.LearningRate})");
            acc = test.Count > 0 ? Trainer.Evaluate(model, test, options.EvalBatchSize) : double.NaN;
            double seconds = (DateTime.UtcNow - start).TotalSeconds;
            progress?.Invoke(new TrainingProgress(epoch, 0, 0, loss, trainAcc, acc, seconds));
            history.Add(new EpochRecord(epoch, Math.Round(loss, 6), Math.Round(trainAcc, 6), double.IsNaN(acc) ? null : acc, Math.Round(seconds, 1)));
            TensorFile.Write(ckpt, trainer.State());
            TrainingHistory.Of(options, history).Write(histPath);
        }
        if (options.Stage == TrainingStage.Psq)
        {
            ModelExporter.FixAlpha(net);
            acc = test.Count > 0 ? Trainer.Evaluate(model, test, options.EvalBatchSize) : double.NaN;
            log?.Invoke($"with α as exported (8-bit codes, engine thresholds): test accuracy {acc:P2}");
        }
        ModelExporter.Write(net, setup.Info with { TestAccuracy = acc }, outDir);
        return acc;
    }
}
