namespace CimSim.Workloads.Mapping;

/// <summary>How signed weights are stored in unsigned cells.</summary>
public enum SignedWeightScheme
{
    /// <summary>Two columns per weight slice (positive and negative part); partial sums are subtracted digitally.</summary>
    Differential,
    /// <summary>One column per slice holding weight + 2^(bits-1); the offset term is removed digitally.</summary>
    Offset,
}

/// <summary>How a crossbar column's analog partial sum is read out.</summary>
public enum ReadoutKind
{
    /// <summary>An ADC of <see cref="MappingTarget.AdcBits"/> bits.</summary>
    Adc,
    /// <summary>HCiM binary PSQ: one comparator (sign), q ∈ {−1, +1}.</summary>
    Binary,
    /// <summary>HCiM ternary PSQ: two comparators at ±α/2, q ∈ {−1, 0, +1}.</summary>
    Ternary,
}

/// <summary>
/// What the quantized-network compiler needs to know about a chip: the small interface between the
/// architecture description (CimSim.Simulator) and the compiler (CimSim.Workloads). The simulator builds it
/// from a validated architecture file; tests build it directly.
/// </summary>
/// <param name="CrossbarRows">Rows (word lines) per crossbar.</param>
/// <param name="CrossbarColumns">Columns (bit lines) per crossbar.</param>
/// <param name="BitsPerCell">Weight bits stored per cell (weight slice width).</param>
/// <param name="SignedWeights">Signed-weight scheme.</param>
/// <param name="CrossbarsPerPe">Crossbars in one processing element.</param>
/// <param name="PesPerTile">Processing elements per tile.</param>
/// <param name="Tiles">Tiles on the chip.</param>
/// <param name="WeightBits">Default weight precision in bits (a network layer may override).</param>
/// <param name="InputBits">Default activation (input) precision in bits (a network layer may override).</param>
/// <param name="DacBits">Input bits driven per crossbar read (1 = bit-serial).</param>
/// <param name="Readout">Partial-sum readout kind.</param>
/// <param name="AdcBits">ADC resolution in bits when <paramref name="Readout"/> is ADC, else 0.</param>
/// <param name="ScaleFactorBits">Bits of a PSQ scale factor α (HCiM: 8) when the readout is binary/ternary, else 0.</param>
public sealed record MappingTarget(
    int CrossbarRows,
    int CrossbarColumns,
    int BitsPerCell,
    SignedWeightScheme SignedWeights,
    int CrossbarsPerPe,
    int PesPerTile,
    int Tiles,
    int WeightBits,
    int InputBits,
    int DacBits,
    ReadoutKind Readout,
    int AdcBits,
    int ScaleFactorBits)
{
    /// <summary>How the ADCs' LSB is set (<see cref="Mapping.AdcRange"/>); only read with ADC readout.</summary>
    public AdcRange AdcRange { get; init; } = AdcRange.Unit;

    /// <summary>Crossbars on the whole chip.</summary>
    public long TotalCrossbars => (long)CrossbarsPerPe * PesPerTile * Tiles;
    /// <summary>Crossbars per tile.</summary>
    public int CrossbarsPerTile => CrossbarsPerPe * PesPerTile;
}
