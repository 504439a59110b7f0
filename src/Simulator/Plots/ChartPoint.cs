namespace CimSim.Simulator.Plots;

/// <summary>One point of a scatter plot or line chart.</summary>
/// <param name="X">Horizontal value (finite; &gt; 0 on a log axis).</param>
/// <param name="Y">Vertical value (finite; &gt; 0 on a log axis).</param>
/// <param name="Label">Optional name (e.g. a design's fingerprint); written to the CSV, not drawn.</param>
public readonly record struct ChartPoint(double X, double Y, string? Label = null);
