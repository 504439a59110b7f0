namespace CimSim.Workloads.Networks;

/// <summary>What a layer computes.</summary>
public enum LayerOp { Conv, DepthwiseConv, FullyConnected, MaxPool, AvgPool, GlobalAvgPool, ResidualAdd }

/// <summary>What follows from a <see cref="LayerOp"/> alone.</summary>
public static class LayerOps
{
    /// <summary>True for the ops computed on crossbars (conv, depthwise conv, fully connected); the others are digital.</summary>
    public static bool IsCrossbar(this LayerOp op) => op is LayerOp.Conv or LayerOp.DepthwiseConv or LayerOp.FullyConnected;
}
