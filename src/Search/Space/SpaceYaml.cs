using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using CimSim.Workloads.Yaml;

namespace CimSim.Search.Space;

/// <summary>
/// A position-aware view of one YAML mapping of a search-space file: typed reads of scalars and lists, each
/// failure an <see cref="InputException"/> naming file, line, column and the dotted field.
/// </summary>
internal sealed class SpaceYaml
{
    private readonly YamlMappingNode _node;
    private readonly Mark _at;

    /// <summary>File name used in messages.</summary>
    public string File { get; }
    /// <summary>Dotted path of this mapping ("" at the top).</summary>
    public string Path { get; }

    private SpaceYaml(YamlMappingNode node, string file, string path, Mark at, IReadOnlyCollection<string>? allowed)
    {
        _node = node; File = file; Path = path; _at = at;
        if (allowed is null) return;
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !allowed.Contains(name))
                throw Error(key.Start, Child(name ?? key.ToString()), $"unknown key '{name ?? key.ToString()}'; expected one of: {string.Join(", ", allowed)}");
        }
    }

    /// <summary>Parses <paramref name="text"/> and returns its top-level mapping.</summary>
    public static SpaceYaml Parse(string text, string file, params string[] allowed)
    {
        var root = YamlText.LoadRoot(text, file);
        return root is YamlMappingNode m ? new SpaceYaml(m, file, "", root.Start, allowed)
            : throw Error(file, root.Start, "(document)", $"expected a mapping of keys at the top level, got {Describe(root)}");
    }

    /// <summary>Dotted path of child <paramref name="key"/>.</summary>
    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The keys of this mapping in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    /// <summary>A nested mapping; null when absent and not required. <paramref name="allowed"/> null: any keys.</summary>
    public SpaceYaml? Map(string key, bool required, params string[]? allowed)
    {
        var node = Get(key, required);
        if (node is null) return null;
        return node is YamlMappingNode m ? new SpaceYaml(m, File, Child(key), node.Start, allowed is { Length: > 0 } ? allowed : null)
            : throw Error(node.Start, Child(key), $"expected a mapping of keys, got {Describe(node)}");
    }

    /// <summary>Text of a scalar; null when absent and not required.</summary>
    public string? Text(string key, bool required)
    {
        var node = Get(key, required);
        if (node is null) return null;
        if (node is not YamlScalarNode s || s.Value is null || (s.Style == ScalarStyle.Plain && s.Value is "" or "~" or "null"))
            throw Error(node.Start, Child(key), node is YamlScalarNode ? "missing value" : $"expected a single value, got {Describe(node)}");
        return s.Value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent (required when null).</summary>
    public long Long(string key, long min, long max, long? fallback = null)
    {
        var text = Text(key, fallback is null);
        if (text is null) return fallback!.Value;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw Error(key, $"expected an integer, got '{text}'");
        return v >= min && v <= max ? v : throw Error(key, $"{v} is out of range [{min}, {max}]");
    }

    /// <summary>An <see cref="int"/> in range; see <see cref="Long"/>.</summary>
    public int Int(string key, int min, int max, int? fallback = null) => (int)Long(key, min, max, fallback);

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; null when absent and <paramref name="required"/> is false.</summary>
    public double? Double(string key, double min, double max, bool required)
    {
        var text = Text(key, required);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Error(key, $"expected a number, got '{text}'");
        return v >= min && v <= max ? v : throw Error(key, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
    }

    /// <summary>One of <paramref name="names"/> (case-insensitive), returned in lower case; <paramref name="fallback"/> when absent.</summary>
    public string Choice(string key, IReadOnlyList<string> names, string? fallback = null)
    {
        var text = Text(key, fallback is null);
        if (text is null) return fallback!;
        var hit = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return hit ?? throw Error(key, $"unknown value '{text}'; expected one of: {string.Join(", ", names)}");
    }

    /// <summary>A non-empty list of scalars (a single scalar counts as a list of one); null when absent and not required.</summary>
    public IReadOnlyList<(string Text, Mark At)>? List(string key, bool required)
    {
        var node = Get(key, required);
        if (node is null) return null;
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode { Value: { } v } s && v.Length > 0
                ? (v, s.Start) : throw Error(c.Start, Child(key), $"expected a list of single values, got {Describe(c)}")).ToList(),
            YamlScalarNode { Value: { Length: > 0 } v } s => [(v, s.Start)],
            _ => throw Error(node.Start, Child(key), $"expected a list of values, got {Describe(node)}"),
        };
        if (items.Count == 0) throw Error(node.Start, Child(key), "the list is empty");
        return items;
    }

    /// <summary>A non-empty list of distinct integers in range, in file order.</summary>
    public IReadOnlyList<int>? IntList(string key, int min, int max, bool required)
    {
        var items = List(key, required);
        if (items is null) return null;
        var r = new List<int>();
        foreach (var (text, at) in items)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
                throw Error(at, Child(key), $"expected an integer, got '{text}'");
            if (v < min || v > max) throw Error(at, Child(key), $"{v} is out of range [{min}, {max}]");
            if (r.Contains(v)) throw Error(at, Child(key), $"{v} is listed twice");
            r.Add(v);
        }
        return r;
    }

    /// <summary>A non-empty list of distinct enum values written in lower case.</summary>
    public IReadOnlyList<T>? EnumList<T>(string key, bool required) where T : struct, Enum
    {
        var items = List(key, required);
        if (items is null) return null;
        var r = new List<T>();
        foreach (var (text, at) in items)
        {
            T? hit = null;
            foreach (var v in Enum.GetValues<T>())
                if (string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase)) hit = v;
            if (hit is null)
                throw Error(at, Child(key), $"unknown value '{text}'; expected one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
            if (r.Contains(hit.Value)) throw Error(at, Child(key), $"'{text}' is listed twice");
            r.Add(hit.Value);
        }
        return r;
    }

    /// <summary>An error at <paramref name="key"/>'s value (or at this mapping when the key is absent).</summary>
    public InputException Error(string key, string reason)
    {
        var node = Find(key);
        return Error(node?.Start ?? _at, Child(key), reason);
    }

    /// <summary>Position of <paramref name="key"/>'s value, or of this mapping.</summary>
    public Mark At(string key) => Find(key)?.Start ?? _at;

    /// <summary>An error at a position.</summary>
    public InputException Error(Mark at, string field, string reason) => Error(File, at, field, reason);

    private static InputException Error(string file, Mark at, string field, string reason) =>
        new(file, (int)at.Line, (int)at.Column, field, reason);

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode { Value: var name } && name == key) return v;
        return null;
    }

    private YamlNode? Get(string key, bool required)
    {
        var node = Find(key);
        if (node is null && required)
            throw Error(_at, Child(key), $"missing required field '{key}'" + (Path.Length > 0 ? $" in '{Path}'" : ""));
        return node;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
