
namespace CimSim.Workloads.Networks;

/// <summary>
/// A checked network: layers in execution order with their shapes. Built only through <see cref="Build"/>,
/// which rejects anything inconsistent with an <see cref="InputException"/> pointing at the offending layer.
/// </summary>
public sealed class Network
{
    /// <summary>The name by which a layer refers to the network input.</summary>
    public const string InputName = "input";

    public string Name { get; }
    /// <summary>Dataset name the network was built for (names the input shape).</summary>
    public string Dataset { get; }
    public TensorShape Input { get; }
    public IReadOnlyList<Layer> Layers { get; }

    private Network(string name, string dataset, TensorShape input, IReadOnlyList<Layer> layers)
    {
        Name = name; Dataset = dataset; Input = input; Layers = layers;
    }

    /// <summary>Multiply-accumulates of one inference.</summary>
    public long Macs => Layers.Sum(l => l.Macs);
    /// <summary>Weights of the whole network.</summary>
    public long Weights => Layers.Sum(l => l.Weights);

    /// <summary>
    /// Checks <paramref name="specs"/> and computes every shape. Layers may read only earlier layers or the
    /// input; a residual add whose operands differ follows ResNet option A (the smaller operand is subsampled
    /// by the integer spatial ratio and zero-padded in channels).
    /// </summary>
    public static Network Build(string name, string dataset, TensorShape input, IEnumerable<LayerSpec> specs,
        SourceLocation? networkLocation = null)
    {
        var where = networkLocation ?? default;
        if (input.Channels <= 0 || input.Height <= 0 || input.Width <= 0)
            throw where.Error("input", $"input shape must be positive, got {input}");
        var layers = new List<Layer>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var layer = BuildLayer(spec, layers, byName, input);
            // Weights and activations live in .NET arrays: a layer beyond one array's reach is refused here, not mid-compile.
            foreach (var (what, count) in new[] { ("weights", layer.Weights), ("outputs", layer.Output.Elements), ("inputs", layer.Input.Elements) })
                if (count > Array.MaxLength)
                    throw (spec.Location ?? default).Error($"layers[{layers.Count}]", $"layer '{layer.Name}' has {count:N0} {what}; CimSim holds at most {Array.MaxLength:N0} per layer");
            byName.Add(layer.Name, layer.Index);
            layers.Add(layer);
        }
        if (layers.Count == 0) throw where.Error("layers", "the network has no layers");
        return new Network(name, dataset, input, layers);
    }

    /// <summary>Checks <paramref name="s"/> as the next layer after <paramref name="earlier"/> (named in <paramref name="byName"/>) and resolves its shapes.</summary>
    internal static Layer BuildLayer(LayerSpec s, List<Layer> earlier, Dictionary<string, int> byName, TensorShape netInput)
    {
        int index = earlier.Count;
        var at = s.Location ?? default;
        string field = $"layers[{index}]";
        if (string.IsNullOrWhiteSpace(s.Name)) throw at.Error(field + ".name", "a layer needs a name");
        field = $"layers[{index}] ({s.Name})";
        if (s.Name == InputName) throw at.Error(field, $"'{InputName}' is reserved for the network input");
        if (byName.ContainsKey(s.Name)) throw at.Error(field, $"duplicate layer name '{s.Name}'");
        if (s.WeightBits is int wb && (wb < 2 || wb > 16)) throw at.Error(field + ".weight_bits", $"must be 2..16, got {wb}");
        if (s.InputBits is int ib && (ib < 1 || ib > 16)) throw at.Error(field + ".input_bits", $"must be 1..16, got {ib}");

        int[] sources;
        if (s.Inputs is null) sources = [index - 1];
        else
        {
            if (s.Inputs.Count == 0) throw at.Error(field + ".inputs", "an explicit input list must name at least one layer");
            sources = new int[s.Inputs.Count];
            for (int i = 0; i < sources.Length; i++)
            {
                var n = s.Inputs[i];
                if (n == InputName) sources[i] = -1;
                else if (byName.TryGetValue(n, out int j)) sources[i] = j;
                else throw at.Error(field + ".inputs", $"'{n}' is not an earlier layer (layers may only read layers above them or '{InputName}')");
            }
        }
        var shapes = sources.Select(j => j < 0 ? netInput : earlier[j].Output).ToArray();
        bool single = s.Op != LayerOp.ResidualAdd;
        if (single && sources.Length != 1) throw at.Error(field + ".inputs", $"a {s.Op} layer reads exactly one input, got {sources.Length}");
        var inShape = shapes[0];

        TensorShape output;
        switch (s.Op)
        {
            case LayerOp.Conv:
            case LayerOp.DepthwiseConv:
            {
                int outC = s.Op == LayerOp.DepthwiseConv ? inShape.Channels : s.OutChannels;
                if (s.Op == LayerOp.Conv && s.OutChannels <= 0) throw at.Error(field + ".out_channels", $"must be positive, got {s.OutChannels}");
                if (s.Op == LayerOp.DepthwiseConv && s.OutChannels != 0 && s.OutChannels != inShape.Channels)
                    throw at.Error(field + ".out_channels", $"a depthwise conv keeps the channel count ({inShape.Channels}), got {s.OutChannels}");
                var (h, w) = Window(s, inShape, at, field);
                output = new TensorShape(outC, h, w);
                break;
            }
            case LayerOp.FullyConnected:
                if (s.OutChannels <= 0) throw at.Error(field + ".out_features", $"must be positive, got {s.OutChannels}");
                if (inShape.Elements > int.MaxValue) throw at.Error(field, $"input {inShape} is too large to flatten");
                output = new TensorShape(s.OutChannels, 1, 1);
                break;
            case LayerOp.MaxPool:
            case LayerOp.AvgPool:
            {
                if (s.Padding * 2 > s.KernelSize) throw at.Error(field + ".padding", $"pooling padding must be at most half the kernel ({s.KernelSize}), got {s.Padding}");
                var (h, w) = Window(s, inShape, at, field);
                output = new TensorShape(inShape.Channels, h, w);
                break;
            }
            case LayerOp.GlobalAvgPool:
                output = new TensorShape(inShape.Channels, 1, 1);
                break;
            case LayerOp.ResidualAdd:
                output = AddShape(shapes, at, field);
                break;
            default:
                throw at.Error(field + ".type", $"unsupported layer type {s.Op}");
        }
        if (output.Elements > int.MaxValue) throw at.Error(field, $"output {output} is too large");

        return new Layer
        {
            Index = index, Name = s.Name, Op = s.Op, Sources = sources, Input = inShape, Output = output,
            KernelSize = s.Op is LayerOp.FullyConnected or LayerOp.GlobalAvgPool or LayerOp.ResidualAdd ? 1 : s.KernelSize,
            Stride = s.Op is LayerOp.FullyConnected or LayerOp.GlobalAvgPool or LayerOp.ResidualAdd ? 1 : s.Stride,
            Padding = s.Op is LayerOp.FullyConnected or LayerOp.GlobalAvgPool or LayerOp.ResidualAdd ? 0 : s.Padding,
            Relu = s.Relu, WeightBits = s.WeightBits, InputBits = s.InputBits, Location = s.Location,
        };
    }

    /// <summary>Output height and width of a sliding window (conv or pooling), checking its parameters.</summary>
    private static (int H, int W) Window(LayerSpec s, TensorShape x, SourceLocation at, string field)
    {
        if (s.KernelSize <= 0) throw at.Error(field + ".kernel", $"must be positive, got {s.KernelSize}");
        if (s.Stride <= 0) throw at.Error(field + ".stride", $"must be positive, got {s.Stride}");
        if (s.Padding < 0) throw at.Error(field + ".padding", $"must not be negative, got {s.Padding}");
        int ph = x.Height + 2 * s.Padding, pw = x.Width + 2 * s.Padding;
        if (ph < s.KernelSize || pw < s.KernelSize)
            throw at.Error(field + ".kernel", $"kernel {s.KernelSize} is larger than the padded input {ph}x{pw} (input {x})");
        return ((ph - s.KernelSize) / s.Stride + 1, (pw - s.KernelSize) / s.Stride + 1);
    }

    /// <summary>
    /// Output of a residual add: the operand with the most channels and the smallest feature map sets it; every
    /// other operand must have at most as many channels and a feature map an integer multiple larger (option A).
    /// </summary>
    private static TensorShape AddShape(TensorShape[] shapes, SourceLocation at, string field)
    {
        if (shapes.Length < 2) throw at.Error(field + ".inputs", $"a residual add needs at least two inputs, got {shapes.Length}");
        var o = new TensorShape(shapes.Max(x => x.Channels), shapes.Min(x => x.Height), shapes.Min(x => x.Width));
        foreach (var x in shapes)
        {
            bool ok = x.Height % o.Height == 0 && x.Width % o.Width == 0 && x.Height / o.Height == x.Width / o.Width;
            if (!ok)
                throw at.Error(field + ".inputs",
                    $"cannot add {string.Join(" and ", shapes)}: operands must match, or (option A) have fewer channels and a feature map an integer multiple larger in both dimensions");
        }
        return o;
    }
}
