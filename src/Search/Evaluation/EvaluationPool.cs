using System.Threading.Channels;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>A design to evaluate and who asks for it.</summary>
/// <param name="Key">The result's key: the design's key, or <see cref="DesignResult.BaselineKey"/>.</param>
/// <param name="Design">The design; null for the baseline chip as shipped.</param>
/// <param name="Origin">Optimiser and phase that proposed it (stored with the result).</param>
public readonly record struct EvaluationRequest(string Key, Design? Design, string Origin)
{
    /// <summary>A request for <paramref name="design"/>.</summary>
    public static EvaluationRequest For(Design design, string origin) => new(design.Key, design, origin);
}

/// <summary>
/// Evaluates batches of designs on a pool of workers fed through a <see cref="Channel{T}"/>. Each design key is
/// evaluated at most once for the pool's lifetime (results already known — e.g. read back by
/// <c>--resume</c> — are never evaluated again); a batch's results come back in request order whatever the
/// worker count or finishing order, so a search built on the pool is deterministic.
/// </summary>
public sealed class EvaluationPool
{
    private readonly Func<EvaluationRequest, DesignResult> _evaluate;
    private readonly Dictionary<string, DesignResult> _known;

    /// <summary>Workers evaluating in parallel.</summary>
    public int Workers { get; }
    /// <summary>Evaluations this pool has run (not counting known results).</summary>
    public int Simulated { get; private set; }
    /// <summary>
    /// Called on the calling thread for every design of a batch, in request order, as soon as its result and those of
    /// every request before it exist (so a log appended here has the same lines in the same order whatever the worker
    /// count): the result and whether it was already known. Append to the results log and report progress here. When
    /// the batch is cancelled or fails, every result that exists is still reported, in request order.
    /// </summary>
    public Action<DesignResult, bool>? Completed { get; set; }

    /// <summary>A pool of <paramref name="workers"/> workers running <paramref name="evaluate"/>, starting from <paramref name="known"/> results.</summary>
    public EvaluationPool(Func<EvaluationRequest, DesignResult> evaluate, int workers, IEnumerable<DesignResult>? known = null)
    {
        _evaluate = evaluate;
        Workers = Math.Max(1, workers);
        _known = new Dictionary<string, DesignResult>(StringComparer.Ordinal);
        if (known is not null) foreach (var r in known) _known.TryAdd(r.Key, r);
    }

    /// <summary>Whether <paramref name="key"/> has a result, and the result.</summary>
    public bool TryGet(string key, out DesignResult result) => _known.TryGetValue(key, out result!);

    /// <summary>Every result known to the pool.</summary>
    public IEnumerable<DesignResult> Known => _known.Values;

    /// <summary>
    /// Evaluates <paramref name="batch"/> and returns one result per request, in request order. On cancellation the
    /// evaluations already running finish and are reported through <see cref="Completed"/>, then
    /// <see cref="OperationCanceledException"/> is thrown. An evaluation's exception is rethrown after the running ones finish (no new one starts).
    /// </summary>
    public IReadOnlyList<DesignResult> Evaluate(IReadOnlyList<EvaluationRequest> batch, CancellationToken cancel = default)
    {
        var results = new DesignResult?[batch.Count];
        var waiting = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var unique = new List<(string Key, EvaluationRequest Request)>();
        for (int i = 0; i < batch.Count; i++)
        {
            string key = batch[i].Key;
            if (_known.TryGetValue(key, out var r))
            {
                results[i] = r;
                Completed?.Invoke(r, true);
            }
            else if (waiting.TryGetValue(key, out var list)) list.Add(i);
            else
            {
                waiting[key] = [i];
                unique.Add((key, batch[i]));
            }
        }
        if (unique.Count == 0) return results!;
        var finished = new DesignResult?[unique.Count];
        int next = 0;
        void Report(bool all)
        {
            for (; next < finished.Length && (finished[next] is not null || all); next++)
                if (finished[next] is { } f) Completed?.Invoke(f, false);
        }
        try
        {
            RunAll(unique, job => _evaluate(job.Request), Workers, (i, r) =>
            {
                Simulated++;
                _known[unique[i].Key] = r;
                foreach (int j in waiting[unique[i].Key]) results[j] = r;
                finished[i] = r;
                Report(all: false);
            }, cancel);
        }
        finally { Report(all: true); }
        return results!;
    }

    /// <summary>
    /// The pool's engine, for any work: evaluates every item of <paramref name="items"/> once on
    /// <paramref name="workers"/> workers fed through a <see cref="Channel{T}"/>, and calls <paramref name="completed"/>
    /// on the calling thread with each item's index and result as soon as it exists (finishing order). On cancellation
    /// the evaluations already running finish and are reported, then <see cref="OperationCanceledException"/> is thrown.
    /// After an evaluation throws, no new item starts; the running ones finish and are reported, then the first
    /// exception is rethrown. (Used by the co-search and by <c>cimsim sweep</c>.)
    /// </summary>
    public static void RunAll<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> evaluate, int workers,
        Action<int, TResult> completed, CancellationToken cancel = default)
    {
        if (items.Count == 0) return;
        var jobs = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = true });
        for (int i = 0; i < items.Count; i++) jobs.Writer.TryWrite(i);
        jobs.Writer.Complete();
        var done = Channel.CreateUnbounded<(int Index, TResult? Result, Exception? Error)>();
        int failed = 0;
        var tasks = new Task[Math.Min(Math.Max(1, workers), items.Count)];
        for (int w = 0; w < tasks.Length; w++)
            tasks[w] = Task.Run(async () =>
            {
                while (!cancel.IsCancellationRequested && Volatile.Read(ref failed) == 0 && jobs.Reader.TryRead(out int i))
                {
                    TResult? r = default;
                    Exception? error = null;
                    try { r = evaluate(items[i]); }
                    catch (Exception e) { error = e; Interlocked.Exchange(ref failed, 1); }
                    await done.Writer.WriteAsync((i, r, error)).ConfigureAwait(false);
                }
            });
        _ = Task.WhenAll(tasks).ContinueWith(_ => done.Writer.Complete(), TaskScheduler.Default);

        Exception? first = null;
        foreach (var (i, r, error) in done.Reader.ReadAllAsync().ToBlockingEnumerable())
        {
            if (error is not null) { first ??= error; continue; }
            completed(i, r!);
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        cancel.ThrowIfCancellationRequested();
    }
}
