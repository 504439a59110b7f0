namespace CimSim.Simulator.Plots;

/// <summary>
/// A display unit for an axis: a value in the base unit is shown as <c>value / Factor</c> in <see cref="Unit"/>
/// (e.g. pJ shown in µJ has Factor 1e6). <see cref="Choose"/> picks the unit that makes the largest value read
/// well, so that tick labels stay short ("2.5 µJ" rather than "2500000 pJ").
/// </summary>
/// <param name="Unit">Unit symbol written in axis labels, e.g. "µJ".</param>
/// <param name="Factor">Size of one <see cref="Unit"/> in base units (finite, &gt; 0).</param>
public sealed record UnitScale(string Unit, double Factor)
{
    /// <summary>Energy units relative to picojoules: fJ, nJ, µJ, mJ, J.</summary>
    public static IReadOnlyList<UnitScale> EnergyFromPj { get; } =
        [new("fJ", 1e-3), new("nJ", 1e3), new("µJ", 1e6), new("mJ", 1e9), new("J", 1e12)];

    /// <summary>Time units relative to nanoseconds: ps, µs, ms, s.</summary>
    public static IReadOnlyList<UnitScale> TimeFromNs { get; } =
        [new("ps", 1e-3), new("µs", 1e3), new("ms", 1e6), new("s", 1e9)];

    /// <summary>Area units relative to square millimetres: µm² (1 mm² = 10⁶ µm²).</summary>
    public static IReadOnlyList<UnitScale> AreaFromMm2 { get; } = [new("µm²", 1e-6)];

    /// <summary>Energy–delay–area units relative to pJ·ns·mm² (1 pJ·ns = 10⁻²¹ J·s): pJ·s·mm² … mJ·s·mm².</summary>
    public static IReadOnlyList<UnitScale> EdapFromPjNsMm2 { get; } =
        [new("pJ·s·mm²", 1e9), new("nJ·s·mm²", 1e12), new("µJ·s·mm²", 1e15), new("mJ·s·mm²", 1e18)];

    /// <summary>Converts a value in base units into this unit.</summary>
    public double Convert(double baseValue) => baseValue / Factor;

    /// <summary>Converts every value of a series into this unit (same name).</summary>
    public CategorySeries Convert(CategorySeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = new double[series.Values.Count];
        for (int i = 0; i < values.Length; i++) values[i] = series.Values[i] / Factor;
        return series with { Values = values };
    }

    /// <summary>An axis title with this unit, e.g. <c>AxisLabel("Energy")</c> → "Energy (µJ)".</summary>
    public string AxisLabel(string quantity) => $"{quantity} ({Unit})";

    /// <summary>
    /// Chooses the unit in which <paramref name="maxValue"/> (in base units) reads best: the one whose scaled
    /// value lies in [1, 1000]; if several do (at a boundary such as exactly 1000 pJ), the larger unit
    /// (1 nJ); if none does (units spaced more than 10³ apart, e.g. mm² and µm²), the one whose scaled value is
    /// nearest that interval on a log scale. A maximum of 0 gives the base unit.
    /// </summary>
    /// <param name="maxValue">Largest value to show, in base units (finite, ≥ 0).</param>
    /// <param name="baseUnit">Symbol of the base unit (Factor 1), e.g. "pJ".</param>
    /// <param name="prefixes">The other units to consider, in any order (e.g. <see cref="EnergyFromPj"/>).</param>
    /// <exception cref="ArgumentException">A negative or non-finite maximum, or a unit with a bad factor.</exception>
    public static UnitScale Choose(double maxValue, string baseUnit, IReadOnlyList<UnitScale> prefixes)
    {
        ArgumentNullException.ThrowIfNull(baseUnit);
        ArgumentNullException.ThrowIfNull(prefixes);
        if (!double.IsFinite(maxValue) || maxValue < 0)
            throw new ArgumentException($"maximum value must be finite and ≥ 0, got {maxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}", nameof(maxValue));
        var best = new UnitScale(baseUnit, 1.0);
        if (maxValue == 0) return best;
        double bestDistance = Distance(maxValue);
        foreach (var candidate in prefixes)
        {
            if (candidate is null || !double.IsFinite(candidate.Factor) || candidate.Factor <= 0)
                throw new ArgumentException("every unit needs a finite, positive factor", nameof(prefixes));
            double d = Distance(maxValue / candidate.Factor);
            if (d < bestDistance || (d == bestDistance && candidate.Factor > best.Factor))
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Energy given in pJ: fJ, pJ, nJ, µJ, mJ or J.</summary>
    public static UnitScale ForEnergyPj(double maxPj) => Choose(maxPj, "pJ", EnergyFromPj);

    /// <summary>Time given in ns: ps, ns, µs, ms or s.</summary>
    public static UnitScale ForTimeNs(double maxNs) => Choose(maxNs, "ns", TimeFromNs);

    /// <summary>EDAP given in pJ·ns·mm²: pJ·ns·mm² or pJ·s·mm² … mJ·s·mm².</summary>
    public static UnitScale ForEdapPjNsMm2(double max) => Choose(max, "pJ·ns·mm²", EdapFromPjNsMm2);

    /// <summary>Area given in mm²: µm² or mm².</summary>
    public static UnitScale ForAreaMm2(double maxMm2) => Choose(maxMm2, "mm²", AreaFromMm2);

    /// <summary>Log-distance of a scaled value from [1, 1000]: 0 inside, decades outside.</summary>
    private static double Distance(double scaled) =>
        Math.Max(0.0, Math.Max(-Math.Log10(scaled), Math.Log10(scaled) - 3.0));
}
