using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CimSim.Workloads.Json;

/// <summary>
/// The one way CimSim's JSON files are written and read: a record per format, serialised by System.Text.Json
/// through a source-generated context (snake_case keys in declaration order, numbers in shortest round-trip form,
/// non-finite numbers as null by <see cref="NonFiniteAsNull"/>). Documents are indented and end in a newline;
/// lines of a <c>.jsonl</c> log are one line each. Reading checks the <c>schema</c> tag first, then deserialises,
/// turning every failure into an <see cref="InputException"/> that names the file, the position and the field.
/// </summary>
public static class JsonText
{
    /// <summary><paramref name="value"/> as an indented document ending in a newline.</summary>
    public static string Document<T>(T value, JsonTypeInfo<T> info) => Write(value, info, indented: true) + "\n";

    /// <summary><paramref name="value"/> as one line, without a newline (a line of a <c>.jsonl</c> log).</summary>
    public static string Line<T>(T value, JsonTypeInfo<T> info) => Write(value, info, indented: false);

    private static string Write<T>(T value, JsonTypeInfo<T> info, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            JsonSerializer.Serialize(w, value, info);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Reads a document of schema <paramref name="schema"/>; <paramref name="what"/> names the kind of file in
    /// messages ("report", "counts file") and <paramref name="hint"/> (may be empty) says how one is written. With
    /// <paramref name="knownKeysOnly"/>, a key the format does not have (in any object but a free-form map) is an error.
    /// </summary>
    public static T Read<T>(string json, string file, string schema, string what, string hint, JsonTypeInfo<T> info, bool knownKeysOnly = false) where T : class
    {
        using (var probe = Parse(json, file))
        {
            var root = probe.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var tag) || tag.ValueKind != JsonValueKind.String
                || tag.GetString() != schema)
                throw new InputException(file, 0, 0, "schema", $"not a CimSim {what} (expected \"schema\": \"{schema}\"{hint})");
            if (knownKeysOnly) KnownKeysOnly(root, info, "", file, what);
        }
        T? value;
        try { value = JsonSerializer.Deserialize(json, info); }
        catch (JsonException e)
        {
            throw new InputException(file, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, Field(e.Path),
                $"not a valid {what}: {FirstLine(e.Message)}");
        }
        return value ?? throw new InputException(file, 1, 1, null, $"not a valid {what}: null");
    }

    /// <summary>Reads a line of a <c>.jsonl</c> log of schema <paramref name="schema"/>; null when it is not a complete line of that schema (e.g. cut short by a kill).</summary>
    public static T? TryReadLine<T>(string line, string schema, JsonTypeInfo<T> info) where T : class
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using (var probe = JsonDocument.Parse(line))
                if (probe.RootElement.ValueKind != JsonValueKind.Object || !probe.RootElement.TryGetProperty("schema", out var tag)
                    || tag.ValueKind != JsonValueKind.String || tag.GetString() != schema)
                    return null;
            return JsonSerializer.Deserialize(line, info);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { return null; }
    }

    /// <summary>Reads a file of at most <see cref="InputFiles.JsonMaxBytes"/> as <see cref="Read{T}"/> does.</summary>
    public static T ReadFile<T>(string path, string schema, string what, string hint, JsonTypeInfo<T> info, bool knownKeysOnly = false) where T : class =>
        Read(InputFiles.ReadAllText(path, InputFiles.JsonMaxBytes), path, schema, what, hint, info, knownKeysOnly);

    /// <summary>Refuses a key of <paramref name="element"/> that <paramref name="info"/> does not read, in objects and lists of objects at any depth (maps keep free keys).</summary>
    private static void KnownKeysOnly(JsonElement element, JsonTypeInfo info, string path, string file, string what)
    {
        if (info.Kind == JsonTypeInfoKind.Object && element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                string field = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                var property = info.Properties.FirstOrDefault(x => x.Name == p.Name)
                    ?? throw new InputException(file, 0, 0, field, $"unknown key '{p.Name}' in a {what}; expected one of: {string.Join(", ", info.Properties.Select(x => x.Name))}");
                KnownKeysOnly(p.Value, info.Options.GetTypeInfo(property.PropertyType), field, file, what);
            }
        else if (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } item && element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var e in element.EnumerateArray()) KnownKeysOnly(e, info.Options.GetTypeInfo(item), $"{path}[{i++}]", file, what);
        }
    }

    private static JsonDocument Parse(string json, string file)
    {
        try { return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e)
        {
            throw new InputException(file, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, null, $"not valid JSON: {FirstLine(e.Message)}");
        }
    }

    private static string? Field(string? path) => path?.TrimStart('$', '.') is { Length: > 0 } f ? f : null;

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
