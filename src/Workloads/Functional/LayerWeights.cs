namespace CimSim.Workloads.Functional;

/// <summary>
/// A layer's weights as the engine reads them for one geometry, built once and shareable (a search's layer cache keeps
/// them across designs): every crossbar's bit planes and, on first use, the weights one signed byte each over the padded
/// rows of <see cref="ExactDot"/> (null when they do not fit an int8 or that layout).
/// </summary>
internal sealed class LayerWeights(ulong[][][] cells, Func<sbyte[]?> int8)
{
    private readonly Lazy<sbyte[]?> _int8 = new(int8);

    /// <summary>Bit planes, [row block][crossbar][…] as <see cref="WeightPlanes.Build"/> lays them out.</summary>
    public ulong[][][] Cells { get; } = cells;

    /// <summary>The weights one byte each per output over <see cref="ExactDot.PaddedRows"/> rows, built on first use.</summary>
    public sbyte[]? Int8 => _int8.Value;
}
