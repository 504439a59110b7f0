namespace CimSim.Workloads.Numpy;

/// <summary>An array read from a NumPy <c>.npy</c> file: its shape (C order) and values widened to float.</summary>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">Elements in C (row-major) order.</param>
/// <param name="IsInteger">True when the file's dtype is an integer type (values are then exact below 2^24).</param>
public sealed record NpyArray(int[] Shape, float[] Values, bool IsInteger)
{
    /// <summary>True when the file's dtype is uint8 (images stored as bytes).</summary>
    public bool IsUInt8 { get; init; }

    /// <summary>The shape as NumPy prints it, e.g. <c>(64, 3, 3, 3)</c>.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}
