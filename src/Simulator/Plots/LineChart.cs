using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace CimSim.Simulator.Plots;

/// <summary>Line charts over a numeric x axis (sweeps: latency against ADC bits, energy against column sharing).</summary>
public static class LineChart
{
    /// <summary>
    /// One line with markers per series, joining its points in list order (colour, marker and, beyond the
    /// palette, dash by slot); the legend below the plot. Linear axes start at 0 unless
    /// <paramref name="fromZero"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">No points, negative or non-finite coordinates, or a non-positive one on a log axis.</exception>
    public static PlotModel Create(string title, IReadOnlyList<PointSeries> series, string xAxisTitle, string yAxisTitle,
        bool logX = false, bool logY = false, bool fromZero = true, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ChartData.CheckPointSeries(series, logX, logY);
        var model = ChartStyle.NewModel(title, subtitle);
        model.Axes.Add(logX ? ChartStyle.LogAxis(xAxisTitle, AxisPosition.Bottom) : ChartStyle.LinearAxis(xAxisTitle, AxisPosition.Bottom, fromZero: false));
        model.Axes.Add(logY ? ChartStyle.LogAxis(yAxisTitle, AxisPosition.Left) : ChartStyle.LinearAxis(yAxisTitle, AxisPosition.Left, fromZero: fromZero));
        model.Legends.Add(ChartStyle.Legend(below: true));
        var points = series.SelectMany(s => s.Points).ToList();
        ChartStyle.FitLabels(model.Axes[0], points.Min(p => p.X), points.Max(p => p.X));
        ChartStyle.FitLabels(model.Axes[1], points.Min(p => p.Y), points.Max(p => p.Y));
        for (int s = 0; s < series.Count; s++)
        {
            int slot = series[s].Slot ?? s;
            var colour = ChartStyle.Colour(slot);
            var line = new LineSeries
            {
                Title = series[s].Name,
                Color = colour,
                LineStyle = ChartStyle.Dash(slot),
                StrokeThickness = 2,
                MarkerType = ChartStyle.Marker(slot),
                MarkerSize = 4,
                MarkerFill = colour,
                MarkerStroke = colour,
            };
            foreach (var p in series[s].Points) line.Points.Add(new DataPoint(p.X, p.Y));
            model.Series.Add(line);
        }
        return model;
    }
}
