using CimSim.Search.Space;
using CimSim.Search.Evaluation;
namespace CimSim.Search.Optimizers;

/// <summary>Weights of a linear scalarisation of <see cref="LayerCost"/> (Lagrange multipliers included).</summary>
public readonly record struct CostWeights(double Latency, double DynamicEnergy, double Area, double Leakage, double Macs, double Weights)
{
    /// <summary>w · c.</summary>
    public double Apply(in LayerCost c) => Latency * c.LatencyNs + DynamicEnergy * c.DynamicEnergyPj + Area * c.AreaMm2
        + Leakage * c.LeakageUw + Macs * c.Macs + Weights * c.Weights;

    /// <summary>
    /// The linearisation of <paramref name="objective"/> at the total <paramref name="at"/>: with E = D + P·L·1e−3,
    /// ∂F/∂L = F_L + F_E·P·1e−3, ∂F/∂D = F_E, ∂F/∂A = F_A, ∂F/∂P = F_E·L·1e−3.
    /// </summary>
    public static CostWeights Linearize(SearchObjective objective, LayerCost at, DesignMetrics? baseline)
    {
        var (fe, fl, fa) = objective.Gradient(at.Metrics, baseline);
        return new CostWeights(fl + fe * at.LeakageUw * 1e-3, fe, fa, fe * at.LatencyNs * 1e-3, 0, 0);
    }
}
