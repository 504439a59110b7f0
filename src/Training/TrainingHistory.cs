using System.Text.Json.Serialization;
using CimSim.Workloads.Json;

namespace CimSim.Training;

/// <summary>
/// <c>training.json</c> of a stage's output directory: the options the stage ran with and one entry per finished
/// epoch. Written after every epoch (temporary name, then rename) and read to resume; one JSON form
/// (<see cref="JsonText"/>'s rules).
/// </summary>
public sealed record TrainingHistory(string Schema, string Stage, int EpochsPlanned, int BatchSize, double LearningRate,
    double Momentum, double WeightDecay, long Seed, int Threads, int AugmentShift, bool AugmentFlip, IReadOnlyList<EpochRecord> Epochs)
{
    /// <summary>The schema tag.</summary>
    public const string SchemaTag = "cimsim.training/1";

    /// <summary>Distillation weight λ (0: none; <see cref="TrainingOptions.Distill"/>); absent from histories written before it existed.</summary>
    public double Distill { get; init; }
    /// <summary>Distillation temperature, when <see cref="Distill"/> &gt; 0.</summary>
    public double? DistillTemperature { get; init; }

    /// <summary>The history of a stage run with <paramref name="o"/> after <paramref name="epochs"/>.</summary>
    public static TrainingHistory Of(TrainingOptions o, IReadOnlyList<EpochRecord> epochs) => new(SchemaTag,
        o.Stage.ToString().ToLowerInvariant(), o.Epochs, o.BatchSize, o.LearningRate, o.Momentum, o.WeightDecay,
        o.Seed, o.Threads, o.AugmentShift, o.AugmentFlip, epochs)
    { Distill = o.Distill, DistillTemperature = o.Distill > 0 ? o.DistillTemperature : null };

    /// <summary>Reads <paramref name="path"/>; a file that is not a training history is an <c>InputException</c>.</summary>
    public static TrainingHistory Read(string path) =>
        JsonText.ReadFile(path, SchemaTag, "training history", " (written by cimsim train)", TrainingJsonContext.Default.TrainingHistory);

    /// <summary>Writes it to <paramref name="path"/> (temporary name, then rename).</summary>
    public void Write(string path)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonText.Document(this, TrainingJsonContext.Default.TrainingHistory));
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>One finished epoch: mean loss, training accuracy, test accuracy (null when no test images were given), wall seconds.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double TrainAccuracy, double? TestAccuracy, double Seconds);

/// <summary>The one JSON form of <see cref="TrainingHistory"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, Converters = [typeof(NonFiniteAsNull)])]
[JsonSerializable(typeof(TrainingHistory))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;
