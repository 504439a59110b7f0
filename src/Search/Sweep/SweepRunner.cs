using CimSim.Search.Evaluation;
using CimSim.Workloads.Compilation;

namespace CimSim.Search.Sweep;

/// <summary>How to run sweep points.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Points simulated in parallel (results do not depend on it).</summary>
    public int Workers { get; init; } = 1;
    /// <summary>Threads each compile may use; 0: the cores divided among the workers.</summary>
    public int CompileThreads { get; init; }
    /// <summary>Keep the complete lines already in the results file and run only the points after them.</summary>
    public bool Resume { get; init; }
    /// <summary>Called on the calling thread at the start and whenever points are stored: points stored, points in all.</summary>
    public Action<int, int>? Progress { get; init; }
    /// <summary>Stops the run: the running points finish; those that complete the file's prefix are stored.</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>
/// Runs a list of sweep points on the Channels worker pool (<see cref="EvaluationPool.RunAll{TItem, TResult}"/>)
/// and stores each result in a <see cref="SweepLog"/> in point order: a result that finishes early waits in memory
/// until the points before it are stored, so the file is the same bytes whatever the worker count, and a killed
/// run leaves a prefix that <see cref="SweepRunOptions.Resume"/> continues. The points share one layer cache.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs <paramref name="points"/> (in this order) into <paramref name="path"/>; returns every result, in order.</summary>
    public static IReadOnlyList<SweepResult> Run(SweepSpec spec, IReadOnlyList<SweepPoint> points, string path, SweepRunOptions options)
    {
        int workers = Math.Max(1, options.Workers);
        int threads = options.CompileThreads > 0 ? options.CompileThreads : Math.Max(1, Environment.ProcessorCount / workers);
        var evaluator = new SweepEvaluator(spec, threads, new LayerCache(LayerCache.DefaultMaxBytes));
        using var log = SweepLog.Open(path, points, options.Resume);
        var results = new List<SweepResult>(log.Loaded);
        var todo = points.Skip(results.Count).ToList();
        options.Progress?.Invoke(results.Count, points.Count);
        var early = new Dictionary<int, SweepResult>();
        int next = 0;
        EvaluationPool.RunAll(todo, evaluator.Evaluate, workers, (i, r) =>
        {
            early[i] = r;
            int before = results.Count;
            while (early.Remove(next, out var ready))
            {
                log.Append(ready);
                results.Add(ready);
                next++;
            }
            if (results.Count > before) options.Progress?.Invoke(results.Count, points.Count);
        }, options.Cancel);
        return results;
    }
}
