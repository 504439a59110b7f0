using System.Globalization;

namespace CimSim.Workloads.Networks;

/// <summary>
/// The built-in networks. A zoo spec is a name with optional <c>:key=value</c> parameters, for example
/// <c>vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4</c>
/// (XPert's searched widths and per-layer input bits). Parameters: <c>channels</c> (VGG only, one width per
/// conv layer) and <c>input_bits</c> (one precision per conv layer).
/// </summary>
public static class NetworkZoo
{
    /// <summary>Names of the built-in networks.</summary>
    public static IReadOnlyList<string> Names { get; } = ["vgg8", "vgg16", "resnet20", "resnet18"];

    /// <summary>VGG16 conv widths (Simonyan and Zisserman 2015, configuration D).</summary>
    public static IReadOnlyList<int> Vgg16Channels { get; } = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512];
    /// <summary>VGG8 conv widths as in DNN+NeuroSim's VGG8 for CIFAR-10.</summary>
    public static IReadOnlyList<int> Vgg8Channels { get; } = [128, 128, 256, 256, 512, 512];
    /// <summary>Width of VGG8's hidden fully connected layer (DNN+NeuroSim).</summary>
    public const int Vgg8HiddenFeatures = 1024;

    /// <summary>Whether <paramref name="spec"/> names a zoo network (parameters aside).</summary>
    public static bool IsZooSpec(string spec) => Names.Contains(BaseName(spec), StringComparer.OrdinalIgnoreCase);

    /// <summary>The dataset a zoo network uses when none is given: ImageNet for ResNet-18, CIFAR-10 otherwise.</summary>
    public static Dataset DefaultDataset(string spec) =>
        BaseName(spec).Equals("resnet18", StringComparison.OrdinalIgnoreCase) ? Dataset.ImageNet : Dataset.Cifar10;

    /// <summary>Builds the zoo network <paramref name="spec"/> for <paramref name="dataset"/> (null: its default).</summary>
    public static Network Create(string spec, Dataset? dataset = null)
    {
        var parts = spec.Split(':');
        string name = parts[0].ToLowerInvariant();
        if (!Names.Contains(name)) throw new InputException(null, 0, 0, "--network", $"unknown network '{parts[0]}'; built-in: {string.Join(", ", Names)} (or a .yaml file)");
        var ds = dataset ?? DefaultDataset(name);
        IReadOnlyList<int>? channels = null, inputBits = null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parts.Skip(1))
        {
            int eq = p.IndexOf('=');
            string key = eq < 0 ? p : p[..eq];
            string value = eq < 0 ? "" : p[(eq + 1)..];
            if (!given.Add(key)) throw new InputException(null, 0, 0, "--network", $"'{key}' is given twice in '{spec}'");
            switch (key)
            {
                case "channels" when name.StartsWith("vgg", StringComparison.Ordinal): channels = ParseList(key, value, 1, 65536); break;
                case "input_bits": inputBits = ParseList(key, value, 1, 16); break;
                default:
                    throw new InputException(null, 0, 0, "--network",
                        $"unknown parameter '{key}' for {name}; accepted: {(name.StartsWith("vgg", StringComparison.Ordinal) ? "channels, input_bits" : "input_bits")}");
            }
        }
        var (specs, convCount) = name switch
        {
            "vgg8" => Vgg(ds, channels ?? Vgg8Channels, [2, 4, 6], Vgg8HiddenFeatures),
            "vgg16" => Vgg(ds, channels ?? Vgg16Channels, [2, 4, 7, 10, 13], null),
            "resnet20" => ResNet20(ds),
            _ => ResNet18(ds),
        };
        if (name.StartsWith("vgg", StringComparison.Ordinal) && channels is not null && channels.Count != (name == "vgg8" ? 6 : 13))
            throw new InputException(null, 0, 0, "--network", $"{name} has {(name == "vgg8" ? 6 : 13)} conv layers, channels lists {channels.Count}");
        if (inputBits is not null)
        {
            if (inputBits.Count != convCount)
                throw new InputException(null, 0, 0, "--network", $"{name} has {convCount} conv layers, input_bits lists {inputBits.Count}");
            int c = 0;
            for (int i = 0; i < specs.Count; i++)
                if (specs[i].Op == LayerOp.Conv) specs[i] = specs[i] with { InputBits = inputBits[c++] };
        }
        string label = parts.Length == 1 ? name : spec;
        return Network.Build(label, ds.Name, ds.Input, specs);
    }

    private static string BaseName(string spec) => spec.Split(':')[0];

    private static int[] ParseList(string key, string value, int min, int max)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        var r = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out r[i]) || r[i] < min || r[i] > max)
                throw new InputException(null, 0, 0, "--network", $"{key}: item {i + 1} '{items[i]}' is not an integer in {min}..{max}");
        return r;
    }

    /// <summary>
    /// VGG: 3×3 conv (padding 1) + ReLU layers with 2×2 max pooling after the convs numbered in
    /// <paramref name="poolAfter"/> (while the map is at least 2×2), then an optional hidden fully connected layer and the classifier.
    /// </summary>
    private static (List<LayerSpec>, int) Vgg(Dataset ds, IReadOnlyList<int> channels, int[] poolAfter, int? hidden)
    {
        var l = new List<LayerSpec>();
        int pool = 0, size = Math.Min(ds.Input.Height, ds.Input.Width);
        for (int i = 0; i < channels.Count; i++)
        {
            l.Add(new LayerSpec($"conv{i + 1}", LayerOp.Conv) { OutChannels = channels[i], KernelSize = 3, Padding = 1, Relu = true });
            // A pool that would leave less than 1×1 is left out (floor pooling: Fashion-MNIST's 28×28 gives
            // 28→14→7→3→1, so VGG16's fifth pool goes and conv11–13 run on 1×1 maps, docs/SEARCH.md).
            if (poolAfter.Contains(i + 1) && size >= 2)
            {
                l.Add(new LayerSpec($"pool{++pool}", LayerOp.MaxPool) { KernelSize = 2, Stride = 2 });
                size /= 2;
            }
        }
        if (hidden is int h)
        {
            l.Add(new LayerSpec("fc1", LayerOp.FullyConnected) { OutChannels = h, Relu = true });
            l.Add(new LayerSpec("fc2", LayerOp.FullyConnected) { OutChannels = ds.Classes });
        }
        else l.Add(new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = ds.Classes });
        return (l, channels.Count);
    }

    /// <summary>ResNet-20 for CIFAR (He et al. 2016, §4.2): 3 stages × 3 basic blocks of 16/32/64 channels, option-A shortcuts.</summary>
    private static (List<LayerSpec>, int) ResNet20(Dataset ds)
    {
        var l = new List<LayerSpec> { new("conv1", LayerOp.Conv) { OutChannels = 16, KernelSize = 3, Padding = 1, Relu = true } };
        string last = "conv1";
        int[] widths = [16, 32, 64];
        for (int s = 0; s < 3; s++)
            for (int b = 0; b < 3; b++)
            {
                string p = $"layer{s + 1}.{b}";
                int stride = s > 0 && b == 0 ? 2 : 1;
                l.Add(new LayerSpec(p + ".conv1", LayerOp.Conv) { Inputs = [last], OutChannels = widths[s], KernelSize = 3, Stride = stride, Padding = 1, Relu = true });
                l.Add(new LayerSpec(p + ".conv2", LayerOp.Conv) { OutChannels = widths[s], KernelSize = 3, Padding = 1 });
                l.Add(new LayerSpec(p + ".add", LayerOp.ResidualAdd) { Inputs = [p + ".conv2", last], Relu = true });
                last = p + ".add";
            }
        l.Add(new LayerSpec("avgpool", LayerOp.GlobalAvgPool));
        l.Add(new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = ds.Classes });
        return (l, 19);
    }

    /// <summary>ResNet-18 (He et al. 2016, Table 1): 7×7/2 stem, 3×3/2 max pool, 4 stages × 2 basic blocks, 1×1/2 projection shortcuts.</summary>
    private static (List<LayerSpec>, int) ResNet18(Dataset ds)
    {
        var l = new List<LayerSpec>
        {
            new("conv1", LayerOp.Conv) { OutChannels = 64, KernelSize = 7, Stride = 2, Padding = 3, Relu = true },
            new("maxpool", LayerOp.MaxPool) { KernelSize = 3, Stride = 2, Padding = 1 },
        };
        string last = "maxpool";
        int[] widths = [64, 128, 256, 512];
        int convs = 1;
        for (int s = 0; s < 4; s++)
            for (int b = 0; b < 2; b++)
            {
                string p = $"layer{s + 1}.{b}";
                int stride = s > 0 && b == 0 ? 2 : 1;
                l.Add(new LayerSpec(p + ".conv1", LayerOp.Conv) { Inputs = [last], OutChannels = widths[s], KernelSize = 3, Stride = stride, Padding = 1, Relu = true });
                l.Add(new LayerSpec(p + ".conv2", LayerOp.Conv) { OutChannels = widths[s], KernelSize = 3, Padding = 1 });
                convs += 2;
                string shortcut = last;
                if (stride != 1)
                {
                    l.Add(new LayerSpec(p + ".downsample", LayerOp.Conv) { Inputs = [last], OutChannels = widths[s], KernelSize = 1, Stride = 2 });
                    shortcut = p + ".downsample";
                    convs++;
                }
                l.Add(new LayerSpec(p + ".add", LayerOp.ResidualAdd) { Inputs = [p + ".conv2", shortcut], Relu = true });
                last = p + ".add";
            }
        l.Add(new LayerSpec("avgpool", LayerOp.GlobalAvgPool));
        l.Add(new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = ds.Classes });
        return (l, convs);
    }
}
