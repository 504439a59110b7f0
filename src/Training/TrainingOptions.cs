namespace CimSim.Training;

/// <summary>
/// Hyper-parameters of one training stage. Defaults per stage (<see cref="ForStage"/>): float SGD lr 0.1,
/// QAT 0.002, PSQ 0.001 (fine-tuning), momentum 0.9 (Nesterov), cosine decay to 0 over the stage's epochs,
/// batch 128, weight decay 5·10⁻⁴ (float) / 10⁻⁴ (quantized; none on steps and α), augmentation: random shift
/// of up to 2 pixels (zero padding) and horizontal flip.
/// </summary>
public sealed record TrainingOptions
{
    public required TrainingStage Stage { get; init; }
    public required int Epochs { get; init; }
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public long Seed { get; init; } = 1;
    public int Threads { get; init; } = 1;
    /// <summary>Random shift (pixels, zero padded) and horizontal flip; 0 and false turn them off.</summary>
    public int AugmentShift { get; init; } = 2;
    public bool AugmentFlip { get; init; } = true;
    /// <summary>
    /// Images per batch of evaluation: 500 for float; 100 for QAT, whose quantizers keep every layer's intermediates until
    /// the batch ends (ResNet-20 at W3A3: 6.4 GB peak at 500 against 3.2 GB at 100 on 2,000 test images; two 2-epoch QAT
    /// runs at 500 were killed for memory on a 24 GB machine, 13.5 GB each); 32 for PSQ, whose forward holds every partial
    /// sum of every row block, input bit and weight slice (ResNet-20 on hcim: ≈ 50 MB per image).
    /// </summary>
    public int EvalBatchSize { get; init; } = 500;
    /// <summary>
    /// Weight λ of knowledge distillation from the previous stage's model (QAT: the float model; PSQ: the QAT model; Hinton,
    /// Vinyals and Dean 2015, "Distilling the knowledge in a neural network"): loss = (1 − λ)·cross-entropy + λ·T²·KL(softmax(teacher/T)
    /// ‖ softmax(student/T)). 0 (the default) trains on the labels alone.
    /// </summary>
    public double Distill { get; init; }
    /// <summary>Distillation temperature T (assumption: 4, a value common in the distillation literature; soft targets
    /// at T = 1 carry little beyond the label for a well-trained teacher).</summary>
    public double DistillTemperature { get; init; } = 4;

    /// <summary>The defaults of <paramref name="stage"/> for <paramref name="epochs"/> epochs.</summary>
    public static TrainingOptions ForStage(TrainingStage stage, int epochs) => new()
    {
        Stage = stage,
        Epochs = epochs,
        LearningRate = stage switch { TrainingStage.Float => 0.1, TrainingStage.Qat => 0.002, _ => 0.001 }, // QAT: 0.01 collapsed on the folded ResNet-20 (docs/TRAINING.md)
        WeightDecay = stage == TrainingStage.Float ? 5e-4 : 1e-4,
        EvalBatchSize = stage switch { TrainingStage.Float => 500, TrainingStage.Qat => 100, _ => 32 },
    };

    /// <summary>Learning rate at <paramref name="step"/> of <paramref name="totalSteps"/> (cosine to 0).</summary>
    public double LearningRateAt(long step, long totalSteps) =>
        0.5 * LearningRate * (1 + Math.Cos(Math.PI * step / Math.Max(1, totalSteps)));
}
