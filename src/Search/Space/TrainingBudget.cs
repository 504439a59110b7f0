namespace CimSim.Search.Space;

/// <summary>
/// The training budget of a search space (<c>training:</c> in the space YAML, docs/SEARCH.md): every network the
/// search trains — the phase-1 winner and the baseline — gets the same one.
/// </summary>
public sealed record TrainingBudget
{
    /// <summary>Float epochs from a seeded random initialisation (batch norm, then folded).</summary>
    public int FloatEpochs { get; init; } = 1;
    /// <summary>Quantization-aware epochs after the float ones, at the request's precisions; 0: float only.</summary>
    public int QatEpochs { get; init; } = 1;
    /// <summary>Training images: the first this many of the dataset's training split (the validation images are never among them).</summary>
    public int Images { get; init; } = 10_000;
    /// <summary>Seed of the initialisation, shuffling and augmentation.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>A canonical text of the budget, part of a trained model's cache key.</summary>
    public string Canonical => $"float_epochs={FloatEpochs};qat_epochs={QatEpochs};images={Images};seed={Seed}";
}
