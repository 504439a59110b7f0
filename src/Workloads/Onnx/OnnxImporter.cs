using System.Buffers.Binary;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using Google.Protobuf;
using Onnx;

namespace CimSim.Workloads.Onnx;

/// <summary>
/// Imports a CNN from an ONNX file (the schema of ONNX 1.12, vendored <c>onnx.proto</c>) as a <see cref="TrainedModel"/>:
/// Conv (dense or depthwise), Gemm/MatMul, Relu, MaxPool, AveragePool, GlobalAveragePool, Add, Flatten/Reshape,
/// BatchNormalization (folded into the preceding Conv/Gemm), Identity and Dropout (skipped), with the weights. Any
/// other op, or an attribute CimSim cannot represent, is a one-line <see cref="InputException"/> naming the node.
/// So is bad input: a node without an output, a non-finite initializer or attribute, a BatchNormalization variance
/// that makes var + epsilon non-positive, a weight dimension of 0, a bias of the wrong length, a 64-bit integer that
/// does not fit in 32 bits, or a kernel_shape/strides/dilations attribute that contradicts the 2-D weights.
/// </summary>
public static class OnnxImporter
{
    private sealed class Builder
    {
        public required string Name;
        public required LayerOp Op;
        public string[] Inputs = [];
        public int OutChannels, Kernel = 1, Stride = 1, Padding, PadEnd;
        public bool Relu;
        public float[]? Weights;
        public float[]? Bias;
        public int InChannels;
    }

    /// <summary>Loads <paramref name="path"/>; <paramref name="dataset"/> names the input shape when it matches a known dataset (else "custom").</summary>
    public static TrainedModel Load(string path, string? dataset = null)
    {
        if (!File.Exists(path)) throw new InputException(path, 0, 0, null, "file not found");
        ModelProto model;
        try
        {
            using var f = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(f);
        }
        catch (InvalidProtocolBufferException e) { throw new InputException(path, 0, 0, null, $"not a valid ONNX model: {e.Message}"); }
        catch (IOException e) { throw new InputException(path, 0, 0, null, $"cannot read: {e.Message}"); }
        if (model.Graph is null || model.Graph.Node.Count == 0) throw new InputException(path, 0, 0, null, "not a valid ONNX model: no graph nodes");
        return Import(model, path, dataset);
    }

    private static TrainedModel Import(ModelProto model, string path, string? datasetName)
    {
        var g = model.Graph;
        InputException Bad(NodeProto? n, string reason) =>
            new(path, 0, 0, n is null ? null : $"node '{NodeName(n)}' ({n.OpType})", reason);

        // Every node names its (first) output: the importer maps it to the layer the node becomes or folds into.
        foreach (var n in g.Node)
            if (n.Output.Count == 0 || n.Output[0].Length == 0) throw Bad(n, "the node has no output");

        var init = new Dictionary<string, (long[] Dims, float[] Values)>();
        foreach (var t in g.Initializer) init[t.Name] = (t.Dims.ToArray(), Floats(t, path));
        // Constant nodes feed Reshape shapes in some exporters.
        foreach (var n in g.Node.Where(n => n.OpType == "Constant"))
            if (n.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } t) init[n.Output[0]] = (t.Dims.ToArray(), Floats(t, path));

        var realInputs = g.Input.Where(i => !init.ContainsKey(i.Name)).ToList();
        if (realInputs.Count != 1) throw new InputException(path, 0, 0, null, $"expected one graph input (an image batch), found {realInputs.Count}");
        var inDims = realInputs[0].Type?.TensorType?.Shape?.Dim.Select(d => d.DimValue).ToArray() ?? [];
        if (inDims.Length != 4 || inDims[1] <= 0 || inDims[2] <= 0 || inDims[3] <= 0)
            throw new InputException(path, 0, 0, null, $"graph input '{realInputs[0].Name}' must be N×C×H×W with known C, H, W");
        if (inDims.Skip(1).FirstOrDefault(d => d > int.MaxValue) is var bigDim and > 0)
            throw new InputException(path, 0, 0, null, $"graph input '{realInputs[0].Name}' has dimension {bigDim}, more than {int.MaxValue}");
        var input = new TensorShape((int)inDims[1], (int)inDims[2], (int)inDims[3]);

        var consumers = new Dictionary<string, int>();
        foreach (var n in g.Node) foreach (var i in n.Input) consumers[i] = consumers.GetValueOrDefault(i) + 1;
        foreach (var o in g.Output) consumers[o.Name] = consumers.GetValueOrDefault(o.Name) + 1;

        var layers = new List<Builder>();
        var byName = new Dictionary<string, Builder>();
        var refOf = new Dictionary<string, string> { [realInputs[0].Name] = Network.InputName };
        var channels = new Dictionary<string, int> { [Network.InputName] = input.Channels };
        var names = new HashSet<string>(StringComparer.Ordinal) { Network.InputName };

        string Ref(NodeProto n, int k)
        {
            if (k >= n.Input.Count || n.Input[k].Length == 0) throw Bad(n, $"input {k} is missing");
            return refOf.TryGetValue(n.Input[k], out var r) ? r : throw Bad(n, $"input '{n.Input[k]}' is not produced by a supported node");
        }
        // Every constant the importer uses comes through here, so every one is checked to be finite.
        (long[] Dims, float[] Values) Init(NodeProto n, int k)
        {
            if (!(k < n.Input.Count && init.TryGetValue(n.Input[k], out var v)))
                throw Bad(n, $"input {k} ('{(k < n.Input.Count ? n.Input[k] : "")}') must be a constant initializer");
            int bad = Array.FindIndex(v.Values, x => !float.IsFinite(x));
            if (bad >= 0) throw Bad(n, $"initializer '{n.Input[k]}' has a non-finite value ({v.Values[bad]} at index {bad})");
            return v;
        }
        // Dimensions of a weight initializer: each positive (no 0-channel or 0-sized layer) and representable as an int.
        int[] Dims(NodeProto n, int k, long[] dims)
        {
            int i = Array.FindIndex(dims, d => d <= 0 || d > int.MaxValue);
            if (i >= 0) throw Bad(n, $"initializer '{n.Input[k]}' has dimension {dims[i]} in [{string.Join(", ", dims)}]; each must be between 1 and {int.MaxValue}");
            return dims.Select(x => (int)x).ToArray();
        }
        float Attr(NodeProto n, string name, float dflt)
        {
            float v = Float(n, name, dflt);
            return float.IsFinite(v) ? v : throw Bad(n, $"attribute '{name}' = {v} is not finite");
        }
        Builder Add(NodeProto n, Builder b)
        {
            string name = Sanitize(NodeName(n));
            for (int i = 2; !names.Add(name); i++) name = Sanitize(NodeName(n)) + "_" + i;
            b.Name = name;
            layers.Add(b);
            byName[name] = b;
            refOf[n.Output[0]] = name;
            return b;
        }
        Builder Producer(NodeProto n, string what)
        {
            string r = Ref(n, 0);
            if (!byName.TryGetValue(r, out var b)) throw Bad(n, $"{what} must follow a layer, not the graph input");
            if (consumers.GetValueOrDefault(n.Input[0]) != 1) throw Bad(n, $"{what} reads '{n.Input[0]}', which other nodes read too; CimSim can only fuse it into its producer");
            return b;
        }

        foreach (var n in g.Node)
        {
            switch (n.OpType)
            {
                case "Constant":
                    break;
                case "Identity" or "Dropout" or "Flatten":
                    refOf[n.Output[0]] = Ref(n, 0);
                    if (n.OpType == "Flatten" && Int(n, "axis", 1) != 1) throw Bad(n, "only axis = 1 is supported");
                    break;
                case "Reshape":
                {
                    var shape = Init(n, 1).Values;
                    if (shape.Length != 2 || !(shape[1] == -1 || shape[0] is 1 or 0 or -1))
                        throw Bad(n, $"only a reshape to [N, -1] (flattening) is supported, got [{string.Join(", ", shape)}]");
                    refOf[n.Output[0]] = Ref(n, 0);
                    break;
                }
                case "Conv":
                {
                    string src = Ref(n, 0);
                    var (wd0, w) = Init(n, 1);
                    if (wd0.Length != 4 || wd0[2] != wd0[3]) throw Bad(n, $"only square 2-D kernels are supported, weights are [{string.Join(", ", wd0)}]");
                    var wd = Dims(n, 1, wd0);
                    int cout = wd[0], cinPerGroup = wd[1], k = wd[2];
                    int cin = channels[src];
                    long group = Int(n, "group", 1);
                    if (Ints(n, "dilations") is { Length: > 0 } dil && (dil.Length != 2 || dil.Any(d => d != 1)))
                        throw Bad(n, $"dilations [{string.Join(", ", dil)}]: dilated convolutions are not supported (expected [1, 1])");
                    if (Ints(n, "kernel_shape") is { Length: > 0 } ks && (ks.Length != 2 || ks[0] != k || ks[1] != k))
                        throw Bad(n, $"attribute 'kernel_shape' [{string.Join(", ", ks)}] contradicts the {k}×{k} weights '{n.Input[1]}'");
                    var (stride, pad, padEnd) = Window(n, k, Bad);
                    LayerOp op;
                    if (group == 1 && cinPerGroup == cin) op = LayerOp.Conv;
                    else if (group == cin && cinPerGroup == 1 && cout == cin) op = LayerOp.DepthwiseConv;
                    else throw Bad(n, $"grouped convolution (group {group}, {cin} → {cout} channels) is not supported; only dense and depthwise (multiplier 1)");
                    var b = Add(n, new Builder { Name = "", Op = op, Inputs = [src], OutChannels = cout, Kernel = k, Stride = stride, Padding = pad, PadEnd = padEnd, Weights = w, InChannels = cin });
                    if (n.Input.Count > 2 && n.Input[2].Length > 0)
                    {
                        b.Bias = Init(n, 2).Values;
                        if (b.Bias.Length != cout) throw Bad(n, $"bias '{n.Input[2]}' must have {cout} values (the output channels), has {b.Bias.Length}");
                    }
                    channels[b.Name] = cout;
                    break;
                }
                case "Gemm" or "MatMul":
                {
                    string src = Ref(n, 0);
                    var (wd0, w) = Init(n, 1);
                    if (wd0.Length != 2) throw Bad(n, "the weight must be a 2-D initializer");
                    var wd = Dims(n, 1, wd0);
                    bool transB = n.OpType == "Gemm" && Int(n, "transB", 0) == 1;
                    if (n.OpType == "Gemm" && Int(n, "transA", 0) != 0) throw Bad(n, "transA = 1 is not supported");
                    int outF = transB ? wd[0] : wd[1], inF = transB ? wd[1] : wd[0];
                    var weights = transB ? w : Transpose(w, inF, outF);
                    float alpha = n.OpType == "Gemm" ? Attr(n, "alpha", 1f) : 1f, beta = n.OpType == "Gemm" ? Attr(n, "beta", 1f) : 1f;
                    if (alpha != 1f) weights = weights.Select(x => x * alpha).ToArray();
                    var b = Add(n, new Builder { Name = "", Op = LayerOp.FullyConnected, Inputs = [src], OutChannels = outF, Weights = weights, InChannels = inF });
                    if (n.OpType == "Gemm" && n.Input.Count > 2 && n.Input[2].Length > 0)
                    {
                        var c = Init(n, 2).Values;
                        if (c.Length != outF) throw Bad(n, $"bias C must have {outF} values, has {c.Length}");
                        b.Bias = c.Select(x => x * beta).ToArray();
                    }
                    channels[b.Name] = outF;
                    break;
                }
                case "BatchNormalization":
                {
                    var b = Producer(n, "BatchNormalization");
                    if (!b.Op.IsCrossbar() || b.Relu)
                        throw Bad(n, "BatchNormalization must directly follow a Conv or Gemm (it is folded into its weights)");
                    var (gamma, beta, mean, var) = (Init(n, 1).Values, Init(n, 2).Values, Init(n, 3).Values, Init(n, 4).Values);
                    double eps = Attr(n, "epsilon", 1e-5f);
                    if (eps < 0) throw Bad(n, $"attribute 'epsilon' = {eps} is negative");
                    int C = b.OutChannels, per = b.Weights!.Length / C;
                    if (gamma.Length != C || beta.Length != C || mean.Length != C || var.Length != C) throw Bad(n, $"parameters must have {C} values");
                    int badVar = Array.FindIndex(var, v => v < 0 || v + eps <= 0);
                    if (badVar >= 0) throw Bad(n, $"variance '{n.Input[4]}' is {var[badVar]} at channel {badVar}; var + epsilon must be positive");
                    b.Bias ??= new float[C];
                    for (int o = 0; o < C; o++)
                    {
                        double s = gamma[o] / Math.Sqrt(var[o] + eps);
                        for (int r = 0; r < per; r++) b.Weights[o * per + r] = (float)(b.Weights[o * per + r] * s);
                        b.Bias[o] = (float)((b.Bias[o] - mean[o]) * s + beta[o]);
                    }
                    refOf[n.Output[0]] = b.Name;
                    break;
                }
                case "Relu":
                {
                    var b = Producer(n, "Relu");
                    if (b.Relu) throw Bad(n, "a second Relu on the same layer");
                    b.Relu = true;
                    refOf[n.Output[0]] = b.Name;
                    break;
                }
                case "MaxPool" or "AveragePool":
                {
                    string src = Ref(n, 0);
                    var ks = Ints(n, "kernel_shape");
                    if (ks.Length != 2 || ks[0] != ks[1]) throw Bad(n, "only square 2-D pooling windows are supported");
                    if (Int(n, "ceil_mode", 0) != 0) throw Bad(n, "ceil_mode = 1 is not supported");
                    int pk = Narrow(n, "kernel_shape", ks[0], Bad);
                    var (stride, pad, padEnd) = Window(n, pk, Bad);
                    if (n.OpType == "AveragePool" && pad > 0 && Int(n, "count_include_pad", 0) == 0)
                        throw Bad(n, "average pooling over padding must count the padded zeros (count_include_pad = 1)");
                    var b = Add(n, new Builder { Name = "", Op = n.OpType == "MaxPool" ? LayerOp.MaxPool : LayerOp.AvgPool, Inputs = [src], Kernel = pk, Stride = stride, Padding = pad, PadEnd = padEnd });
                    channels[b.Name] = channels[src];
                    break;
                }
                case "GlobalAveragePool":
                {
                    string src = Ref(n, 0);
                    var b = Add(n, new Builder { Name = "", Op = LayerOp.GlobalAvgPool, Inputs = [src] });
                    channels[b.Name] = channels[src];
                    break;
                }
                case "Add":
                {
                    if (n.Input.Count != 2) throw Bad(n, "Add needs two inputs");
                    if (init.ContainsKey(n.Input[1]) || init.ContainsKey(n.Input[0]))
                    {
                        // A bias after MatMul/Conv: fold it into the layer.
                        int k = init.ContainsKey(n.Input[1]) ? 1 : 0;
                        var c = Init(n, k).Values;
                        var srcName = refOf.GetValueOrDefault(n.Input[1 - k]) ?? throw Bad(n, $"input '{n.Input[1 - k]}' is not produced by a supported node");
                        if (!byName.TryGetValue(srcName, out var b) || b.Weights is null || b.Relu || consumers.GetValueOrDefault(n.Input[1 - k]) != 1 || c.Length != b.OutChannels)
                            throw Bad(n, "adding a constant is supported only as the bias of the Conv/Gemm/MatMul before it");
                        b.Bias ??= new float[b.OutChannels];
                        for (int o = 0; o < c.Length; o++) b.Bias[o] += c[o];
                        refOf[n.Output[0]] = b.Name;
                        break;
                    }
                    var add = Add(n, new Builder { Name = "", Op = LayerOp.ResidualAdd, Inputs = [Ref(n, 0), Ref(n, 1)] });
                    channels[add.Name] = Math.Max(channels[add.Inputs[0]], channels[add.Inputs[1]]);
                    break;
                }
                default:
                    throw Bad(n, $"unsupported op '{n.OpType}' (supported: Conv, Gemm, MatMul, Relu, MaxPool, AveragePool, GlobalAveragePool, Add, Flatten, Reshape, BatchNormalization, Identity, Dropout)");
            }
        }
        if (layers.Count == 0) throw new InputException(path, 0, 0, null, "the graph has no layers CimSim can map");
        if (g.Output.Count < 1 || refOf.GetValueOrDefault(g.Output[0].Name) != layers[^1].Name)
            throw new InputException(path, 0, 0, null, $"the graph output '{g.Output.FirstOrDefault()?.Name}' must be the last layer's output");

        // Layers feeding the next layer need no explicit input; residual adds name theirs.
        var specs = layers.Select((b, i) => new LayerSpec(b.Name, b.Op)
        {
            Inputs = b.Op == LayerOp.ResidualAdd || (b.Inputs.Length == 1 && (i == 0 ? b.Inputs[0] != Network.InputName : b.Inputs[0] != layers[i - 1].Name)) ? b.Inputs : null,
            OutChannels = b.OutChannels, KernelSize = b.Kernel, Stride = b.Stride, Padding = b.Padding, Relu = b.Relu,
        });
        string name = Path.GetFileNameWithoutExtension(path);
        if (datasetName is not null && Dataset.Named(datasetName) is { } named && named.Input != input)
            throw new InputException(path, 0, 0, null, $"the model's input is {input}; the dataset {named.Name} has {named.Input} images");
        string ds = datasetName ?? Dataset.All.FirstOrDefault(d => d.Input == input)?.Name ?? Dataset.Custom;
        Network network;
        try { network = Network.Build(name, ds, input, specs); }
        catch (InputException e) { throw new InputException(path, 0, 0, null, $"the graph does not form a valid CimSim network: {e.Message}"); }
        foreach (var b in layers.Where(b => b.PadEnd != b.Padding))
        {
            var l = network.Layers.First(x => x.Name == b.Name);
            int onnxOut = (l.Input.Height + b.Padding + b.PadEnd - b.Kernel) / b.Stride + 1;
            if (onnxOut != l.Output.Height || (l.Input.Width + b.Padding + b.PadEnd - b.Kernel) / b.Stride + 1 != l.Output.Width)
                throw new InputException(path, 0, 0, $"layer '{b.Name}'", $"asymmetric pads ({b.Padding} before, {b.PadEnd} after) change the output size; CimSim pads symmetrically");
        }
        var parameters = new Dictionary<string, LayerParameters>();
        foreach (var b in layers.Where(b => b.Weights is not null))
        {
            var l = network.Layers.First(x => x.Name == b.Name);
            long expected = l.Weights;
            if (b.Weights!.Length != expected)
                throw new InputException(path, 0, 0, $"layer '{b.Name}'", $"weights have {b.Weights.Length} values, the layer needs {expected} ({l.Input} → {l.Output})");
            // The initializers are finite (checked in Init); folding Gemm's alpha/beta, a BatchNormalization or an added bias can still overflow.
            if (!b.Weights.All(float.IsFinite) || (b.Bias is not null && !b.Bias.All(float.IsFinite)))
                throw new InputException(path, 0, 0, $"layer '{b.Name}'", "folding Gemm alpha/beta, a BatchNormalization or an added bias into the layer overflows float (non-finite weights or bias)");
            parameters[b.Name] = new LayerParameters { Weights = b.Weights, Bias = b.Bias, WeightsFile = path };
        }
        return new TrainedModel { Network = network, Directory = path, Layers = parameters, DatasetName = datasetName };
    }

    /// <summary>Stride and (symmetric) padding of a Conv or pooling node; asymmetric pads are accepted when the extra end padding is never reached.</summary>
    private static (int Stride, int Pad, int PadEnd) Window(NodeProto n, int k, Func<NodeProto?, string, InputException> bad)
    {
        string autoPad = n.Attribute.FirstOrDefault(a => a.Name == "auto_pad")?.S.ToStringUtf8() ?? "NOTSET";
        if (autoPad is not ("NOTSET" or "VALID" or "")) throw bad(n, $"auto_pad = {autoPad} is not supported; export with explicit pads");
        var st = Ints(n, "strides");
        if (st.Length is not (0 or 2)) throw bad(n, $"attribute 'strides' [{string.Join(", ", st)}] must have 2 values (2-D)");
        if (st.Length == 2 && st[0] != st[1]) throw bad(n, "only equal strides are supported");
        int stride = st.Length > 0 ? Narrow(n, "strides", st[0], bad) : 1;
        var pads = Ints(n, "pads");
        if (pads.Length == 0) return (stride, 0, 0);
        if (pads.Length != 4) throw bad(n, "expected 4 pads (2-D)");
        long begin = pads[0], end = pads[2];
        if (pads[1] != begin || pads[3] != end) throw bad(n, $"pads [{string.Join(", ", pads)}] differ between height and width");
        // End padding smaller than the begin padding is harmless when the windows never reach past it
        // (CNTK's ResNet-18: [3, 3, 2, 2] for a 7×7/2 conv); CimSim pads symmetrically with the begin value.
        if (end > begin) throw bad(n, $"asymmetric pads [{string.Join(", ", pads)}] are not supported (more padding at the end than at the start)");
        return (stride, Narrow(n, "pads", begin, bad), Narrow(n, "pads", end, bad));
    }

    /// <summary>An ONNX (64-bit) integer attribute as an int, refusing values that do not fit rather than truncating them.</summary>
    private static int Narrow(NodeProto n, string attribute, long v, Func<NodeProto?, string, InputException> bad) =>
        v is >= int.MinValue and <= int.MaxValue ? (int)v : throw bad(n, $"attribute '{attribute}' value {v} is out of range (it must fit in 32 bits)");

    private static string NodeName(NodeProto n) => n.Name.Length > 0 ? n.Name : n.Output.Count > 0 ? n.Output[0] : n.OpType;

    private static string Sanitize(string s)
    {
        var chars = s.Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_').ToArray();
        return chars.Length == 0 ? "layer" : new string(chars);
    }

    private static long Int(NodeProto n, string name, long dflt) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : dflt;
    private static float Float(NodeProto n, string name, float dflt) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : dflt;
    private static long[] Ints(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];

    private static float[] Transpose(float[] w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    /// <summary>A tensor's values as floats (float, double and integer tensors; float_data, int64_data or raw_data).</summary>
    private static float[] Floats(TensorProto t, string path)
    {
        long count = 1;
        foreach (var d in t.Dims)
        {
            if (d < 0) throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"dims [{string.Join(", ", t.Dims)}] include a negative dimension");
            try { count = checked(count * d); }
            catch (OverflowException) { throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"dims [{string.Join(", ", t.Dims)}] are too large"); }
        }
        var type = (TensorProto.Types.DataType)t.DataType;
        if (t.HasRawData && t.RawData.Length > 0)
        {
            var raw = t.RawData.Span;
            int size = type switch
            {
                TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 => 4,
                TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Int64 => 8,
                _ => throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"data type {type} is not supported"),
            };
            if (raw.Length % size != 0 || raw.Length / size != count)
                throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"raw data has {raw.Length} bytes, dims need {count} values of {size} bytes");
            var v = new float[count];
            for (int i = 0; i < v.Length; i++)
                v[i] = type switch
                {
                    TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]),
                    TensorProto.Types.DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]),
                    TensorProto.Types.DataType.Double => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(8 * i)..]),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]),
                };
            return v;
        }
        float[] values = type switch
        {
            TensorProto.Types.DataType.Float => t.FloatData.ToArray(),
            TensorProto.Types.DataType.Double => t.DoubleData.Select(x => (float)x).ToArray(),
            TensorProto.Types.DataType.Int64 => t.Int64Data.Select(x => (float)x).ToArray(),
            TensorProto.Types.DataType.Int32 => t.Int32Data.Select(x => (float)x).ToArray(),
            _ => throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"data type {type} is not supported"),
        };
        if (values.Length != count) throw new InputException(path, 0, 0, $"tensor '{t.Name}'", $"has {values.Length} values, dims need {count}");
        return values;
    }
}
