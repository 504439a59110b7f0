using System.Globalization;

namespace CimSim.Search.Sweep;

/// <summary>What became of one shard of a Slurm sweep.</summary>
public enum ShardState
{
    /// <summary><c>shards/i.jsonl</c> holds every point of the shard.</summary>
    Complete,
    /// <summary>The shard's task stopped with an error (<c>shards/i.failed</c> says which).</summary>
    Failed,
    /// <summary>Some of its points are in <c>shards/i.jsonl.partial</c> (the task was killed, or is still running).</summary>
    Incomplete,
    /// <summary>Nothing written yet (not run, cancelled, or still queued).</summary>
    Missing,
}

/// <summary>The state of one shard.</summary>
/// <param name="Shard">Shard index.</param>
/// <param name="State">What became of it.</param>
/// <param name="Done">Points stored.</param>
/// <param name="Points">Points of the shard.</param>
/// <param name="Message">The error of a failed shard, else null.</param>
public sealed record ShardStatus(int Shard, ShardState State, int Done, int Points, string? Message);

/// <summary>
/// Splits a sweep's points into N shards (point p goes to shard p mod N, so each shard gets a share of every part of
/// the sweep), runs one shard into <c>DIR/shards/i.jsonl</c>, and merges complete shards back into the results of a
/// local run, byte for byte (docs/SWEEP.md).
/// </summary>
public static class SweepShards
{
    /// <summary>Folder of the shard files.</summary>
    public static string Folder(string dir) => Path.Combine(dir, "shards");
    /// <summary>A complete shard's file.</summary>
    public static string FinalPath(string dir, int shard) => Path.Combine(Folder(dir), $"{shard.ToString(CultureInfo.InvariantCulture)}.jsonl");
    /// <summary>The file a running shard appends to; renamed to <see cref="FinalPath"/> when complete.</summary>
    public static string PartialPath(string dir, int shard) => FinalPath(dir, shard) + ".partial";
    /// <summary>Written when a shard's task stops with an error: the error.</summary>
    public static string FailedPath(string dir, int shard) => Path.Combine(Folder(dir), $"{shard.ToString(CultureInfo.InvariantCulture)}.failed");

    /// <summary>The points of shard <paramref name="shard"/> of <paramref name="shards"/>, in sweep order.</summary>
    public static IReadOnlyList<SweepPoint> Points(SweepSpec spec, int shard, int shards) =>
        spec.Points.Where(p => p.Index % shards == shard).ToList();

    /// <summary>
    /// Runs shard <paramref name="shard"/> of <paramref name="shards"/>: continues <c>shards/i.jsonl.partial</c> if an
    /// earlier task left one, renames it to <c>shards/i.jsonl</c> when every point is in. On an error it writes
    /// <c>shards/i.failed</c> and rethrows.
    /// </summary>
    public static IReadOnlyList<SweepResult> RunShard(SweepSpec spec, string dir, int shard, int shards, SweepRunOptions options)
    {
        if (shards < 1 || shard < 0 || shard >= shards) throw new InputException(null, 0, 0, "--shard", $"expected i/N with 0 ≤ i < N, got {shard}/{shards}");
        var points = Points(spec, shard, shards);
        string final = FinalPath(dir, shard), partial = PartialPath(dir, shard), failed = FailedPath(dir, shard);
        Directory.CreateDirectory(Folder(dir));
        if (File.Exists(final))
        {
            var (done, _) = SweepLog.ReadPrefix(final, points);
            if (done.Count == points.Count) return done;
            File.Move(final, partial, overwrite: true);
        }
        try
        {
            var results = SweepRunner.Run(spec, points, partial, options with { Resume = true });
            File.Move(partial, final, overwrite: true);
            File.Delete(failed);
            return results;
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e)
        {
            File.WriteAllText(failed, (e is InputException ? e.Message : $"{e.GetType().Name}: {e.Message}") + "\n");
            throw;
        }
    }

    /// <summary>The state of every shard of a sweep split into <paramref name="shards"/>.</summary>
    public static IReadOnlyList<ShardStatus> Status(SweepSpec spec, string dir, int shards)
    {
        var r = new List<ShardStatus>();
        for (int i = 0; i < shards; i++)
        {
            var points = Points(spec, i, shards);
            string final = FinalPath(dir, i), partial = PartialPath(dir, i), failed = FailedPath(dir, i);
            if (File.Exists(final))
            {
                var (done, _) = SweepLog.ReadPrefix(final, points);
                r.Add(done.Count == points.Count ? new ShardStatus(i, ShardState.Complete, done.Count, points.Count, null)
                    : new ShardStatus(i, ShardState.Incomplete, done.Count, points.Count, null));
                continue;
            }
            int partialDone = File.Exists(partial) ? SweepLog.ReadPrefix(partial, points).Results.Count : 0;
            if (File.Exists(failed))
                r.Add(new ShardStatus(i, ShardState.Failed, partialDone, points.Count, File.ReadAllText(failed).Trim()));
            else if (File.Exists(partial))
                r.Add(new ShardStatus(i, ShardState.Incomplete, partialDone, points.Count, null));
            else r.Add(new ShardStatus(i, ShardState.Missing, 0, points.Count, null));
        }
        return r;
    }

    /// <summary>
    /// Every result of the sweep, in sweep order, read from its complete shards; null when a shard is not complete
    /// (see <see cref="Status"/>).
    /// </summary>
    public static IReadOnlyList<SweepResult>? Merge(SweepSpec spec, string dir, int shards)
    {
        var all = new SweepResult?[spec.Points.Count];
        for (int i = 0; i < shards; i++)
        {
            var points = Points(spec, i, shards);
            string final = FinalPath(dir, i);
            if (!File.Exists(final)) return null;
            var (done, _) = SweepLog.ReadPrefix(final, points);
            if (done.Count != points.Count) return null;
            foreach (var r in done) all[r.Point] = r;
        }
        return all.Any(r => r is null) ? null : all.Select(r => r!).ToList();
    }
}
