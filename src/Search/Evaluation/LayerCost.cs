using CimSim.Search.Space;
namespace CimSim.Search.Evaluation;

/// <summary>
/// Additive cost of one layer choice in the surrogate model (or of the fixed rest of the chip): every field
/// sums over layers. Energy of a design = Σ dynamic energy + Σ leakage × Σ latency.
/// </summary>
/// <param name="LatencyNs">Latency the layer adds (layer-by-layer schedule), ns.</param>
/// <param name="DynamicEnergyPj">Dynamic energy, pJ.</param>
/// <param name="AreaMm2">Area of the layer's tiles, mm².</param>
/// <param name="LeakageUw">Leakage power of the layer's tiles, µW.</param>
/// <param name="Macs">Multiply-accumulates.</param>
/// <param name="Weights">Weights.</param>
public readonly record struct LayerCost(double LatencyNs, double DynamicEnergyPj, double AreaMm2, double LeakageUw, double Macs, double Weights)
{
    /// <summary>Component-wise sum.</summary>
    public static LayerCost operator +(LayerCost a, LayerCost b) => new(a.LatencyNs + b.LatencyNs, a.DynamicEnergyPj + b.DynamicEnergyPj,
        a.AreaMm2 + b.AreaMm2, a.LeakageUw + b.LeakageUw, a.Macs + b.Macs, a.Weights + b.Weights);

    /// <summary>Component-wise difference.</summary>
    public static LayerCost operator -(LayerCost a, LayerCost b) => new(a.LatencyNs - b.LatencyNs, a.DynamicEnergyPj - b.DynamicEnergyPj,
        a.AreaMm2 - b.AreaMm2, a.LeakageUw - b.LeakageUw, a.Macs - b.Macs, a.Weights - b.Weights);

    /// <summary>The design-level metrics of a total: energy = dynamic + leakage × latency.</summary>
    public DesignMetrics Metrics => new(DynamicEnergyPj + LeakageUw * LatencyNs * 1e-3, LatencyNs, AreaMm2);
}
