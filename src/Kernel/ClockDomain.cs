namespace CimSim.Kernel;

/// <summary>
/// A clock with an integer period in picoseconds. Cycle ↔ time conversions are exact integer arithmetic,
/// so no rounding drifts across millions of cycles.
/// </summary>
public sealed class ClockDomain
{
    public string Name { get; }
    /// <summary>Clock period, picoseconds (&gt; 0).</summary>
    public long PeriodPs { get; }

    public ClockDomain(string name, long periodPs)
    {
        if (periodPs <= 0) throw new ArgumentOutOfRangeException(nameof(periodPs), "clock period must be positive");
        Name = name; PeriodPs = periodPs;
    }

    /// <summary>A clock of the given frequency; the period must be a whole number of picoseconds.</summary>
    public static ClockDomain FromFrequencyGhz(string name, double ghz)
    {
        if (!(ghz > 0) || double.IsInfinity(ghz)) throw new ArgumentOutOfRangeException(nameof(ghz), "frequency must be positive");
        double ps = 1000.0 / ghz;
        long rounded = (long)Math.Round(ps);
        if (rounded <= 0 || Math.Abs(ps - rounded) > 1e-6 * ps)
            throw new ArgumentOutOfRangeException(nameof(ghz), $"{ghz} GHz has a period of {ps} ps, not a whole number of picoseconds");
        return new ClockDomain(name, rounded);
    }

    /// <summary>Frequency in GHz.</summary>
    public double FrequencyGhz => 1000.0 / PeriodPs;

    /// <summary>Time of <paramref name="cycles"/> whole cycles, ps.</summary>
    public long CyclesToPs(long cycles) => checked(cycles * PeriodPs);

    /// <summary>Whole cycles completed by <paramref name="timePs"/> (floor).</summary>
    public long CyclesAt(long timePs) => Math.DivRem(timePs, PeriodPs, out var r) - (r < 0 ? 1 : 0);

    /// <summary>Cycles needed to cover <paramref name="durationPs"/> (ceiling).</summary>
    public long CyclesCovering(long durationPs) => durationPs <= 0 ? 0 : (durationPs + PeriodPs - 1) / PeriodPs;

    /// <summary>The first clock edge at or after <paramref name="timePs"/>.</summary>
    public long NextEdgePs(long timePs)
    {
        long r = timePs % PeriodPs;
        if (r < 0) r += PeriodPs;
        return r == 0 ? timePs : timePs + (PeriodPs - r);
    }
}
