using System.Runtime.CompilerServices;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Numpy;
using CimSim.Workloads.Quantization;
using CimSim.Workloads.Yaml;

namespace CimSim.Workloads.Inference;

/// <summary>The trained parameters of one crossbar layer (docs/MODEL_FORMAT.md).</summary>
public sealed record LayerParameters
{
    private readonly float[]? _weights;

    /// <summary>
    /// The weights at <paramref name="bits"/>: with the learned step when there is one (integer files: the integers
    /// themselves, which must lie in ±Q), else the compiler's per-layer rule (<see cref="WeightQuantizer"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop over every weight, once per process
    public (WeightCodes Values, double Scale) Quantize(string layer, int bits, ParallelOptions? parallel = null)
    {
        if (WeightStep is not { } step) return Of(WeightQuantizer.Quantize(Weights, bits, parallel));
        InputException Outside(double value, long at) =>
            new(WeightsFile, 0, 0, null, $"integer weight {value} at element {at} is outside ±{(1 << (bits - 1)) - 1} ({bits}-bit weights of layer '{layer}')");
        if (StoredInt8 is { } stored) // the integers at step 1, as stored
        {
            if (bits < 2 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits));
            var w = WeightCodes.OfInt8(stored.Int8Bytes);
            return w.FirstOutside((1 << (bits - 1)) - 1) is var at and >= 0 ? throw Outside(w[at], at) : (w, 1.0);
        }
        if (IntegerWeights && step == 1.0)
            return WeightQuantizer.FromIntegers(Weights, bits, out int at) is { } ints ? (ints, 1.0) : throw Outside(Weights[at], at);
        if (IntegerWeights)
        {
            int q = (1 << (bits - 1)) - 1;
            for (int i = 0; i < Weights.Length; i++)
            {
                double v = Math.Round(Weights[i] / step);
                if (v < -q || v > q)
                    throw new InputException(WeightsFile, 0, 0, null, $"integer weight {v} at element {i} is outside ±{q} ({bits}-bit weights of layer '{layer}')");
            }
        }
        return Of(WeightQuantizer.QuantizeWithStep(Weights, bits, step));
    }

    private static (WeightCodes, double) Of(QuantizedTensor<int> q) => (q.Values, q.Scale);

    /// <summary>Real weights in PyTorch layout (batch norm folded in); for integer files, integer × <see cref="WeightStep"/>
    /// (an int8 file at step 1: <see cref="StoredInt8"/> widened on first use).</summary>
    public float[] Weights
    {
        get => _weights ?? StoredInt8?.Values ?? throw new InvalidOperationException("a layer's parameters need Weights or StoredInt8");
        init => _weights = value;
    }
    /// <summary>An int8 weight file whose integers are the weights at step 1, kept as stored: <see cref="Quantize"/> takes them
    /// without a float copy of every weight (a VGG8's are 12.7 M).</summary>
    public NpyArray? StoredInt8 { get; init; }
    /// <summary>True when the file held integers (already quantized; they must lie in ±Q).</summary>
    public bool IntegerWeights { get; init; }
    /// <summary>The weight file, for messages.</summary>
    public string WeightsFile { get; init; } = "";
    /// <summary>Per-output-channel bias added after the readout, or null.</summary>
    public float[]? Bias { get; init; }
    /// <summary>Learned weight quantization step, or null for the compiler's rule.</summary>
    public double? WeightStep { get; init; }
    /// <summary>Learned input (activation) quantization step, or null to calibrate.</summary>
    public double? InputStep { get; init; }
    /// <summary>Layer weight precision from the model, or null.</summary>
    public int? WeightBits { get; init; }
    /// <summary>Layer input precision from the model, or null.</summary>
    public int? InputBits { get; init; }
    /// <summary>Learned PSQ α (float, partial-sum units) laid out [rowBlock][inputSlice][output][weightSlice], or null.</summary>
    public float[]? Alpha { get; init; }
    /// <summary>Shape of <see cref="Alpha"/> as stored.</summary>
    public int[]? AlphaShape { get; init; }
    /// <summary>True when <see cref="Alpha"/> holds integer codes (then α = code × <see cref="AlphaStep"/>).</summary>
    public bool AlphaIsCodes { get; init; }
    /// <summary>Real value of one α code step (integer α files).</summary>
    public double? AlphaStep { get; init; }
}

/// <summary>
/// A trained model: a network and, per crossbar layer, weights, bias, learned steps and α. Loaded from a directory
/// (model.yaml + .npy tensors, docs/MODEL_FORMAT.md) or from a bare directory of <c>&lt;layer&gt;.npy</c> files with
/// the network given separately. Every crossbar layer must have weights; a file naming no layer is an error.
/// </summary>
public sealed class TrainedModel
{
    /// <summary>Model format version this code reads.</summary>
    public const int FormatVersion = 1;
    /// <summary>Batch-norm ε when model.yaml gives none (PyTorch's default).</summary>
    public const double DefaultBnEps = 1e-5;

    /// <summary>The network the parameters belong to.</summary>
    public required Network Network { get; init; }
    /// <summary>Directory read.</summary>
    public required string Directory { get; init; }
    /// <summary>Parameters by crossbar layer name.</summary>
    public required IReadOnlyDictionary<string, LayerParameters> Layers { get; init; }
    /// <summary>Informational: training stage (float, qat, psq) or null.</summary>
    public string? Stage { get; init; }
    /// <summary>The chip file the model was trained for (model.yaml <c>trained_for</c>; informational), if any.</summary>
    public string? TrainedFor { get; init; }
    /// <summary>Informational: the accuracy the trainer measured, or null.</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Dataset the model was trained on (model.yaml), or null.</summary>
    public string? DatasetName { get; init; }

    /// <summary>Number of biases (per-output-channel digital adds) over all layers.</summary>
    public bool HasBias(string layer) => Layers.TryGetValue(layer, out var p) && p.Bias is not null;

    /// <summary>True when <paramref name="path"/> is a directory holding a model.yaml.</summary>
    public static bool IsModelDirectory(string path) => System.IO.Directory.Exists(path) && File.Exists(Path.Combine(path, "model.yaml"));

    /// <summary>
    /// Loads a model directory with model.yaml; <paramref name="datasetOverride"/> (null: the model's) picks the input shape.
    /// </summary>
    public static TrainedModel Load(string directory, string? datasetOverride = null)
    {
        CheckDirectory(directory, "--network");
        string yamlPath = Path.Combine(directory, "model.yaml");
        if (!File.Exists(yamlPath)) throw new InputException(directory, 0, 0, null, "not a model directory: no model.yaml (docs/MODEL_FORMAT.md)");
        var pos = new YamlSection.Positions(yamlPath);
        var root = YamlSection.Root(YamlText.LoadRoot(YamlText.ReadFile(yamlPath), yamlPath), pos, "format", "network", "dataset", "stage", "trained_for",
            "test_accuracy", "command", "weight_bits", "input_bits", "bn_eps", "layers", "notes");
        int format = root.Int("format");
        if (format != FormatVersion) throw root.Error("format", $"model format {format} is not supported (this CimSim reads {FormatVersion})");
        string netSpec = root.String("network");
        string dataset = datasetOverride ?? root.String("dataset");
        string local = Path.Combine(directory, netSpec);
        Network network;
        try { network = NetworkSource.Load(File.Exists(local) ? local : netSpec, dataset); }
        catch (InputException e) when (e.File is null) { throw root.Error("network", e.Reason); }
        int? wBits = root.OptionalInt("weight_bits"), iBits = root.OptionalInt("input_bits");
        double eps = root.Double("bn_eps", DefaultBnEps);
        if (!(eps > 0)) throw root.Error("bn_eps", $"must be a finite number > 0, got {eps.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var perLayer = new Dictionary<string, YamlSection>();
        // Any layer name passes the section's key check; the loop below says which are not crossbar layers.
        if (root.Section("layers", false, [.. network.Layers.Select(l => l.Name)]) is { } layers)
            foreach (var (key, _) in layers.Entries)
            {
                if (!network.Layers.Any(l => l.Name == key && l.IsCrossbar))
                    throw layers.Error(key, $"'{key}' is not a crossbar layer of {network.Name}{Suggest(key, network)}");
                perLayer[key] = layers.Section(key, true, "weight_bits", "input_bits", "weight_step", "input_step", "alpha_step")!;
            }
        foreach (var bits in new[] { (wBits, "weight_bits", 2), (iBits, "input_bits", 1) })
            if (bits.Item1 is { } b && (b < bits.Item3 || b > 16)) throw root.Error(bits.Item2, $"must be {bits.Item3}..16, got {b}");
        var parameters = ReadTensors(directory, network, eps, l =>
        {
            perLayer.TryGetValue(l, out var s);
            double? Step(string key)
            {
                if (s?.OptionalDouble(key) is not { } v) return null;
                return v > 0 ? v : throw s.Error(key, $"must be positive, got {v}");
            }
            int? lw = s?.OptionalInt("weight_bits") ?? wBits, li = s?.OptionalInt("input_bits") ?? iBits;
            if (lw is < 2 or > 16) throw (s ?? root).Error("weight_bits", $"must be 2..16, got {lw}");
            if (li is < 1 or > 16) throw (s ?? root).Error("input_bits", $"must be 1..16, got {li}");
            return (Step("weight_step"), Step("input_step"), Step("alpha_step"), lw, li);
        });
        return new TrainedModel
        {
            Network = WithPrecisions(network, parameters), Directory = directory, Layers = parameters, DatasetName = root.Has("dataset") ? root.String("dataset") : null,
            Stage = root.Has("stage") ? root.String("stage") : null, TestAccuracy = root.OptionalDouble("test_accuracy"),
            TrainedFor = root.Has("trained_for") ? root.String("trained_for") : null,
        };
    }

    /// <summary>
    /// A bare weights directory (<c>&lt;layer&gt;.npy</c>, optional <c>.bias.npy</c> and <c>.bn_*.npy</c>) for
    /// <paramref name="network"/>; <paramref name="field"/> names the option in errors.
    /// </summary>
    public static TrainedModel LoadWeights(string directory, Network network, string field = "--weights")
    {
        CheckDirectory(directory, field);
        if (InputFiles.IsPresent(Path.Combine(directory, "model.yaml")))
        {
            var m = Load(directory, network.Dataset);
            return new TrainedModel { Network = WithPrecisions(network, m.Layers), Directory = directory, Layers = m.Layers, Stage = m.Stage, TestAccuracy = m.TestAccuracy, DatasetName = m.DatasetName };
        }
        var layers = ReadTensors(directory, network, DefaultBnEps, _ => (null, null, null, null, null));
        return new TrainedModel { Network = network, Directory = directory, Layers = layers };
    }

    /// <summary>The network with each crossbar layer's precisions set from the model where it gives them.</summary>
    private static Network WithPrecisions(Network network, IReadOnlyDictionary<string, LayerParameters> p)
    {
        if (!p.Values.Any(x => x.WeightBits is not null || x.InputBits is not null)) return network;
        string NameOf(int s) => s < 0 ? Network.InputName : network.Layers[s].Name;
        var specs = network.Layers.Select(l => new LayerSpec(l.Name, l.Op)
        {
            Inputs = l.Sources.Select(NameOf).ToArray(), OutChannels = l.Output.Channels, KernelSize = l.KernelSize,
            Stride = l.Stride, Padding = l.Padding, Relu = l.Relu, Location = l.Location,
            WeightBits = p.GetValueOrDefault(l.Name)?.WeightBits ?? l.WeightBits,
            InputBits = p.GetValueOrDefault(l.Name)?.InputBits ?? l.InputBits,
        });
        return Network.Build(network.Name, network.Dataset, network.Input, specs);
    }

    private static void CheckDirectory(string directory, string field)
    {
        if (File.Exists(directory)) throw new InputException(directory, 0, 0, null, $"{field}: is a file, expected a directory of .npy weights");
        if (!System.IO.Directory.Exists(directory)) throw new InputException(directory, 0, 0, null, $"{field}: directory not found");
        if (!System.IO.Directory.EnumerateFiles(directory, "*.npy").Any())
            throw new InputException(directory, 0, 0, null, $"{field}: no .npy files in this directory");
    }

    private static readonly string[] Suffixes = [".bias", ".bn_weight", ".bn_bias", ".bn_mean", ".bn_var", ".alpha"];

    private static Dictionary<string, LayerParameters> ReadTensors(string directory, Network network, double eps,
        Func<string, (double? W, double? I, double? A, int? WBits, int? IBits)> meta)
    {
        var crossbar = network.Layers.Where(l => l.IsCrossbar).ToDictionary(l => l.Name);
        // Every .npy must belong to a crossbar layer.
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.npy").Order(StringComparer.Ordinal))
        {
            string stem = Path.GetFileNameWithoutExtension(file);
            string layer = Suffixes.FirstOrDefault(s => stem.EndsWith(s, StringComparison.Ordinal)) is { } suf ? stem[..^suf.Length] : stem;
            if (!crossbar.ContainsKey(layer))
                throw new InputException(file, 0, 0, null, $"'{layer}' is not a crossbar layer of {network.Name}{Suggest(layer, network)}");
        }
        var result = new Dictionary<string, LayerParameters>();
        foreach (var l in crossbar.Values)
        {
            string P(string suffix) => Path.Combine(directory, l.Name + suffix + ".npy");
            string wPath = P("");
            if (!InputFiles.IsPresent(wPath))
                throw new InputException(directory, 0, 0, null, $"no weights for crossbar layer '{l.Name}' (expected {l.Name}.npy); a model never falls back to random weights");
            var (wStep, iStep, aStep, wBits, iBits) = meta(l.Name);
            var a = NpyReader.ReadFile(wPath);
            CheckShape(l, a, wPath);
            // Integer weights are already quantized: real weight = integer × weight_step (1 when not given). An int8 file at
            // step 1 is kept as it is (LayerParameters.StoredInt8); no file of that kind has a batch norm to fold (below).
            bool stored = a.IsInt8 && wStep is null;
            float[]? w = stored ? null : a.Values;
            if (a.IsInteger && wStep is { } ws) w = a.Values.Select(v => (float)(v * ws)).ToArray();
            if (a.IsInteger) wStep ??= 1.0;
            int C = l.Output.Channels;
            float[]? bias = null;
            if (InputFiles.IsPresent(P(".bias"))) bias = Vector(P(".bias"), C);
            var bn = new[] { ".bn_weight", ".bn_bias", ".bn_mean", ".bn_var" };
            int present = bn.Count(s => InputFiles.IsPresent(P(s)));
            if (present is > 0 and < 4)
                throw new InputException(directory, 0, 0, null, $"layer '{l.Name}': give all four of {string.Join(", ", bn.Select(s => l.Name + s + ".npy"))} or none");
            if (present == 4)
            {
                if (wStep is not null) throw new InputException(P(".bn_weight"), 0, 0, null, $"layer '{l.Name}' has a learned weight_step and an unfolded batch norm; fold the batch norm before learning steps");
                var (g, b, m, v) = (Vector(P(".bn_weight"), C), Vector(P(".bn_bias"), C), Vector(P(".bn_mean"), C), Vector(P(".bn_var"), C));
                w = (float[])a.Values.Clone();
                int per = w.Length / C;
                bias ??= new float[C];
                for (int o = 0; o < C; o++)
                {
                    if (v[o] < 0) throw new InputException(P(".bn_var"), 0, 0, null, $"variance {v[o]} of channel {o} is negative");
                    double scale = g[o] / Math.Sqrt(v[o] + eps);
                    for (int r = 0; r < per; r++) w[o * per + r] = (float)(w[o * per + r] * scale);
                    bias[o] = (float)((bias[o] - m[o]) * scale + b[o]);
                }
            }
            float[]? alpha = null;
            int[]? alphaShape = null;
            bool codes = false;
            if (InputFiles.IsPresent(P(".alpha")))
            {
                var al = NpyReader.ReadFile(P(".alpha"));
                if (al.Shape.Length != 4 || al.Shape[2] != C)
                    throw new InputException(P(".alpha"), 0, 0, null, $"α must have shape (row blocks, input slices, {C}, weight slices), the file has {al.ShapeText}");
                if (al.Values.Any(x => x < 0)) throw new InputException(P(".alpha"), 0, 0, null, "α must be non-negative");
                codes = al.IsInteger;
                if (codes && aStep is null) throw new InputException(P(".alpha"), 0, 0, null, $"integer α codes need layers.{l.Name}.alpha_step in model.yaml");
                (alpha, alphaShape) = (al.Values, al.Shape);
            }
            var p = new LayerParameters
            {
                StoredInt8 = stored ? a : null, IntegerWeights = a.IsInteger, WeightsFile = wPath, Bias = bias, WeightStep = wStep, InputStep = iStep, WeightBits = wBits, InputBits = iBits,
                Alpha = alpha, AlphaShape = alphaShape, AlphaIsCodes = codes, AlphaStep = aStep,
            };
            result[l.Name] = w is null ? p : p with { Weights = w };
        }
        return result;
    }

    private static float[] Vector(string path, int n)
    {
        var a = NpyReader.ReadFile(path);
        if (a.Shape.Length != 1 || a.Shape[0] != n) throw new InputException(path, 0, 0, null, $"expected shape ({n},), the file has {a.ShapeText}");
        return a.Values;
    }

    /// <summary>Checks a weight file's shape against the layer (PyTorch layouts).</summary>
    public static void CheckShape(Layer layer, NpyArray a, string path)
    {
        int k = layer.KernelSize;
        int[][] accepted = layer.Op switch
        {
            LayerOp.Conv => [[layer.Output.Channels, layer.Input.Channels, k, k]],
            LayerOp.DepthwiseConv => [[layer.Output.Channels, 1, k, k], [layer.Output.Channels, k, k]],
            _ => [[layer.Output.Channels, layer.MatrixRowsPerGroup]],
        };
        if (!accepted.Any(s => s.SequenceEqual(a.Shape)))
            throw new InputException(path, 0, 0, null,
                $"weights of layer '{layer.Name}' must have shape {string.Join(" or ", accepted.Select(s => "(" + string.Join(", ", s) + ")"))}, the file has {a.ShapeText}");
    }

    private static string Suggest(string name, Network network)
    {
        var hit = network.Layers.FirstOrDefault(l => l.IsCrossbar && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
        return hit is not null ? $" (did you mean '{hit.Name}'? names are case-sensitive)"
            : $"; its crossbar layers are {string.Join(", ", network.Layers.Where(l => l.IsCrossbar).Take(6).Select(l => l.Name))}{(network.Layers.Count(l => l.IsCrossbar) > 6 ? ", …" : "")}";
    }
}
