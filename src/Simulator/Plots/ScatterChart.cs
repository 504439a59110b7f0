using OxyPlot;
using OxyPlot.Series;

namespace CimSim.Simulator.Plots;

/// <summary>
/// Scatter plots of point series (one colour and marker each), optionally with the Pareto front of all points
/// (both axes minimised) drawn as a black staircase through the ringed front points.
/// </summary>
public static class ScatterChart
{
    /// <summary>Legend text of the front line.</summary>
    public const string FrontName = "Pareto front (lower is better on both axes)";

    /// <summary>
    /// A scatter plot; <paramref name="paretoFront"/> adds the front (<see cref="ParetoFront.Compute"/> over the
    /// points of every series, or of the series whose indices <paramref name="frontSeries"/> lists) as a staircase: from each front point horizontally to the next one's x, then down
    /// to it, which is the boundary of the region the front dominates. The legend is below the plot.
    /// </summary>
    /// <exception cref="ArgumentException">No points, negative or non-finite coordinates, or a non-positive one on a log axis.</exception>
    public static PlotModel Create(string title, IReadOnlyList<PointSeries> series, string xAxisTitle, string yAxisTitle,
        bool logX = false, bool logY = false, bool paretoFront = false, string? subtitle = null, IReadOnlyList<int>? frontSeries = null)
    {
        var model = ChartStyle.NewPointModel(title, subtitle, series, xAxisTitle, yAxisTitle, logX, logY, yFromZero: false);
        for (int s = 0; s < series.Count; s++)
        {
            int slot = series[s].Slot ?? s;
            var colour = ChartStyle.Colour(slot);
            var scatter = new ScatterSeries
            {
                Title = series[s].Name,
                MarkerType = ChartStyle.Marker(slot),
                MarkerSize = 4,
                MarkerFill = OxyColor.FromAColor(200, colour),
                MarkerStroke = colour,
                MarkerStrokeThickness = 1,
            };
            foreach (var p in series[s].Points) scatter.Points.Add(new ScatterPoint(p.X, p.Y));
            model.Series.Add(scatter);
        }
        if (paretoFront)
        {
            var all = series.Where((_, k) => frontSeries is null || frontSeries.Contains(k)).SelectMany(s => s.Points).Select(p => (p.X, p.Y)).ToList();
            var front = all.Count == 0 ? [] : ParetoFront.Compute(all).Select(i => all[i]).ToList();
            var line = new LineSeries { Title = FrontName, Color = OxyColors.Black, StrokeThickness = 1.5, LineStyle = LineStyle.Solid };
            for (int i = 0; i < front.Count; i++)
            {
                if (i > 0) line.Points.Add(new DataPoint(front[i].X, front[i - 1].Y));
                line.Points.Add(new DataPoint(front[i].X, front[i].Y));
            }
            model.Series.Add(line);
            var rings = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 7, MarkerFill = OxyColors.Transparent, MarkerStroke = OxyColors.Black, MarkerStrokeThickness = 1.5 };
            foreach (var (x, y) in front) rings.Points.Add(new ScatterPoint(x, y));
            model.Series.Add(rings);
        }
        return model;
    }
}
