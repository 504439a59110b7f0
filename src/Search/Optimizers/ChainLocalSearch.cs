using CimSim.Search.Evaluation;
namespace CimSim.Search.Optimizers;

/// <summary>
/// Steepest-descent local search on a <see cref="ChainProblem"/> with the true (non-linear) objective: a move
/// changes one stage's output state and option (which also changes the next stage's input), or the first stage's
/// input state. Infeasible paths
/// first reduce their constraint violation, feasible ones their objective; it closes part of the duality gap
/// the Lagrangian relaxation leaves at the area budget.
/// </summary>
public static class ChainLocalSearch
{
    /// <summary>The best path reachable from <paramref name="start"/> by improving single-stage moves.</summary>
    public static ChainPath Improve(ChainProblem problem, ChainPath start, Func<LayerCost, double> objective, LinearConstraints c, int maxSteps = 500)
    {
        var stages = problem.Stages;
        var outs = (int[])start.OutState.Clone();
        var opts = (int[])start.Option.Clone();
        int first = start.Start;
        var total = problem.Total(start);
        var score = Score(total, objective, c);
        for (int step = 0; step < maxSteps; step++)
        {
            (double V, double F) best = score;
            int bj = -1, bo = -1, bp = -1, bs = -1;
            LayerCost bestTotal = total;
            var s0 = stages[0];
            for (int i = 0; i < s0.InStates; i++)
            {
                if (i == first || !s0.Allowed(i, outs[0], opts[0])) continue;
                var t = total - s0.Cost(first, outs[0], opts[0]) + s0.Cost(i, outs[0], opts[0]);
                var sc = Score(t, objective, c);
                if (Better(sc, best)) { best = sc; bs = i; bj = -1; bestTotal = t; }
            }
            for (int j = 0; j < stages.Count; j++)
            {
                var s = stages[j];
                int inState = j == 0 ? first : outs[j - 1];
                var old = s.Cost(inState, outs[j], opts[j]);
                var oldNext = j + 1 < stages.Count ? stages[j + 1].Cost(outs[j], outs[j + 1], opts[j + 1]) : default;
                for (int o = 0; o < s.OutStates; o++)
                    for (int p = 0; p < s.Options; p++)
                    {
                        if ((o == outs[j] && p == opts[j]) || !s.Allowed(inState, o, p)) continue;
                        var t = total - old + s.Cost(inState, o, p);
                        if (j + 1 < stages.Count)
                        {
                            if (!stages[j + 1].Allowed(o, outs[j + 1], opts[j + 1])) continue;
                            t = t - oldNext + stages[j + 1].Cost(o, outs[j + 1], opts[j + 1]);
                        }
                        var sc = Score(t, objective, c);
                        if (Better(sc, best)) { best = sc; bj = j; bo = o; bp = p; bs = -1; bestTotal = t; }
                    }
            }
            if (bj < 0 && bs < 0) break;
            if (bs >= 0) first = bs;
            else { outs[bj] = bo; opts[bj] = bp; }
            total = bestTotal;
            score = best;
        }
        return new ChainPath(first, outs, opts);
    }

    private static (double V, double F) Score(in LayerCost t, Func<LayerCost, double> objective, LinearConstraints c) =>
        (c.Violation(t), objective(t));

    private static bool Better((double V, double F) a, (double V, double F) b) =>
        a.V < b.V - 1e-12 || (Math.Abs(a.V - b.V) <= 1e-12 && a.F < b.F * (1 - 1e-12));
}
