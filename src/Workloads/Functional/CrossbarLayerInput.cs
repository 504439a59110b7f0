using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Quantization;

namespace CimSim.Workloads.Functional;

/// <summary>Everything the partial-sum engine needs for one crossbar layer: geometry, quantized tensors, mapping and chip.</summary>
public sealed class CrossbarLayerInput
{
    /// <summary>Conv, depthwise conv or fully connected.</summary>
    public required LayerOp Op { get; init; }
    /// <summary>Input feature-map shape (a fully connected layer flattens it in C, H, W order).</summary>
    public required TensorShape Input { get; init; }
    /// <summary>Output shape (C_out × H_out × W_out; C_out × 1 × 1 for fully connected).</summary>
    public required TensorShape Output { get; init; }
    public int KernelSize { get; init; } = 1;
    public int Stride { get; init; } = 1;
    public int Padding { get; init; }
    /// <summary>Quantized unsigned activations in C, H, W order, each below 2^<see cref="InputBits"/>.</summary>
    public required ushort[] Activations { get; init; }
    public required int InputBits { get; init; }
    /// <summary>
    /// Quantized signed weights in [−(2^(B−1)−1), 2^(B−1)−1]: conv [C_out][C_in][k][k], fully connected
    /// [out][in], depthwise [C][k][k] (PyTorch layouts).
    /// </summary>
    public required WeightCodes Weights { get; init; }
    public required int WeightBits { get; init; }
    /// <summary>The layer's mapping (from <see cref="LayerMapper"/>).</summary>
    public required CrossbarMapping Mapping { get; init; }
    /// <summary>
    /// Fixed PSQ scale factors (binary/ternary readout) instead of calibrating them on this input: a learned α or one
    /// calibrated over several inputs. Null (the compiler's default) calibrates on this input.
    /// </summary>
    public ScaleFactorSet? ScaleFactors { get; init; }
    /// <summary>The chip: crossbar size, cell bits, signed scheme, DAC bits and readout.</summary>
    public required MappingTarget Target { get; init; }
    /// <summary>How the weights as the engine reads them for a geometry are obtained, given how to build them (a search's layer
    /// cache keeps them across designs); null builds them.</summary>
    internal Func<CrossbarGeometry, Func<LayerWeights>, LayerWeights>? Weighted { get; init; }
}

/// <summary>PSQ scale factors of a layer: codes indexed [(rowBlock · InputSlices + slice) · K + k] (k = output · WeightSlices + weightSlice), α̂ = code · <paramref name="Step"/>.</summary>
public sealed record ScaleFactorSet(int[] Codes, double Step);
