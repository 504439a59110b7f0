using System.Globalization;
using YamlDotNet.RepresentationModel;
using CimSim.Workloads.Yaml;

namespace CimSim.Workloads.Networks;

/// <summary>
/// Reads a user network from YAML (docs/COMPILER.md, "Network YAML") into a checked <see cref="Network"/>.
/// Syntax errors, unknown keys, wrong types, missing fields and inconsistent shapes are
/// <see cref="InputException"/>s naming the file, line, column and field.
/// </summary>
public static class NetworkYamlLoader
{
    private static readonly string[] TopKeys = ["name", "dataset", "input", "layers"];
    private static readonly string[] Common = ["name", "type", "inputs", "relu", "weight_bits", "input_bits"];
    private static readonly Dictionary<string, (LayerOp Op, string[] Keys)> Types = new()
    {
        ["conv"] = (LayerOp.Conv, ["out_channels", "kernel", "stride", "padding"]),
        ["depthwise_conv"] = (LayerOp.DepthwiseConv, ["out_channels", "kernel", "stride", "padding"]),
        ["fc"] = (LayerOp.FullyConnected, ["out_features"]),
        ["maxpool"] = (LayerOp.MaxPool, ["kernel", "stride", "padding"]),
        ["avgpool"] = (LayerOp.AvgPool, ["kernel", "stride", "padding"]),
        ["global_avgpool"] = (LayerOp.GlobalAvgPool, []),
        ["add"] = (LayerOp.ResidualAdd, []),
    };

    /// <summary>Loads the file at <paramref name="path"/>; <paramref name="dataset"/> (if given) overrides the file's.</summary>
    public static Network LoadFile(string path, Dataset? dataset = null)
    {
        return LoadText(YamlText.ReadFile(path), path, dataset);
    }

    /// <summary>Loads YAML text; <paramref name="fileName"/> is used in messages.</summary>
    public static Network LoadText(string yaml, string fileName, Dataset? dataset = null)
    {
        var root = Map(YamlText.LoadRoot(yaml, fileName), fileName, "(document)");
        CheckKeys(root, TopKeys, fileName, "");

        string name = Scalar(root, "name", fileName, "") ?? Path.GetFileNameWithoutExtension(fileName);
        var dsNode = Get(root, "dataset");
        Dataset? ds = dataset;
        if (ds is null && dsNode is not null)
        {
            string v = ScalarNode(dsNode, fileName, "dataset");
            try { ds = Dataset.Get(v, "dataset"); }
            catch (InputException e) { throw At(fileName, dsNode, "dataset", e.Reason); }
        }
        TensorShape input;
        if (Get(root, "input") is { } inNode)
        {
            int[] dims = IntList(inNode, fileName, "input");
            if (dims.Length != 3 || dims.Any(d => d <= 0))
                throw At(fileName, inNode, "input", "expected [channels, height, width], all positive");
            input = new TensorShape(dims[0], dims[1], dims[2]);
            if (ds is not null && ds.Input != input)
                throw At(fileName, inNode, "input", $"{input} does not match the dataset {ds.Name} ({ds.Input})");
        }
        else if (ds is not null) input = ds.Input;
        else throw new InputException(fileName, (int)root.Start.Line, (int)root.Start.Column, "input",
            "give the input shape (input: [C, H, W]) or a dataset (dataset: cifar10)");

        if (Get(root, "layers") is not YamlSequenceNode layersNode)
            throw At(fileName, Get(root, "layers") ?? root, "layers", "expected a list of layers");
        var specs = new List<LayerSpec>();
        var counters = new Dictionary<string, int>();
        for (int i = 0; i < layersNode.Children.Count; i++)
        {
            string f = $"layers[{i}]";
            var node = Map(layersNode.Children[i], fileName, f);
            string type = Scalar(node, "type", fileName, f) ?? throw At(fileName, node, f + ".type", $"missing; one of {string.Join(", ", Types.Keys)}");
            if (!Types.TryGetValue(type, out var t))
                throw At(fileName, Get(node, "type")!, f + ".type", $"unknown layer type '{type}'; one of {string.Join(", ", Types.Keys)}");
            CheckKeys(node, [.. Common, .. t.Keys], fileName, f);
            counters[type] = counters.GetValueOrDefault(type) + 1;
            string layerName = Scalar(node, "name", fileName, f) ?? $"{type}_{counters[type]}";
            int kernel = Int(node, "kernel", fileName, f) ?? (t.Op is LayerOp.Conv or LayerOp.DepthwiseConv or LayerOp.MaxPool or LayerOp.AvgPool
                ? throw At(fileName, node, f + ".kernel", $"a {type} layer needs a kernel size") : 1);
            bool pool = t.Op is LayerOp.MaxPool or LayerOp.AvgPool;
            int outCount = t.Op == LayerOp.FullyConnected
                ? Int(node, "out_features", fileName, f) ?? throw At(fileName, node, f + ".out_features", "a fc layer needs out_features")
                : t.Op == LayerOp.Conv
                    ? Int(node, "out_channels", fileName, f) ?? throw At(fileName, node, f + ".out_channels", "a conv layer needs out_channels")
                    : Int(node, "out_channels", fileName, f) ?? 0;
            IReadOnlyList<string>? inputs = null;
            if (Get(node, "inputs") is { } inputsNode)
                inputs = inputsNode is YamlScalarNode one ? [one.Value ?? ""] : StringList(inputsNode, fileName, f + ".inputs");
            if (t.Op == LayerOp.ResidualAdd && inputs is null)
                throw At(fileName, node, f + ".inputs", "an add layer needs its inputs listed");
            specs.Add(new LayerSpec(layerName, t.Op)
            {
                Inputs = inputs,
                OutChannels = outCount,
                KernelSize = kernel,
                Stride = Int(node, "stride", fileName, f) ?? (pool ? kernel : 1),
                Padding = Int(node, "padding", fileName, f) ?? 0,
                Relu = Bool(node, "relu", fileName, f) ?? false,
                WeightBits = Int(node, "weight_bits", fileName, f),
                InputBits = Int(node, "input_bits", fileName, f),
                Location = new SourceLocation(fileName, (int)node.Start.Line, (int)node.Start.Column),
            });
        }
        return Network.Build(name, ds?.Name ?? "custom", input, specs,
            new SourceLocation(fileName, (int)root.Start.Line, (int)root.Start.Column));
    }

    private static InputException At(string file, YamlNode node, string field, string reason) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, field, reason);

    private static YamlMappingNode Map(YamlNode node, string file, string field) =>
        node as YamlMappingNode ?? throw At(file, node, field, "expected a mapping of keys");

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private static void CheckKeys(YamlMappingNode node, string[] allowed, string file, string prefix)
    {
        foreach (var key in node.Children.Keys)
            if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k))
                throw At(file, key, Join(prefix, key.ToString()), $"unknown key; expected one of: {string.Join(", ", allowed)}");
    }

    private static YamlNode? Get(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string ScalarNode(YamlNode node, string file, string field) =>
        node is YamlScalarNode { Value: { } v } ? v : throw At(file, node, field, "expected a single value");

    private static string? Scalar(YamlMappingNode node, string key, string file, string prefix) =>
        Get(node, key) is { } v ? ScalarNode(v, file, Join(prefix, key)) : null;

    private static int? Int(YamlMappingNode node, string key, string file, string prefix)
    {
        if (Get(node, key) is not { } v) return null;
        string s = ScalarNode(v, file, Join(prefix, key));
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i)
            ? i : throw At(file, v, Join(prefix, key), $"expected an integer, got '{s}'");
    }

    private static bool? Bool(YamlMappingNode node, string key, string file, string prefix)
    {
        if (Get(node, key) is not { } v) return null;
        string s = ScalarNode(v, file, Join(prefix, key));
        return s switch { "true" => true, "false" => false, _ => throw At(file, v, Join(prefix, key), $"expected true or false, got '{s}'") };
    }

    private static int[] IntList(YamlNode node, string file, string field)
    {
        if (node is not YamlSequenceNode seq) throw At(file, node, field, "expected a list of integers");
        return seq.Children.Select(c =>
        {
            string s = ScalarNode(c, file, field);
            return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i)
                ? i : throw At(file, c, field, $"expected an integer, got '{s}'");
        }).ToArray();
    }

    private static string[] StringList(YamlNode node, string file, string field) =>
        node is YamlSequenceNode seq ? seq.Children.Select(c => ScalarNode(c, file, field)).ToArray()
        : throw At(file, node, field, "expected a layer name or a list of layer names");
}
