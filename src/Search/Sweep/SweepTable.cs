using System.Globalization;
using System.Text;

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
        var sb = new StringBuilder();
        sb.AppendJoin(',', new[] { "point" }.Concat(spec.Fields).Concat(spec.Figures.Select(f => f.Column)).Append("error").Select(Cell)).Append('\n');
        foreach (var r in results)
        {
            var p = spec.Points[r.Point];
            var cells = new List<string> { r.Point.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(spec.Fields.Select(f => p.ValueOf(f) ?? ""));
            cells.AddRange(spec.Figures.Select(f => r.Value(f) is var v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
            cells.Add(r.Error ?? "");
            sb.AppendJoin(',', cells.Select(Cell)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Cell(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
