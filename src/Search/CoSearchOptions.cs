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
    /// <summary>Stops the search: running evaluations finish and are stored, then <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancel { get; init; }
}
