
namespace CimSim.Workloads.Networks;

/// <summary>A checked layer of a <see cref="Network"/> with its shapes and sizes resolved.</summary>
public sealed class Layer
{
    /// <summary>Position in execution order.</summary>
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required LayerOp Op { get; init; }
    /// <summary>Indices of the layers read; −1 is the network input.</summary>
    public required int[] Sources { get; init; }
    /// <summary>Shape of the (first) input.</summary>
    public required TensorShape Input { get; init; }
    public required TensorShape Output { get; init; }
    public int KernelSize { get; init; } = 1;
    public int Stride { get; init; } = 1;
    public int Padding { get; init; }
    public bool Relu { get; init; }
    /// <summary>Layer-specific weight precision, or null for the chip's default.</summary>
    public int? WeightBits { get; init; }
    /// <summary>Layer-specific input precision, or null for the chip's default.</summary>
    public int? InputBits { get; init; }
    /// <summary>Where the layer was written, when it came from a file.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>True for layers computed on crossbars (conv, depthwise conv, fully connected).</summary>
    public bool IsCrossbar => Op.IsCrossbar();

    /// <summary>
    /// Rows of the layer's weight matrix per group: C_in·k·k for conv, k·k for depthwise conv (one group per
    /// channel), the flattened input size for fully connected; 0 for digital layers.
    /// </summary>
    public int MatrixRowsPerGroup => Op switch
    {
        LayerOp.Conv => Input.Channels * KernelSize * KernelSize,
        LayerOp.DepthwiseConv => KernelSize * KernelSize,
        LayerOp.FullyConnected => checked((int)Input.Elements),
        _ => 0,
    };

    /// <summary>Input vectors (output pixels) a crossbar layer processes per inference; 1 for fully connected, 0 for digital layers.</summary>
    public long InputVectors => Op switch
    {
        LayerOp.Conv or LayerOp.DepthwiseConv => (long)Output.Height * Output.Width,
        LayerOp.FullyConnected => 1,
        _ => 0,
    };

    /// <summary>Multiply-accumulates per inference (0 for digital layers).</summary>
    public long Macs => IsCrossbar ? InputVectors * MatrixRowsPerGroup * Output.Channels : 0;

    /// <summary>Weights of the layer (0 for digital layers).</summary>
    public long Weights => IsCrossbar ? (long)MatrixRowsPerGroup * Output.Channels : 0;

    public override string ToString() => $"{Name} ({Op} {Input} -> {Output})";
}
