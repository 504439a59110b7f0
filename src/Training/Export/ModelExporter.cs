using System.Globalization;
using CimSim.Workloads.Inference;
using CimSim.Training.Models;
using CimSim.Training.Quantization;
using static TorchSharp.torch;

namespace CimSim.Training.Export;

/// <summary>What <see cref="ModelExporter"/> records in model.yaml besides the tensors.</summary>
public sealed record ModelInfo(string Network, string Dataset, TrainingStage Stage, string? TrainedFor, double TestAccuracy, string Command)
{
    /// <summary>A network YAML (its text) to store in the model directory as <see cref="ModelExporter.NetworkFile"/>, which
    /// model.yaml then names; null when <see cref="Network"/> is a zoo spec.</summary>
    public string? NetworkYaml { get; init; }
}

/// <summary>
/// Writes a trained model directory in the format of docs/MODEL_FORMAT.md (version 1): model.yaml and per
/// crossbar layer <c>&lt;layer&gt;.npy</c> and <c>.bias.npy</c>, batch norm folded. Float: float32 weights.
/// QAT/PSQ: int8 weights (integers in ±Q) with <c>weight_step</c>, and <c>input_step</c>. PSQ: uint8
/// <c>.alpha.npy</c> codes (row block, input slice, C_out, weight slice) with <c>alpha_step</c> (the codes and step
/// the training forward used, <see cref="PsqCodes"/>). Files go to a temporary directory first and are then moved
/// into <c>dir</c> (which may hold the stage's checkpoint and history), model.yaml last, so a directory with a
/// model.yaml always holds a complete model.
/// </summary>
public static class ModelExporter
{
    /// <summary>The network YAML a model directory holds when its network is not a zoo spec.</summary>
    public const string NetworkFile = "network.yaml";

    /// <summary>The codes, step and engine thresholds (⌊code·step⌋ + 1, in double precision) of a PSQ layer's α.</summary>
    internal static (byte[] Codes, double Step, int[] Thresholds) PsqCodes(LayerQuantizer q)
    {
        var alpha = q.Alpha!.detach().contiguous().data<float>().ToArray();
        int levels = (1 << q.Chip.ScaleFactorBits) - 1;
        float max = alpha.Max();
        // The same float32 arithmetic as the training forward: step = max α / levels, code = round(α / step).
        float stepF = Math.Max(max, 1e-12f) / levels;
        var codes = new byte[alpha.Length];
        var thr = new int[alpha.Length];
        double step = stepF;
        for (int i = 0; i < alpha.Length; i++)
        {
            float v = alpha[i] / stepF;
            codes[i] = (byte)Math.Clamp(MathF.Floor(Math.Abs(v) + 0.5f) * MathF.Sign(v), 0, levels);
            thr[i] = (int)Math.Floor(codes[i] * step) + 1;
        }
        return (codes, step, thr);
    }

    /// <summary>Freezes every PSQ layer's α to its exported codes (the forward then uses exactly the file's α̂ and thresholds).</summary>
    public static void FixAlpha(ICrossbarNetwork model)
    {
        using var scope = NewDisposeScope();
        foreach (var l in model.Layers)
            if (l.Quantizer is { Psq: true } q)
            {
                var (codes, step, thr) = PsqCodes(q);
                var shape = q.Alpha!.shape;
                q.Fixed = (tensor(Array.ConvertAll(codes, c => (double)c)).view(shape).DetachFromDisposeScope(), tensor(thr).view(shape).DetachFromDisposeScope(), step);
            }
    }

    public static void Write(ICrossbarNetwork model, ModelInfo info, string dir)
    {
        string tmp = dir.TrimEnd('/') + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        if (info.NetworkYaml is { } netYaml) File.WriteAllText(Path.Combine(tmp, NetworkFile), netYaml);
        var first = model.Layers[0].Quantizer;
        var entries = new List<ModelManifest.Layer>();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var l in model.Layers)
        {
            string name = l.LayerName;
            int[] wshape = l.IsFullyConnected ? [l.OutChannels, l.InChannels] : [l.OutChannels, l.InChannels, l.Kernel, l.Kernel];
            var (w, b) = FoldedWeights(l);
            NpyWriter.Write(Path.Combine(tmp, name + ".bias.npy"), b, [l.OutChannels]);
            var q = l.Quantizer;
            if (q is null)
            {
                NpyWriter.Write(Path.Combine(tmp, name + ".npy"), w, wshape);
                continue;
            }
            var (wi, _) = q.Weights(l);
            var ints = wi.detach().contiguous().data<float>().ToArray();
            NpyWriter.Write(Path.Combine(tmp, name + ".npy"), Array.ConvertAll(ints, v => checked((sbyte)v)), wshape);
            double? alphaStep = null;
            if (q.Psq)
            {
                var (codes, step, _) = PsqCodes(q);
                var a = q.Alpha!.shape;
                NpyWriter.Write(Path.Combine(tmp, name + ".alpha.npy"), codes, [(int)a[0], (int)a[1], l.OutChannels, q.Encoding.Slices]);
                alphaStep = step;
            }
            // Precisions other than the model's (the first layer's): a per-layer entry (XPert varies input bits per layer).
            // The steps are the float32 values the training used, exactly.
            entries.Add(new ModelManifest.Layer(name, q.WeightBits != first!.WeightBits ? q.WeightBits : null, q.InputBits != first.InputBits ? q.InputBits : null,
                q.WeightStep.detach().item<float>(), q.ActStep.detach().item<float>(), alphaStep));
        }
        var manifest = new ModelManifest(info.NetworkYaml is null ? info.Network : NetworkFile, info.Dataset, info.Command)
        {
            Stage = info.Stage.ToString().ToLowerInvariant(), TrainedFor = info.TrainedFor, TestAccuracy = info.TestAccuracy,
            WeightBits = first?.WeightBits, InputBits = first?.InputBits, Layers = entries,
        };
        File.WriteAllText(Path.Combine(tmp, "model.yaml"), manifest.ToYaml());
        Directory.CreateDirectory(dir);
        File.Delete(Path.Combine(dir, "model.yaml"));
        foreach (var f in Directory.GetFiles(tmp).Where(f => !f.EndsWith("model.yaml", StringComparison.Ordinal)).Append(Path.Combine(tmp, "model.yaml")))
            File.Move(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
        Directory.Delete(tmp);
    }

    /// <summary>The layer's weight and bias with batch norm folded (running statistics), as float arrays.</summary>
    private static (float[] W, float[] B) FoldedWeights(CrossbarLayer l)
    {
        if (l.Folded) return (l.Weight.detach().contiguous().data<float>().ToArray(), l.Bias.detach().contiguous().data<float>().ToArray());
        var bn = l.Bn!;
        var inv = bn.weight!.detach() / (bn.running_var!.detach() + bn.eps).sqrt();
        var w = (l.Weight.detach() * inv.reshape(-1, 1, 1, 1)).contiguous();
        var b = (bn.bias!.detach() - bn.running_mean!.detach() * inv).contiguous();
        return (w.data<float>().ToArray(), b.data<float>().ToArray());
    }
}
