using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Tests.Workloads;

/// <summary>Small networks and chips that exercise every layer kind quickly.</summary>
internal static class TestNetworks
{
    /// <summary>conv → depthwise conv → max pool → conv → residual add (option A) → global average pool → fc.</summary>
    public static Network Tiny() => Network.Build("tiny", "custom", new TensorShape(3, 12, 12),
    [
        new LayerSpec("c1", LayerOp.Conv) { OutChannels = 8, KernelSize = 3, Padding = 1, Relu = true },
        new LayerSpec("dw", LayerOp.DepthwiseConv) { KernelSize = 3, Padding = 1, Relu = true },
        new LayerSpec("pool", LayerOp.MaxPool) { KernelSize = 2, Stride = 2 },
        new LayerSpec("c2", LayerOp.Conv) { OutChannels = 16, KernelSize = 3, Padding = 1 },
        new LayerSpec("add", LayerOp.ResidualAdd) { Inputs = ["c2", "dw"], Relu = true },
        new LayerSpec("avg", LayerOp.AvgPool) { KernelSize = 2, Stride = 2 },
        new LayerSpec("gap", LayerOp.GlobalAvgPool),
        new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = 10 },
    ]);

    public static MappingTarget Chip(ReadoutKind readout = ReadoutKind.Ternary, SignedWeightScheme s = SignedWeightScheme.Differential,
        int weightBits = 4, int inputBits = 4, int adcBits = 6, int tiles = 64) =>
        new(64, 64, 1, s, 4, 2, tiles, weightBits, inputBits, 1, readout,
            readout == ReadoutKind.Adc ? adcBits : 0, readout == ReadoutKind.Adc ? 0 : 8);
}
