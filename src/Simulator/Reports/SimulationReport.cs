using System.Text.Json.Serialization;
using CimSim.Components.Costs;

namespace CimSim.Simulator.Reports;

/// <summary>One row of "what happened × what it costs": an action count of a component and its energy.</summary>
/// <param name="Component">Component kind (e.g. <c>adc</c>, <c>tile_buffer</c>).</param>
/// <param name="ComponentClass">Report class (DESIGN.md §5).</param>
/// <param name="Action">Action name.</param>
/// <param name="Count">Times the action happened in one inference.</param>
/// <param name="EnergyPerActionPj">Unit energy, pJ.</param>
public sealed record ActionTally(string Component, [property: JsonPropertyName("class")] string ComponentClass, string Action, long Count, double EnergyPerActionPj)
{
    public double EnergyPj => Count * EnergyPerActionPj;
}

/// <summary>Per-layer figures of a report (an SQNR of +∞, an exact layer's, is written as null or left out).</summary>
public sealed record LayerReport(
    string Name,
    string Op,
    double StartNs,
    double EndNs,
    double LatencyNs,
    double EnergyPj,
    long Macs,
    long CrossbarReads,
    long Conversions,
    [property: JsonPropertyName("nonzero_outputs")] long NonZeroOutputs,
    int Crossbars,
    double SqnrDb = double.PositiveInfinity);

/// <summary>Headline figures (DESIGN.md §5 "totals").</summary>
public sealed record ReportTotals(
    double EnergyPj,
    double LatencyNs,
    double AreaMm2,
    double EdapPjNsMm2,
    long Ops,
    double TopsPerW,
    double TopsPerMm2,
    double AreaNormalizedLatencyNsMm2,
    double InferencesPerS);

/// <summary>
/// The result of simulating one network on one chip: totals, energy and area by component class, action
/// counts, per-layer figures, and the tallies behind every energy figure. Energy by class sums to the total
/// energy (leakage included as its own class); area by class sums to the total area.
/// </summary>
public sealed record SimulationReport(
    string Architecture,
    string Network,
    string Dataset,
    string Schedule,
    bool Detailed,
    ReportTotals Totals,
    IReadOnlyList<KeyValuePair<string, double>> EnergyPjByClass,
    IReadOnlyList<KeyValuePair<string, double>> AreaMm2ByClass,
    IReadOnlyList<KeyValuePair<string, long>> Counts,
    IReadOnlyList<LayerReport> Layers,
    IReadOnlyList<ActionTally> Tallies,
    long EventsProcessed)
{
    public const string Schema = "cimsim.report/1";

    /// <summary>Leakage energy, pJ: Σ leakage power × latency (the <c>leakage</c> entry of <see cref="EnergyPjByClass"/>).</summary>
    public double LeakageEnergyPj => EnergyPjByClass.Where(kv => kv.Key == ComponentClasses.Leakage).Sum(kv => kv.Value);

    /// <summary>Dynamic energy, pJ: Σ action count × energy per action (every class but leakage).</summary>
    public double DynamicEnergyPj => EnergyPjByClass.Where(kv => kv.Key != ComponentClasses.Leakage).Sum(kv => kv.Value);
}
