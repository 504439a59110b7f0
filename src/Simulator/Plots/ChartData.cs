using System.Globalization;

namespace CimSim.Simulator.Plots;

/// <summary>Checks of chart input; every failure is an <see cref="ArgumentException"/> saying what is wrong and where.</summary>
internal static class ChartData
{
    /// <summary>Categories and series for bar and category-line charts: shapes match, values finite and ≥ 0 (&gt; 0 when <paramref name="positive"/>).</summary>
    public static void CheckCategorySeries(IReadOnlyList<string> categories, IReadOnlyList<CategorySeries> series, bool positive = false)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        if (categories.Count == 0) throw new ArgumentException("a chart needs at least one category", nameof(categories));
        if (series.Count == 0) throw new ArgumentException("a chart needs at least one series", nameof(series));
        for (int c = 0; c < categories.Count; c++)
            if (categories[c] is null) throw new ArgumentException($"category {c} has no name", nameof(categories));
        for (int s = 0; s < series.Count; s++)
        {
            var one = series[s] ?? throw new ArgumentException($"series {s} is null", nameof(series));
            if (one.Name is null) throw new ArgumentException($"series {s} has no name", nameof(series));
            if (one.Slot < 0) throw new ArgumentException($"series \"{one.Name}\" has a negative palette slot", nameof(series));
            if (one.Values is null || one.Values.Count != categories.Count)
                throw new ArgumentException(
                    $"series \"{one.Name}\" has {one.Values?.Count ?? 0} values for {categories.Count} categories", nameof(series));
            for (int c = 0; c < categories.Count; c++)
                CheckValue(one.Values[c], positive, $"series \"{one.Name}\", category \"{categories[c]}\"", nameof(series));
        }
    }

    /// <summary>Point series: at least one point in all, coordinates finite and ≥ 0 (&gt; 0 on a log axis).</summary>
    public static void CheckPointSeries(IReadOnlyList<PointSeries> series, bool logX, bool logY)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("a chart needs at least one series", nameof(series));
        int points = 0;
        for (int s = 0; s < series.Count; s++)
        {
            var one = series[s] ?? throw new ArgumentException($"series {s} is null", nameof(series));
            if (one.Name is null) throw new ArgumentException($"series {s} has no name", nameof(series));
            if (one.Slot < 0) throw new ArgumentException($"series \"{one.Name}\" has a negative palette slot", nameof(series));
            if (one.Points is null) throw new ArgumentException($"series \"{one.Name}\" has no point list", nameof(series));
            for (int p = 0; p < one.Points.Count; p++)
            {
                string where = $"series \"{one.Name}\", point {p}";
                CheckValue(one.Points[p].X, logX, where + " x", nameof(series));
                CheckValue(one.Points[p].Y, logY, where + " y", nameof(series));
            }
            points += one.Points.Count;
        }
        if (points == 0) throw new ArgumentException("a chart needs at least one point", nameof(series));
    }

    private static void CheckValue(double v, bool positive, string where, string parameter)
    {
        if (!double.IsFinite(v) || v < 0 || (positive && v == 0))
        {
            string need = positive ? "finite and > 0 (log axis)" : "finite and ≥ 0";
            throw new ArgumentException($"{where}: value {v.ToString(CultureInfo.InvariantCulture)} is not allowed; values must be {need}", parameter);
        }
    }
}
