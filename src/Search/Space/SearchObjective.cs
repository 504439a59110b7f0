using System.Globalization;

namespace CimSim.Search.Space;

/// <summary>What a search minimises.</summary>
public enum ObjectiveKind
{
    /// <summary>Latency of one inference.</summary>
    Latency,
    /// <summary>Energy of one inference (dynamic + leakage).</summary>
    Energy,
    /// <summary>Energy × latency × area.</summary>
    Edap,
    /// <summary>Σ weight × metric ÷ the baseline chip's metric (latency, energy, EDAP, area).</summary>
    Mix,
}

/// <summary>
/// The objective of a search (YAML <c>objective</c>) as a function of a design's energy E, latency L and area
/// A, with its gradient (the surrogate optimiser linearises it).
/// </summary>
/// <param name="Kind">What is minimised.</param>
/// <param name="LatencyWeight">Mix only: weight of L / L_baseline.</param>
/// <param name="EnergyWeight">Mix only: weight of E / E_baseline.</param>
/// <param name="EdapWeight">Mix only: weight of EDAP / EDAP_baseline.</param>
/// <param name="AreaWeight">Mix only: weight of A / A_baseline.</param>
public sealed record SearchObjective(ObjectiveKind Kind, double LatencyWeight = 0, double EnergyWeight = 0, double EdapWeight = 0, double AreaWeight = 0)
{
    /// <summary>The objective's value; <paramref name="baseline"/> normalises a mix (ignored otherwise).</summary>
    public double Value(DesignMetrics m, DesignMetrics? baseline) => Kind switch
    {
        ObjectiveKind.Latency => m.LatencyNs,
        ObjectiveKind.Energy => m.EnergyPj,
        ObjectiveKind.Edap => m.EdapPjNsMm2,
        _ => LatencyWeight * m.LatencyNs / Base(baseline).LatencyNs + EnergyWeight * m.EnergyPj / Base(baseline).EnergyPj
             + EdapWeight * m.EdapPjNsMm2 / Base(baseline).EdapPjNsMm2 + AreaWeight * m.AreaMm2 / Base(baseline).AreaMm2,
    };

    /// <summary>∂objective/∂(E, L, A) at <paramref name="m"/>.</summary>
    public (double dE, double dL, double dA) Gradient(DesignMetrics m, DesignMetrics? baseline)
    {
        switch (Kind)
        {
            case ObjectiveKind.Latency: return (0, 1, 0);
            case ObjectiveKind.Energy: return (1, 0, 0);
            case ObjectiveKind.Edap: return (m.LatencyNs * m.AreaMm2, m.EnergyPj * m.AreaMm2, m.EnergyPj * m.LatencyNs);
            default:
                var b = Base(baseline);
                double k = EdapWeight / b.EdapPjNsMm2;
                return (EnergyWeight / b.EnergyPj + k * m.LatencyNs * m.AreaMm2,
                        LatencyWeight / b.LatencyNs + k * m.EnergyPj * m.AreaMm2,
                        AreaWeight / b.AreaMm2 + k * m.EnergyPj * m.LatencyNs);
        }
    }

    /// <summary>A value of this objective in the unit the search's tables use: µs, µJ, nJ·s·mm², or a plain mix.</summary>
    public string Format(double value) => Kind switch
    {
        ObjectiveKind.Latency => (value * 1e-3).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        ObjectiveKind.Energy => (value * 1e-6).ToString("F3", CultureInfo.InvariantCulture) + " µJ",
        ObjectiveKind.Edap => (value * 1e-12).ToString("F3", CultureInfo.InvariantCulture) + " nJ·s·mm²",
        _ => value.ToString("F4", CultureInfo.InvariantCulture),
    };

    /// <summary>YAML name of <see cref="Kind"/>.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();

    private static DesignMetrics Base(DesignMetrics? b) =>
        b ?? throw new InvalidOperationException("a mixed objective needs the baseline's metrics");
}
