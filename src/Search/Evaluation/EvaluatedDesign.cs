using CimSim.Search.Space;
namespace CimSim.Search.Evaluation;

/// <summary>A design with its full-simulator result and the judge's verdict.</summary>
/// <param name="Design">The design.</param>
/// <param name="Result">The full evaluation.</param>
/// <param name="Assessment">Objective and constraints.</param>
public sealed record EvaluatedDesign(Design Design, DesignResult Result, DesignAssessment Assessment)
{
    /// <summary>Orders by <see cref="DesignAssessment.Compare"/> (feasible, objective, key).</summary>
    public static int Compare(EvaluatedDesign a, EvaluatedDesign b) =>
        DesignAssessment.Compare(a.Assessment, a.Design.Key, b.Assessment, b.Design.Key);

    /// <summary>The best of <paramref name="list"/>, or null when it is empty.</summary>
    public static EvaluatedDesign? Best(IEnumerable<EvaluatedDesign> list)
    {
        EvaluatedDesign? best = null;
        foreach (var e in list) if (best is null || Compare(e, best) < 0) best = e;
        return best;
    }
}
