using CimSim.Workloads.Json;

namespace CimSim.Simulator.Replay;

/// <summary>Writes and reads <see cref="ActivityCounts"/> as JSON (schema cimsim.counts/1, docs/COUNTS.md).</summary>
public static class CountsFile
{
    private const string What = "counts file", Hint = "; write one with cimsim run --counts";

    /// <summary>The counts as indented JSON, ending in a newline.</summary>
    public static string Write(ActivityCounts counts) => JsonText.Document(counts, CountsJsonContext.Default.ActivityCounts);

    /// <summary>Reads a counts file; anything else is an <see cref="InputException"/> naming the file.</summary>
    public static ActivityCounts ReadFile(string path) =>
        Check(JsonText.ReadFile(path, ActivityCounts.SchemaName, What, Hint, CountsJsonContext.Default.ActivityCounts), path);

    /// <summary>Reads counts from JSON text; <paramref name="file"/> is used in messages.</summary>
    public static ActivityCounts Read(string json, string file) =>
        Check(JsonText.Read(json, file, ActivityCounts.SchemaName, What, Hint, CountsJsonContext.Default.ActivityCounts), file);

    private static ActivityCounts Check(ActivityCounts counts, string file)
    {
        foreach (var (l, i) in counts.Layers.Select((l, i) => (l, i)))
        {
            if (l is null || l.Actions is null) throw new InputException(file, 0, 0, $"layers[{i}]", "missing");
            foreach (var a in l.Actions)
            {
                if (a is null || a.Count < 0) throw new InputException(file, 0, 0, $"layers[{i}].actions", "an action count is missing or negative");
                if (a.ByDrivenRows is { } h && (h.Any(n => n < 0) || h.Sum() != a.Count))
                    throw new InputException(file, 0, 0, $"layers[{i}].actions", $"{a.Component}.{a.Action}: by_driven_rows must be non-negative and add up to its count {a.Count}");
            }
        }
        return counts;
    }
}
