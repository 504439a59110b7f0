using System.Text;

namespace CimSim.Simulator.Plots;

/// <summary>
/// The data beside each plot as CSV text (RFC 4180 quoting, '\n' line ends, invariant round-trip numbers),
/// so that every figure can be checked or redrawn elsewhere.
/// </summary>
public static class ChartCsv
{
    /// <summary>
    /// Category data (bar charts, category line charts): a header row (<paramref name="categoryHeader"/>, then
    /// the series names, then "total" when <paramref name="includeTotal"/>), then one row per category.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, or negative or non-finite values.</exception>
    public static string ForBars(IReadOnlyList<string> categories, IReadOnlyList<CategorySeries> series,
        string categoryHeader = "category", bool includeTotal = false)
    {
        ArgumentNullException.ThrowIfNull(categoryHeader);
        ChartData.CheckCategorySeries(categories, series);
        var sb = new StringBuilder();
        Cell(sb, categoryHeader);
        foreach (var s in series) { sb.Append(','); Cell(sb, s.Name); }
        if (includeTotal) sb.Append(",total");
        sb.Append('\n');
        for (int c = 0; c < categories.Count; c++)
        {
            Cell(sb, categories[c]);
            double total = 0;
            foreach (var s in series)
            {
                sb.Append(',').Append(NumberText.Exact(s.Values[c]));
                total += s.Values[c];
            }
            if (includeTotal) sb.Append(',').Append(NumberText.Exact(total));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Point data (scatter plots, numeric line charts): a header row "series,label,<paramref name="xHeader"/>,<paramref name="yHeader"/>"
    /// (plus "pareto_front" when <paramref name="paretoColumn"/>: true/false over all points, as
    /// <see cref="ParetoFront.Compute"/>), then one row per point in series and point order; a missing label is an empty cell.
    /// </summary>
    /// <exception cref="ArgumentException">No points, or negative or non-finite coordinates.</exception>
    public static string ForPoints(IReadOnlyList<PointSeries> series, string xHeader = "x", string yHeader = "y", bool paretoColumn = false)
    {
        ArgumentNullException.ThrowIfNull(xHeader);
        ArgumentNullException.ThrowIfNull(yHeader);
        ChartData.CheckPointSeries(series, logX: false, logY: false);
        var all = series.SelectMany(s => s.Points).Select(p => (p.X, p.Y)).ToList();
        var onFront = new bool[all.Count];
        if (paretoColumn) foreach (int i in ParetoFront.Compute(all)) onFront[i] = true;

        var sb = new StringBuilder("series,label,");
        Cell(sb, xHeader); sb.Append(','); Cell(sb, yHeader);
        if (paretoColumn) sb.Append(",pareto_front");
        sb.Append('\n');
        int k = 0;
        foreach (var s in series)
            foreach (var p in s.Points)
            {
                Cell(sb, s.Name); sb.Append(',');
                Cell(sb, p.Label ?? ""); sb.Append(',');
                sb.Append(NumberText.Exact(p.X)).Append(',').Append(NumberText.Exact(p.Y));
                if (paretoColumn) sb.Append(',').Append(onFront[k] ? "true" : "false");
                sb.Append('\n');
                k++;
            }
        return sb.ToString();
    }

    /// <summary>Appends one cell, quoted when it holds a comma, quote, line break or edge spaces.</summary>
    private static void Cell(StringBuilder sb, string text)
    {
        bool quote = text.Length > 0 && (text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text[0] == ' ' || text[^1] == ' ');
        if (!quote) { sb.Append(text); return; }
        sb.Append('"').Append(text.Replace("\"", "\"\"")).Append('"');
    }
}
