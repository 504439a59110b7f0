using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CimSim.Search.Sweep;

/// <summary>
/// Reads a sweep YAML file (docs/SWEEP.md) into a <see cref="SweepSpec"/> whose every point has been validated:
/// each point's chip is the base chip file with the point's fields set, loaded by <see cref="ArchitectureLoader"/>
/// exactly as a chip file; each network is loaded. Every problem is one <see cref="InputException"/> naming the
/// sweep file, line, column and field (a problem of the base chip itself names the chip file) — before anything runs.
/// </summary>
public static class SweepSpecLoader
{
    /// <summary>Fields that are not chip paths.</summary>
    public static readonly IReadOnlyList<string> RunFields = ["network", "dataset", "seed"];

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static SweepSpec LoadFile(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, 0, 0, null, "file not found");
        return LoadText(File.ReadAllText(path), path);
    }

    /// <summary>Loads YAML text; <paramref name="fileName"/> names it in messages and resolves relative paths.</summary>
    public static SweepSpec LoadText(string yaml, string fileName)
    {
        var root = YamlSection.Parse(yaml, fileName, "name", "base", "vary", "points", "figures", "accuracy");
        string name = root.Text("name", true)!;
        if (string.IsNullOrWhiteSpace(name)) throw root.Error("name", "must not be empty (it names the sweep's outputs)");
        string dir = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".";

        var b = root.Section("base", true, "chip", "network", "dataset", "seed")!;
        string chipRel = b.Text("chip", true)!;
        string chipPath = Path.GetFullPath(Path.IsPathRooted(chipRel) ? chipRel : Path.Combine(dir, chipRel));
        if (!File.Exists(chipPath)) throw b.Error("chip", $"chip file '{chipRel}' not found (looked for {chipPath})");
        string chipText = File.ReadAllText(chipPath).Replace("\r\n", "\n");
        var baseChip = ArchitectureLoader.LoadText(chipText, chipPath);
        var baseNetwork = new FieldValue("network", b.Text("network", true)!, (int)b.At("network").Line, (int)b.At("network").Column);
        FieldValue? baseDataset = b.Has("dataset") ? new FieldValue("dataset", b.Text("dataset", true)!, (int)b.At("dataset").Line, (int)b.At("dataset").Column) : null;
        ulong baseSeed = (ulong)b.Long("seed", 0, long.MaxValue, 1);

        // vary/points are keyed by field paths: read from their nodes (positions of every key and value).
        var fields = new List<string>();
        var axes = new List<List<FieldValue>>();
        if (root.Node("vary") is { } varyNode)
        {
            if (varyNode is not YamlMappingNode vary || vary.Children.Count == 0)
                throw Error(fileName, varyNode.Start, "vary", "expected a mapping of field: values (a list or a range { from, to, step | times })");
            foreach (var (k, v) in vary.Children)
            {
                string field = CheckField(fileName, k, "vary", fields);
                fields.Add(field);
                axes.Add(Values(fileName, field, v));
            }
        }
        var explicitPoints = new List<(List<FieldValue> Values, Mark At)>();
        if (root.Node("points") is { } pointsNode)
        {
            if (pointsNode is not YamlSequenceNode seq || seq.Children.Count == 0)
                throw Error(fileName, pointsNode.Start, "points", "expected a non-empty list of points, each a mapping of field: value");
            for (int i = 0; i < seq.Children.Count; i++)
            {
                if (seq.Children[i] is not YamlMappingNode m)
                    throw Error(fileName, seq.Children[i].Start, $"points[{i}]", "expected a mapping of field: value");
                var seen = new List<string>();
                var values = new List<FieldValue>();
                foreach (var (k, v) in m.Children)
                {
                    string field = CheckField(fileName, k, $"points[{i}]", seen);
                    seen.Add(field);
                    if (!fields.Contains(field)) fields.Add(field);
                    if (v is not YamlScalarNode { Value: { Length: > 0 } text })
                        throw Error(fileName, v.Start, $"points[{i}].{field}", "expected a single value");
                    values.Add(new FieldValue(field, text, (int)v.Start.Line, (int)v.Start.Column));
                }
                explicitPoints.Add((values, m.Start));
            }
        }

        var figures = new List<SweepFigure>();
        if (root.Has("figures"))
            foreach (var (text, at) in root.Values("figures", true)!)
            {
                var f = SweepFigure.All.FirstOrDefault(x => string.Equals(x.Name, text, StringComparison.OrdinalIgnoreCase))
                    ?? throw root.Error(at, "figures", $"unknown figure '{text}'; expected one of: {string.Join(", ", SweepFigure.All.Select(x => x.Name))}");
                if (figures.Contains(f)) throw root.Error(at, "figures", $"'{text}' is listed twice");
                figures.Add(f);
            }
        else figures.AddRange(SweepFigure.Default);

        SweepAccuracy? accuracy = null;
        if (figures.Contains(SweepFigure.Accuracy) || root.Has("accuracy"))
        {
            var a = root.Section("accuracy", false, "dataset", "images", "calibration");
            accuracy = new SweepAccuracy(a?.Text("dataset", false), a?.Int("images", 0, int.MaxValue, 0) ?? 0, a?.Int("calibration", 1, int.MaxValue, 64) ?? 64);
            if (!figures.Contains(SweepFigure.Accuracy)) figures.Add(SweepFigure.Accuracy);
        }

        // Points: the product (first field slowest), then the explicit ones, each in the spec's field order.
        var raw = new List<(List<FieldValue> Values, string Where)>();
        if (axes.Count > 0)
        {
            var index = new int[axes.Count];
            while (true)
            {
                raw.Add((axes.Select((a, j) => a[index[j]]).ToList(), "vary"));
                int d = axes.Count - 1;
                while (d >= 0 && ++index[d] == axes[d].Count) index[d--] = 0;
                if (d < 0) break;
            }
        }
        for (int i = 0; i < explicitPoints.Count; i++)
            raw.Add((explicitPoints[i].Values.OrderBy(v => fields.IndexOf(v.Field)).ToList(), $"points[{i}]"));
        if (raw.Count == 0) raw.Add(([], "base"));

        var networks = new Dictionary<(string, string?), string>();
        var points = new List<SweepPoint>();
        var byFingerprint = new Dictionary<string, int>(StringComparer.Ordinal);
        var chips = new Dictionary<string, ChipSpec>(StringComparer.Ordinal);
        foreach (var (values, where) in raw)
        {
            var net = values.FirstOrDefault(v => v.Field == "network") ?? baseNetwork;
            var ds = values.FirstOrDefault(v => v.Field == "dataset") ?? baseDataset;
            ulong seed = baseSeed;
            if (values.FirstOrDefault(v => v.Field == "seed") is { } s
                && !ulong.TryParse(s.Text, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                throw Error(fileName, s, where, $"expected a non-negative integer, got '{s.Text}'");
            string network = ResolveNetwork(net.Text, dir);
            if (!networks.TryGetValue((network, ds?.Text), out string? networkText))
            {
                try
                {
                    if (TrainedModel.IsModelDirectory(network))
                    {
                        var model = TrainedModel.Load(network, ds?.Text);
                        if (accuracy is not null) DatasetSource.Open(accuracy.Dataset ?? model.DatasetName ?? model.Network.Dataset);
                        networkText = ModelText(network);
                    }
                    else
                    {
                        if (accuracy is not null)
                            throw new InputException(null, 0, 0, null, $"the accuracy figure needs a trained model directory (model.yaml, docs/MODEL_FORMAT.md) as the network, got '{net.Text}'");
                        NetworkSource.Load(network, ds?.Text);
                        networkText = File.Exists(network) ? File.ReadAllText(network).Replace("\r\n", "\n") : "";
                    }
                }
                catch (InputException e)
                {
                    var blame = ds is not null && e.Field is { } f && f.Contains("dataset", StringComparison.Ordinal) ? ds : net;
                    throw Error(fileName, blame, blame == baseNetwork || blame == baseDataset ? "base" : where, e.Message);
                }
                networks[(network, ds?.Text)] = networkText;
            }

            var chipEdits = values.Where(v => !RunFields.Contains(v.Field)).ToList();
            string chipYaml;
            try { chipYaml = ChipYamlEdit.Apply(chipText, chipEdits.Select(v => (v.Field, v.Text))); }
            catch (ArgumentException e) { throw Error(fileName, chipEdits[^1], where, e.Message); }
            if (!chips.TryGetValue(chipYaml, out var chip))
            {
                try { chip = ArchitectureLoader.LoadText(chipYaml, chipPath); }
                catch (InputException e)
                {
                    var blame = chipEdits.FirstOrDefault(v => v.Field == e.Field)
                        ?? chipEdits.FirstOrDefault(v => e.Field is not null && (e.Field.StartsWith(v.Field + ".", StringComparison.Ordinal) || v.Field.StartsWith(e.Field + ".", StringComparison.Ordinal)))
                        ?? chipEdits.LastOrDefault();
                    if (blame is null) throw;
                    string others = string.Join(", ", chipEdits.Where(v => v != blame).Select(v => $"{v.Field}={v.Text}"));
                    throw Error(fileName, blame, where,
                        $"{blame.Text}: {(e.Field is not null && e.Field != blame.Field ? $"chip field {e.Field}: " : "")}{e.Reason}{(others.Length > 0 ? $" (with {others})" : "")}");
                }
                chips[chipYaml] = chip;
            }
            string fp = PointFingerprint(chipYaml, network, networkText, ds?.Text, seed);
            if (byFingerprint.TryGetValue(fp, out int same))
            {
                var at = values.Count > 0 ? values[0] : baseNetwork;
                throw Error(fileName, at, where, $"this point is the same as point {same} ({points[same].Label}); list each point once");
            }
            byFingerprint[fp] = points.Count;
            points.Add(new SweepPoint
            {
                Index = points.Count, Values = values, ChipYaml = chipYaml, Chip = chip, Network = network, NetworkLabel = net.Text,
                Dataset = ds?.Text, Seed = seed, Fingerprint = fp,
            });
        }

        var sb = new StringBuilder(yaml.Replace("\r\n", "\n")).Append("\n--\n").Append(chipText);
        foreach (var t in networks.Values.Where(t => t.Length > 0).Distinct().Order(StringComparer.Ordinal)) sb.Append("\n--\n").Append(t);
        return new SweepSpec
        {
            Name = name, FileName = fileName, FullPath = Path.GetFullPath(fileName), BaseChipPath = chipPath, BaseChip = baseChip,
            Fields = fields, Points = points, Figures = figures, Accuracy = accuracy, Fingerprint = Sha(sb.ToString() + $"\n--\naccuracy: {accuracy}"),
        };
    }

    /// <summary>The fingerprint of a point: everything its result depends on.</summary>
    public static string PointFingerprint(string chipYaml, string network, string networkText, string? dataset, ulong seed) =>
        Sha($"cimsim.sweep-point/1\nnetwork: {network}\n{networkText}\ndataset: {dataset ?? "(network's own)"}\nseed: {seed}\nchip:\n{chipYaml}");

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>A model directory's identity: model.yaml's text and a hash of every file in it.</summary>
    private static string ModelText(string directory)
    {
        var sb = new StringBuilder(File.ReadAllText(Path.Combine(directory, "model.yaml")).Replace("\r\n", "\n"));
        foreach (var f in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            sb.Append('\n').Append(Path.GetFileName(f)).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
        return sb.ToString();
    }

    private static string ResolveNetwork(string text, string dir)
    {
        string asPath = Path.GetFullPath(Path.IsPathRooted(text) ? text : Path.Combine(dir, text));
        if (TrainedModel.IsModelDirectory(asPath)) return asPath;
        bool yaml = text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        if (!yaml) return text;
        return Path.GetFullPath(Path.IsPathRooted(text) ? text : Path.Combine(dir, text));
    }

    private static string CheckField(string file, YamlNode key, string where, List<string> seen)
    {
        if (key is not YamlScalarNode { Value: { Length: > 0 } field })
            throw Error(file, key.Start, where, "expected a field name such as readout.adc.bits");
        if (seen.Contains(field)) throw Error(file, key.Start, $"{where}.{field}", "listed twice");
        if (field == "name") throw Error(file, key.Start, $"{where}.{field}", "the chip's name cannot be varied");
        if (!RunFields.Contains(field) && field.Split('.').Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
            throw Error(file, key.Start, $"{where}.{field}", "expected network, dataset, seed or a chip field path such as readout.adc.bits");
        return field;
    }

    /// <summary>A varied field's values: a list, a single value, or a range { from, to, step } / { from, to, times }.</summary>
    private static List<FieldValue> Values(string file, string field, YamlNode node)
    {
        string at = $"vary.{field}";
        var r = new List<FieldValue>();
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } v }:
                r.Add(new FieldValue(field, v, (int)node.Start.Line, (int)node.Start.Column));
                break;
            case YamlSequenceNode seq when seq.Children.Count > 0:
                foreach (var c in seq.Children)
                {
                    if (c is not YamlScalarNode { Value: { Length: > 0 } text })
                        throw Error(file, c.Start, at, "expected a list of single values");
                    if (r.Any(x => x.Text == text)) throw Error(file, c.Start, at, $"'{text}' is listed twice");
                    r.Add(new FieldValue(field, text, (int)c.Start.Line, (int)c.Start.Column));
                }
                break;
            case YamlMappingNode m:
                r.AddRange(Range(file, field, m));
                break;
            default:
                throw Error(file, node.Start, at, "expected a list of values or a range { from, to, step | times }");
        }
        return r;
    }

    private static IEnumerable<FieldValue> Range(string file, string field, YamlMappingNode m)
    {
        string at = $"vary.{field}";
        decimal? Get(string key, bool required)
        {
            var k = new YamlScalarNode(key);
            if (!m.Children.TryGetValue(k, out var n))
                return required ? throw Error(file, m.Start, $"{at}.{key}", $"missing required field '{key}' of the range") : null;
            if (n is not YamlScalarNode { Value: { } t } || !decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw Error(file, n.Start, $"{at}.{key}", $"expected a number, got {(n is YamlScalarNode s ? $"'{s.Value}'" : "a structure")}");
            return d;
        }
        foreach (var k in m.Children.Keys)
            if (k is not YamlScalarNode { Value: "from" or "to" or "step" or "times" })
                throw Error(file, k.Start, at, $"unknown key '{k}' in a range; expected from, to, step or times");
        decimal from = Get("from", true)!.Value, to = Get("to", true)!.Value;
        decimal? step = Get("step", false), times = Get("times", false);
        if (step is not null && times is not null) throw Error(file, m.Start, at, "give step or times, not both");
        var mark = m.Start;
        var values = new List<decimal>();
        // Counted as they are made: a range of a billion values is refused before it fills the memory.
        void Add(decimal v)
        {
            if (values.Count == MaxRangeValues) throw Error(file, mark, at, $"the range has more than {MaxRangeValues} values");
            values.Add(v);
        }
        if (times is { } f)
        {
            if (f <= 1 || from <= 0) throw Error(file, mark, at, "a geometric range needs times > 1 and from > 0");
            if (to < from) throw Error(file, mark, at, $"to ({to}) is below from ({from})");
            for (decimal v = from; v <= to; v *= f) Add(v);
        }
        else
        {
            decimal s = step ?? 1;
            if (s == 0 || (to - from) / s < 0) throw Error(file, mark, at, $"step {s} does not go from {from} to {to}");
            for (decimal v = from; s > 0 ? v <= to : v >= to; v += s) Add(v);
        }
        return values.Select(v => new FieldValue(field, Trim(v).ToString(CultureInfo.InvariantCulture), (int)mark.Line, (int)mark.Column));
    }

    /// <summary>Most values one range may give (a sweep of more points is a mistake, or a job for a search).</summary>
    private const int MaxRangeValues = 100_000;

    private static InputException Error(string file, Mark at, string field, string reason) =>
        new(file, (int)at.Line, (int)at.Column, field, reason);

    private static InputException Error(string file, FieldValue v, string where, string reason) =>
        new(file, v.Line, v.Column, $"{where}.{v.Field}", reason);

    /// <summary>The decimal without trailing zeros (2.50 → 2.5).</summary>
    private static decimal Trim(decimal d) => d / 1.000000000000000000000000000000000m;
}
