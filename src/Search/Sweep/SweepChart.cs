using System.Globalization;
using System.Text;
using CimSim.Simulator.Plots;

namespace CimSim.Search.Sweep;

/// <summary>
/// <c>sweep.svg</c>: one panel per reported figure, the figure against the first varied field (its values in sweep
/// order along x), one line per combination of the other varied fields. A y axis spanning more than 50× is
/// logarithmic. A line with a point that could not run is left out (the panel's title says so). The data is
/// <c>sweep.csv</c>.
/// </summary>
public static class SweepChart
{
    private const int PanelWidth = 720, PanelHeight = 440, Columns = 2;

    /// <summary>The chart as SVG text; null when no point ran.</summary>
    public static string? Svg(SweepSpec spec, IReadOnlyList<SweepResult> results)
    {
        if (!results.Any(r => r.Error is null)) return null;
        string? xField = spec.Fields.Count > 0 ? spec.Fields[0] : null;
        var others = spec.Fields.Skip(1).ToList();
        string X(SweepPoint p) => xField is null ? "base" : p.ValueOf(xField) ?? "base";
        string Series(SweepPoint p) => others.Count == 0 ? spec.Name
            : string.Join(", ", others.Select(f => $"{Short(f)}={p.ValueOf(f) ?? "base"}"));
        var categories = results.Select(r => X(spec.Points[r.Point])).Distinct().ToList();
        var names = results.Select(r => Series(spec.Points[r.Point])).Distinct().ToList();

        var panels = new List<string>();
        foreach (var figure in spec.Figures)
        {
            var series = new List<BarSeries>();
            bool dropped = false;
            for (int s = 0; s < names.Count; s++)
            {
                var values = new double[categories.Count];
                Array.Fill(values, double.NaN);
                foreach (var r in results.Where(r => Series(spec.Points[r.Point]) == names[s]))
                    values[categories.IndexOf(X(spec.Points[r.Point]))] = r.Value(figure);
                if (values.All(v => double.IsFinite(v) && v > 0)) series.Add(new BarSeries(names[s], values, s));
                else dropped = true;
            }
            if (series.Count == 0) continue;
            var all = series.SelectMany(x => x.Values).ToList();
            bool logY = all.Max() / all.Min() > 50;
            string title = $"{spec.Name}: {figure.AxisLabel.Split(" (")[0]}" + (dropped ? " (lines with failed points left out)" : "");
            panels.Add(LineChart.Render(title, categories, series, figure.AxisLabel, new ChartOptions
            {
                Width = PanelWidth, Height = PanelHeight, CategoryAxisLabel = xField ?? "point", LogY = logY, ValueLabels = false,
            }));
        }
        return panels.Count == 0 ? null : Compose(panels);
    }

    /// <summary>The panels side by side, <see cref="Columns"/> per row, as one SVG (each panel a nested svg element).</summary>
    private static string Compose(IReadOnlyList<string> panels)
    {
        int cols = Math.Min(Columns, panels.Count), rows = (panels.Count + cols - 1) / cols;
        int width = cols * PanelWidth, height = rows * PanelHeight;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        sb.Append(inv, $"  <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        for (int i = 0; i < panels.Count; i++)
        {
            string body = panels[i];
            int start = body.IndexOf("<svg", StringComparison.Ordinal);
            string inner = body[start..].TrimEnd('\n');
            // Place the panel: the nested svg element takes x and y.
            inner = string.Concat("<svg", string.Create(inv, $" x=\"{i % cols * PanelWidth}\" y=\"{i / cols * PanelHeight}\""), inner.AsSpan(4));
            sb.Append(inner).Append('\n');
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>The last part of a dotted field (readout.adc.bits → bits) unless that is ambiguous-looking.</summary>
    private static string Short(string field) => field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
}
