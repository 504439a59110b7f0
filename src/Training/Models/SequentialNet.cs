using CimSim.Workloads.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CimSim.Training.Models;

/// <summary>
/// Any sequential CNN a <see cref="Network"/> describes (the zoo's VGGs, a network YAML, a searched VGG variant):
/// conv of any kernel, stride and padding (+ batch norm while training in float, folded on export), fully
/// connected (the input flattened in C·H·W order, as the simulator flattens it), max and average pooling (average:
/// padded positions count in the divisor, as <c>DigitalLayers.AvgPool</c>), global average pooling, and a ReLU after
/// any layer the network marks. Crossbar layers keep the network's names, so a trained model maps onto the
/// compiled network layer by layer. Residual adds and depthwise convs are not sequential CNN layers here
/// (ResNet-20 has its own <see cref="ResNet20"/>); every layer must read the one before it.
/// </summary>
public sealed class SequentialNet : nn.Module<Tensor, Tensor>, ICrossbarNetwork
{
    private readonly ModuleList<CrossbarLayer> _layers;
    private readonly Layer[] _steps;
    private readonly int[] _crossbarIndex;

    /// <summary>The network this module computes.</summary>
    public Network Network { get; }

    /// <inheritdoc />
    public IReadOnlyList<CrossbarLayer> Layers => [.. _layers];

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Module => this;

    /// <summary>Why <paramref name="network"/> cannot be built as a sequential CNN, or null when it can.</summary>
    public static string? Unsupported(Network network)
    {
        foreach (var l in network.Layers)
        {
            if (l.Op is LayerOp.ResidualAdd or LayerOp.DepthwiseConv)
                return $"layer '{l.Name}' is a {(l.Op == LayerOp.ResidualAdd ? "residual add" : "depthwise conv")}; training supports sequential CNNs (conv, fc, pooling, ReLU) and resnet20";
            if (l.Sources.Length != 1 || l.Sources[0] != l.Index - 1)
                return $"layer '{l.Name}' does not read the layer before it; training supports sequential CNNs and resnet20";
        }
        var last = network.Layers[^1];
        if (last.Output.Height != 1 || last.Output.Width != 1)
            return $"the last layer '{last.Name}' outputs {last.Output}, not a vector of class scores";
        return null;
    }

    /// <summary>Builds the module of <paramref name="network"/> (must be <see cref="Unsupported"/>-free).</summary>
    public SequentialNet(Network network) : base("sequential")
    {
        if (Unsupported(network) is { } why) throw new InputException(null, 0, 0, "--network", why);
        Network = network;
        _steps = [.. network.Layers];
        _crossbarIndex = new int[_steps.Length];
        var layers = new List<CrossbarLayer>();
        foreach (var l in _steps)
        {
            _crossbarIndex[l.Index] = -1;
            if (!l.IsCrossbar) continue;
            _crossbarIndex[l.Index] = layers.Count;
            layers.Add(l.Op == LayerOp.FullyConnected
                ? CrossbarLayer.Fc(l.Name, checked((int)l.Input.Elements), l.Output.Channels)
                : CrossbarLayer.Conv(l.Name, l.Input.Channels, l.Output.Channels, l.KernelSize, l.Stride, l.Padding));
        }
        _layers = new ModuleList<CrossbarLayer>(layers.ToArray());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        foreach (var l in _steps)
        {
            h = l.Op switch
            {
                LayerOp.Conv => _layers[_crossbarIndex[l.Index]].forward(h),
                LayerOp.FullyConnected => _layers[_crossbarIndex[l.Index]].forward(h.reshape(h.shape[0], -1, 1, 1)),
                LayerOp.MaxPool => nn.functional.max_pool2d(h, [l.KernelSize, l.KernelSize], [l.Stride, l.Stride], [l.Padding, l.Padding]),
                LayerOp.AvgPool => nn.functional.avg_pool2d(h, [l.KernelSize, l.KernelSize], [l.Stride, l.Stride], [l.Padding, l.Padding], count_include_pad: true),
                LayerOp.GlobalAvgPool => h.mean([2, 3], keepdim: true),
                _ => throw new InvalidOperationException($"{l.Op} in a sequential network"),
            };
            if (l.Relu) h = nn.functional.relu(h);
        }
        return h.flatten(1).MoveToOuterDisposeScope();
    }
}
