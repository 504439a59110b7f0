using System.Text;
using CimSim.Search.Evaluation;

namespace CimSim.Search.Output;

/// <summary>
/// The append-only store of evaluated designs, <c>results.jsonl</c>: one <see cref="ResultJson"/> line per design,
/// flushed as each evaluation finishes, so that a search killed at any moment loses at most the evaluations
/// that were running. Opening with resume reads every complete line (first line of a key wins; a line that is not a
/// result is an error, not skipped) and cuts off a last line left incomplete by the kill.
/// </summary>
public sealed class ResultsLog : IDisposable
{
    private readonly FileStream _file;
    private readonly Dictionary<string, DesignResult> _loaded = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly string _space;

    /// <summary>Path of the file.</summary>
    public string Path { get; }
    /// <summary>Results read from the file when it was opened with resume, by key.</summary>
    public IReadOnlyDictionary<string, DesignResult> Loaded => _loaded;

    private ResultsLog(string path, FileStream file, string space) { Path = path; _file = file; _space = space; }

    /// <summary>
    /// Opens <paramref name="path"/> for the space whose fingerprint is <paramref name="space"/>: with
    /// <paramref name="resume"/>, reads it and appends after its last complete line (a line written for another space
    /// or base chip is an <see cref="InputException"/>); otherwise starts it empty (the caller decides whether
    /// overwriting is allowed).
    /// </summary>
    public static ResultsLog Open(string path, bool resume, string space = "")
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (!resume || !File.Exists(path))
            return new ResultsLog(path, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), space);

        var bytes = File.ReadAllBytes(path);
        long keep = 0;
        int start = 0, lineNumber = 0;
        var loaded = new List<DesignResult>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lineNumber++;
            var line = Encoding.UTF8.GetString(bytes, start, i - start);
            if (ResultJson.Read(line, out string from) is { } r)
            {
                if (from != space)
                    throw new InputException(path, lineNumber, 0, "--resume",
                        $"written by a search over another space or base chip (fingerprint '{from}', this one '{space}'); start over with --force");
                if (ResultJson.Problem(r) is { } problem)
                    throw new InputException(path, lineNumber, 0, "--resume", $"{problem}: not a figure a search writes; start over with --force");
                loaded.Add(r);
            }
            else if (!string.IsNullOrWhiteSpace(line))
                throw new InputException(path, lineNumber, 0, "--resume",
                    $"not a line of cimsim search's results ({ResultJson.Schema}); resume only a search's own output directory, or start over with --force");
            start = i + 1;
            keep = start;
        }
        var log = new ResultsLog(path, new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read), space);
        foreach (var r in loaded) log._loaded.TryAdd(r.Key, r);
        // A last line without its newline was cut short: drop it (its design is evaluated again).
        log._file.SetLength(keep);
        log._file.Position = keep;
        return log;
    }

    /// <summary>Appends one result and flushes it to disk.</summary>
    public void Append(DesignResult r, DesignAssessment? a)
    {
        var bytes = Encoding.UTF8.GetBytes(ResultJson.Write(r, a, _space) + "\n");
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush(flushToDisk: false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
