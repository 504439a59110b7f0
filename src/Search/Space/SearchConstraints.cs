namespace CimSim.Search.Space;

/// <summary>
/// What a design must satisfy (YAML <c>constraints</c>): a chip area within a band around a target, a minimum
/// SQNR of every searched layer's output as the compiler's functional model measures it, and a minimum
/// network capacity relative to the baseline network, so that a search cannot win by deleting the network.
/// </summary>
/// <param name="AreaTargetMm2">Area budget, mm² (null: no area constraint).</param>
/// <param name="AreaTolerance">Allowed relative deviation from the target (0.05 = ±5 %).</param>
/// <param name="MinSqnrDb">Minimum SQNR of each searched layer, dB (null: none, or taken from the baseline).</param>
/// <param name="MinMacsFraction">Minimum MACs as a fraction of the baseline network's (null: none).</param>
/// <param name="MinWeightsFraction">Minimum weights as a fraction of the baseline network's (null: none).</param>
/// <param name="MinSqnrFromBaseline">YAML <c>min_sqnr_db: baseline</c>: no searched layer may be noisier than the baseline's noisiest searched layer.</param>
public sealed record SearchConstraints(double? AreaTargetMm2, double AreaTolerance, double? MinSqnrDb, double? MinMacsFraction, double? MinWeightsFraction,
    bool MinSqnrFromBaseline = false)
{
    /// <summary>Smallest allowed area, mm² (0 without a target).</summary>
    public double AreaMinMm2 => AreaTargetMm2 is { } t ? t * (1 - AreaTolerance) : 0;
    /// <summary>Largest allowed area, mm² (∞ without a target).</summary>
    public double AreaMaxMm2 => AreaTargetMm2 is { } t ? t * (1 + AreaTolerance) : double.PositiveInfinity;
}
