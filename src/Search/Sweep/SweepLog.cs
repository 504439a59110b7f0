using System.Text;

namespace CimSim.Search.Sweep;

/// <summary>
/// An append-only file of sweep results (<c>results.jsonl</c>, or a shard's <c>shards/i.jsonl.partial</c>) written in
/// point order: line k is the k-th of the points it is for. Each line is flushed as it is written, so a run killed
/// at any moment keeps a prefix; opening with resume reads that prefix (a last line cut short is dropped), checks
/// each line belongs to its point (index and fingerprint) and appends after it.
/// </summary>
public sealed class SweepLog : IDisposable
{
    private readonly FileStream _file;

    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>Results already in the file (resume), in order.</summary>
    public IReadOnlyList<SweepResult> Loaded { get; }

    private SweepLog(string path, FileStream file, IReadOnlyList<SweepResult> loaded) { Path = path; _file = file; Loaded = loaded; }

    /// <summary>
    /// Opens <paramref name="path"/> for <paramref name="points"/>: with <paramref name="resume"/>, keeps its complete
    /// lines (an <see cref="InputException"/> when one was written for another point); otherwise starts it empty.
    /// </summary>
    public static SweepLog Open(string path, IReadOnlyList<SweepPoint> points, bool resume)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (!resume || !File.Exists(path))
            return new SweepLog(path, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), []);
        var (loaded, keep) = ReadPrefix(path, points);
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        file.SetLength(keep);
        file.Position = keep;
        return new SweepLog(path, file, loaded);
    }

    /// <summary>
    /// The complete lines of <paramref name="path"/>, checked against <paramref name="points"/> in order, and the byte
    /// length they take (a last line without its newline is not counted).
    /// </summary>
    public static (IReadOnlyList<SweepResult> Results, long Bytes) ReadPrefix(string path, IReadOnlyList<SweepPoint> points)
    {
        var bytes = File.ReadAllBytes(path);
        var loaded = new List<SweepResult>();
        long keep = 0;
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            int line = loaded.Count + 1;
            var r = SweepResultJson.Read(Encoding.UTF8.GetString(bytes, start, i - start))
                ?? throw new InputException(path, line, 0, null, "not a sweep result line (cimsim.sweep-result/1); start over with --force");
            if (loaded.Count >= points.Count)
                throw new InputException(path, line, 0, null, $"more lines than the {points.Count} points it is for; start over with --force");
            var p = points[loaded.Count];
            if (r.Point != p.Index || r.Fingerprint != p.Fingerprint)
                throw new InputException(path, line, 0, null,
                    $"written for another sweep (point {r.Point}, fingerprint {r.Fingerprint}; this sweep's point {p.Index} is {p.Fingerprint}); start over with --force");
            loaded.Add(r);
            start = i + 1;
            keep = start;
        }
        return (loaded, keep);
    }

    /// <summary>Appends one result and flushes it.</summary>
    public void Append(SweepResult r)
    {
        _file.Write(Encoding.UTF8.GetBytes(r.Json + "\n"));
        _file.Flush(flushToDisk: false);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
