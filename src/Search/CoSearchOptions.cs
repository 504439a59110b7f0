namespace CimSim.Search;

/// <summary>How to run a <see cref="CoSearch"/>.</summary>
public sealed record CoSearchOptions
{
    /// <summary>Workers evaluating designs in parallel (results do not depend on it).</summary>
    public int Workers { get; init; } = 1;
    /// <summary>Threads each compile may use; 0: the cores divided among the workers.</summary>
    public int CompileThreads { get; init; }
    /// <summary>
    /// Bound of the layer cache the search's compiles share (<see cref="Workloads.Compilation.LayerCache"/>), in bytes;
    /// 0 compiles every layer of every design. Results do not depend on it.
    /// </summary>
    public long LayerCacheBytes { get; init; } = Workloads.Compilation.LayerCache.DefaultMaxBytes;
    /// <summary>Where every evaluated design is appended (<c>results.jsonl</c>); null keeps results in memory only.</summary>
    public string? ResultsPath { get; init; }
    /// <summary>Read <see cref="ResultsPath"/> first and never evaluate a design it holds again.</summary>
    public bool Resume { get; init; }
    /// <summary>Receives a report after every finished design and at each stage (called on the search's thread).</summary>
    public IProgress<SearchProgress>? Progress { get; init; }
    /// <summary>Trains networks for a space with an <c>accuracy</c> section (the CLI passes CimSim.Training's); null: such a space fails when it must train.</summary>
    public Accuracy.INetworkTrainer? Trainer { get; init; }
    /// <summary>Where trained models (<c>models/</c>) and <c>accuracy.jsonl</c> go; null: beside <see cref="ResultsPath"/> (in memory without either).</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Lines about training and accuracy measurements (long steps), for the terminal.</summary>
    public IProgress<string>? Notes { get; init; }
    /// <summary>Stops the search: running evaluations finish and are stored, then <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancel { get; init; }
}
