namespace CimSim.Workloads.Networks;

/// <summary>A feature-map shape: channels × height × width (a vector is C × 1 × 1).</summary>
public readonly record struct TensorShape(int Channels, int Height, int Width)
{
    public long Elements => (long)Channels * Height * Width;
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
