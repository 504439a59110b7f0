using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CimSim.Training.Models;

/// <summary>
/// ResNet-20 exactly as the zoo's <c>resnet20</c> (He et al. 2016 §4.2; <c>NetworkZoo.ResNet20</c>): conv 3×3
/// 16 + ReLU, 3 stages × 3 basic blocks of 16/32/64 channels (stride 2 entering stages 2 and 3), option-A
/// shortcuts (subsample every 2nd pixel, zero-pad the new channels after the old ones, as
/// <c>DigitalLayers.ResidualAdd</c>), global average pool, FC 64 → classes. Layer names are the zoo's, so a
/// trained model maps onto the simulator's network layer by layer. Any input size and channel count (Fashion-MNIST:
/// 1×28×28 → 28, 14, 7).
/// </summary>
public sealed class ResNet20 : nn.Module<Tensor, Tensor>, ICrossbarNetwork
{
    private readonly ModuleList<CrossbarLayer> _layers;

    /// <summary>The 20 crossbar layers in network order (19 convs and the classifier).</summary>
    public IReadOnlyList<CrossbarLayer> Layers => [.. _layers];

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Module => this;

    /// <summary>Builds the network for <paramref name="inChannels"/> input channels and <paramref name="classes"/> classes.</summary>
    public ResNet20(int inChannels, int classes) : base("resnet20")
    {
        var layers = new List<CrossbarLayer> { CrossbarLayer.Conv("conv1", inChannels, 16, 1) };
        int[] widths = [16, 32, 64];
        int c = 16;
        for (int s = 0; s < 3; s++)
            for (int b = 0; b < 3; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                layers.Add(CrossbarLayer.Conv($"layer{s + 1}.{b}.conv1", c, widths[s], stride));
                layers.Add(CrossbarLayer.Conv($"layer{s + 1}.{b}.conv2", widths[s], widths[s], 1));
                c = widths[s];
            }
        layers.Add(CrossbarLayer.Fc("fc", 64, classes));
        _layers = new ModuleList<CrossbarLayer>(layers.ToArray());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(_layers[0].forward(x));
        int i = 1;
        for (int s = 0; s < 3; s++)
            for (int b = 0; b < 3; b++)
            {
                var o = nn.functional.relu(_layers[i++].forward(h));
                o = _layers[i++].forward(o);
                h = nn.functional.relu(o + Shortcut(h, o));
            }
        h = h.mean([2, 3], keepdim: true);
        return _layers[i].forward(h).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>Option A: subsample by the map ratio, zero-pad the missing channels after the existing ones.</summary>
    private static Tensor Shortcut(Tensor x, Tensor like)
    {
        long f = x.shape[2] / like.shape[2];
        if (f > 1) x = x[.., .., TensorIndex.Slice(null, null, f), TensorIndex.Slice(null, null, f)];
        long missing = like.shape[1] - x.shape[1];
        return missing > 0 ? nn.functional.pad(x, [0, 0, 0, 0, 0, missing]) : x;
    }
}
