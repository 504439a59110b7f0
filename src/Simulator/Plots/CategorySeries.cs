namespace CimSim.Simulator.Plots;

/// <summary>
/// A named series with one value per category: the segments of a stacked bar chart or the bars of a grouped bar
/// chart (e.g. per-layer latency of one chip). Values must be finite and ≥ 0 (&gt; 0 on a log axis).
/// </summary>
/// <param name="Name">Legend text.</param>
/// <param name="Values">One value per category, in category order.</param>
/// <param name="Slot">Fixed palette slot (<see cref="ChartStyle.Palette"/>), so that e.g. a component class keeps
/// its colour in charts that show different subsets of classes (<see cref="ChartStyle.ClassSlot"/>); by default
/// the series' position in its list.</param>
public sealed record CategorySeries(string Name, IReadOnlyList<double> Values, int? Slot = null);
