using System.Text.Json.Serialization;
using CimSim.Components.Costs;
using CimSim.Workloads.Inference;

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

    /// <summary>Tiles of the chip the report is for (0: not recorded); with <see cref="TilesAuto"/>, what <c>tiles: auto</c> resolved to.</summary>
    public int Tiles { get; init; }
    /// <summary>Whether the chip's tile count was <c>hierarchy.tiles: auto</c>, sized for this network.</summary>
    public bool TilesAuto { get; init; }
    /// <summary>The trained network's top-1 accuracy on this chip (with float and ideal quantized beside it), when it was measured.</summary>
    public AccuracySummary? Accuracy { get; init; }

    /// <summary>Leakage energy, pJ: Σ leakage power × latency (the <c>leakage</c> entry of <see cref="EnergyPjByClass"/>).</summary>
    public double LeakageEnergyPj => EnergyPjByClass.Where(kv => kv.Key == ComponentClasses.Leakage).Sum(kv => kv.Value);

    /// <summary>Dynamic energy, pJ: Σ action count × energy per action (every class but leakage).</summary>
    public double DynamicEnergyPj => EnergyPjByClass.Where(kv => kv.Key != ComponentClasses.Leakage).Sum(kv => kv.Value);
}

/// <summary>Top-1 accuracy of a trained network measured with a run (<c>ChipInference</c>, docs/ACCURACY.md).</summary>
/// <param name="Dataset">The images' dataset (name or path).</param>
/// <param name="Images">Images classified.</param>
/// <param name="FloatCorrect">Correct in float.</param>
/// <param name="IdealCorrect">Correct with exact integer arithmetic at the chip's precisions.</param>
/// <param name="ChipCorrect">Correct as the chip computes (bit-exact crossbars and readout).</param>
public sealed record AccuracySummary(string Dataset, int Images, int FloatCorrect, int IdealCorrect, int ChipCorrect)
{
    /// <summary>The summary of a <see cref="ChipInference"/> result on <paramref name="dataset"/>.</summary>
    public static AccuracySummary Of(string dataset, AccuracyResult r) => new(dataset, r.Images, r.FloatCorrect, r.IdealCorrect, r.ChipCorrect);

    public double FloatAccuracy => (double)FloatCorrect / Images;
    public double IdealAccuracy => (double)IdealCorrect / Images;
    public double ChipAccuracy => (double)ChipCorrect / Images;
}
