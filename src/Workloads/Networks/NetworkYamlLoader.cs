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
        var root = YamlSection.Parse(yaml, fileName, TopKeys);
        string name = root.Text("name", false) ?? Path.GetFileNameWithoutExtension(fileName);
        Dataset? ds = dataset;
        if (ds is null && root.Text("dataset", false) is { } dsName)
        {
            try { ds = Dataset.Get(dsName, "dataset"); }
            catch (InputException e) { throw root.Error(root.At("dataset"), "dataset", e.Reason); }
        }
        TensorShape input;
        if (root.IntList("input", int.MinValue, int.MaxValue, false, distinct: false) is { } dims)
        {
            if (dims.Count != 3 || dims.Any(d => d <= 0))
                throw root.Error(root.At("input"), "input", "expected [channels, height, width], all positive");
            input = new TensorShape(dims[0], dims[1], dims[2]);
            if (ds is not null && ds.Input != input)
                throw root.Error(root.At("input"), "input", $"{input} does not match the dataset {ds.Name} ({ds.Input})");
        }
        else if (ds is not null) input = ds.Input;
        else throw root.Error(root.Start, "input", "give the input shape (input: [C, H, W]) or a dataset (dataset: cifar10)");

        if (root.Node("layers") is not YamlSequenceNode)
            throw root.Error(root.At("layers"), "layers", "expected a list of layers");
        var specs = new List<LayerSpec>();
        var counters = new Dictionary<string, int>();
        foreach (var node in root.List("layers"))
        {
            string f = node.Path;
            string type = node.Text("type", false) ?? throw node.Error(node.Start, f + ".type", $"missing; one of {string.Join(", ", Types.Keys)}");
            if (!Types.TryGetValue(type, out var t))
                throw node.Error(node.At("type"), f + ".type", $"unknown layer type '{type}'; one of {string.Join(", ", Types.Keys)}");
            node.Only([.. Common, .. t.Keys]);
            counters[type] = counters.GetValueOrDefault(type) + 1;
            string layerName = node.Text("name", false) ?? $"{type}_{counters[type]}";
            int kernel = node.OptionalInt("kernel") ?? (t.Op is LayerOp.Conv or LayerOp.DepthwiseConv or LayerOp.MaxPool or LayerOp.AvgPool
                ? throw node.Error(node.Start, f + ".kernel", $"a {type} layer needs a kernel size") : 1);
            bool pool = t.Op is LayerOp.MaxPool or LayerOp.AvgPool;
            int outCount = t.Op == LayerOp.FullyConnected
                ? node.OptionalInt("out_features") ?? throw node.Error(node.Start, f + ".out_features", "a fc layer needs out_features")
                : t.Op == LayerOp.Conv
                    ? node.OptionalInt("out_channels") ?? throw node.Error(node.Start, f + ".out_channels", "a conv layer needs out_channels")
                    : node.OptionalInt("out_channels") ?? 0;
            var inputs = node.Values("inputs", false)?.Select(v => v.Text).ToList();
            if (t.Op == LayerOp.ResidualAdd && inputs is null)
                throw node.Error(node.Start, f + ".inputs", "an add layer needs its inputs listed");
            specs.Add(new LayerSpec(layerName, t.Op)
            {
                Inputs = inputs,
                OutChannels = outCount,
                KernelSize = kernel,
                Stride = node.OptionalInt("stride") ?? (pool ? kernel : 1),
                Padding = node.Int("padding", 0),
                Relu = node.Bool("relu", false),
                WeightBits = node.OptionalInt("weight_bits"),
                InputBits = node.OptionalInt("input_bits"),
                Location = new SourceLocation(fileName, (int)node.Start.Line, (int)node.Start.Column),
            });
        }
        return Network.Build(name, ds?.Name ?? Dataset.Custom, input, specs,
            new SourceLocation(fileName, (int)root.Start.Line, (int)root.Start.Column));
    }
}
