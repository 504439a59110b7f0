using CimSim.Workloads.Json;

namespace CimSim.Simulator.Replay;

/// <summary>Writes and reads <see cref="ActivityCounts"/> as JSON (schema cimsim.counts/1, docs/COUNTS.md).</summary>
public static class CountsFile
{
    private const string What = "counts file", Hint = "; write one with cimsim run --counts";

    /// <summary>The counts as indented JSON, ending in a newline.</summary>
    public static string Write(ActivityCounts counts) => JsonText.Document(counts, CountsJsonContext.Default.ActivityCounts);

    /// <summary>Reads a counts file; anything else (an unknown key, a negative number) is an <see cref="InputException"/> naming the file and the field.</summary>
    public static ActivityCounts ReadFile(string path) =>
        Check(JsonText.ReadFile(path, ActivityCounts.SchemaName, What, Hint, CountsJsonContext.Default.ActivityCounts, knownKeysOnly: true), path);

    /// <summary>Reads counts from JSON text; <paramref name="file"/> is used in messages.</summary>
    public static ActivityCounts Read(string json, string file) =>
        Check(JsonText.Read(json, file, ActivityCounts.SchemaName, What, Hint, CountsJsonContext.Default.ActivityCounts, knownKeysOnly: true), file);

    private static ActivityCounts Check(ActivityCounts counts, string file)
    {
        void Count(string field, long value)
        {
            if (value < 0) throw new InputException(file, 0, 0, field, $"must be ≥ 0, got {value}");
        }
        Count("latency_ps", counts.LatencyPs);
        Count("events_processed", counts.EventsProcessed);
        foreach (var (key, value) in counts.Totals) Count($"totals.{key}", value);
        foreach (var (l, i) in counts.Layers.Select((l, i) => (l, i)))
        {
            if (l is null || l.Actions is null) throw new InputException(file, 0, 0, $"layers[{i}]", "missing");
            foreach (var (name, value) in new[] { ("start_ps", l.StartPs), ("end_ps", l.EndPs), ("latency_ps", l.LatencyPs), ("macs", l.Macs),
                         ("crossbar_reads", l.CrossbarReads), ("conversions", l.Conversions), ("non_zero_outputs", l.NonZeroOutputs), ("crossbars", l.Crossbars) })
                Count($"layers[{i}].{name}", value);
            foreach (var (a, j) in l.Actions.Select((a, j) => (a, j)))
            {
                if (a is null) throw new InputException(file, 0, 0, $"layers[{i}].actions[{j}]", "missing");
                Count($"layers[{i}].actions[{j}].count", a.Count);
                if (a.ByDrivenRows is { } h && (h.Any(n => n < 0) || h.Sum(n => (decimal)n) != a.Count))
                    throw new InputException(file, 0, 0, $"layers[{i}].actions[{j}].by_driven_rows", $"{a.Component}.{a.Action}: by_driven_rows must be non-negative and add up to its count {a.Count}");
            }
        }
        foreach (var (b, i) in counts.BusyTimes.Select((b, i) => (b, i)))
        {
            if (b is null) throw new InputException(file, 0, 0, $"busy_times[{i}]", "missing");
            Count($"busy_times[{i}].busy_ps", b.BusyPs);
        }
        return counts;
    }
}
