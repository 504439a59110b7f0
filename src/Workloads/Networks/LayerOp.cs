namespace CimSim.Workloads.Networks;

/// <summary>What a layer computes.</summary>
public enum LayerOp { Conv, DepthwiseConv, FullyConnected, MaxPool, AvgPool, GlobalAvgPool, ResidualAdd }
