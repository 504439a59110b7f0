using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CimSim.Workloads.Yaml;

/// <summary>
/// A typed, position-aware view of one YAML mapping. Every read records the value's position under its
/// dotted path, so that later checks can point at the line of any field; every error is an
/// <see cref="InputException"/> naming file, line, column and field. The one reader of CimSim's YAML files
/// (chips, networks, trained models, search spaces, sweeps).
/// </summary>
public sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly Positions _positions;
    private readonly Mark _keyMark;

    /// <summary>Where each field read so far sits in the file.</summary>
    public sealed class Positions(string file)
    {
        private readonly Dictionary<string, Mark> _marks = new();
        public string File { get; } = file;
        public void Add(string path, Mark mark) => _marks[path] = mark;

        /// <summary>The position of <paramref name="path"/> or of its nearest recorded ancestor (else line 1).</summary>
        public Mark Find(string path)
        {
            for (var p = path; ; p = p[..p.LastIndexOf('.')])
            {
                if (_marks.TryGetValue(p, out var m)) return m;
                if (!p.Contains('.')) return new Mark(0, 1, 1);
            }
        }

        public InputException Error(Mark at, string field, string reason) =>
            new(File, (int)at.Line, (int)at.Column, field, reason);
    }

    private YamlSection(YamlMappingNode node, string path, Mark keyMark, Positions positions, IReadOnlyCollection<string> allowed)
    {
        _node = node; _path = path; _positions = positions; _keyMark = keyMark;
        if (allowed.Count > 0) Only(allowed);
    }

    /// <summary>Checks that every key of this mapping is one of <paramref name="allowed"/> (for mappings whose keys depend on a field read first).</summary>
    public YamlSection Only(IReadOnlyCollection<string> allowed)
    {
        foreach (var key in _node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !allowed.Contains(name))
                throw _positions.Error(key.Start, Child(name ?? key.ToString()),
                    $"unknown key '{name ?? key.ToString()}'; expected one of: {string.Join(", ", allowed)}");
        }
        return this;
    }

    /// <summary>Parses <paramref name="text"/> (<see cref="YamlText.LoadRoot"/>) and returns its root mapping; <paramref name="file"/> is used in messages.</summary>
    public static YamlSection Parse(string text, string file, params string[] allowed) =>
        Root(YamlText.LoadRoot(text, file), new Positions(file), allowed);

    /// <summary>The document's root mapping. Here and below, no <c>allowed</c> keys means any keys.</summary>
    public static YamlSection Root(YamlNode node, Positions positions, params string[] allowed) =>
        node is YamlMappingNode m ? new YamlSection(m, "", node.Start, positions, allowed)
        : throw positions.Error(node.Start, "(document)", $"expected a mapping of keys at the top level, got {Describe(node)}");

    /// <summary>Dotted path of this section.</summary>
    public string Path => _path;

    /// <summary>The file, as named in messages.</summary>
    public string File => _positions.File;

    /// <summary>Position of this mapping.</summary>
    public Mark Start => _node.Start;

    /// <summary>The keys of this mapping, in file order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    /// <summary>Dotted path of a child key.</summary>
    public string Child(string key) => _path.Length == 0 ? key : _path + "." + key;

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Has(string key) => _node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A nested mapping; null when absent and not <paramref name="required"/>.</summary>
    public YamlSection? Section(string key, bool required, params string[] allowed)
    {
        if (!TryGet(key, required, out var node)) return null;
        if (node is not YamlMappingNode m)
            throw _positions.Error(node.Start, Child(key), $"expected a mapping of keys, got {Describe(node)}");
        return new YamlSection(m, Child(key), _positions.Find(Child(key)), _positions, allowed);
    }

    /// <summary>The items of a list of mappings (<c>key: [ {...}, ... ]</c>), each at path <c>key[i]</c>; empty when absent.</summary>
    public IEnumerable<YamlSection> List(string key, params string[] allowed)
    {
        if (!TryGet(key, false, out var node)) yield break;
        if (node is not YamlSequenceNode seq)
            throw _positions.Error(node.Start, Child(key), $"expected a list, got {Describe(node)}");
        for (int i = 0; i < seq.Children.Count; i++)
        {
            var path = $"{Child(key)}[{i}]";
            var item = seq.Children[i];
            if (item is not YamlMappingNode m)
                throw _positions.Error(item.Start, path, $"expected a mapping of keys, got {Describe(item)}");
            _positions.Add(path, item.Start);
            yield return new YamlSection(m, path, item.Start, _positions, allowed);
        }
    }

    /// <summary>Line of this section's first key.</summary>
    public int Line => (int)_node.Start.Line;

    /// <summary>The key/value pairs of this mapping, for free-form maps (override tables).</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries =>
        _node.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, kv.Value));

    /// <summary>An integer; <paramref name="defaultValue"/> when absent (required when null).</summary>
    public int Int(string key, int? defaultValue = null) =>
        Scalar(key, defaultValue is null, out var s) is { } text
            ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && Unquoted(s)
                ? v : throw WrongType(key, s!, "an integer")
            : defaultValue!.Value;

    /// <summary>An integer, or null when absent.</summary>
    public int? OptionalInt(string key) => Has(key) ? Int(key) : null;

    /// <summary>A 64-bit integer; <paramref name="defaultValue"/> when absent (required when null).</summary>
    public long Long(string key, long? defaultValue = null) =>
        Scalar(key, defaultValue is null, out var s) is { } text
            ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && Unquoted(s)
                ? v : throw WrongType(key, s!, "an integer")
            : defaultValue!.Value;

    /// <summary>A finite number; <paramref name="defaultValue"/> when absent (required when null).</summary>
    public double Double(string key, double? defaultValue = null) =>
        Scalar(key, defaultValue is null, out var s) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && Unquoted(s)
                ? v : throw WrongType(key, s!, "a number")
            : defaultValue!.Value;

    /// <summary>A finite number, or null when absent.</summary>
    public double? OptionalDouble(string key) => Has(key) ? Double(key) : null;

    /// <summary>true or false; <paramref name="defaultValue"/> when absent (required when null).</summary>
    public bool Bool(string key, bool? defaultValue = null) =>
        Scalar(key, defaultValue is null, out var s) is { } text
            ? text is "true" or "false" && Unquoted(s) ? text == "true" : throw WrongType(key, s!, "true or false")
            : defaultValue!.Value;

    /// <summary>A non-empty string (required).</summary>
    public string String(string key) => Scalar(key, true, out _)!;

    /// <summary>An enum value written in lower case (e.g. <c>sar</c>); <paramref name="defaultValue"/> when absent.</summary>
    public T Enum<T>(string key, T? defaultValue = null) where T : struct, Enum
    {
        var text = Scalar(key, defaultValue is null, out var s);
        if (text is null) return defaultValue!.Value;
        return ParseEnum<T>(text) ?? throw _positions.Error(s!.Start, Child(key),
            $"unknown value '{text}'; expected one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    private static T? ParseEnum<T>(string text) where T : struct, Enum
    {
        foreach (var v in System.Enum.GetValues<T>())
            if (string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    /// <summary>The node of a free-form value (e.g. a sweep's <c>vary</c>, keyed by dotted chip paths), or null when absent.</summary>
    public YamlNode? Node(string key) => TryGet(key, false, out var node) ? node : null;

    /// <summary>Text of a scalar (quoted or not); null when absent and not <paramref name="required"/>.</summary>
    public string? Text(string key, bool required) => Scalar(key, required, out _);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="defaultValue"/> when absent (required when null).</summary>
    public long Long(string key, long min, long max, long? defaultValue = null)
    {
        long v = Long(key, defaultValue);
        return !Has(key) || (v >= min && v <= max) ? v : throw Error(key, $"{v} is out of range [{min}, {max}]");
    }

    /// <summary>An <see cref="int"/> in range; see <see cref="Long(string, long, long, long?)"/>.</summary>
    public int Int(string key, int min, int max, int? defaultValue = null) => (int)Long(key, min, max, defaultValue);

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; null when absent and not <paramref name="required"/>.</summary>
    public double? Double(string key, double min, double max, bool required)
    {
        if (!required && !Has(key)) return null;
        double v = Double(key);
        return v >= min && v <= max ? v
            : throw Error(key, string.Create(CultureInfo.InvariantCulture, $"{v} is out of range [{min}, {max}]"));
    }

    /// <summary>One of <paramref name="names"/> (case-insensitive), returned as listed; <paramref name="defaultValue"/> when absent.</summary>
    public string Choice(string key, IReadOnlyList<string> names, string? defaultValue = null)
    {
        var text = Scalar(key, defaultValue is null, out var s);
        if (text is null) return defaultValue!;
        return names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase))
            ?? throw _positions.Error(s!.Start, Child(key), $"unknown value '{text}'; expected one of: {string.Join(", ", names)}");
    }

    /// <summary>A non-empty list of single values (one value counts as a list of one), each with its position; null when absent and not <paramref name="required"/>.</summary>
    public IReadOnlyList<(string Text, Mark At)>? Values(string key, bool required)
    {
        if (!TryGet(key, required, out var node)) return null;
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode { Value: { Length: > 0 } v } s
                ? (v, s.Start) : throw _positions.Error(c.Start, Child(key), $"expected a list of single values, got {Describe(c)}")).ToList(),
            YamlScalarNode { Value: { Length: > 0 } v } s => [(v, s.Start)],
            _ => throw _positions.Error(node.Start, Child(key), $"expected a list of values, got {Describe(node)}"),
        };
        return items.Count > 0 ? items : throw _positions.Error(node.Start, Child(key), "the list is empty");
    }

    /// <summary>A non-empty list of integers in range, in file order (each listed once unless not <paramref name="distinct"/>).</summary>
    public IReadOnlyList<int>? IntList(string key, int min, int max, bool required, bool distinct = true) =>
        Items(key, required, distinct, (text, at) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
                ? v >= min && v <= max ? v : throw _positions.Error(at, Child(key), $"{v} is out of range [{min}, {max}]")
                : throw _positions.Error(at, Child(key), $"expected an integer, got '{text}'"));

    /// <summary>A non-empty list of distinct enum values written in lower case.</summary>
    public IReadOnlyList<T>? EnumList<T>(string key, bool required) where T : struct, Enum =>
        Items(key, required, true, (text, at) => ParseEnum<T>(text) ?? throw _positions.Error(at, Child(key),
            $"unknown value '{text}'; expected one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"));

    private List<T>? Items<T>(string key, bool required, bool distinct, Func<string, Mark, T> parse)
    {
        if (Values(key, required) is not { } items) return null;
        var r = new List<T>();
        foreach (var (text, at) in items)
        {
            var v = parse(text, at);
            if (distinct && r.Contains(v)) throw _positions.Error(at, Child(key), $"'{text}' is listed twice");
            r.Add(v);
        }
        return r;
    }

    /// <summary>Position of <paramref name="key"/>'s value, or of this mapping when absent.</summary>
    public Mark At(string key) => TryGet(key, false, out var node) ? node.Start : _node.Start;

    /// <summary>An error at a position of this file.</summary>
    public InputException Error(Mark at, string field, string reason) => _positions.Error(at, field, reason);

    /// <summary>An error at <paramref name="key"/> (or this section when the key is absent).</summary>
    public InputException Error(string key, string reason)
    {
        TryGet(key, false, out _);
        return _positions.Error(_positions.Find(Child(key)), Child(key), reason);
    }

    private bool TryGet(string key, bool required, out YamlNode node)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                _positions.Add(Child(key), k.Start);
                node = v;
                return true;
            }
        node = null!;
        if (required) throw _positions.Error(_keyMark, Child(key), $"missing required field '{key}'" + (_path.Length > 0 ? $" in '{_path}'" : ""));
        return false;
    }

    private string? Scalar(string key, bool required, out YamlScalarNode? scalar)
    {
        scalar = null;
        if (!TryGet(key, required, out var node)) return null;
        if (node is not YamlScalarNode s)
            throw _positions.Error(node.Start, Child(key), $"expected a single value, got {Describe(node)}");
        if (s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null")
            throw _positions.Error(_positions.Find(Child(key)), Child(key), "missing value");
        scalar = s;
        return s.Value!;
    }

    private static bool Unquoted(YamlScalarNode? s) => s is { Style: ScalarStyle.Plain };

    private InputException WrongType(string key, YamlScalarNode s, string expected) =>
        _positions.Error(s.Start, Child(key), $"expected {expected}, got {(Unquoted(s) ? "" : "quoted text ")}'{s.Value}'");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
