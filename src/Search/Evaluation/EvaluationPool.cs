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
    /// Called on the calling thread for every design of a batch as soon as its result exists, in finishing order:
    /// the result and whether it was already known. Append to the results log and report progress here.
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
    /// <see cref="OperationCanceledException"/> is thrown. An evaluation's exception is rethrown after the others finish.
    /// </summary>
    public IReadOnlyList<DesignResult> Evaluate(IReadOnlyList<EvaluationRequest> batch, CancellationToken cancel = default)
    {
        var results = new DesignResult?[batch.Count];
        var waiting = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var jobs = Channel.CreateUnbounded<(string Key, EvaluationRequest Request)>(new UnboundedChannelOptions { SingleWriter = true });
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
                jobs.Writer.TryWrite((key, batch[i]));
            }
        }
        jobs.Writer.Complete();
        if (waiting.Count == 0) return results!;

        var done = Channel.CreateUnbounded<(string Key, DesignResult? Result, Exception? Error)>();
        var workers = new Task[Math.Min(Workers, waiting.Count)];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Task.Run(async () =>
            {
                while (!cancel.IsCancellationRequested && jobs.Reader.TryRead(out var job))
                {
                    DesignResult? r = null;
                    Exception? error = null;
                    try { r = _evaluate(job.Request); }
                    catch (Exception e) { error = e; }
                    await done.Writer.WriteAsync((job.Key, r, error)).ConfigureAwait(false);
                    if (error is not null) break;
                }
            });
        _ = Task.WhenAll(workers).ContinueWith(_ => done.Writer.Complete(), TaskScheduler.Default);

        Exception? first = null;
        foreach (var (key, r, error) in done.Reader.ReadAllAsync().ToBlockingEnumerable())
        {
            if (error is not null) { first ??= error; continue; }
            Simulated++;
            _known[key] = r!;
            foreach (int i in waiting[key]) results[i] = r;
            Completed?.Invoke(r!, false);
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        cancel.ThrowIfCancellationRequested();
        return results!;
    }
}
