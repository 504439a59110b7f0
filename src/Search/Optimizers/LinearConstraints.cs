using CimSim.Search.Evaluation;
using CimSim.Search.Space;
namespace CimSim.Search.Optimizers;

/// <summary>The constraints the surrogate optimiser can check on an additive total: an area band and capacity floors.</summary>
/// <param name="AreaMinMm2">Smallest area, mm².</param>
/// <param name="AreaMaxMm2">Largest area, mm².</param>
/// <param name="MinMacs">Fewest MACs.</param>
/// <param name="MinWeights">Fewest weights.</param>
public readonly record struct LinearConstraints(double AreaMinMm2, double AreaMaxMm2, double MinMacs, double MinWeights)
{
    /// <summary>No constraint.</summary>
    public static LinearConstraints None => new(0, double.PositiveInfinity, 0, 0);

    /// <summary>The space's constraints in absolute terms (SQNR is handled by disallowing options).</summary>
    public static LinearConstraints From(SearchSpace space) => new(space.Constraints.AreaMinMm2, space.Constraints.AreaMaxMm2,
        (space.Constraints.MinMacsFraction ?? 0) * space.BaseNetwork.Macs, (space.Constraints.MinWeightsFraction ?? 0) * space.BaseNetwork.Weights);

    /// <summary>Whether <paramref name="t"/> satisfies every constraint.</summary>
    public bool Holds(in LayerCost t) => t.AreaMm2 <= AreaMaxMm2 && t.AreaMm2 >= AreaMinMm2 && t.Macs >= MinMacs && t.Weights >= MinWeights;

    /// <summary>Relative amount by which <paramref name="t"/> breaks the constraints (0 when it holds).</summary>
    public double Violation(in LayerCost t) =>
        Math.Max(0, t.AreaMm2 / AreaMaxMm2 - 1) + (AreaMinMm2 > 0 ? Math.Max(0, 1 - t.AreaMm2 / AreaMinMm2) : 0)
        + (MinMacs > 0 ? Math.Max(0, 1 - t.Macs / MinMacs) : 0) + (MinWeights > 0 ? Math.Max(0, 1 - t.Weights / MinWeights) : 0);
}
