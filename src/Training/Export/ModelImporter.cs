using System.Globalization;
using CimSim.Training.Models;
using CimSim.Workloads.Numpy;
using YamlDotNet.RepresentationModel;
using static TorchSharp.torch;

namespace CimSim.Training.Export;

/// <summary>
/// Loads a model directory written by <see cref="ModelExporter"/> into a model of the QAT structure (batch norm
/// folded): weights (float, or int8 × weight_step), biases and, when present, the learned steps. This is how
/// stages chain (QAT from a float model, PSQ from a QAT model), so a shipped model is a valid starting point.
/// </summary>
public static class ModelImporter
{
    /// <summary>The stage a model directory's model.yaml records, or null when there is none.</summary>
    public static TrainingStage? StageOf(string dir)
    {
        var root = Yaml(dir);
        if (root is null) return null;
        return root.Children.TryGetValue(new YamlScalarNode("stage"), out var s)
            && Enum.TryParse<TrainingStage>(((YamlScalarNode)s).Value, true, out var st) ? st : null;
    }

    private static YamlMappingNode? Yaml(string dir)
    {
        string p = Path.Combine(dir, "model.yaml");
        if (!File.Exists(p)) return null;
        var ys = new YamlStream();
        using var r = new StreamReader(p);
        ys.Load(r);
        return ys.Documents.Count == 0 ? null : ys.Documents[0].RootNode as YamlMappingNode;
    }

    /// <summary>Loads <paramref name="dir"/> into <paramref name="model"/> (folded; quantized layers get their steps when the file has them).</summary>
    public static void Load(ICrossbarNetwork model, string dir)
    {
        var root = Yaml(dir) ?? throw new FileNotFoundException($"{dir}: no model.yaml (not a model directory)");
        YamlMappingNode? layers = root.Children.TryGetValue(new YamlScalarNode("layers"), out var ln) ? ln as YamlMappingNode : null;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var l in model.Layers)
        {
            if (!l.Folded) throw new InvalidOperationException("load into a folded model");
            var w = NpyReader.ReadFile(Path.Combine(dir, l.LayerName + ".npy"));
            var b = NpyReader.ReadFile(Path.Combine(dir, l.LayerName + ".bias.npy"));
            if (w.Values.Length != l.Weight.numel() || b.Values.Length != l.OutChannels)
                throw new InvalidDataException($"{dir}: {l.LayerName} has {w.ShapeText} weights, the network needs {l.OutChannels}×{l.InChannels}×{l.Kernel}×{l.Kernel}");
            YamlMappingNode? entry = layers is not null && layers.Children.TryGetValue(new YamlScalarNode(l.LayerName), out var e) ? e as YamlMappingNode : null;
            float ws = Number(entry, "weight_step") ?? 1f;
            if (w.IsInteger && Number(entry, "weight_step") is null) throw new InvalidDataException($"{dir}: {l.LayerName}.npy is integer but model.yaml has no weight_step");
            var vals = w.IsInteger ? Array.ConvertAll(w.Values, v => v * ws) : w.Values;
            l.Weight.copy_(tensor(vals).view(l.Weight.shape));
            l.Bias.copy_(tensor(b.Values));
            if (l.Quantizer is { } q)
            {
                if (Number(entry, "weight_step") is float s1) q.WeightStep.copy_(tensor(new[] { s1 }));
                if (Number(entry, "input_step") is float s2) q.ActStep.copy_(tensor(new[] { s2 }));
            }
        }
    }

    private static float? Number(YamlMappingNode? m, string key) =>
        m is not null && m.Children.TryGetValue(new YamlScalarNode(key), out var v)
            ? float.Parse(((YamlScalarNode)v).Value!, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
