namespace CimSim.Training;

/// <summary>The three training stages; each starts from the previous one's model.</summary>
public enum TrainingStage
{
    /// <summary>Float weights and activations, batch norm (from scratch).</summary>
    Float,
    /// <summary>Quantization-aware: batch norm folded, LSQ weights and activations at the chip's precisions (from float).</summary>
    Qat,
    /// <summary>Partial-sum-aware: the crossbar's slicing, row blocks and binary/ternary readout with learned α (from QAT).</summary>
    Psq,
}
