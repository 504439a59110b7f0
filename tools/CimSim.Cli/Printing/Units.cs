using System.Globalization;

namespace CimSim.Cli.Printing;

/// <summary>
/// The one number formatter of the CLI: values in engineering units (an SI prefix on the unit, the mantissa in
/// [1, 1000) with four significant digits: 1.136 µJ, 45.60 ns, 11.36 nJ·s·mm²), plain decimals for ratios and
/// areas, thousands separators for counts. Never exponent notation such as <c>1.136E+013</c>.
/// </summary>
public static class Units
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Prefixes = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E"];
    private const int Unity = 8; // index of "" in Prefixes

    /// <summary><paramref name="value"/> (in the base unit: J, s, W…) with an SI prefix: <c>1.136 µJ</c>.</summary>
    public static string Eng(double value, string unit)
    {
        if (double.IsNaN(value)) return "n/a";
        if (double.IsInfinity(value)) return (value > 0 ? "∞ " : "−∞ ") + unit;
        if (value == 0) return "0 " + unit;
        int exp = (int)Math.Floor(Math.Log10(Math.Abs(value)) / 3);
        exp = Math.Clamp(exp, -Unity, Prefixes.Length - 1 - Unity);
        double m = value / Math.Pow(10, 3 * exp);
        // Rounding can carry the mantissa to 1000 (999.96 → "1000"): move to the next prefix instead.
        if (Math.Abs(Math.Round(m, Decimals(m))) >= 1000 && exp < Prefixes.Length - 1 - Unity) { exp++; m = Math.Sign(m); }
        return Sig(m) + " " + Prefixes[exp + Unity] + unit;
    }

    /// <summary>Energy given in pJ.</summary>
    public static string EnergyPj(double pj) => Eng(pj * 1e-12, "J");
    /// <summary>Time given in ns.</summary>
    public static string TimeNs(double ns) => Eng(ns * 1e-9, "s");
    /// <summary>Power given in µW.</summary>
    public static string PowerUw(double uw) => Eng(uw * 1e-6, "W");
    /// <summary>Energy–delay–area product given in pJ·ns·mm² (1 pJ·ns = 1e-21 J·s).</summary>
    public static string EdapPjNsMm2(double v) => Eng(v * 1e-21, "J·s·mm²");
    /// <summary>Latency × area given in ns·mm².</summary>
    public static string LatencyAreaNsMm2(double v) => Eng(v * 1e-9, "s·mm²");

    /// <summary>An area in mm², four significant digits, no prefix (areas are compared in mm²).</summary>
    public static string AreaMm2(double mm2) => Plain(mm2) + " mm²";

    /// <summary>A plain number with four significant digits and no exponent; SI prefixes (k, M, G…) from 10⁶ up.</summary>
    public static string Plain(double v)
    {
        if (double.IsNaN(v)) return "n/a";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        if (Math.Abs(v) >= 1e6) return Eng(v, "").TrimEnd();
        if (Math.Abs(v) < 1e-3) return Eng(v, "").TrimEnd();
        return Sig(v);
    }

    /// <summary>An integer count with thousands separators: 40,551,040.</summary>
    public static string Count(long n) => n.ToString("N0", Inv);

    /// <summary>A percentage with one decimal: 43.2 %.</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? (100 * fraction).ToString("F1", Inv) + " %" : "n/a";

    /// <summary>A ratio: 1.234×.</summary>
    public static string Ratio(double r) => double.IsFinite(r) ? r.ToString("F3", Inv) + "×" : "n/a";

    /// <summary>An SQNR in dB, "exact" when infinite.</summary>
    public static string Db(double db) => double.IsPositiveInfinity(db) ? "exact" : double.IsNaN(db) ? "-" : db.ToString("F1", Inv);

    private static int Decimals(double m)
    {
        double a = Math.Abs(m);
        return a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
    }

    private static string Sig(double m)
    {
        double a = Math.Abs(m);
        int d = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : Math.Min(15, 3 - (int)Math.Floor(Math.Log10(a)));
        return m.ToString("F" + d.ToString(Inv), Inv);
    }
}
