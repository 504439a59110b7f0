using System.Globalization;

namespace CimSim.Simulator.Reports;

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
}
