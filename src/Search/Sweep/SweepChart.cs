using System.Globalization;
using CimSim.Simulator.Plots;

namespace CimSim.Search.Sweep;

/// <summary>
/// The sweep's charts (OxyPlot, <see cref="ChartFiles"/>): for each reported figure, <c>sweep-FIGURE.svg</c> — the figure against the first varied field (a numeric axis when its values are numbers, logarithmic
/// when they span 16× or more; else the values in sweep order at 0, 1, 2, …), one line per combination of the other
/// varied fields. A y axis spanning more than 50× is logarithmic. Points that could not run are left out. The data is
/// <c>sweep.csv</c>. Deterministic: the same results give the same bytes (no PDF: OxyPlot's PDF carries its creation
/// time, so a merged sweep could not equal a local run byte for byte).
/// </summary>
public static class SweepChart
{
    /// <summary>The chart files of <paramref name="spec"/> (whether or not they will have data).</summary>
    public static IReadOnlyList<string> FileNames(SweepSpec spec) =>
        spec.Figures.Select(f => $"sweep-{f.Name}.svg").ToList();

    /// <summary>File name → content for each figure with at least one point that ran.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Files(SweepSpec spec, IReadOnlyList<SweepResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        string? xField = spec.Fields.Count > 0 ? spec.Fields[0] : null;
        var others = spec.Fields.Skip(1).ToList();
        string XText(SweepPoint p) => xField is null ? "0" : p.ValueOf(xField) ?? "base";
        string Series(SweepPoint p) => others.Count == 0 ? spec.Name : string.Join(", ", others.Select(f => $"{f}={p.ValueOf(f) ?? "base"}"));
        var categories = results.Select(r => XText(spec.Points[r.Point])).Distinct().ToList();
        bool numeric = categories.All(c => double.TryParse(c, NumberStyles.Float, inv, out double v) && v >= 0);
        double X(string c) => numeric ? double.Parse(c, inv) : categories.IndexOf(c);
        var xs = categories.Select(X).ToList();
        bool logX = numeric && xs.Min() > 0 && xs.Max() / xs.Min() >= 16;
        string xTitle = xField ?? "point";
        string? subtitle = numeric ? null : string.Join(", ", categories.Select((c, i) => $"{i} = {c}"));
        var names = results.Select(r => Series(spec.Points[r.Point])).Distinct().ToList();

        var files = new List<(string, byte[])>();
        foreach (var figure in spec.Figures)
        {
            var series = new List<PointSeries>();
            for (int s = 0; s < names.Count; s++)
            {
                var points = results.Where(r => Series(spec.Points[r.Point]) == names[s] && double.IsFinite(r.Value(figure)))
                    .Select(r => new ChartPoint(X(XText(spec.Points[r.Point])), r.Value(figure))).OrderBy(p => p.X).ToList();
                if (points.Count > 0) series.Add(new PointSeries(names[s], points, s));
            }
            if (series.Count == 0) continue;
            // Energy, latency and EDAP in the unit that keeps their tick labels short (µJ rather than 3·10⁷ pJ).
            double max = series.SelectMany(x => x.Points).Max(p => Math.Abs(p.Y));
            var scale = figure == SweepFigure.Energy ? UnitScale.ForEnergyPj(max) : figure == SweepFigure.Latency ? UnitScale.ForTimeNs(max)
                : figure == SweepFigure.Edap ? UnitScale.ForEdapPjNsMm2(max) : null;
            string quantity = figure.AxisLabel.Split(" (")[0];
            if (scale is not null)
                series = [.. series.Select(x => x with { Points = [.. x.Points.Select(p => p with { Y = scale.Convert(p.Y) })] })];
            var ys = series.SelectMany(x => x.Points).Select(p => p.Y).ToList();
            bool logY = ys.Min() > 0 && ys.Max() / ys.Min() > 50;
            var model = LineChart.Create($"{spec.Name}: {quantity}", series, xTitle, scale?.AxisLabel(quantity) ?? figure.AxisLabel,
                logX: logX, logY: logY, fromZero: !logY, subtitle: subtitle);
            files.Add(($"sweep-{figure.Name}.svg", System.Text.Encoding.UTF8.GetBytes(ChartFiles.Svg(model))));
        }
        return files;
    }
}
