namespace CimSim.Simulator.Plots;

/// <summary>A named set of points: one colour and marker in a scatter plot, or one line in a line chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points; a line chart joins them in list order.</param>
/// <param name="Slot">Fixed palette slot (colour, and dash and marker beyond the palette; see <see cref="ChartStyle"/>);
/// by default the series' position in its list.</param>
public sealed record PointSeries(string Name, IReadOnlyList<ChartPoint> Points, int? Slot = null);
