using OxyPlot;
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
        var model = ChartStyle.NewPointModel(title, subtitle, series, xAxisTitle, yAxisTitle, logX, logY, yFromZero: fromZero);
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
