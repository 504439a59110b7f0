namespace CimSim.Search.Evaluation;

/// <summary>A result judged against a space: the objective's value and every constraint it breaks.</summary>
/// <param name="Objective">The objective's value (lower is better).</param>
/// <param name="Violations">Human-readable broken constraints; empty when feasible.</param>
/// <param name="Violation">Sum of the relative amounts by which constraints are broken (0 when feasible).</param>
/// <param name="MinSqnrDb">Lowest SQNR among the searched layers, dB.</param>
/// <param name="MacsFraction">MACs relative to the baseline network.</param>
/// <param name="WeightsFraction">Weights relative to the baseline network.</param>
public sealed record DesignAssessment(double Objective, IReadOnlyList<string> Violations, double Violation,
    double MinSqnrDb, double MacsFraction, double WeightsFraction)
{
    /// <summary>Whether every constraint holds.</summary>
    public bool Feasible => Violations.Count == 0;

    /// <summary>NASWOT proxy score of the design's network, when the judge checks it.</summary>
    public double? Proxy { get; init; }
    /// <summary>Chip-faithful validation accuracy (0–1), when measured and checked.</summary>
    public double? Accuracy { get; init; }

    /// <summary>EDAP of the design, pJ·ns·mm²: the tie-breaker between designs of equal objective.</summary>
    public double EdapPjNsMm2 { get; init; }

    /// <summary>
    /// Ranking used everywhere: feasible before infeasible; feasible by objective, infeasible by violation; equal
    /// objectives by EDAP (a latency tie goes to the cheaper design); then by key (ordinal), so the order never
    /// depends on evaluation order.
    /// </summary>
    public static int Compare(DesignAssessment a, string keyA, DesignAssessment b, string keyB)
    {
        if (a.Feasible != b.Feasible) return a.Feasible ? -1 : 1;
        int c = a.Feasible ? a.Objective.CompareTo(b.Objective) : a.Violation.CompareTo(b.Violation);
        if (c == 0 && !a.Feasible) c = a.Objective.CompareTo(b.Objective);
        if (c == 0) c = a.EdapPjNsMm2.CompareTo(b.EdapPjNsMm2);
        return c != 0 ? c : string.CompareOrdinal(keyA, keyB);
    }
}
