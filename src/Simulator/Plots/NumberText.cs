using System.Globalization;

namespace CimSim.Simulator.Plots;

/// <summary>Numbers as chart and CSV text, always in the invariant culture.</summary>
internal static class NumberText
{
    /// <summary>
    /// <paramref name="value"/> with about <paramref name="digits"/> significant digits and no trailing zeros,
    /// no exponent for magnitudes from 1e-4 to 1e9 ("1234", "12.3", "38", "0.0123"); exponent form outside.
    /// </summary>
    public static string Significant(double value, int digits = 3)
    {
        if (value == 0) return "0";
        double a = Math.Abs(value);
        if (a < 1e-4 || a >= 1e9) return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        int magnitude = (int)Math.Floor(Math.Log10(a));
        int decimals = Math.Max(0, digits - 1 - magnitude);
        double rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded.ToString("0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture);
    }

    /// <summary>Round-trip text for CSV cells ("R" in the invariant culture).</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
