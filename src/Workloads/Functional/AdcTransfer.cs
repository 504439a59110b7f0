using CimSim.Workloads.Mapping;

namespace CimSim.Workloads.Functional;

/// <summary>
/// An ADC's transfer function for one layer when its LSB is not one unit (<see cref="AdcRange.Full"/>,
/// <see cref="AdcRange.Calibrated"/>): code(p) = min(2^b − 1, ⌊p / LSB + ½⌋) for every partial sum p a column can
/// produce, tabulated once, and the largest p still inside the top code's bin. The digital side reconstructs
/// code × LSB. LSB ≥ 1: a finer LSB than one unit would resolve nothing more (partial sums are integers).
/// </summary>
internal sealed class AdcTransfer
{
    private AdcTransfer(double lsb, int[] codes, int clipAbove)
    {
        Lsb = lsb;
        Codes = codes;
        ClipAbove = clipAbove;
    }

    /// <summary>The LSB in partial-sum units (one cell level × one input-slice level).</summary>
    public double Lsb { get; }
    /// <summary>Code per partial sum p = 0 … the column's largest.</summary>
    public int[] Codes { get; }
    /// <summary>Partial sums above this are clipped (p / LSB &gt; 2^b − 1 + ½).</summary>
    public int ClipAbove { get; }

    /// <summary>A column's largest possible partial sum on the chip: rows × (2^cell − 1) × (2^dac − 1).</summary>
    public static int FullScale(MappingTarget t) =>
        checked(t.CrossbarRows * ((1 << t.BitsPerCell) - 1) * ((1 << t.DacBits) - 1));

    /// <summary>The LSB that puts <paramref name="fullScale"/> on the top code, at least 1.</summary>
    public static double LsbFor(long fullScale, int adcBits) => Math.Max(1.0, (double)fullScale / ((1 << adcBits) - 1));

    /// <summary>The transfer function of a <paramref name="adcBits"/>-bit ADC of LSB <paramref name="lsb"/> on <paramref name="t"/>'s columns.</summary>
    public static AdcTransfer Build(double lsb, int adcBits, MappingTarget t)
    {
        if (!(lsb >= 1) || double.IsInfinity(lsb)) throw new ArgumentOutOfRangeException(nameof(lsb), lsb, "an ADC LSB must be ≥ 1 partial-sum unit");
        int amax = (1 << adcBits) - 1, top = FullScale(t);
        var codes = new int[top + 1];
        int clipAbove = top;
        for (int p = 0; p <= top; p++)
        {
            double x = p / lsb;
            codes[p] = (int)Math.Min(amax, Math.Floor(x + 0.5));
            if (x > amax + 0.5 && clipAbove == top) clipAbove = p - 1;
        }
        return new AdcTransfer(lsb, codes, clipAbove);
    }
}
