using CimSim.Workloads.Mapping;

namespace CimSim.Workloads.Functional;

/// <summary>
/// An ADC's transfer function for one layer when its LSB is not one unit (<see cref="AdcRange.Full"/>,
/// <see cref="AdcRange.Calibrated"/>): code(p) = min(2^b − 1, ⌊p / LSB + ½⌋), clipped when p / LSB &gt; 2^b − 1 + ½.
/// The digital side reconstructs code × LSB. LSB ≥ 1: a finer LSB than one unit would resolve nothing more (partial
/// sums are integers).
/// </summary>
internal sealed class AdcTransfer
{
    private AdcTransfer(double lsb, int adcBits)
    {
        Lsb = lsb;
        TopCode = (1 << adcBits) - 1;
    }

    /// <summary>The LSB in partial-sum units (one cell level × one input-slice level).</summary>
    public double Lsb { get; }
    /// <summary>The largest code, 2^b − 1.</summary>
    public int TopCode { get; }

    /// <summary>A column's largest possible partial sum on the chip: rows × (2^cell − 1) × (2^dac − 1).</summary>
    public static long FullScale(MappingTarget t) => (long)t.CrossbarRows * ((1L << t.BitsPerCell) - 1) * ((1L << t.DacBits) - 1);

    /// <summary>The LSB that puts <paramref name="fullScale"/> on the top code, at least 1.</summary>
    public static double LsbFor(long fullScale, int adcBits) => Math.Max(1.0, (double)fullScale / ((1 << adcBits) - 1));

    /// <summary>The transfer function of a <paramref name="adcBits"/>-bit ADC of LSB <paramref name="lsb"/>.</summary>
    public static AdcTransfer Build(double lsb, int adcBits) =>
        lsb >= 1 && !double.IsInfinity(lsb) ? new AdcTransfer(lsb, adcBits)
        : throw new ArgumentOutOfRangeException(nameof(lsb), lsb, "an ADC LSB must be ≥ 1 partial-sum unit");
}
