namespace CimSim.Search.Optimizers;

/// <summary>
/// Exact minimisation of a linear scalarisation w · Σ cost over a <see cref="ChainProblem"/> by dynamic
/// programming over (layer, output state): best[j][o] = min over input state i and option p of
/// best[j−1][i] + w · cost_j(i, o, p), with best[−1][i] = w · fixed for every input state of the first stage.
/// O(Σ_j in·out·options) time. Ties go to the lowest (state, option) index, so the answer is deterministic.
/// </summary>
public static class ChainDp
{
    /// <summary>The minimising path and its scalar value (fixed part included); null when no allowed path exists.</summary>
    public static (ChainPath Path, double Value)? Solve(ChainProblem problem, CostWeights w)
    {
        var stages = problem.Stages;
        int n = stages.Count;
        var best = new double[n][];
        var fromIn = new int[n][];
        var fromOption = new int[n][];
        if (n == 0) return null;
        var prev = Enumerable.Repeat(w.Apply(problem.Fixed), stages[0].InStates).ToArray();
        for (int j = 0; j < n; j++)
        {
            var s = stages[j];
            var cur = new double[s.OutStates];
            var bi = new int[s.OutStates];
            var bp = new int[s.OutStates];
            for (int o = 0; o < s.OutStates; o++)
            {
                double b = double.PositiveInfinity;
                int ii = -1, pp = -1;
                for (int i = 0; i < s.InStates; i++)
                {
                    if (double.IsPositiveInfinity(prev[i])) continue;
                    for (int p = 0; p < s.Options; p++)
                    {
                        if (!s.Allowed(i, o, p)) continue;
                        double v = prev[i] + w.Apply(s.Cost(i, o, p));
                        if (v < b) { b = v; ii = i; pp = p; }
                    }
                }
                cur[o] = b; bi[o] = ii; bp[o] = pp;
            }
            best[j] = cur; fromIn[j] = bi; fromOption[j] = bp;
            prev = cur;
        }
        int end = -1;
        double value = double.PositiveInfinity;
        for (int o = 0; o < prev.Length; o++) if (prev[o] < value) { value = prev[o]; end = o; }
        if (end < 0) return null;
        var outStates = new int[n];
        var options = new int[n];
        int start = 0;
        for (int j = n - 1, o = end; j >= 0; j--)
        {
            outStates[j] = o;
            options[j] = fromOption[j][o];
            o = fromIn[j][o];
            if (j == 0) start = o;
        }
        return (new ChainPath(start, outStates, options), value);
    }
}
