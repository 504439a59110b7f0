namespace CimSim.Search.Space;

/// <summary>The headline figures of one design for one inference.</summary>
/// <param name="EnergyPj">Energy, pJ (dynamic + leakage).</param>
/// <param name="LatencyNs">Latency, ns.</param>
/// <param name="AreaMm2">Chip area, mm².</param>
public readonly record struct DesignMetrics(double EnergyPj, double LatencyNs, double AreaMm2)
{
    /// <summary>Energy × latency × area, pJ·ns·mm².</summary>
    public double EdapPjNsMm2 => EnergyPj * LatencyNs * AreaMm2;
}
