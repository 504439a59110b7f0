using System.Globalization;

namespace CimSim.Workloads.Csv;

/// <summary>
/// The one CSV rule of CimSim's tables (reports, comparisons, search outputs): RFC 4180 quoting (a cell with a
/// comma, quote, CR or LF is quoted, quotes doubled), invariant culture, numbers in shortest round-trip form
/// ("R"), a non-finite number (an exact layer's SQNR) as an empty cell, rows ended by LF.
/// </summary>
public static class CsvText
{
    /// <summary>A text cell, quoted when it must be.</summary>
    public static string Cell(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>A number cell: round-trip form, empty when not finite.</summary>
    public static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>An integer cell.</summary>
    public static string Integer(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A boolean cell: <c>true</c> or <c>false</c>.</summary>
    public static string Bool(bool v) => v ? "true" : "false";

    /// <summary>One row: the cells (text, already formatted) quoted where they must be, joined by commas, ended by LF.</summary>
    public static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\n";

    /// <summary>A header row and the rows under it.</summary>
    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        Row(header) + string.Concat(rows.Select(Row));
}
