using System.Globalization;
using System.Text;
using CimSim.Workloads.Csv;

namespace CimSim.Search.Sweep;

/// <summary>
/// <c>sweep.csv</c>: one row per point in sweep order — the point's index, each varied field's value (empty where an
/// explicit point keeps the base's), the spec's figures (shortest round-trip numbers) and the error of a point that
/// could not run.
/// </summary>
public static class SweepTable
{
    /// <summary>The CSV text.</summary>
    public static string Csv(SweepSpec spec, IReadOnlyList<SweepResult> results)
    {
        var sb = new StringBuilder(CsvText.Row(new[] { "point" }.Concat(spec.Fields).Concat(spec.Figures.Select(f => f.Column)).Append("error")));
        foreach (var r in results)
        {
            var p = spec.Points[r.Point];
            var cells = new List<string> { r.Point.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(spec.Fields.Select(f => p.ValueOf(f) ?? ""));
            cells.AddRange(spec.Figures.Select(f => CsvText.Number(r.Value(f))));
            cells.Add(r.Error ?? "");
            sb.Append(CsvText.Row(cells));
        }
        return sb.ToString();
    }
}
