using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace CimSim.Simulator.Plots;

/// <summary>
/// Vertical bar charts over categories (chips, layers): stacked (one bar per category, one segment per series,
/// bottom-up in series order) or grouped (the series side by side). Returns an OxyPlot model in the house style;
/// write it with <see cref="ChartFiles"/>.
/// </summary>
public static class BarChart
{
    /// <summary>Key of the category axis (bottom).</summary>
    public const string CategoryKey = "category";

    /// <summary>Key of the value axis (left).</summary>
    public const string ValueKey = "value";

    /// <summary>
    /// Stacked bars: one bar per category, one segment per series (colour = the series' slot), the legend on
    /// the right in stacking order (top of the stack first, as the eye reads it). <paramref name="barLabels"/>
    /// (one per category, lines split by '\n') are written above the bars, e.g. the total.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, or negative or non-finite values.</exception>
    public static PlotModel Stacked(string title, IReadOnlyList<string> categories, IReadOnlyList<CategorySeries> series,
        string valueAxisTitle, string categoryAxisTitle, string? subtitle = null, IReadOnlyList<string>? barLabels = null)
    {
        ChartData.CheckCategorySeries(categories, series);
        if (barLabels is not null && barLabels.Count != categories.Count)
            throw new ArgumentException($"{barLabels.Count} bar labels for {categories.Count} categories", nameof(barLabels));
        var model = Frame(title, subtitle, categories, valueAxisTitle, categoryAxisTitle, log: false);
        ChartStyle.FitLabels(model.Axes[1], 0, Enumerable.Range(0, categories.Count).Max(c => series.Sum(s => s.Values[c])));
        var legend = ChartStyle.Legend();
        legend.LegendItemOrder = LegendItemOrder.Reverse;
        model.Legends.Add(legend);
        for (int s = 0; s < series.Count; s++)
            model.Series.Add(Bars(series[s], s, stacked: true, baseValue: 0));
        if (barLabels is not null)
        {
            for (int c = 0; c < categories.Count; c++)
            {
                double top = series.Sum(s => s.Values[c]);
                // One annotation per line (the PDF writer does not break lines), the last line just above the bar.
                var lines = barLabels[c].Split('\n');
                for (int l = 0; l < lines.Length; l++)
                    model.Annotations.Add(new TextAnnotation
                    {
                        Text = lines[l],
                        TextPosition = new DataPoint(c, top),
                        XAxisKey = CategoryKey,
                        YAxisKey = ValueKey,
                        TextHorizontalAlignment = HorizontalAlignment.Center,
                        TextVerticalAlignment = VerticalAlignment.Bottom,
                        Offset = new ScreenVector(0, -4 - (lines.Length - 1 - l) * ChartStyle.FontSize * 1.2),
                        Stroke = OxyColors.Undefined,
                        Background = OxyColors.Undefined,
                        FontSize = ChartStyle.FontSize,
                        Layer = AnnotationLayer.AboveSeries,
                    });
            }
            // Room above the tallest bar for its label.
            model.Axes.First(a => a.Key == ValueKey).MaximumPadding = 0.06 + 0.05 * barLabels.Max(l => l.Split('\n').Length);
        }
        return model;
    }

    /// <summary>
    /// Grouped bars: per category, one bar per series side by side, the legend below the plot. With
    /// <paramref name="logValues"/> the value axis is logarithmic (for spans of several decades; values must then
    /// be &gt; 0) and bars grow from a decade below the smallest value.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, or negative or non-finite values (zero on a log axis).</exception>
    public static PlotModel Grouped(string title, IReadOnlyList<string> categories, IReadOnlyList<CategorySeries> series,
        string valueAxisTitle, string categoryAxisTitle, string? subtitle = null, bool logValues = false)
    {
        ChartData.CheckCategorySeries(categories, series, positive: logValues);
        var model = Frame(title, subtitle, categories, valueAxisTitle, categoryAxisTitle, logValues);
        ChartStyle.FitLabels(model.Axes[1], series.Min(s => s.Values.Min()), series.Max(s => s.Values.Max()));
        model.Legends.Add(ChartStyle.Legend(below: true));
        double baseValue = 0;
        if (logValues)
        {
            double min = series.Min(s => s.Values.Min());
            baseValue = Math.Pow(10, Math.Floor(Math.Log10(min)));
            var axis = model.Axes.First(a => a.Key == ValueKey);
            axis.Minimum = baseValue;
        }
        for (int s = 0; s < series.Count; s++)
            model.Series.Add(Bars(series[s], s, stacked: false, baseValue));
        return model;
    }

    private static PlotModel Frame(string title, string? subtitle, IReadOnlyList<string> categories, string valueAxisTitle, string categoryAxisTitle, bool log)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(valueAxisTitle);
        ArgumentNullException.ThrowIfNull(categoryAxisTitle);
        var model = ChartStyle.NewModel(title, subtitle);
        // Rotate the category names when they would not fit side by side (measured, at the default width).
        var measurer = new ChartTextMeasurer();
        double widest = categories.Max(c => measurer.MeasureText(c, ChartStyle.Font, ChartStyle.FontSize, FontWeights.Normal).Width);
        double room = (ChartFiles.DefaultWidth - 220) / categories.Count;
        double angle = widest + 8 > room ? -45 : 0;
        model.Axes.Add(ChartStyle.CategoryAxis(categoryAxisTitle, categories, AxisPosition.Bottom, CategoryKey, angle));
        var values = log ? ChartStyle.LogAxis(valueAxisTitle, AxisPosition.Left, ValueKey)
                         : (Axis)ChartStyle.LinearAxis(valueAxisTitle, AxisPosition.Left, ValueKey);
        model.Axes.Add(values);
        return model;
    }

    private static BarSeries Bars(CategorySeries s, int position, bool stacked, double baseValue)
    {
        var bars = new BarSeries
        {
            Title = s.Name,
            IsStacked = stacked,
            FillColor = ChartStyle.Colour(s.Slot ?? position),
            StrokeColor = OxyColors.White,
            StrokeThickness = stacked ? 0.75 : 0,
            BaseValue = baseValue,
            XAxisKey = ValueKey,
            YAxisKey = CategoryKey,
        };
        foreach (double v in s.Values) bars.Items.Add(new BarItem(v));
        return bars;
    }
}
