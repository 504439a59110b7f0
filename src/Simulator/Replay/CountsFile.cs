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
        CheckLayersAgreeWithTotals(counts, file);
        foreach (var (b, i) in counts.BusyTimes.Select((b, i) => (b, i)))
        {
            if (b is null) throw new InputException(file, 0, 0, $"busy_times[{i}]", "missing");
            Count($"busy_times[{i}].busy_ps", b.BusyPs);
        }
        return counts;
    }

    /// <summary>
    /// Each layer once, and the layers' counts adding up to the whole network's (as <c>cimsim run --counts</c> writes
    /// them): a hand-edited file that repeats or drops a layer would otherwise be costed as a different network.
    /// Totals a file does not have are not checked.
    /// </summary>
    private static void CheckLayersAgreeWithTotals(ActivityCounts counts, string file)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (l, i) in counts.Layers.Select((l, i) => (l, i)))
            if (!seen.TryAdd(l.Name ?? "", i))
                throw new InputException(file, 0, 0, $"layers[{i}].name", $"'{l.Name}' is layers[{seen[l.Name ?? ""]}] already: each layer appears once");
        (string[] Totals, string Field, Func<LayerActivity, long> Of)[] sums =
        [
            (["macs"], "macs", l => l.Macs),
            (["crossbar_reads"], "crossbar_reads", l => l.CrossbarReads),
            (["adc_conversions", "comparator_decisions"], "conversions", l => l.Conversions),
            (["nonzero_outputs"], "non_zero_outputs", l => l.NonZeroOutputs),
        ];
        foreach (var (totals, field, of) in sums)
        {
            if (!totals.All(counts.Totals.ContainsKey)) continue;
            decimal total = totals.Sum(t => (decimal)counts.Totals[t]), layers = counts.Layers.Sum(l => (decimal)of(l));
            if (total != layers)
                throw new InputException(file, 0, 0, "layers",
                    $"the layers' {field} add up to {layers}, but totals.{string.Join(" + totals.", totals)} is {total}: a layer is missing or repeated, or a count was edited");
        }
    }
}
