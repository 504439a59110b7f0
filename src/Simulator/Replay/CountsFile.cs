using System.Text;
using System.Text.Json;

namespace CimSim.Simulator.Replay;

/// <summary>Writes and reads <see cref="ActivityCounts"/> as JSON (schema cimsim.counts/1, docs/COUNTS.md).</summary>
public static class CountsFile
{
    /// <summary>The counts as indented JSON, ending in a newline.</summary>
    public static string Write(ActivityCounts counts) =>
        JsonSerializer.Serialize(counts, CountsJsonContext.Default.ActivityCounts) + "\n";

    /// <summary>Reads a counts file; anything else is an <see cref="InputException"/> naming the file.</summary>
    public static ActivityCounts ReadFile(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InputException(path, 0, 0, null, $"cannot read: {e.Message}"); }
        return Read(Encoding.UTF8.GetString(bytes), path);
    }

    /// <summary>Reads counts from JSON text; <paramref name="file"/> is used in messages.</summary>
    public static ActivityCounts Read(string json, string file)
    {
        using (var probe = Parse(json, file))
        {
            var root = probe.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String
                || schema.GetString() != ActivityCounts.SchemaName)
                throw new InputException(file, 0, 0, "schema", $"not a CimSim counts file (expected \"schema\": \"{ActivityCounts.SchemaName}\"; write one with cimsim run --counts)");
        }
        ActivityCounts? counts;
        try { counts = JsonSerializer.Deserialize(json, CountsJsonContext.Default.ActivityCounts); }
        catch (JsonException e)
        {
            throw new InputException(file, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, e.Path?.TrimStart('$', '.'),
                $"not a valid counts file: {FirstLine(e.Message)}");
        }
        if (counts is null) throw new InputException(file, 1, 1, null, "not a valid counts file: null");
        foreach (var (l, i) in counts.Layers.Select((l, i) => (l, i)))
        {
            if (l is null || l.Actions is null) throw new InputException(file, 0, 0, $"layers[{i}]", "missing");
            foreach (var a in l.Actions)
                if (a is null || a.Count < 0) throw new InputException(file, 0, 0, $"layers[{i}].actions", "an action count is missing or negative");
        }
        return counts;
    }

    private static JsonDocument Parse(string json, string file)
    {
        try { return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e)
        {
            throw new InputException(file, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, null, $"not valid JSON: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
