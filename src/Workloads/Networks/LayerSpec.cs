
namespace CimSim.Workloads.Networks;

/// <summary>
/// A layer as written by the user or the zoo, before shapes are known. <see cref="Network.Build"/> checks it
/// and turns it into a <see cref="Layer"/>.
/// </summary>
/// <param name="Name">Unique layer name.</param>
/// <param name="Op">What the layer computes.</param>
public sealed record LayerSpec(string Name, LayerOp Op)
{
    /// <summary>Names of the layers this one reads (<see cref="Network.InputName"/> is the network input); null means the previous layer.</summary>
    public IReadOnlyList<string>? Inputs { get; init; }
    /// <summary>Output channels (conv) or output features (fully connected); ignored by other layers.</summary>
    public int OutChannels { get; init; }
    /// <summary>Square kernel side (conv, depthwise conv, pooling).</summary>
    public int KernelSize { get; init; } = 1;
    /// <summary>Stride (conv, depthwise conv, pooling).</summary>
    public int Stride { get; init; } = 1;
    /// <summary>Zero padding on each side (conv, depthwise conv, pooling).</summary>
    public int Padding { get; init; }
    /// <summary>Whether a ReLU follows the layer.</summary>
    public bool Relu { get; init; }
    /// <summary>Weight precision of this layer, overriding the chip's default.</summary>
    public int? WeightBits { get; init; }
    /// <summary>Input (activation) precision of this layer, overriding the chip's default.</summary>
    public int? InputBits { get; init; }
    /// <summary>Where the layer was written, for error messages; null for built-in networks.</summary>
    public SourceLocation? Location { get; init; }
}
