using System.Text.Json;
using System.Text.Json.Nodes;
using CimSim.Training.Models;

namespace CimSim.Training;

/// <summary>
/// One training stage end to end: builds the model (from the previous stage's output for QAT and PSQ), resumes
/// from <c>checkpoint.bin</c> in the output directory if one is there, trains the remaining epochs with a
/// checkpoint after each (written to a temporary name and renamed) and writes <c>training.json</c>
/// (options, per-epoch loss and accuracy, seconds).
/// </summary>
public static class TrainingRun
{
    /// <summary>File of the last checkpoint in a stage's output directory.</summary>
    public const string CheckpointFile = "checkpoint.bin";
    /// <summary>History and options of a stage.</summary>
    public const string HistoryFile = "training.json";

    /// <summary>Runs (or resumes) a stage; returns the final test accuracy.</summary>
    public static double Run(TrainingOptions options, TrainingData train, TrainingData test, int classes, string outDir,
        Action<TrainingProgress>? progress = null, Action<ResNet20>? prepare = null)
    {
        TorchRuntime.Configure(options.Threads, options.Seed);
        Directory.CreateDirectory(outDir);
        var model = new ResNet20(train.Channels, classes);
        prepare?.Invoke(model);
        var trainer = new Trainer(model, options);
        string ckpt = Path.Combine(outDir, CheckpointFile), histPath = Path.Combine(outDir, HistoryFile);
        var history = new JsonArray();
        int done = 0;
        if (File.Exists(ckpt) && File.Exists(histPath))
        {
            var h = JsonNode.Parse(File.ReadAllText(histPath))!;
            history = h["epochs"]!.AsArray();
            done = history.Count;
            trainer.LoadState(TensorFile.Read(ckpt));
        }
        double acc = done > 0 ? history[done - 1]!["test_accuracy"]!.GetValue<double>() : double.NaN;
        for (int epoch = done + 1; epoch <= options.Epochs; epoch++)
        {
            var start = DateTime.UtcNow;
            var (loss, trainAcc) = trainer.TrainEpoch(epoch, train, progress);
            acc = Trainer.Evaluate(model, test, options.EvalBatchSize);
            double seconds = (DateTime.UtcNow - start).TotalSeconds;
            progress?.Invoke(new TrainingProgress(epoch, 0, 0, loss, trainAcc, acc, seconds));
            history.Add(new JsonObject
            {
                ["epoch"] = epoch, ["loss"] = Math.Round(loss, 6), ["train_accuracy"] = Math.Round(trainAcc, 6),
                ["test_accuracy"] = acc, ["seconds"] = Math.Round(seconds, 1),
            });
            TensorFile.Write(ckpt, trainer.State());
            WriteHistory(histPath, options, history);
        }
        return acc;
    }

    private static void WriteHistory(string path, TrainingOptions o, JsonArray history)
    {
        var root = new JsonObject
        {
            ["stage"] = o.Stage.ToString().ToLowerInvariant(),
            ["epochs_planned"] = o.Epochs, ["batch_size"] = o.BatchSize,
            ["learning_rate"] = o.LearningRate, ["momentum"] = o.Momentum, ["weight_decay"] = o.WeightDecay,
            ["seed"] = o.Seed, ["threads"] = o.Threads, ["augment_shift"] = o.AugmentShift, ["augment_flip"] = o.AugmentFlip,
            ["epochs"] = JsonNode.Parse(history.ToJsonString()),
        };
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}
