namespace CimSim.Simulator.Reports;

/// <summary>The derived figures of DESIGN.md §5, each a one-line formula (docs/MODELS.md, "Report metrics").</summary>
public static class ReportMetrics
{
    /// <summary>Totals from energy (pJ), latency (ns), area (mm²) and MACs; ops count 2 per MAC.</summary>
    public static ReportTotals Totals(double energyPj, double latencyNs, double areaMm2, long macs)
    {
        long ops = checked(2 * macs);
        return new ReportTotals(
            EnergyPj: energyPj,
            LatencyNs: latencyNs,
            AreaMm2: areaMm2,
            EdapPjNsMm2: energyPj * latencyNs * areaMm2,
            Ops: ops,
            // ops / J / 1e12 = ops / (pJ · 1e−12) / 1e12 = ops / pJ
            TopsPerW: energyPj > 0 ? ops / energyPj : 0,
            // ops / s / 1e12 / mm² = ops / (ns · 1e−9) / 1e12 / mm²
            TopsPerMm2: latencyNs > 0 && areaMm2 > 0 ? ops / latencyNs / 1e3 / areaMm2 : 0,
            AreaNormalizedLatencyNsMm2: latencyNs * areaMm2,
            // One inference at a time (no overlap between inferences).
            InferencesPerS: latencyNs > 0 ? 1e9 / latencyNs : 0);
    }
}
