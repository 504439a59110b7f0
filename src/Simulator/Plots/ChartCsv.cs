using CimSim.Workloads.Csv;

namespace CimSim.Simulator.Plots;

/// <summary>
/// The data beside each plot as CSV text (<see cref="CsvText"/>'s one rule: RFC 4180 quoting, '\n' line ends, invariant round-trip numbers),
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
        string[] header = [categoryHeader, .. series.Select(s => s.Name), .. includeTotal ? new[] { "total" } : []];
        return CsvText.Table(header, categories.Select((category, c) =>
        {
            var values = series.Select(s => s.Values[c]).ToList();
            return (IEnumerable<string>)[category, .. values.Select(CsvText.Number), .. includeTotal ? new[] { CsvText.Number(values.Sum()) } : []];
        }));
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

        string[] header = ["series", "label", xHeader, yHeader, .. paretoColumn ? new[] { "pareto_front" } : []];
        return CsvText.Table(header, series.SelectMany(s => s.Points.Select(p => (s.Name, p))).Select((sp, k) =>
            (IEnumerable<string>)[sp.Name, sp.p.Label ?? "", CsvText.Number(sp.p.X), CsvText.Number(sp.p.Y), .. paretoColumn ? new[] { CsvText.Bool(onFront[k]) } : []]));
    }
}
