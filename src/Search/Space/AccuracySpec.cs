namespace CimSim.Search.Space;

/// <summary>
/// YAML <c>accuracy:</c> — the search on real data (docs/SEARCH.md §"Accuracy"): phase 1 filters networks by the
/// NASWOT proxy, phase 2 constrains chip-faithful accuracy of trained networks on a validation subset of the training
/// split, and the best design's accuracy is measured once on the test split.
/// </summary>
public sealed record AccuracySpec
{
    /// <summary><c>dataset</c>: a dataset name (<c>fashion-mnist</c>) whose training split the search trains and validates on.</summary>
    public required string DatasetName { get; init; }
    /// <summary><c>proxy.images</c>: N, the NASWOT minibatch (images N_train − validation − N … of the training split, never trained on when the budget leaves them out).</summary>
    public int ProxyImages { get; init; } = 128;
    /// <summary><c>proxy.seed</c>: seed of the random initialisation the proxy scores.</summary>
    public ulong ProxySeed { get; init; } = 1;
    /// <summary><c>proxy.min_fraction</c>: phase 1 keeps networks whose score is at least this fraction of the baseline network's.</summary>
    public double ProxyMinFraction { get; init; } = 0.97;
    /// <summary><c>training</c>: the budget every trained network gets.</summary>
    public required TrainingBudget Training { get; init; }
    /// <summary><c>validation.images</c>: the last this many images of the training split.</summary>
    public int ValidationImages { get; init; } = 200;
    /// <summary><c>validation.designs</c>: phase 2 measures the accuracy of at most this many designs per optimiser, best first.</summary>
    public int ValidationDesigns { get; init; } = 8;
    /// <summary><c>max_drop</c>: phase 2 keeps designs whose validation accuracy is at least the trained baseline's minus this (0.01 = 1 point).</summary>
    public double MaxDrop { get; init; } = 0.01;
    /// <summary><c>test_images</c>: the final measurement uses the first this many test images (0: all).</summary>
    public int TestImages { get; init; }
    /// <summary><c>threads</c> for inference and training are the search's cores (not a YAML key).</summary>
    public string ProxyKey => $"naswot;n={ProxyImages};seed={ProxySeed}";
}
